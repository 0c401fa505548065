"""The clerks' case commands end to end through the CLI: JSON contract, exit codes, nothing written on refusal."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from freezegun import freeze_time


@freeze_time("2026-11-20 10:00:00")
def test_a_clerks_walkthrough(cli):
    assert cli("init", "--admin", "admin")[0] == 0
    for name, role in (("wang", "registrar"), ("li", "handler"), ("chen", "reviewer"), ("liu", "head")):
        assert cli("users", "add", name, "--role", role)[0] == 0
    code, out, _ = cli(
        "register", "--channel", "post", "--received", "2026-10-26", "--on", "2026-10-27",
        "--applicant", "张三", "--applicant-type", "natural", "--request", "某路段改造批复",
        "--id-number", "110101199001011234", user="wang",
    )
    assert code == 0 and out.strip() == "2026-0001"
    code, out, _ = cli("show", "2026-0001", "--json", user="wang")
    shown = json.loads(out)
    for key in ("number", "kind", "state", "outcome", "applicant_type", "channel", "received_on", "due_on",
                "provisional", "overdue", "replied_on", "handler", "clocks"):
        assert key in shown
    assert shown["due_on"] == "2026-11-23" and shown["state"] == "registered"
    assert shown["applicant"]["id_number"] == "110***********1234"
    assert {c["name"]: c["status"] for c in shown["clocks"]} == {"reply": "running", "correction_notice": "running"}
    assert cli("advance", "2026-0001", "assign", "--to", "li", "--on", "2026-10-28", user="wang")[0] == 0
    code, out, _ = cli("actions", "2026-0001", "--json", user="li")
    assert json.loads(out) == ["request-correction", "consult", "notify-fee", "submit-review", "reply"]
    assert cli("advance", "2026-0001", "extend", "--days", "5", "--on", "2026-11-02", user="liu")[0] == 0
    assert cli("advance", "2026-0001", "submit-review", "--on", "2026-11-16", user="li")[0] == 0
    assert cli("advance", "2026-0001", "approve-review", "--on", "2026-11-17", user="chen")[0] == 0
    assert cli("advance", "2026-0001", "reply", "--outcome", "granted", "--on", "2026-11-18", user="li")[0] == 0
    assert cli("advance", "2026-0001", "deliver", "--method", "email", "--on", "2026-11-19", user="wang")[0] == 0
    code, out, _ = cli("advance", "2026-0001", "archive", "--json", user="wang")
    archived = json.loads(out)
    assert archived["state"] == "archived" and archived["due_on"] == "2026-11-30" and archived["on_time"] is True
    code, out, _ = cli("history", "2026-0001", "--json")
    history = json.loads(out)
    assert [e["type"] for e in history] == [
        "register", "assign", "extend", "submit-review", "approve-review", "reply", "deliver", "archive",
    ]
    assert set(history[0]) == {"version", "type", "on", "user", "by", "role", "recorded_at", "data"}
    assert history[2]["role"] == "head" and history[2]["data"] == {"days": 5}
    code, out, _ = cli("explain", "2026-0001")
    assert code == 0 and "extended 延长" in out and out.strip().splitlines()[-1].startswith("due 截止日: 2026-11-30")


@freeze_time("2026-11-20 10:00:00")
def test_refusals_exit_1_with_one_line_and_write_nothing(cli):
    cli("init", "--admin", "admin")
    cli("users", "add", "li", "--role", "handler")
    cli("register", "--channel", "online", "--received", "2026-11-02", "--applicant", "李四",
        "--applicant-type", "enterprise", "--request", "x")
    before = cli("history", "2026-0001", "--json")[1]
    for args, user, fragment in (
        (("advance", "2026-0001", "submit-review"), "li", "not allowed while the case is in state registered"),
        (("advance", "2026-0001", "assign", "--to", "li"), "li", "needs the role registrar or head"),
        (("advance", "2026-0001", "assign", "--to", "li", "--on", "2026-11-21"), "admin", "in the future"),
        (("advance", "2026-0001", "assign", "--to", "li", "--on", "2026-11-01"), "admin", "before the case's last event"),
        (("advance", "2026-0001", "assign", "--to", "li", "--expect-version", "7"), "admin", "changed"),
        (("show", "2026-0099"), "admin", "no case 2026-0099"),
        (("actions", "2026-0001"), "stranger", "unknown user"),
    ):
        code, out, err = cli(*args, user=user)
        assert code == 1, (args, err)
        assert out == "" and err.count("\n") == 1 and fragment in err
    # Reading needs a known user too, on the quick path and the full one alike.
    refused = "unknown user 'stranger'; an admin adds users with `disclosure users add`"
    assert cli("list", user="stranger") == (1, "", f"disclosure: error: {refused}\n")
    for args in (("show", "2026-0001", "--json"), ("show", "2026-0001", "--json", "--version", "1")):
        code, out, err = cli(*args, user="stranger")
        assert (code, out, json.loads(err)) == (1, "", {"error": {"code": "unknown_user", "message": refused}})
    assert cli("history", "2026-0001", "--json")[1] == before


@freeze_time("2026-11-20 10:00:00")
def test_usage_errors_exit_2(cli):
    cli("init", "--admin", "admin")
    code, _, err = cli("register", "--channel", "pigeon", "--received", "2026-11-02", "--applicant", "x",
                       "--applicant-type", "natural", "--request", "x")
    assert code == 2 and err.count("\n") == 1
    code, _, err = cli("register", "--channel", "online", "--received", "2026-02-30", "--applicant", "x",
                       "--applicant-type", "natural", "--request", "x")
    assert code == 2 and "is not a date" in err
    cli("register", "--channel", "online", "--received", "2026-11-02", "--applicant", "x",
        "--applicant-type", "natural", "--request", "x")
    cli("advance", "2026-0001", "assign", "--to", "admin")
    code, _, err = cli("advance", "2026-0001", "reply", "--outcome", "maybe")
    assert code == 2 and "unknown outcome" in err
    code, _, err = cli("advance", "2026-0001", "fly")
    assert code == 2 and "unknown action" in err


@freeze_time("2026-11-20 10:00:00")
def test_list_filters_and_json(cli):
    cli("init", "--admin", "admin")
    for received in ("2026-10-12", "2026-10-26", "2026-11-16"):
        cli("register", "--channel", "online", "--received", received, "--applicant", "x",
            "--applicant-type", "natural", "--request", "x")
    code, out, _ = cli("list", "--overdue", "--json")
    assert [c["number"] for c in json.loads(out)] == ["2026-0001"]
    code, out, _ = cli("list", "--due-within", "1", "--json")
    assert [c["number"] for c in json.loads(out)] == ["2026-0001", "2026-0002"]
    code, out, _ = cli("list", "--overdue", "--on", "2026-11-24", "--json")
    assert [c["number"] for c in json.loads(out)] == ["2026-0001", "2026-0002"]
    code, out, _ = cli("list")
    assert "已逾期 OVERDUE" in out.splitlines()[0]
    # A page at a time: what follows is said on stderr, and --after goes on from the last one shown.
    code, out, err = cli("list", "--limit", "2")
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == ["2026-0001", "2026-0002"]
    assert err.strip() == "2 cases shown, more follow: --after 2026-0002 lists the next page, --limit 0 all of them"
    code, out, err = cli("list", "--limit", "2", "--after", "2026-0002", "--json")
    assert [c["number"] for c in json.loads(out)] == ["2026-0003"] and err == ""
    code, out, err = cli("list", "--limit", "2", "--json")
    assert json.loads(err) == {"more": True, "after": "2026-0002"}
    assert [c["number"] for c in json.loads(cli("list", "--limit", "0", "--json")[1])] == ["2026-0001", "2026-0002", "2026-0003"]
    code, out, err = cli("list", "--limit", "-1")
    assert (code, out) == (2, "") and err.strip().endswith("--limit must be 0 (all) or more (got -1)")


# `disclosure show` in a process of its own, as a clerk runs it; what it loaded is told on stderr's last line.
_SHOW_IN_A_FRESH_PROCESS = """
import json, sys
from disclosure.cli import main
from disclosure.timekeeping import today
code = main(sys.argv[1:])
loaded = sorted(name for name in sys.modules if name == "sqlalchemy" or name.startswith("sqlalchemy."))
print(json.dumps({"code": code, "today": today().isoformat(), "sqlalchemy": loaded[:3]}), file=sys.stderr)
"""


@freeze_time("2026-11-20 10:00:00")
def test_show_reads_the_same_case_without_the_database_layer(cli, tmp_path):
    from disclosure.service import Office

    cli("init", "--admin", "admin")
    cli("register", "--channel", "online", "--received", "2026-10-12", "--applicant", "王五",
        "--applicant-type", "research", "--request", "x", "--phone", "13912345678")
    cli("advance", "2026-0001", "assign", "--to", "admin", "--on", "2026-10-13")
    cli("advance", "2026-0001", "consult", "--party", "agency", "--on", "2026-10-14")
    code, out, _ = cli("show", "2026-0001", "--json")
    office = Office.open(str(tmp_path / "cli.db"), create=False)
    try:
        assert code == 0
        assert json.loads(out) == json.loads(json.dumps(office.case("2026-0001").to_dict()))
        # A fresh process shows the case without ever importing SQLAlchemy (storage/sql_runner.py).
        shown = subprocess.run(
            [sys.executable, "-c", _SHOW_IN_A_FRESH_PROCESS, "--db", str(tmp_path / "cli.db"), "--user", "admin",
             "show", "2026-0001", "--json"],
            capture_output=True, text=True, timeout=120,
        )
        report = json.loads(shown.stderr.strip().splitlines()[-1])
        assert (report["code"], report["sqlalchemy"]) == (0, []), shown.stderr
        # Judged on the day that process took for today (the real one: freezegun stops at this process).
        on_its_day = office.case("2026-0001", today=date.fromisoformat(report["today"])).to_dict()
        assert json.loads(shown.stdout) == json.loads(json.dumps(on_its_day))
    finally:
        office.close()


def test_commands_on_a_missing_case_book_create_nothing(cli, tmp_path):
    code, _, err = cli("show", "2026-0001")
    assert code == 1 and "no case book" in err
    code, _, err = cli("list")
    assert code == 1 and "no case book" in err
    assert not (tmp_path / "cli.db").exists()
