"""The annual report as Markdown, CSV, JSON and XLSX (laid out like the official format: merged
header cells and labels, one sheet per table, ready to paste into the published report); the Word
document, the form offices publish, is annual_docx.py."""

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
from disclosure.reports.annual_parts import DECISION_KINDS, DOCUMENT_FIGURES, DOCUMENT_KINDS, FIGURES, TEXTS
from disclosure.workflow.messages import say


__all__ = ["FORMATS", "to_markdown", "to_csv", "to_json", "to_xlsx", "title", "figure", "fees_sentence", "paragraphs"]

FORMATS = ("md", "csv", "xlsx", "json", "docx")
UNFILLED = "（未填写）"  # a text or figure the office did not give
UTF8_BOM = "\ufeff"
_INDENT = "\u3000"  # a full-width space, as the printed format indents its sub-rows


def _cells(report: AnnualReport, key: str | None) -> list[str]:
    if key is None:
        return [""] * len(COLUMNS)
    return [str(report.table3[key][column]) for column in COLUMNS]


def title(report: AnnualReport) -> str:
    return f"{report.office}{report.year}年政府信息公开工作年度报告"


def figure(report: AnnualReport, code: str) -> str:
    value = report.parts.figures.get(code)
    return "" if value is None else str(value)


def fees_sentence(report: AnnualReport) -> str:
    """六's computed sentence: the information-processing fees received in the year ([FEE])."""
    amount, payments = report.fees["amount"], report.fees["payments"]
    if not payments:
        return "本年度未收取信息处理费。"
    return f"本年度依据《政府信息公开信息处理费管理办法》收取信息处理费{amount}元（{payments}笔）。"


