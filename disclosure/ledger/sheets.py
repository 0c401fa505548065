"""Reading an office's ledger sheet, XLSX or CSV, as rows of cells numbered as the office sees them
(row 1 is the sheet's first line), whatever title lines stand above the headers."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from disclosure.text_files import read_file_bytes
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t
from disclosure.workflow.os_errors import os_problem

__all__ = ["Sheet", "read_sheet"]

_HEADER_SEARCH = 10  # title lines an office puts above the headers


@dataclass(frozen=True)
class Sheet:
    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[Any]]]  # (row number in the sheet, cells), blank rows left out


def read_sheet(path: str | os.PathLike[str], is_header: Callable[[list[Any]], bool]) -> Sheet:
    """The sheet at ``path`` (.xlsx or .csv); its header row is the first of its first lines that
    ``is_header`` accepts. A file that is neither, or has no such row, is one InvalidInput."""
    path = Path(path)
    reader = {".xlsx": _xlsx_lines, ".csv": _csv_lines}.get(path.suffix.lower())
    if reader is None:
        raise InvalidInput(t("the ledger {path}: must be .xlsx or .csv", path=path))
    lines = reader(path)
    for index, cells in enumerate(lines[:_HEADER_SEARCH]):
        if is_header(cells):
            rows = [
                (number, cells)
                for number, cells in enumerate(lines[index + 1:], start=index + 2)
                if any(_filled(cell) for cell in cells)
            ]
            return Sheet(["" if cell is None else str(cell).strip() for cell in cells], index + 1, rows)
    raise InvalidInput(
        t("the ledger {path}: no header row in its first {lines} lines (收到日期, 申请人, 申请方式, 申请内容 …; `disclosure ledger "
          "template` writes one, --mapping names other headers)",
          path=path, lines=_HEADER_SEARCH)
    )


def _filled(cell: Any) -> bool:
    return cell is not None and str(cell).strip() != ""


def _xlsx_lines(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    content = read_file_bytes(path, t("the ledger"))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except OSError as problem:
        raise InvalidInput(t("the ledger {path}: {problem}", path=path, problem=os_problem(problem))) from None
    except Exception as problem:  # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInput(t("the ledger {path}: not an XLSX workbook ({problem})", path=path, problem=type(problem).__name__)) from None
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _csv_lines(path: Path) -> list[list[Any]]:
    raw = read_file_bytes(path, t("the ledger"))
    # UTF-8 (with or without the mark Excel writes), else GB 18030: what Excel on a Chinese Windows saves.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput(t("the ledger {path}: neither UTF-8 nor GB 18030 text", path=path))
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
