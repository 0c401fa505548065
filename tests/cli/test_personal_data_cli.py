"""Personal data on the command line: masked in every output format, shown only with --reveal and a
reason by a permitted user, each sight listed by `audit access`."""

from __future__ import annotations

import json

from freezegun import freeze_time

PERSONAL = ("110101199001011234", "13912345678", "北京市东城区某街1号")


def _book(cli):
    cli("init", "--admin", "admin")
    cli("users", "add", "li", "--role", "handler")
    cli("users", "add", "chen", "--role", "reviewer")
    cli("register", "--channel", "online", "--received", "2026-11-02", "--applicant", "张三", "--applicant-type", "natural",
        "--request", "x", "--id-number", PERSONAL[0], "--phone", PERSONAL[1], "--address", PERSONAL[2])
    cli("advance", "2026-0001", "assign", "--to", "li")


@freeze_time("2026-11-20 10:00:00")
def test_no_output_format_shows_personal_data_unless_revealed(cli, tmp_path):
    _book(cli)
    outputs = {}
    for args in (("show", "2026-0001"), ("list",), ("history", "2026-0001"), ("audit", "export", "--all"),
                 ("audit", "export", "--all", "--format", "csv")):
        for fmt in ((), ("--json",)) if args[0] in ("show", "list", "history") else ((),):
            code, out, err = cli(*args, *fmt)
            assert code == 0, err
            outputs[" ".join((*args, *fmt))] = out
    for name, out in outputs.items():
        for value in PERSONAL:
            assert value not in out, (name, value)
    assert "110***********1234" in outputs["show 2026-0001"] and "139****5678" in outputs["history 2026-0001 --json"]
    assert "张三" not in outputs["audit export --all"] and "张*" in outputs["audit export --all"]  # exports mask names too

    code, out, _ = cli("show", "2026-0001", "--reveal", "--reason", "电话联系", user="li")  # the case's handler
    assert code == 0 and all(value in out for value in PERSONAL)
    code, out, _ = cli("history", "2026-0001", "--json", "--reveal", "--reason", "复核")
    assert code == 0 and PERSONAL[0] in out
    code, out, _ = cli("audit", "export", "--all", "--with-personal-data", "--reason", "移送")
    assert code == 0 and "张三" in out and PERSONAL[0] in out
    code, out, _ = cli("audit", "access", "--json")
    assert [(entry["user"], entry["via"], entry["reason"]) for entry in json.loads(out)] == [
        ("li", "show", "电话联系"), ("admin", "history", "复核"), ("admin", "export", "移送"),
    ]
    code, out, _ = cli("audit", "access", "--user", "li")
    assert code == 0 and out.count("\n") == 1 and "查看个人信息" in out and "理由 reason: 电话联系" in out


@freeze_time("2026-11-20 10:00:00")
def test_revealing_is_refused_without_a_reason_or_a_permitted_role_and_logs_nothing(cli):
    _book(cli)
    for args, user, code, fragment in (
        (("show", "2026-0001", "--reveal"), "admin", 2, "--reveal needs --reason"),
        (("show", "2026-0001", "--reason", "x"), "admin", 2, "--reason goes with --reveal"),
        (("show", "2026-0001", "--reveal", "--reason", "看看"), "chen", 1, "chen has neither"),
        (("audit", "export", "--all", "--with-personal-data"), "admin", 2, "needs --reason"),
        (("audit", "export", "--all", "--with-personal-data", "--reason", "x"), "chen", 1, "chen has neither"),
    ):
        got = cli(*args, user=user)
        assert (got[0], got[1]) == (code, "") and fragment in got[2] and got[2].count("\n") == 1, (args, got)
    assert cli("audit", "access", "--json")[1] == "[]\n"


@freeze_time("2026-11-20 10:00:00")
def test_only_an_admins_login_acts_for_another_user(cli, tmp_path):
    from disclosure.logins import os_login
    from disclosure.service import Office

    _book(cli)
    cli("users", "add", "boss", "--role", "admin", "--login", "boss-login")
    cli("users", "login", "admin", "someone-else")  # the login running the tests is now nobody's
    code, out, err = cli("list", user="li")
    assert (code, out) == (1, "") and f"the login '{os_login()}' is no user of this case book" in err
    office = Office.open(str(tmp_path / "cli.db"), create=False, user="boss")  # an embedder vouching for boss
    office.set_login("li", os_login())
    office.close()
    assert cli("list", user="li")[0] == 0  # li acting as li: no one else named
    code, out, err = cli("list", user="chen")
    assert (code, out, err) == (1, "", "disclosure: error: logged in as li, not chen; only an admin acts for another user\n")
    code, out, err = cli("advance", "2026-0001", "request-correction", "--period", "5", user="li")
    assert code == 0 and json.loads(cli("history", "2026-0001", "--json", user="li")[1])[-1]["user"] == "li"


@freeze_time("2026-11-20 10:00:00")
def test_the_office_logs_anchor_is_kept_and_checked_like_the_events(cli):
    _book(cli)
    code, log_anchor, _ = cli("audit", "anchor", "--log")
    assert code == 0 and log_anchor.startswith("4:")  # init's two users, then li and chen added
    code, out, _ = cli("audit", "verify", "--log-anchor", log_anchor.strip())
    assert code == 0 and out.startswith("intact: ")
    code, out, err = cli("audit", "verify", "--log-anchor", "4:abc")
    assert (code, out) == (2, "") and err.startswith("disclosure: error: --log-anchor '4:abc' is not POS:HASH")
    code, out, _ = cli("audit", "verify", "--log-anchor", "9:" + "0" * 64)
    assert code == 1 and out.startswith("BROKEN 已被篡改: office log entry 5: the log ends at entry 4, but the anchor kept names entry 9")
