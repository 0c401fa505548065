"""How every sheet the engine writes opens and prints: columns wide enough for their text, A4 paper,
fitted to the page's width, its heading rows repeated on every printed page.

An office prints the annual report's tables to file them and hands the forms around; a sheet that
prints on Letter paper, or splits a table's columns over two pages, has to be fixed by hand first.
"""

from __future__ import annotations

import unicodedata

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["display_width", "fit_columns", "prepare_for_print"]

_NARROWEST, _WIDEST = 6, 60  # in Excel's character widths: a number column, a paragraph wrapped


def display_width(text: str) -> int:
    """The cells ``text`` takes: a Chinese character (East Asian wide or full-width) takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def fit_columns(sheet: Worksheet) -> None:
    """Give every column the sheet has not been given a width a width from its longest text; a
    cell merged across columns is left out, since its text spreads over them."""
    spread = {
        (row, column)
        for merged in sheet.merged_cells.ranges if merged.min_col != merged.max_col
        for row in range(merged.min_row, merged.max_row + 1)
        for column in range(merged.min_col, merged.max_col + 1)
    }
    for column in range(1, sheet.max_column + 1):
        letter = get_column_letter(column)
        if letter in sheet.column_dimensions:  # given a width already (asking for one would make it)
            continue
        widest = max(
            (display_width(str(cell.value)) for (cell,) in sheet.iter_rows(min_col=column, max_col=column)
             if cell.value is not None and (cell.row, column) not in spread),
            default=0,
        )
        sheet.column_dimensions[letter].width = min(max(widest + 2, _NARROWEST), _WIDEST)


def prepare_for_print(sheet: Worksheet, *, title_rows: int = 0, landscape: bool = False) -> None:
    """A4, one page wide (as many long as it takes), rows 1 to ``title_rows`` (if any) printed atop
    every page, and a width for every column."""
    fit_columns(sheet)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE if landscape else sheet.ORIENTATION_PORTRAIT
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # no limit on the pages down
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = f"1:{title_rows}"
    sheet.print_options.horizontalCentered = True
