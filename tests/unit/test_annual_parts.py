"""The office's parts of the annual report (一, 二, 五, 六) read from the TOML or XLSX file it fills."""

from __future__ import annotations

import pytest

from disclosure.reports.annual_parts import (
    FIGURES, TEXTS, blank_form_toml, read_parts, write_blank_form_xlsx,
)
from disclosure.workflow.errors import InvalidInput

FILLED = '''
year = 2026
overview = """
2026年，本机关认真贯彻落实《条例》。
全年主动公开政府信息1234条。
"""
problems = "解读形式单一。"

[proactive]
licences = 1200
penalties = 35
charges = "12.5"

[proactive.regulations]
made = 0
repealed = 0
in_force = 2

[proactive.normative_documents]
made = 5
repealed = 1
in_force = 40
'''


def test_a_filled_toml_file_gives_every_text_and_figure(tmp_path):
    path = tmp_path / "parts.toml"
    path.write_text(FILLED, encoding="utf-8")
    parts = read_parts(path, 2026)
    assert parts.texts == {
        "overview": "2026年，本机关认真贯彻落实《条例》。\n全年主动公开政府信息1234条。",
        "problems": "解读形式单一。",
        "other_matters": "",
    }
    # enforcement was left out: unfilled (None), not a zero the office never gave.
    assert parts.figures == {
        "regulations.made": 0, "regulations.repealed": 0, "regulations.in_force": 2,
        "normative_documents.made": 5, "normative_documents.repealed": 1, "normative_documents.in_force": 40,
        "licences": 1200, "penalties": 35, "enforcement": None, "charges": "12.5",
    }


def test_the_blank_xlsx_form_filled_in_reads_back(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "form.xlsx"
    write_blank_form_xlsx(2026, str(path))
    workbook = load_workbook(path)
    sheet = workbook.active
    codes = [sheet.cell(row=row, column=1).value for row in range(2, sheet.max_row + 1)]
    assert codes == ["year", *TEXTS, *FIGURES]
    row_of = {code: row for row, code in enumerate(codes, start=2)}
    sheet.cell(row=row_of["overview"], column=3, value="总体情况。")
    sheet.cell(row=row_of["licences"], column=3, value=7)
    sheet.cell(row=row_of["charges"], column=3, value=0.35)
    workbook.save(path)
    parts = read_parts(path, 2026)
    assert parts.texts["overview"] == "总体情况。" and parts.figures["licences"] == 7 and parts.figures["charges"] == "0.35"
    assert parts.figures["penalties"] is None


def test_the_blank_xlsx_form_prints_on_a4_with_its_heading_row_on_every_page(tmp_path):
    from openpyxl import load_workbook

    write_blank_form_xlsx(2026, str(tmp_path / "form.xlsx"))
    sheet = load_workbook(tmp_path / "form.xlsx").active
    assert sheet.page_setup.paperSize == int(sheet.PAPERSIZE_A4) and sheet.print_title_rows == "$1:$1"
    assert [sheet.column_dimensions[column].width for column in "ABC"] == [26, 44, 80]


def test_the_blank_toml_form_reads_as_zeros_and_empty_texts(tmp_path):
    path = tmp_path / "form.toml"
    path.write_text(blank_form_toml(2026), encoding="utf-8")
    parts = read_parts(path, 2026)
    assert set(parts.texts.values()) == {""}
    assert parts.figures == {code: ("0" if code == "charges" else 0) for code in FIGURES}


@pytest.mark.parametrize("content, message", [
    ("year = 2025\n", "the file is for 2025, not 2026"),
    ("overveiw = 'x'\n", "unknown entry 'overveiw'"),
    ("[proactive]\nlicences = -1\n", "licences (行政许可 本年处理决定数量) must be a whole number from 0"),
    ("[proactive]\npenalties = 2.5\n", "penalties"),
    ("[proactive]\ncharges = 'ten'\n", "charges (行政事业性收费 本年收费金额（单位：万元）) must be an amount in 万元"),
    ("overview = 3\n", "overview (一、总体情况) must be text"),
    ("overview = [\n", "not TOML"),
])
def test_a_wrong_entry_is_one_line_naming_it(tmp_path, content, message):
    path = tmp_path / "parts.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput, match="parts file") as refused:
        read_parts(path, 2026)
    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_a_file_neither_toml_nor_xlsx_is_refused(tmp_path):
    (tmp_path / "parts.txt").write_text("x", encoding="utf-8")
    (tmp_path / "fake.xlsx").write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InvalidInput, match="must be .toml or .xlsx"):
        read_parts(tmp_path / "parts.txt")
    with pytest.raises(InvalidInput, match="not an XLSX workbook"):
        read_parts(tmp_path / "fake.xlsx")
    with pytest.raises(InvalidInput, match="No such file"):
        read_parts(tmp_path / "missing.toml")
