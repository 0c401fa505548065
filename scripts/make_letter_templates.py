"""Build the built-in letter templates, disclosure/letters/templates/<kind>.docx, one per letter kind.

Each is a docxtpl (Jinja) Word document laid out as a 公文-style notice (GB/T 9704): A4 with its margins,
the office and the letter's title centred in 小标宋, the document number, the addressee, the text in 仿宋
三号 on a fixed 28-point line, the office's contact, signature, seal and date. disclosure/letters/
fields.py fills them; docs/letters.md lists the fields for an office that writes its own.

    python scripts/make_letter_templates.py [FOLDER]

Run it again after changing a text here, and commit the templates it writes (their bytes are fixed, so
an unchanged text gives unchanged files and the letters' template hashes stay).
"""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from disclosure.letters.rendering import fixed_zip  # noqa: E402
from disclosure.workflow.letters import LETTER_KINDS  # noqa: E402

TARGET = ROOT / "disclosure" / "letters" / "templates"
# GB/T 9704 fonts, each with the font a system without it should use instead (the font table's altName).
TITLE_FONT, BODY_FONT, TABLE_FONT = "方正小标宋简体", "仿宋_GB2312", "宋体"
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", TABLE_FONT: "SimSun"}
TITLE_SIZE, BODY_SIZE = 22, 16  # 二号, 三号
FIXED_TIME = datetime(2026, 1, 1)
GK = "《中华人民共和国政府信息公开条例》"
RECEIVED = "本机关于{{ case.received_on }}收到您（单位）提出的政府信息公开申请（登记编号：{{ case.number }}）"
RECEIVED_FROM_APPLICANT = "本机关于{{ case.received_on }}收到申请人提出的政府信息公开申请（登记编号：{{ case.number }}）"
REMEDIES = (
    "如对本{what}不服，可以自收到本{what}之日起{{{{ remedies.reconsideration_days }}}}日内"
    "{{% if office.reconsideration %}}向{{{{ office.reconsideration }}}}{{% endif %}}依法申请行政复议，"
    "或者自收到本{what}之日起{{{{ remedies.litigation_months }}}}个月内"
    "{{% if office.court %}}向{{{{ office.court }}}}{{% endif %}}依法提起行政诉讼。"
)


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(container, text: str, *, font=BODY_FONT, size=BODY_SIZE, align=None, indent=True, bold=False):
    paragraph = container.add_paragraph()
    _font(paragraph.add_run(text), font, size, bold)
    if align is not None:
        paragraph.alignment = align
    layout = paragraph.paragraph_format
    if indent:
        layout.first_line_indent = Pt(size * 2)  # two characters, as 公文 paragraphs begin
    layout.space_before = layout.space_after = Pt(0)
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = Pt(28 if size <= BODY_SIZE else 32)
    return paragraph


def _control(container, tag: str) -> None:
    """A paragraph holding only a docxtpl ``{%p … %}`` tag: it disappears from the letter."""
    _paragraph(container, f"{{%p {tag} %}}", indent=False)


