"""The annual report as Markdown, CSV, JSON and XLSX (laid out like the official format: merged
header cells and labels, one sheet per table, ready to paste into the published report)."""

from __future__ import annotations

import csv
import io
import json
from typing import BinaryIO

from disclosure.reports.annual import (
    COLUMN_LABELS,
    COLUMNS,
    TABLE3_ROWS,
    TABLE4_GROUPS,
    TABLE4_RESULT_LABELS,
    TABLE4_RESULTS,
    AnnualReport,
)

__all__ = ["FORMATS", "to_markdown", "to_csv", "to_json", "to_xlsx"]

FORMATS = ("md", "csv", "xlsx", "json")
_INDENT = "\u3000"  # a full-width space, as the printed format indents its sub-rows


def _cells(report: AnnualReport, key: str | None) -> list[str]:
    if key is None:
        return [""] * len(COLUMNS)
    return [str(report.table3[key][column]) for column in COLUMNS]


def to_markdown(report: AnnualReport) -> str:
    lines = [
        f"# {report.office + ' ' if report.office else ''}{report.year}年度政府信息公开工作年度报告（表格部分）",
        "",
        "## 三、收到和处理政府信息公开申请情况",
        "",
        "| 项目 | " + " | ".join(COLUMN_LABELS[column] for column in COLUMNS) + " |",
        "| --- | " + " | ".join("---:" for _ in COLUMNS) + " |",
    ]
    for key, label, indent in TABLE3_ROWS:
        lines.append(f"| {_INDENT * indent}{label} | " + " | ".join(_cells(report, key)) + " |")
    lines += [
        "",
        "（自然人以外各列为法人或其他组织。一 + 二 = 三（七） + 四，各列平衡。）",
        "",
        "## 四、政府信息公开行政复议、行政诉讼情况",
        "",
        "| | " + " | ".join(TABLE4_RESULT_LABELS[result] for result in TABLE4_RESULTS) + " |",
        "| --- | " + " | ".join("---:" for _ in TABLE4_RESULTS) + " |",
        *(
            f"| {label} | " + " | ".join(str(report.table4[kind][result]) for result in TABLE4_RESULTS) + " |"
            for kind, label in TABLE4_GROUPS.items()
        ),
    ]
    return "\n".join(lines) + "\n"


def to_csv(report: AnnualReport) -> str:
    """Both tables in one file: table, row code, label, then the columns (codes in the header)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["table", "row", "label", *COLUMNS])
    for key, label, _ in TABLE3_ROWS:
        writer.writerow(["三", key or "", label, *_cells(report, key)])
    writer.writerow([])
    writer.writerow(["table", "appeal", "label", *TABLE4_RESULTS])
    for kind, label in TABLE4_GROUPS.items():
        writer.writerow(["四", kind, label, *(report.table4[kind][result] for result in TABLE4_RESULTS)])
    return buffer.getvalue()


def to_json(report: AnnualReport) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"


def _merged(sheet, cells: str, value) -> None:
    """Merge a range of cells and write its value in the first."""
    sheet.merge_cells(cells)
    sheet[cells.split(":")[0]] = value


def to_xlsx(report: AnnualReport, path: str | BinaryIO) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    workbook = Workbook()

    sheet = workbook.active
    sheet.title = "表三 申请情况"
    sheet["A1"] = "三、收到和处理政府信息公开申请情况"
    sheet["A1"].font = Font(bold=True)
    sheet.merge_cells("A1:J1")
    # Header: 本列数据的勾稽关系 over three label columns; 申请人情况 over the seven number columns.
    _merged(sheet, "A2:C4", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    _merged(sheet, "D2:J2", "申请人情况")
    _merged(sheet, "D3:D4", COLUMN_LABELS["natural"])
    _merged(sheet, "E3:I3", "法人或其他组织")
    for offset, column in enumerate(COLUMNS[1:6]):
        sheet.cell(row=4, column=5 + offset, value=COLUMN_LABELS[column])
    _merged(sheet, "J3:J4", COLUMN_LABELS["total"])
    row_number = 5
    results_from = None
    for key, label, indent in TABLE3_ROWS:
        if indent == 0:
            if key is None:  # 三、本年度办理结果: a vertical label beside its outcome rows
                results_from = row_number
                sheet.cell(row=row_number, column=1, value=label)
                continue
            if results_from is not None:
                sheet.merge_cells(start_row=results_from, start_column=1, end_row=row_number - 1, end_column=1)
                results_from = None
            sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=3)
            sheet.cell(row=row_number, column=1, value=label)
        elif indent == 1:
            sheet.merge_cells(start_row=row_number, start_column=2, end_row=row_number, end_column=3)
            sheet.cell(row=row_number, column=2, value=label)
        else:
            sheet.cell(row=row_number, column=3, value=label)
        if key is not None:
            for offset, column in enumerate(COLUMNS):
                sheet.cell(row=row_number, column=4 + offset, value=report.table3[key][column])
        row_number += 1
    for row in sheet.iter_rows(min_row=2, max_row=row_number - 1, min_col=1, max_col=10):
        for cell in row:
            cell.border = box
            cell.alignment = left if cell.column <= 3 and cell.row > 4 else centred
    for column, width in zip("ABCDEFGHIJ", (8, 14, 40, 9, 9, 9, 11, 11, 9, 9)):
        sheet.column_dimensions[column].width = width

    appeals = workbook.create_sheet("表四 复议诉讼")
    appeals["A1"] = "四、政府信息公开行政复议、行政诉讼情况"
    appeals["A1"].font = Font(bold=True)
    appeals.merge_cells("A1:O1")
    _merged(appeals, "A2:E3", "行政复议")
    _merged(appeals, "F2:O2", "行政诉讼")
    _merged(appeals, "F3:J3", "未经复议直接起诉")
    _merged(appeals, "K3:O3", "复议后起诉")
    for group, kind in enumerate(TABLE4_GROUPS):
        for offset, result in enumerate(TABLE4_RESULTS):
            column = 1 + group * len(TABLE4_RESULTS) + offset
            appeals.cell(row=4, column=column, value=TABLE4_RESULT_LABELS[result])
            appeals.cell(row=5, column=column, value=report.table4[kind][result])
    for row in appeals.iter_rows(min_row=2, max_row=5, min_col=1, max_col=15):
        for cell in row:
            cell.border = box
            cell.alignment = centred
    workbook.save(path)
