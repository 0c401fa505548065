"""Column widths counted in display cells, and the print settings every written sheet gets."""

from __future__ import annotations

from openpyxl import Workbook

from disclosure.reports.sheet_layout import display_width, fit_columns, prepare_for_print


def test_a_chinese_character_takes_two_cells_and_a_latin_one():
    assert display_width("行政复议") == 8
    assert display_width("abc") == 3
    assert display_width("（七）总计 7") == 12  # full-width brackets are wide too


def test_columns_fit_their_longest_text_but_keep_a_width_given_and_ignore_merged_headings():
    sheet = Workbook().active
    sheet.append(["a heading merged over both columns, far longer than either", None])
    sheet.merge_cells("A1:B1")
    sheet.append(["维持", 12345])
    sheet.append(["其他结果", 1])
    sheet.column_dimensions["C"].width = 33
    sheet["C2"] = "x"
    fit_columns(sheet)
    assert sheet.column_dimensions["A"].width == 10  # 其他结果: 8 cells and 2 of margin
    assert sheet.column_dimensions["B"].width == 7  # 12345 and 2
    assert sheet.column_dimensions["C"].width == 33


def test_a_paragraph_column_stops_at_sixty_and_an_empty_one_at_six():
    sheet = Workbook().active
    sheet.append(["长" * 100, None, "x"])
    fit_columns(sheet)
    assert sheet.column_dimensions["A"].width == 60 and sheet.column_dimensions["B"].width == 6


def test_print_settings_a4_one_page_wide_with_the_heading_rows_repeated():
    sheet = Workbook().active
    sheet.append(["表头"])
    prepare_for_print(sheet, title_rows=3, landscape=True)
    assert sheet.page_setup.paperSize == int(sheet.PAPERSIZE_A4) and sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$3"
    untitled = Workbook().active
    prepare_for_print(untitled)
    assert untitled.print_title_rows is None and untitled.page_setup.orientation == "portrait"
