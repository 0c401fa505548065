"""report annual --parts / --publish / --recount / --format docx and report annual-form, from the terminal."""

from __future__ import annotations

import json

from docx import Document
from freezegun import freeze_time


def _office(cli):
    assert cli("init", "--admin", "admin")[0] == 0
    assert cli("users", "add", "han", "--role", "handler")[0] == 0
    cli("register", "--channel", "post", "--received", "2025-12-01", "--on", "2025-12-01", "--applicant", "张三",
        "--applicant-type", "natural", "--request", "预算")
    assert cli("advance", "2025-0001", "assign", "--to", "han", "--on", "2025-12-02")[0] == 0


def _filled_form(cli, tmp_path) -> str:
    form = tmp_path / "parts.toml"
    code, _, err = cli("report", "annual-form", "--year", "2025", "--out", str(form))
    assert code == 0 and err.strip() == f"wrote a blank 2025 form to {form}"
    text = form.read_text(encoding="utf-8").replace('overview = """\n"""', 'overview = """\n全年主动公开政府信息88条。\n"""')
    form.write_text(text.replace("licences = 0", "licences = 17"), encoding="utf-8")
    return str(form)


@freeze_time("2026-01-20 10:00:00")
def test_publish_then_show_the_published_report_and_refuse_a_second(cli, tmp_path):
    _office(cli)
    parts = _filled_form(cli, tmp_path)
    code, _, err = cli("report", "annual", "--year", "2025", "--publish")
    assert code == 2 and err.strip() == (
        "disclosure: error: --publish needs --parts FILE: the published report is whole, and never changed after")
    code, _, err = cli("report", "annual", "--year", "2025", "--publish", "--parts", parts, user="han")
    assert code == 1 and "needs the role head or admin; han does not hold it" in err
    code, out, err = cli("report", "annual", "--year", "2025", "--publish", "--parts", parts)
    assert code == 0 and "published the 2025 annual report (office log entry" in err
    assert "全年主动公开政府信息88条。" in out and "| 行政许可 | 17 |" in out
    code, _, err = cli("report", "annual", "--year", "2025", "--publish", "--parts", parts)
    assert code == 1 and "the 2025 annual report was published already" in err
    code, out, err = cli("report", "annual", "--year", "2025", "--json")
    report = json.loads(out)
    assert code == 0 and report["published"]["by"] == "admin" and report["proactive"]["licences"] == 17
    assert json.loads(err)["as_published"] == {"year": 2025, "at": report["published"]["at"], "by": "admin"}


@freeze_time("2026-01-20 10:00:00")
def test_recount_shows_the_differences_after_a_late_reply(cli, tmp_path):
    _office(cli)
    parts = _filled_form(cli, tmp_path)
    assert cli("report", "annual", "--year", "2025", "--publish", "--parts", parts)[0] == 0
    code, out, _ = cli("report", "annual", "--year", "2025", "--recount")
    assert code == 0 and out.strip() == "the 2025 recount agrees with the published report 重新统计与已发布的年度报告一致"
    # A reply effective 2025-12-30, recorded after publishing: the recount of 2025 moves it from 四 to 三.
    assert cli("advance", "2025-0001", "reply", "--outcome", "unavailable.not_held", "--on", "2025-12-30", user="han")[0] == 0
    code, out, _ = cli("report", "annual", "--year", "2025", "--recount")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "the 2025 recount differs from the published report in 6 place(s) 重新统计与已发布报告不一致之处:"
    assert "  table3.carried_out.natural: published 已发布 1, recount 重新统计 0" in lines
    code, out, _ = cli("report", "annual", "--year", "2025", "--recount", "--json")
    comparison = json.loads(out)
    assert comparison["published"]["table3"]["carried_out"]["total"] == 1 and comparison["recount"]["table3"]["carried_out"]["total"] == 0
    # 2026 carries in the published 结转 and counts the late reply as concluded in 2026.
    code, out, _ = cli("report", "annual", "--year", "2026", "--json")
    report = json.loads(out)
    assert report["table3"]["carried_in"]["total"] == 1 and report["table3"]["unavailable.not_held"]["total"] == 1
    assert report["table3"]["carried_out"]["total"] == 0


@freeze_time("2026-01-20 10:00:00")
def test_the_word_document_and_the_usage_errors(cli, tmp_path):
    _office(cli)
    parts = _filled_form(cli, tmp_path)
    code, _, err = cli("report", "annual", "--year", "2025", "--format", "docx")
    assert code == 2 and err.strip() == "disclosure: error: --format docx needs --out FILE"
    code, _, err = cli("report", "annual", "--year", "2025", "--template", "x.docx")
    assert code == 2 and err.strip() == "disclosure: error: --template goes with --format docx"
    code, _, err = cli("report", "annual", "--year", "2025", "--publish", "--recount")
    assert code == 2 and "cannot go together" in err
    code, _, err = cli("report", "annual", "--year", "2025", "--recount")
    assert code == 1 and err.strip() == (
        "disclosure: error: the 2025 report has not been published; there is nothing to compare a recount with")
    code, _, err = cli("report", "annual", "--year", "2025", "--parts", str(tmp_path / "none.toml"))
    assert code == 2 and err.startswith("disclosure: error: the report's parts file") and "No such file" in err
    out_file = tmp_path / "2025年度报告.docx"
    code, _, err = cli("report", "annual", "--year", "2025", "--parts", parts, "--format", "docx", "--out", str(out_file))
    assert code == 0 and err.strip() == f"wrote the 2025 report to {out_file}"
    document = Document(str(out_file))
    assert document.paragraphs[0].text.endswith("2025年政府信息公开工作年度报告")
    assert "全年主动公开政府信息88条。" in [paragraph.text for paragraph in document.paragraphs]
    carried = next(row for row in document.tables[1].rows if row.cells[0].text == "四、结转下年度继续办理")
    assert [cell.text for cell in carried.cells][3:] == ["1", "0", "0", "0", "0", "0", "1"]
    code, _, err = cli("report", "annual-form", "--year", "2025", "--out", str(tmp_path / "form.txt"))
    assert code == 2 and err.strip() == "disclosure: error: --out must end in .toml or .xlsx"