def _fallback_fonts(document) -> None:
    """Name each Chinese font's substitute in the font table, for a system that lacks it."""
    part = next(part for part in document.part.package.parts if part.partname == "/word/fontTable.xml")
    fonts = etree.fromstring(part.blob)
    for name, alternative in FALLBACKS.items():
        font = etree.SubElement(fonts, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alternative})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_numbers(section) -> None:
    """GB/T 9704 7.5: the page number under the text, centred, as — 1 —, in 宋体 四号."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), TABLE_FONT, 14)
    field = etree.SubElement(paragraph._p, qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    number = paragraph.add_run("1")
    _font(number, TABLE_FONT, 14)
    field.append(number._r)
    _font(paragraph.add_run(" —"), TABLE_FONT, 14)


def _new_letter(title: str):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_numbers(section)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(BODY_SIZE)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    properties = document.core_properties
    properties.title, properties.subject = title, "{{ case.number }}"
    properties.author = properties.last_modified_by = "disclosure"
    properties.comments = properties.keywords = properties.category = ""
    properties.created = properties.modified = properties.last_printed = FIXED_TIME
    properties.revision = 1
    _fallback_fonts(document)
    _paragraph(document, "{{ office.name }}", font=TITLE_FONT, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(document, title, font=TITLE_FONT, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    number = _paragraph(document, "{{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    number.paragraph_format.space_before, number.paragraph_format.space_after = Pt(10), Pt(14)
    return document


def _closing(document, *, contact: bool = True) -> None:
    # GB/T 9704 7.3.5: the signature and date never stand alone on a page; the lines before them go along.
    kept = [document.paragraphs[-1]]
    if contact:
        kept.append(_paragraph(document, "联系人：{{ office.contact }}　　联系电话：{{ office.phone }}"))
        kept.append(_paragraph(document, "地址：{{ office.address }}"))
    # The seal is stamped over the office's name and the date; its placeholder stands beside the name.
    for line in ("{{ office.name }}{{ office.seal }}", "{{ issued_on }}"):
        paragraph = _paragraph(document, line, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        paragraph.paragraph_format.right_indent = Pt(BODY_SIZE * 2)
        kept.append(paragraph)
    kept[-2].paragraph_format.space_before = Pt(20)
    for paragraph in kept[:-1]:
        paragraph.paragraph_format.keep_with_next = True


def _acknowledgement(document) -> None:
    _paragraph(document, "本机关于{{ case.received_on }}收到您（单位）{% if case.channel_label %}以{{ case.channel_label }}方式{% endif %}"
                         "提出的{{ case.kind_label }}，已予登记，登记编号为{{ case.number }}。")
    _paragraph(document, "申请内容：{{ case.request }}")
    _control(document, 'if case.kind == "disclosure"')
    _paragraph(document, f"根据{GK}第三十一条、第三十三条的规定，本机关将于{{{{ due_on }}}}前作出答复；需要延长答复期限的，"
                         "将另行书面告知。需要您补正申请的，答复期限自本机关收到补正的申请之日起计算；征求第三方或者其他机关意见、"
                         "等待您缴纳信息处理费所需的时间，不计算在答复期限内。")
    _control(document, "else")
    _paragraph(document, "本机关将依照有关规定办理{% if due_on %}，并于{{ due_on }}前告知您办理情况{% endif %}。")
    _control(document, "endif")


def _correction(document) -> None:
    _paragraph(document, RECEIVED + f"。经审查，您的申请内容不明确。根据{GK}第三十条的规定，现一次性告知您需要补正的事项如下：")
    _control(document, "for item in correction.item_lines")  # one paragraph per line the clerk wrote
    _paragraph(document, "{{ item }}")
    _control(document, "endfor")
    _paragraph(document, "请于{{ correction.due_on }}前（自{{ correction.asked_on }}起{{ correction.period_days }}个工作日内）"
                         "将补正后的申请提交本机关。答复期限自本机关收到补正的申请之日起计算。")
    _paragraph(document, "无正当理由逾期不补正的，视为您放弃申请，本机关不再处理该政府信息公开申请。")


def _extension(document) -> None:
    _paragraph(document, RECEIVED + "。因{{ extension.reason }}，本机关不能在法定期限内作出答复。")
    _paragraph(document, f"根据{GK}第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长"
                         "{{ extension.days }}个工作日，本机关将于{{ extension.due_on }}前作出答复。")


def _consultation(document) -> None:
    _paragraph(document, RECEIVED_FROM_APPLICANT + "，申请公开的政府信息为：{{ consultation.request }}。")
    _control(document, "if consultation.reason")
    _paragraph(document, "{{ consultation.reason }}")
    _control(document, "endif")
    _paragraph(document, f"经审查，该信息公开后可能损害贵方的合法权益。根据{GK}第三十二条的规定，现书面征求贵方意见。")
    _paragraph(document, "请贵方自收到本函之日起{{ consultation.days }}个工作日内提出书面意见；不同意公开的，请说明理由。"
                         "逾期未提出意见的，由本机关依照条例的规定决定是否公开。贵方不同意公开且有合理理由的，本机关不予公开；"
                         "本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。")


def _third_party_decision(document) -> None:
    _paragraph(document, RECEIVED_FROM_APPLICANT + "。本机关就此征求了贵方意见，贵方意见为：{{ decision.opinion_label }}"
                         "{% if decision.objection %}（理由：{{ decision.objection }}）{% endif %}。")
    _paragraph(document, f"经审查，本机关认为不公开下列信息可能对公共利益造成重大影响，理由如下：{{{{ decision.reason }}}}。根据{GK}"
                         "第三十二条的规定，本机关于{{ decision.decided_on }}决定予以公开。")
    _paragraph(document, "决定公开的政府信息内容：{{ decision.request }}。")
    _paragraph(document, "本机关将在本告知书送达后公开上述信息。" + REMEDIES.format(what="决定"))


def _fee(document) -> None:
    _paragraph(document, RECEIVED + f"。根据{GK}第四十二条和《政府信息公开信息处理费管理办法》的规定，您申请公开政府信息的数量、"
                         "频次明显超过合理范围，本机关依法收取信息处理费。")
    _paragraph(document, "计收方式：{{ fee.scale_label }}；计费数量：{{ fee.quantity }}；按标准计算金额：人民币{{ fee.scale_amount }}元；"
                         "{% if fee.reduced %}经本机关决定减收，{% endif %}应缴金额：人民币{{ fee.amount }}元。")
    _paragraph(document, "缴费方式：{{ fee.payment }}。")
    _paragraph(document, "请自收到本通知书之次日起{{ fee.days }}个工作日内缴纳。等待缴费的时间不计算在答复期限内；"
                         "逾期未缴纳的，视为您放弃申请，本机关不再处理该政府信息公开申请。")


def _reply(document) -> None:
    _paragraph(document, RECEIVED + "，申请公开：{{ case.request }}。经审查，现答复如下：")
    _control(document, 'if reply.family == "granted"')
    _paragraph(document, f"您申请公开的政府信息属于公开范围，根据{GK}第三十六条的规定，本机关予以公开。"
                         "{% if reply.available_at %}该信息已经公开，您可以通过以下方式、途径获取：{{ reply.available_at }}。"
                         "{% else %}现向您提供该政府信息（见附件）。{% endif %}")
    _control(document, 'elif reply.family == "partial"')
    _paragraph(document, f"您申请公开的政府信息中，可以公开的部分本机关予以提供（见附件）；其余部分不予公开。根据{GK}第三十七条的规定，"
                         "理由如下：{{ reply.reason }}。法律依据：{{ reply.basis }}。")
    _control(document, 'elif reply.family == "withheld"')
    _paragraph(document, "您申请公开的政府信息{{ reply.outcome_label }}，本机关不予公开。理由：{{ reply.reason }}。"
                         "法律依据：{{ reply.basis }}。")
    _control(document, 'elif reply.family == "unavailable"')
    _paragraph(document, '{% if reply.outcome == "unavailable.not_held" %}经检索查找，本机关不掌握您申请公开的政府信息。'
                         '{% elif reply.outcome == "unavailable.needs_creation" %}您申请公开的政府信息需要本机关对现有政府信息进行加工、分析，'
                         "没有现成信息需要另行制作，本机关不予提供。"
                         "{% else %}您的申请经补正后内容仍不明确，本机关无法确定您所需要的政府信息。{% endif %}"
                         "理由：{{ reply.reason }}。法律依据：{{ reply.basis }}。"
                         "{% if reply.available_at %}经查，该政府信息可以通过以下途径获取：{{ reply.available_at }}。{% endif %}")
    _control(document, 'elif reply.family == "declined"')
    _paragraph(document, "您的申请属于{{ reply.outcome_label }}，本机关不予处理。理由：{{ reply.reason }}。法律依据：{{ reply.basis }}。"
                         "{% if reply.available_at %}您可以通过以下途径获取：{{ reply.available_at }}。{% endif %}")
    _control(document, "else")
    _paragraph(document, "您的申请按以下情形处理：{{ reply.outcome_label }}。{% if reply.reason %}{{ reply.reason }}。{% endif %}"
                         "{% if reply.basis %}法律依据：{{ reply.basis }}。{% endif %}")
    _control(document, "endif")
    _paragraph(document, REMEDIES.format(what="答复"))


def _cell(table, row: int, column: int, text: str) -> None:
    cell = table.cell(row, column)
    paragraph = cell.paragraphs[0]
    _font(paragraph.add_run(text), BODY_FONT, 14)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if column == 0 else WD_ALIGN_PARAGRAPH.LEFT
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _delivery_receipt(document) -> None:
    rows = [
        ("送达机关", "{{ office.name }}"),
        ("受送达人", "{{ delivery.recipient }}"),
        ("送达文书名称及文号", None),
        ("送达方式", "{{ delivery.method_label }}"),
        ("送达地点", "{{ delivery.place }}"),
        ("签收人（签名或盖章）", ""),
        ("签收日期", "　　　　年　　月　　日"),
        ("送达人", ""),
        ("备注", ""),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Mm(45), Mm(111))  # the text block's 156 mm (A4 less 28 and 26 mm margins)
    for column, width in zip(table.columns, widths):
        column.width = width
    for index, (label, value) in enumerate(rows):
        table.rows[index].height = Mm(16)
        for column, width in enumerate(widths):
            table.cell(index, column).width = width
        _cell(table, index, 0, label)
        if value is not None:
            _cell(table, index, 1, value)
            continue
        cell = table.cell(index, 1)
        _control(cell, "for letter in delivery.letters")
        _paragraph(cell, "{{ letter.label }}（{{ letter.number }}）", size=14, indent=False)
        _control(cell, "endfor")
        cell._element.remove(cell.paragraphs[0]._element)  # the cell's own empty first paragraph


BODIES = {
    "acknowledgement": _acknowledgement,
    "correction": _correction,
    "extension": _extension,
    "consultation": _consultation,
    "third-party-decision": _third_party_decision,
    "fee": _fee,
    "reply": _reply,
    "delivery-receipt": _delivery_receipt,
}

# The title each letter carries; the label in workflow/letters.py adds how clerks also call it.
TITLES = {**LETTER_KINDS, "acknowledgement": "收到申请告知书", "reply": "政府信息公开申请答复告知书"}


# The closing words before the signature; a delivery receipt is a form, signed by who receives it.
ENDINGS = {"consultation": "特此函告。", "fee": "特此通知。", "delivery-receipt": None}


def build(kind: str) -> bytes:
    document = _new_letter(TITLES[kind])
    addressed = kind != "delivery-receipt"
    if addressed:
        _paragraph(document, "{{ addressee }}：", indent=False)
    BODIES[kind](document)
    ending = ENDINGS.get(kind, "特此告知。")
    if ending:
        _paragraph(document, ending)
    _closing(document, contact=addressed)
    written = io.BytesIO()
    document.save(written)
    return fixed_zip(written.getvalue())


def main(folder: Path = TARGET) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for kind in LETTER_KINDS:
        (folder / f"{kind}.docx").write_bytes(build(kind))
        print(folder / f"{kind}.docx")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
