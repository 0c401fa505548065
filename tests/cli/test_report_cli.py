"""report annual and report stats from the terminal: formats, files, one-line errors."""

from __future__ import annotations

import json

from freezegun import freeze_time


def _office(cli):
    assert cli("init", "--admin", "admin")[0] == 0
    for received, applicant_type in (("2025-12-01", "natural"), ("2026-01-05", "enterprise")):
        cli("register", "--channel", "post", "--received", received, "--on", received, "--applicant", "张三",
            "--applicant-type", applicant_type, "--request", "预算")
    assert cli("advance", "2025-0001", "assign", "--to", "admin", "--on", "2025-12-02")[0] == 0
    assert cli("advance", "2025-0001", "reply", "--outcome", "unavailable.not_held", "--on", "2026-01-06")[0] == 0


@freeze_time("2026-11-20 10:00:00")
def test_report_annual_in_each_format(cli, tmp_path):
    _office(cli)
    code, out, _ = cli("report", "annual", "--year", "2026", "--json")
    report = json.loads(out)
    assert code == 0 and report["balanced"] and report["year"] == 2026
    assert report["table3"]["carried_in"]["natural"] == 1 and report["table3"]["new"]["enterprise"] == 1
    assert report["table3"]["unavailable.not_held"]["total"] == 1 and report["table3"]["carried_out"]["total"] == 1
    code, out, _ = cli("report", "annual", "--year", "2026")
    assert code == 0 and "| 　　1.本机关不掌握相关政府信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |" in out
    code, out, _ = cli("report", "annual", "--year", "2026", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "table,row,label,natural,enterprise,research,public_interest,legal_service,other_org,total"
    code, _, err = cli("report", "annual", "--year", "2026", "--format", "xlsx")
    assert code == 2 and err.strip() == "disclosure: error: --format xlsx needs --out FILE"
    code, _, err = cli("report", "annual", "--year", "2026", "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"))
    assert code == 0 and (tmp_path / "r.xlsx").stat().st_size > 0


@freeze_time("2026-11-20 10:00:00")
def test_report_stats_text_json_and_chart(cli, tmp_path):
    _office(cli)
    code, out, _ = cli("report", "stats", "--quarter", "2026Q1", "--json")
    figures = json.loads(out)["total"]
    assert code == 0 and figures["received"]["post"] == 1 and figures["concluded"] == 1
    code, out, _ = cli("report", "stats", "--year", "2026", "--by", "handler")
    assert code == 0 and "按期办结率" in out and "handler 承办人 admin" in out
    code, _, err = cli("report", "stats", "--year", "2026", "--chart", str(tmp_path / "c.png"))
    assert code == 0 and (tmp_path / "c.png").exists()
    code, _, err = cli("report", "stats", "--quarter", "2026Q7")
    assert code == 2 and err.strip() == "disclosure: error: --quarter must look like 2026Q1 (got '2026Q7')"
