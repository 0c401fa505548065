"""An office's own kind of case from a file, driven through the command line with every capability:
register --kind, advance, actions, history, explain, show, the sweep's alerts, audit, statistics."""

from __future__ import annotations

import json
from pathlib import Path

from freezegun import freeze_time

KIND_FILE = str(Path(__file__).resolve().parents[1] / "fixtures" / "kinds" / "message_board.toml")


@freeze_time("2026-11-20 10:00:00")
def test_a_configured_kind_through_the_command_line(cli):
    def run(*args, user="admin"):
        return cli("--kinds", KIND_FILE, *args, user=user)

    assert run("init", "--admin", "admin")[0] == 0
    assert run("users", "add", "wang", "--role", "registrar")[0] == 0
    assert run("users", "add", "li", "--role", "handler")[0] == 0
    code, out, _ = run("kinds", "list", "--json")
    assert code == 0 and {"code": "message_board", "label": "领导留言板", "built_in": False} in json.loads(out)
    code, out, _ = run("kinds", "show", "message_board")
    assert code == 0 and "stateDiagram-v2" in out and "handling --> replied : reply" in out
    code, out, _ = run(
        "register", "--kind", "message_board", "--channel", "online", "--received", "2026-11-02", "--on", "2026-11-02",
        "--applicant", "张三", "--applicant-type", "natural", "--request", "小区路灯不亮", user="wang",
    )
    assert (code, out.strip()) == (0, "2026-0001")
    # 10 working days from Monday 2 November: Monday 16 November.
    code, out, _ = run("show", "2026-0001", "--json")
    shown = json.loads(out)
    assert (shown["kind"], shown["state"], shown["state_label"], shown["due_on"]) == ("message_board", "registered", "已登记", "2026-11-16")
    assert shown["clocks"][0]["label"] == "回复期限"
    assert json.loads(run("actions", "2026-0001", "--json", user="wang")[1]) == ["assign"]
    assert run("advance", "2026-0001", "assign", "--to", "li", "--on", "2026-11-03", user="wang")[0] == 0
    code, out, _ = run("sweep", "--json")
    alerts = [(a["case"], a["clock"], a["threshold"], a["recipients"]) for a in json.loads(out)]
    # Overdue since the 17th, and by four working days (17–20) past its own escalation threshold of 3.
    assert ("2026-0001", "reply", "overdue", ["li"]) in alerts and ("2026-0001", "reply", "escalation", ["admin"]) in alerts
    code, _, err = run("advance", "2026-0001", "reply", "--outcome", "granted", user="li")
    assert code == 2 and "unknown outcome 'granted'; expected one of answered, not_ours" in err
    code, out, _ = run("advance", "2026-0001", "reply", "--outcome", "answered", "--json", user="li")
    replied = json.loads(out)
    assert (replied["state"], replied["outcome_label"], replied["on_time"]) == ("replied", "已回复", False)
    code, out, _ = run("history", "2026-0001", "--json")
    assert [event["type"] for event in json.loads(out)] == ["register", "assign", "reply"]
    code, out, _ = run("explain", "2026-0001")
    assert code == 0 and "2026-11-16" in out
    assert run("audit", "verify")[0] == 0 and run("audit", "replay")[0] == 0
    code, out, _ = run("report", "stats", "--year", "2026", "--json")
    assert json.loads(out)["kinds"]["message_board"]["total"]["concluded"] == 1


