"""A carried-over case's applicant type amended after its year was published, from the terminal: the next
year's report still comes out, balanced, and its notes say which case moved column (docs/reports.md).

2025-0001 and 2025-0002, natural persons, received in December 2025 and open when 2025 is published on
2026-01-20 (四 结转 自然人 2). 2025-0001 is then amended to 商业企业 and replied to on 2026-01-21. 2026 by hand:
一 0; 二 自然人 1, 商业企业 1 (total 2, as published); 三 商业企业 1; 四 自然人 1.
"""

from __future__ import annotations

import json

from freezegun import freeze_time


@freeze_time("2026-01-22 02:00:00")
def test_next_years_report_after_an_applicant_type_amended_since_publishing(cli, tmp_path):
    assert cli("init", "--admin", "admin")[0] == 0
    for name, role in (("han", "handler"), ("liu", "head")):
        assert cli("users", "add", name, "--role", role)[0] == 0
    for received in ("2025-12-01", "2025-12-10"):
        assert cli("register", "--channel", "post", "--received", received, "--on", received, "--applicant", "张三",
                   "--applicant-type", "natural", "--request", "预算")[0] == 0
    assert cli("advance", "2025-0001", "assign", "--to", "han", "--on", "2025-12-02")[0] == 0
    parts = tmp_path / "parts.toml"
    assert cli("report", "annual-form", "--year", "2025", "--out", str(parts))[0] == 0
    assert cli("report", "annual", "--year", "2025", "--parts", str(parts), "--publish", user="liu")[0] == 0
    code, _, err = cli("amend", "2025-0001", "--version", "1", "--field", "applicant_type", "--value", "enterprise",
                       "--reason", "申请人实为企业", user="liu")
    assert (code, err) == (0, "")
    assert cli("advance", "2025-0001", "reply", "--outcome", "unavailable.not_held", "--on", "2026-01-21", user="han")[0] == 0

    code, out, err = cli("report", "annual", "--year", "2026")
    assert (code, err) == (0, "")
    assert "| 二、上年结转政府信息公开申请数量 | 1 | 1 | 0 | 0 | 0 | 0 | 2 |" in out
    assert "| 　（七）总计 | 0 | 1 | 0 | 0 | 0 | 0 | 1 |" in out
    assert "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |" in out
    assert ("> 说明 note: 二 上年结转 counts 1 case(s) the published 2025 report carried over in the column of their "
            "applicant type as amended since it was published, moved from the column each had there (二's total unchanged "
            "by it): 2025-0001 counted as enterprise 商业企业 (natural 自然人 in the published report)") in out.splitlines()
    code, out, _ = cli("--lang", "zh", "report", "annual", "--year", "2026")  # the note in the clerk's language
    notes = [line for line in out.splitlines() if line.startswith("> 说明 note:")]
    assert code == 0 and any("2025-0001" in note for note in notes)
    assert not any("case(s)" in note or "published" in note for note in notes), notes
    code, out, _ = cli("report", "annual", "--year", "2026", "--json")
    report = json.loads(out)
    assert code == 0 and report["balanced"] and report["table3"]["carried_in"]["total"] == 2
    # The published 2025 report stays as published.
    code, out, _ = cli("report", "annual", "--year", "2025", "--json")
    assert json.loads(out)["table3"]["carried_out"]["natural"] == 2
