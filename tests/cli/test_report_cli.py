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
    assert code == 0 and out.splitlines()[0] == "\ufefftable,row,label,natural,enterprise,research,public_interest,legal_service,other_org,total"
    code, _, _ = cli("report", "annual", "--year", "2026", "--format", "csv", "--out", str(tmp_path / "r.csv"))
    written = (tmp_path / "r.csv").read_bytes()
    assert code == 0 and written.startswith(b"\xef\xbb\xbftable,row,label,")  # UTF-8 with the BOM Excel looks for
    assert "信息处理费笔数" in written.decode("utf-8-sig") and written.count(b"\xef\xbb\xbf") == 1
    code, _, err = cli("report", "annual", "--year", "2026", "--format", "xlsx")
    assert code == 2 and err.strip() == "disclosure: error: --format xlsx needs --out FILE"
    code, _, err = cli("report", "annual", "--year", "2026", "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"))
    assert code == 0 and (tmp_path / "r.xlsx").stat().st_size > 0


@freeze_time("2026-11-20 10:00:00")
def test_report_stats_text_json_and_chart(cli, tmp_path):
    _office(cli)
    code, out, _ = cli("report", "stats", "--quarter", "2026Q1", "--json")
    figures = json.loads(out)["kinds"]["disclosure"]["total"]
    assert code == 0 and figures["received"]["post"] == 1 and figures["concluded"] == 1
    code, out, _ = cli("report", "stats", "--year", "2026", "--by", "handler")
    assert code == 0 and "按期办结率" in out and "handler 承办人 admin" in out
    code, _, err = cli("report", "stats", "--year", "2026", "--chart", str(tmp_path / "c.png"))
    assert code == 0 and (tmp_path / "c.png").exists()
    code, _, err = cli("report", "stats", "--quarter", "2026Q7")
    assert code == 2 and err.strip() == "disclosure: error: --quarter must look like 2026Q1 (got '2026Q7')"


@freeze_time("2026-11-20 10:00:00")
def test_report_stats_shows_each_kind_apart_with_its_rates_defined(cli, tmp_path):
    _office(cli)
    assert cli("register", "--kind", "petition", "--channel", "post", "--received", "2026-09-16", "--on", "2026-09-16",
               "--applicant", "李四", "--applicant-type", "natural", "--request", "反映噪音")[0] == 0
    for action in (["accept", "--on", "2026-09-18"], ["assign", "--to", "admin", "--on", "2026-09-18"],
                   ["reply", "--outcome", "supported", "--on", "2026-10-09"], ["feedback", "--rating", "satisfied", "--on", "2026-10-12"]):
        assert cli("advance", "2026-0002", *action)[0] == 0
    code, out, _ = cli("report", "stats", "--year", "2026")
    lines = out.splitlines()
    # Applications: 受理 1 (2026-0001), not concluded: 0 ÷ 1; 办结 2025-0001 (replied 01-06) of 应办结 2 (and
    # 2026-0001, due in February): 1 ÷ 2. The petition is counted in its own section, not among them.
    assert "== 政府信息公开申请 disclosure" in lines and "== 信访事项 petition" in lines
    applications = lines[lines.index("== 政府信息公开申请 disclosure"):lines.index("== 信访事项 petition")]
    assert "  received 收到: in_person 当面 0, post 信函 1, online 网络 0, fax 传真 0, email 电子邮件 0; total 合计 1" in applications
    assert "  受理 1, 已办结 0: 办结率 0.0% (已办结 ÷ 受理)" in applications
    assert "  concluded 办结 1 of 应办结 2: 办结率 50.0% (办结 ÷ 应办结)" in applications
    assert not any(line.startswith("  feedback") for line in applications)
    assert "  feedback 反馈: 答复办结 1, 已评价 1: 反馈率 100.0%; 满意 1, 基本满意 0, 不满意 0: 满意率 100.0%" in lines
    assert "口径 definitions:" in lines and any(line.startswith("  办结率 = 已办结 ÷ 受理") for line in lines)
    code, out, _ = cli("report", "stats", "--year", "2026", "--kind", "petition", "--json")
    assert code == 0 and list(json.loads(out)["kinds"]) == ["petition"]
    code, _, err = cli("report", "stats", "--year", "2026", "--kind", "petition", "--chart", str(tmp_path / "p.png"))
    assert code == 0 and (tmp_path / "p.png").exists()
    code, _, err = cli("report", "stats", "--year", "2026", "--kind", "letters")
    assert code == 2 and err.strip() == "disclosure: error: unknown kind 'letters'; expected one of disclosure, petition, suggestion"
    code, _, err = cli("report", "stats", "--year", "2026", "--by", "kind")
    assert code == 2 and err.strip() == "disclosure: error: Invalid value for '--by': 'kind' is not 'handler'."