def test_a_broken_kind_file_is_one_line_and_exit_2(cli, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text(Path(KIND_FILE).read_text(encoding="utf-8").replace('from = ["handling"]', 'from = ["handlng"]'), encoding="utf-8")
    code, _, err = cli("--kinds", str(broken), "kinds", "list")
    assert code == 2 and err.strip() == (
        f"disclosure: error: kind message_board ({broken}) action reply: unknown source state 'handlng'"
    )


@freeze_time("2026-11-20 10:00:00")
def test_petitions_counted_in_working_days_by_an_office_setting(cli):
    assert cli("init", "--admin", "admin", "--setting", "petition_unit=workdays")[0] == 0
    code, out, _ = cli(
        "register", "--kind", "petition", "--channel", "post", "--received", "2026-09-16", "--on", "2026-09-16",
        "--applicant", "李四", "--applicant-type", "natural", "--request", "反映噪音", "--json",
    )
    assert code == 0 and json.loads(out)["due_on"] == "2026-10-13"  # 15 working days, not 15 days (8 October)
    code, out, _ = cli("advance", "2026-0001", "transfer", "--to", "区住建局", "--on", "2026-09-17", "--json")
    assert code == 0 and (json.loads(out)["state"], json.loads(out)["facts"]) == ("transferred", {"to": "区住建局"})
    code, _, err = cli("init", "--setting", "nonsense")
    assert code == 2 and "expected NAME=VALUE" in err


@freeze_time("2026-11-20 10:00:00")
def test_petitions_and_suggestions_from_the_command_line(cli):
    assert cli("init", "--admin", "admin")[0] == 0
    cli("register", "--kind", "petition", "--channel", "post", "--received", "2026-09-16", "--on", "2026-09-16",
        "--applicant", "李四", "--applicant-type", "natural", "--request", "反映噪音")
    assert cli("advance", "2026-0001", "accept", "--on", "2026-09-18")[0] == 0
    code, out, _ = cli("explain", "2026-0001")
    assert code == 0 and "due 截止日: 2026-11-17" in out  # the handling period: 60 days from the acceptance
    code, _, err = cli("advance", "2026-0001", "extend", "--days", "10", "--on", "2026-09-30")
    assert code == 2 and err.strip() == "disclosure: error: extend needs --reason"
    assert cli("advance", "2026-0001", "extend", "--days", "10", "--reason", "情况复杂", "--on", "2026-09-30")[0] == 0
    code, out, _ = cli(
        "register", "--kind", "suggestion", "--received", "2026-03-19", "--on", "2026-03-19", "--applicant", "王代表",
        "--applicant-type", "deputy", "--request", "关于老旧小区改造的建议", "--set", "complex=no", "--json",
    )
    assert code == 0 and (json.loads(out)["number"], json.loads(out)["due_on"]) == ("2026-0002", "2026-06-22")
    assert cli("advance", "2026-0002", "assign", "--to", "admin", "--on", "2026-03-20")[0] == 0
    assert cli("advance", "2026-0002", "reply", "--outcome", "C", "--on", "2026-06-01")[0] == 0
    code, out, _ = cli("advance", "2026-0002", "feedback", "--set", "rating=basically_satisfied", "--on", "2026-06-05", "--json")
    assert code == 0 and json.loads(out)["facts"]["rating"] == "basically_satisfied"
    code, _, err = cli("advance", "2026-0002", "reopen", "--on", "2026-06-06")
    assert code == 1 and "reopen needs rating to be 'dissatisfied'" in err
    code, _, err = cli("advance", "2026-0002", "feedback", "--set", "rating", "--on", "2026-06-06")
    assert code == 2 and "expected NAME=VALUE" in err


@freeze_time("2026-11-20 10:00:00")
def test_an_export_of_a_configured_kind_checks_without_the_database(cli, tmp_path):
    def run(*args):
        return cli("--kinds", KIND_FILE, *args)

    assert run("init", "--admin", "admin")[0] == 0
    run("register", "--kind", "message_board", "--channel", "online", "--received", "2026-11-02", "--on", "2026-11-02",
        "--applicant", "张三", "--applicant-type", "natural", "--request", "路灯")
    assert run("audit", "export", "2026-0001", "--out", str(tmp_path / "e.json"))[0] == 0
    code, out, _ = run("audit", "verify-export", str(tmp_path / "e.json"))
    assert code == 0 and out.startswith("intact")


def test_the_outcome_codes_are_listed_with_their_labels_where_a_clerk_looks(cli):
    code, out, _ = cli("kinds", "show", "disclosure")
    lines = out.splitlines()
    start = lines.index("outcomes 结果 (advance … --outcome, the code or its label):")
    listed = [line.split() for line in lines[start + 1:start + 20]]
    # The nineteen a reply may give ([NB] table 三), in the statute's order; the two a lapse sets are not offered.
    assert [words[0] for words in listed][:3] == ["granted", "partial", "withheld.state_secret"]
    assert ["withheld.process_info", "属于四类过程性信息"] in listed and ["other.other", "其他"] in listed
    assert not any(line.strip().startswith(("other.no_correction", "other.fee_unpaid")) for line in lines)
    code, out, _ = cli("advance", "--help")
    assert code == 0
    assert "--outcome for suggestion 人大代表建议·政协提案 (the code or its label):" in out
    assert any(line.split() == ["declined.duplicate", "重复申请"] for line in out.splitlines())
    assert any(line.split() == ["partly_supported", "部分支持"] for line in out.splitlines())