def paragraphs(text: str) -> list[str]:
    """An office's text, one paragraph a line (blank lines dropped)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _text_section(report: AnnualReport, code: str) -> list[str]:
    lines = [f"## {TEXTS[code]}", ""]
    for paragraph in paragraphs(report.parts.texts.get(code) or "") or [UNFILLED]:
        lines += [paragraph, ""]
    return lines


def _proactive_markdown(report: AnnualReport) -> list[str]:
    lines = ["## 二、主动公开政府信息情况", "",
             "| 第二十条第（一）项 信息内容 | " + " | ".join(DOCUMENT_FIGURES.values()) + " |",
             "| --- | ---: | ---: | ---: |"]
    lines += [f"| {label} | " + " | ".join(figure(report, f"{kind}.{code}") for code in DOCUMENT_FIGURES) + " |"
              for kind, label in DOCUMENT_KINDS.items()]
    for item, kinds in (("（五）", ("licences",)), ("（六）", ("penalties", "enforcement"))):
        lines += ["", f"| 第二十条第{item}项 信息内容 | 本年处理决定数量 |", "| --- | ---: |"]
        lines += [f"| {DECISION_KINDS[kind]} | {figure(report, kind)} |" for kind in kinds]
    lines += ["", "| 第二十条第（八）项 信息内容 | 本年收费金额（单位：万元） |", "| --- | ---: |",
              f"| 行政事业性收费 | {figure(report, 'charges')} |", ""]
    return lines


def to_markdown(report: AnnualReport) -> str:
    lines = [f"# {title(report)}", ""]
    if report.published:
        lines += [f"> 已发布 published {report.published['at']} by {report.published['by']} "
                  f"(office log entry {report.published['position']}): the figures as published, frozen.", ""]
    lines += _text_section(report, "overview")
    lines += _proactive_markdown(report)
    lines += [
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
        "",
    ]
    lines += _text_section(report, "problems")
    other = report.parts.texts.get("other_matters")
    lines += [f"## {TEXTS['other_matters']}", ""]
    for paragraph in paragraphs(other or ""):
        lines += [paragraph, ""]
    lines.append(fees_sentence(report))
    if report.notes:
        # Said in the clerk's language (a report counted now keeps its notes as messages; a published one, as text).
        lines += ["", *(f"> 说明 note: {say(note)}" for note in report.notes)]
    return "\n".join(lines) + "\n"


def to_csv(report: AnnualReport) -> str:
    """Both tables in one file: table, row code, label, then the columns (codes in the header); then the
    office's 二 figures and 六's fees (part, code, label, value). The texts are in the other formats.

    It begins with a byte-order mark: without one, Excel on a Chinese Windows reads UTF-8 as GBK and
    shows the labels garbled."""
    buffer = io.StringIO()
    buffer.write(UTF8_BOM)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["table", "row", "label", *COLUMNS])
    for key, label, _ in TABLE3_ROWS:
        writer.writerow(["三", key or "", label, *_cells(report, key)])
    writer.writerow([])
    writer.writerow(["table", "appeal", "label", *TABLE4_RESULTS])
    for kind, label in TABLE4_GROUPS.items():
        writer.writerow(["四", kind, label, *(report.table4[kind][result] for result in TABLE4_RESULTS)])
    writer.writerow([])
    writer.writerow(["part", "code", "label", "value"])
    for code, label in FIGURES.items():
        writer.writerow(["二", code, label, figure(report, code)])
    writer.writerow(["六", "fees.amount", "信息处理费（元）", report.fees["amount"]])
    writer.writerow(["六", "fees.payments", "信息处理费笔数", report.fees["payments"]])
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

    from disclosure.reports.sheet_layout import prepare_for_print

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
    prepare_for_print(sheet, title_rows=4, landscape=True)

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
    prepare_for_print(appeals, title_rows=4, landscape=True)
    _proactive_sheet(workbook.create_sheet("表二 主动公开", 0), report, box, centred)
    texts = workbook.create_sheet("一五六 文字部分")
    for code, label in TEXTS.items():
        texts.append([label, report.parts.texts.get(code) or UNFILLED])
    texts.append(["六、信息处理费", fees_sentence(report)])
    for row in texts.iter_rows():
        row[0].font = Font(bold=True)
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    texts.column_dimensions["A"].width, texts.column_dimensions["B"].width = 30, 100
    prepare_for_print(texts)  # each row a part of its own: no heading to repeat
    workbook.save(path)


def _proactive_sheet(sheet, report: AnnualReport, box, centred) -> None:
    """[NB] 二 as the format prints it: four sub-tables, each under the article item it reports on."""
    from openpyxl.styles import Font

    from disclosure.reports.sheet_layout import prepare_for_print

    sheet["A1"] = "二、主动公开政府信息情况"
    sheet["A1"].font = Font(bold=True)
    sheet.merge_cells("A1:D1")
    row = 2
    for item, heading, kinds in (
        ("（一）", DOCUMENT_FIGURES.values(), DOCUMENT_KINDS),
        ("（五）", ("本年处理决定数量",), {"licences": DECISION_KINDS["licences"]}),
        ("（六）", ("本年处理决定数量",), {kind: DECISION_KINDS[kind] for kind in ("penalties", "enforcement")}),
        ("（八）", ("本年收费金额（单位：万元）",), {"charges": "行政事业性收费"}),
    ):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        sheet.cell(row=row, column=1, value=f"第二十条第{item}项")
        sheet.cell(row=row + 1, column=1, value="信息内容")
        wide = len(heading) == 1  # one figure spans the three number columns
        for offset, label in enumerate(heading):
            sheet.cell(row=row + 1, column=2 + offset, value=label)
        if wide:
            sheet.merge_cells(start_row=row + 1, start_column=2, end_row=row + 1, end_column=4)
        row += 2
        for kind, label in kinds.items():
            sheet.cell(row=row, column=1, value=label)
            codes = [f"{kind}.{code}" for code in DOCUMENT_FIGURES] if not wide else [kind]
            for offset, code in enumerate(codes):
                value = report.parts.figures.get(code)
                sheet.cell(row=row, column=2 + offset, value=value if code != "charges" or value is None else float(value))
            if wide:
                sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
            row += 1
    for cells in sheet.iter_rows(min_row=2, max_row=row - 1, min_col=1, max_col=4):
        for cell in cells:
            cell.border = box
            cell.alignment = centred
    for column, width in zip("ABCD", (22, 16, 16, 16)):
        sheet.column_dimensions[column].width = width
    prepare_for_print(sheet, title_rows=1)
