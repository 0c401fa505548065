"""The annual report as a Word document, read back with python-docx: the national format's headings,
table 二's sub-tables, table 三's merged headers and rows, table 四's groups, the texts and 六's fees."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from docx import Document

from disclosure.reports.annual import COLUMNS, TABLE3_ROWS, AnnualReport
from disclosure.reports.annual_docx import to_docx
from disclosure.reports.annual_parts import parts_from_mapping
from disclosure.workflow.errors import InvalidInput

HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def _row(natural=0, enterprise=0):
    return {column: 0 for column in COLUMNS} | {"natural": natural, "enterprise": enterprise, "total": natural + enterprise}


def _report() -> AnnualReport:
    # 一 3 + 二 1 = 三（七） 2 + 四 2 in the total column (natural 2 + 1 = 1 + 2; enterprise 1 + 0 = 1 + 0).
    table3 = {key: _row() for key, _, _ in TABLE3_ROWS if key is not None}
    table3.update(new=_row(natural=2, enterprise=1), carried_in=_row(natural=1),
                  **{"unavailable.not_held": _row(natural=1, enterprise=1)},
                  concluded=_row(natural=1, enterprise=1), carried_out=_row(natural=2))
    table4 = {kind: {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
              for kind in ("reconsideration", "litigation", "litigation_after_reconsideration")}
    table4["litigation"].update(pending=1, total=1)
    parts = parts_from_mapping({
        "overview": "第一段总体情况。\n第二段总体情况。", "other_matters": "其他事项。",
        "regulations.in_force": 2, "normative_documents.made": 5, "licences": 1200, "charges": "12.5",
    }, "test")
    return AnnualReport(2026, "测试办公室", table3, table4, parts, {"amount": "170.00", "payments": 2})


@pytest.fixture(scope="module")
def document():
    buffer = io.BytesIO()
    to_docx(_report(), buffer)
    buffer.seek(0)
    return Document(buffer)


def _texts(cells) -> list[str]:
    return [cell.text for cell in cells]


def test_the_title_headings_and_texts_in_the_formats_order(document):
    paragraphs = [paragraph.text for paragraph in document.paragraphs if paragraph.text]
    assert paragraphs[0] == "测试办公室2026年政府信息公开工作年度报告"
    assert [text for text in paragraphs if text in HEADINGS] == HEADINGS
    assert paragraphs[paragraphs.index("一、总体情况") + 1: paragraphs.index("二、主动公开政府信息情况")] == [
        "第一段总体情况。", "第二段总体情况。"]
    assert paragraphs[paragraphs.index("五、存在的主要问题及改进情况") + 1] == "（未填写）"  # the office gave no 五
    assert paragraphs[paragraphs.index("六、其他需要报告的事项") + 1:] == [
        "其他事项。", "本年度依据《政府信息公开信息处理费管理办法》收取信息处理费170.00元（2笔）。"]
    assert not any("{{" in text or "{%" in text for text in paragraphs)


def test_table_two_has_the_four_article_items_and_the_offices_figures(document):
    table = document.tables[0]
    rows = [_texts(row.cells) for row in table.rows]
    assert rows[0] == ["第二十条第（一）项"] * 4
    assert rows[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert rows[2] == ["规章", "", "", "2"]  # made and repealed left unfilled: blank, not 0
    assert rows[3] == ["行政规范性文件", "5", "", ""]
    assert rows[6] == ["行政许可", "1200", "1200", "1200"]  # one figure merged over three columns
    assert [row[0] for row in rows if row[0].startswith("第二十条")] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert rows[-1][:2] == ["行政事业性收费", "12.5"] and rows[-2][1] == "本年收费金额（单位：万元）"


def test_table_three_has_the_merged_headers_and_every_row(document):
    table = document.tables[1]
    assert table.cell(0, 3).text == "申请人情况" and table.cell(0, 9).text == "申请人情况"
    assert table.cell(1, 4).text == "法人或其他组织" and table.cell(1, 8).text == "法人或其他组织"
    assert _texts(table.rows[2].cells)[3:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    by_label = {row.cells[2].text: _texts(row.cells)[3:] for row in table.rows[3:]}
    assert by_label["一、本年新收政府信息公开申请数量"] == ["2", "1", "0", "0", "0", "0", "3"]
    assert by_label["二、上年结转政府信息公开申请数量"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert by_label["1.本机关不掌握相关政府信息"] == ["1", "1", "0", "0", "0", "0", "2"]
    assert by_label["（七）总计"] == ["1", "1", "0", "0", "0", "0", "2"]
    assert by_label["四、结转下年度继续办理"] == ["2", "0", "0", "0", "0", "0", "2"]
    # 三、本年度办理结果 is one tall cell beside the outcome rows, (四)无法提供 one beside its three.
    not_held = next(row for row in table.rows if row.cells[2].text == "1.本机关不掌握相关政府信息")
    assert not_held.cells[0].text == "三、本年度办理结果" and not_held.cells[1].text == "（四）无法提供"
    assert len(table.rows) == 3 + sum(1 for key, _, _ in TABLE3_ROWS if key is not None)


def test_table_four_has_its_groups_and_figures(document):
    table = document.tables[2]
    assert _texts(table.rows[0].cells) == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert _texts(table.rows[1].cells)[5:] == ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    assert _texts(table.rows[2].cells)[:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert _texts(table.rows[3].cells) == ["0"] * 8 + ["1", "1"] + ["0"] * 5  # the direct suit, pending


def test_a_template_that_is_not_a_word_document_is_one_line(tmp_path):
    (tmp_path / "bad.docx").write_text("not a document", encoding="utf-8")
    with pytest.raises(InvalidInput, match="the report template .*bad.docx"):
        to_docx(_report(), io.BytesIO(), tmp_path / "bad.docx")


def test_an_offices_text_keeps_its_ampersands_and_angle_brackets():
    report = _report()
    parts = parts_from_mapping({"overview": "研发&创新 <重点工作> \"公开\"", "other_matters": "其他。"}, "test")
    buffer = io.BytesIO()
    to_docx(replace(report, parts=parts), buffer)
    buffer.seek(0)
    paragraphs = [paragraph.text for paragraph in Document(buffer).paragraphs]
    assert paragraphs[paragraphs.index("一、总体情况") + 1] == "研发&创新 <重点工作> \"公开\""


def test_an_offices_template_cannot_reach_pythons_internals(tmp_path):
    witness = tmp_path / "ran.txt"
    template = Document()
    template.add_paragraph("{{ cycler.__init__.__globals__.os.popen('touch " + str(witness) + "').read() }}")
    template.save(str(tmp_path / "ours.docx"))
    with pytest.raises(InvalidInput, match="SecurityError"):
        to_docx(_report(), io.BytesIO(), tmp_path / "ours.docx")
    assert not witness.exists()
