"""Build the Word template of the annual report, disclosure/reports/templates/annual_report.docx.

The template is a docxtpl (Jinja) document laid out like the national format ([NB], 国办公开办函〔2021〕30号):
the title, the six parts' headings, table 二's four sub-tables, table 三 with 申请人情况 over its seven
columns and 法人或其他组织 over five, table 四 with 行政复议 and 行政诉讼 over theirs. disclosure/reports/
annual_docx.py fills it. An office may edit the shipped template in Word (its letterhead, its fonts) and
pass it with --template, keeping the {{ … }} fields.

    python scripts/build_annual_report_template.py [OUT.docx]

Run it again after changing the layout here, and commit the template it writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from disclosure.reports.annual import COLUMN_LABELS, COLUMNS, TABLE3_ROWS, TABLE4_GROUPS, TABLE4_RESULT_LABELS, TABLE4_RESULTS  # noqa: E402
from disclosure.reports.annual_parts import DECISION_KINDS, DOCUMENT_FIGURES, DOCUMENT_KINDS  # noqa: E402

TARGET = ROOT / "disclosure" / "reports" / "templates" / "annual_report.docx"
# GB/T 9704 公文 fonts: the title in 小标宋, first-level headings in 黑体, text in 仿宋; tables in 宋体.
TITLE_FONT, HEADING_FONT, BODY_FONT, TABLE_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312", "宋体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(document, text: str, font: str, size: float, *, bold=False, align=None, indent=False, space_after=0):
    paragraph = document.add_paragraph()
    _font(paragraph.add_run(text), font, size, bold)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)  # two characters, as 公文 indent
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.line_spacing = Pt(28) if size >= 14 else None
    return paragraph


def _heading(document, text: str) -> None:
    _paragraph(document, text, HEADING_FONT, 16, indent=True, space_after=6)


def _text_part(document, field: str) -> None:
    """A part the office writes: one paragraph per line of its text."""
    _paragraph(document, f"{{%p for paragraph in {field} %}}", BODY_FONT, 16)
    _paragraph(document, "{{ paragraph }}", BODY_FONT, 16, indent=True)
    _paragraph(document, "{%p endfor %}", BODY_FONT, 16)


def _cell(table, row: int, column: int, text: str, *, size: float = 9, bold=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    cell = table.cell(row, column)
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    _font(paragraph.add_run(text), TABLE_FONT, size, bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return cell


def _merge(table, top: int, left: int, bottom: int, right: int, text: str, **style) -> None:
    table.cell(top, left).merge(table.cell(bottom, right))
    _cell(table, top, left, text, **style)


def _table(document, rows: int, columns: int, widths_mm):
    table = document.add_table(rows=rows, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the cells' widths, LibreOffice the grid's: set both, and a fixed layout.
    for index, width in enumerate(widths_mm):
        for cell in table.columns[index].cells:
            cell.width = Mm(width)
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        column.set(qn("w:w"), str(Mm(width).twips))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    return table


def _table2(document) -> None:
    """二: 第二十条第（一）项 (规章, 规范性文件: 制发, 废止, 现行有效), （五） 行政许可, （六） 行政处罚 and 行政强制,
    （八） 行政事业性收费 (万元)."""
    table = _table(document, 14, 4, (48, 36, 36, 36))
    _merge(table, 0, 0, 0, 3, "第二十条第（一）项", bold=True)
    _cell(table, 1, 0, "信息内容", bold=True)
    for offset, label in enumerate(DOCUMENT_FIGURES.values()):
        _cell(table, 1, 1 + offset, label, bold=True)
    for row, (kind, label) in enumerate(DOCUMENT_KINDS.items(), start=2):
        _cell(table, row, 0, label)
        for offset, figure in enumerate(DOCUMENT_FIGURES):
            _cell(table, row, 1 + offset, f"{{{{ proactive['{kind}.{figure}'] }}}}")
    row = 4
    for item, heading, kinds in (
        ("（五）", "本年处理决定数量", ("licences",)),
        ("（六）", "本年处理决定数量", ("penalties", "enforcement")),
        ("（八）", "本年收费金额（单位：万元）", ("charges",)),
    ):
        _merge(table, row, 0, row, 3, f"第二十条第{item}项", bold=True)
        _cell(table, row + 1, 0, "信息内容", bold=True)
        _merge(table, row + 1, 1, row + 1, 3, heading, bold=True)
        row += 2
        for kind in kinds:
            _cell(table, row, 0, DECISION_KINDS.get(kind, "行政事业性收费"))
            _merge(table, row, 1, row, 3, f"{{{{ proactive['{kind}'] }}}}")
            row += 1


def _table3(document) -> None:
    """三: three label columns and seven numbers. 三、本年度办理结果 is one tall cell beside the outcome rows,
    and each group heading ((三)不予公开 …) one tall cell beside its numbered rows, as the format prints them."""
    layout, group, results_label = [], None, ""
    for key, label, indent in TABLE3_ROWS:
        if key is None and indent == 0:
            results_label = label
            continue
        if key is None:
            group = label
            continue
        layout.append((key, label, indent, group if indent == 2 else None))
    table = _table(document, 3 + len(layout), 10, (10, 16, 48, 11, 11, 11, 11, 11, 11, 12))
    _merge(table, 0, 0, 2, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", size=8)
    _merge(table, 0, 3, 0, 9, "申请人情况", bold=True)
    _merge(table, 1, 3, 2, 3, COLUMN_LABELS["natural"], bold=True)
    _merge(table, 1, 4, 1, 8, "法人或其他组织", bold=True)
    for offset, column in enumerate(COLUMNS[1:6]):
        _cell(table, 2, 4 + offset, COLUMN_LABELS[column], bold=True, size=8)
    _merge(table, 1, 9, 2, 9, COLUMN_LABELS["total"], bold=True)
    for header in table.rows[:3]:  # repeated at the top of the next page when the table breaks
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    left = WD_ALIGN_PARAGRAPH.LEFT
    results: list[int] = []
    groups: dict[str, list[int]] = {}
    for row, (key, label, indent, group) in enumerate(layout, start=3):
        if indent == 0:
            _merge(table, row, 0, row, 2, label, align=left)
        elif indent == 1:
            _merge(table, row, 1, row, 2, label, align=left)
        else:
            _cell(table, row, 2, label, align=left, size=8)
            groups.setdefault(group, []).append(row)
        if indent:
            results.append(row)
        for offset, column in enumerate(COLUMNS):
            _cell(table, row, 3 + offset, f"{{{{ t3['{key}'].{column} }}}}")
    _merge(table, results[0], 0, results[-1], 0, results_label, bold=True)
    for label, rows in groups.items():
        _merge(table, rows[0], 1, rows[-1], 1, label, align=left)


def _table4(document) -> None:
    """四: 行政复议 (five results) | 行政诉讼: 未经复议直接起诉 (five), 复议后起诉 (five)."""
    table = _table(document, 4, 15, (10.4,) * 15)
    _merge(table, 0, 0, 1, 4, TABLE4_GROUPS["reconsideration"], bold=True)
    _merge(table, 0, 5, 0, 14, "行政诉讼", bold=True)
    _merge(table, 1, 5, 1, 9, "未经复议直接起诉", bold=True)
    _merge(table, 1, 10, 1, 14, "复议后起诉", bold=True)
    for group, kind in enumerate(TABLE4_GROUPS):
        for offset, result in enumerate(TABLE4_RESULTS):
            column = group * len(TABLE4_RESULTS) + offset
            _cell(table, 2, column, TABLE4_RESULT_LABELS[result], size=8, bold=True)
            _cell(table, 3, column, f"{{{{ t4['{kind}'].{result} }}}}")


def build(target: Path = TARGET) -> Path:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    _paragraph(document, "{{ title }}", TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=16)
    _heading(document, "一、总体情况")
    _text_part(document, "overview")
    _heading(document, "二、主动公开政府信息情况")
    _table2(document)
    _heading(document, "三、收到和处理政府信息公开申请情况")
    _table3(document)
    _heading(document, "四、政府信息公开行政复议、行政诉讼情况")
    _table4(document)
    _heading(document, "五、存在的主要问题及改进情况")
    _text_part(document, "problems")
    _heading(document, "六、其他需要报告的事项")
    _text_part(document, "other_matters")
    _paragraph(document, "{{ fees_sentence }}", BODY_FONT, 16, indent=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)
    return target


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET))
