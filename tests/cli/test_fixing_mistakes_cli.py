"""Fixing mistakes from the command line: void, approve-void, amend, undo; refusals are one line and write nothing.

Today is Friday 2026-11-20 (18:00 in Beijing). A letter received Mon 10-26 is due 20 working days
later: 10-27…30 (4), 11-02…06 (9), 09…13 (14), 16…20 (19), 23 (20) → 11-23; received Fri 10-23:
10-26…30 (5), 11-02…06 (10), 09…13 (15), 16…20 (20) → 11-20.
"""

from __future__ import annotations

import json

from freezegun import freeze_time


def _letter(cli, request: str) -> str:
    code, out, err = cli(
        "register", "--channel", "post", "--received", "2026-10-26", "--on", "2026-10-27",
        "--applicant", "张三", "--applicant-type", "natural", "--request", request, user="wang",
    )
    assert code == 0, err
    return out.strip()


@freeze_time("2026-11-20 10:00:00")
def test_a_clerk_voids_amends_and_undoes_in_the_open(cli):
    cli("init", "--admin", "admin")
    for name, role in (("wang", "registrar"), ("li", "handler"), ("liu", "head")):
        cli("users", "add", name, "--role", role)
    kept, duplicate = _letter(cli, "某路段改造批复"), _letter(cli, "某路段改造批复（重复）")

    assert cli("void", duplicate, "--reason", "同一封信登记两次", user="wang")[1].startswith(f"{duplicate}: void → registered 已登记")
    before = cli("history", duplicate, "--json")[1]
    assert cli("approve-void", duplicate, user="wang") == (
        1, "", "disclosure: error: approve-void needs the role head; wang does not hold it\n"
    )
    assert cli("history", duplicate, "--json")[1] == before
    assert cli("approve-void", duplicate, user="liu")[1] == f"{duplicate}: approve-void → voided 已作废, due 2026-11-23\n"
    assert [row["number"] for row in json.loads(cli("list", "--json")[1])] == [kept]
    assert [row["number"] for row in json.loads(cli("list", "--state", "已作废", "--json")[1])] == [duplicate]
    assert json.loads(cli("show", duplicate, "--json")[1])["state_label"] == "已作废"
    assert "  voided 已作废: 2026-11-20 by liu, asked by wang; reason 理由 同一封信登记两次\n" in cli("show", duplicate)[1]

    code, out, _ = cli("amend", kept, "--version", "1", "--field", "received", "--value", "2026-10-23",
                       "--reason", "签收簿为10月23日", user="liu")
    assert (code, out) == (0, f"{kept}: amend → registered 已登记, due 2026-11-20\n")
    last = cli("history", kept)[1].strip().splitlines()[-1]
    assert "amends 更正 v1 register received: 2026-10-26 → 2026-10-23; reason 理由 签收簿为10月23日" in last
    shown = cli("show", kept)[1]
    assert "  v2 amends 更正 v1 register received: 2026-10-26 → 2026-10-23; reason 理由 签收簿为10月23日 (2026-11-20, liu)\n" in shown
    assert "received 收到: 2026-10-23" in shown

    assert cli("advance", kept, "assign", "--to", "li", user="wang")[0] == 0
    assert cli("undo", kept, user="li") == (
        1, "", f"disclosure: error: li has taken no step on case {kept}; only a step of one's own is undone\n"
    )
    assert cli("undo", kept, user="wang")[1] == f"{kept}: undo → registered 已登记, due 2026-11-20\n"
    assert json.loads(cli("show", kept, "--json")[1])["handler"] is None
    assert cli("audit", "verify")[0] == 0 and cli("audit", "replay")[0] == 0


@freeze_time("2026-11-20 10:00:00")
def test_bad_corrections_are_one_line_errors(cli):
    cli("init", "--admin", "admin")
    for name, role in (("wang", "registrar"), ("liu", "head")):
        cli("users", "add", name, "--role", role)
    number = _letter(cli, "x")
    before = cli("history", number, "--json")[1]
    for args, exit_code, message in (
        (("--version", "1", "--field", "on", "--value", "2026-11-21", "--reason", "x"), 1,
         "the amended date 2026-11-21 is in the future (today is 2026-11-20)"),
        (("--version", "1", "--field", "received", "--value", "2026-10-28", "--reason", "x"), 1,
         "the receipt date 2026-10-28 is after the registration date 2026-10-27"),
        (("--version", "1", "--field", "colour", "--value", "red", "--reason", "x"), 2,
         "amend corrects a step's date (on) or a registration's field"),
        (("--version", "1", "--field", "on", "--value", "2026-10-28"), 2, "Missing option '--reason'"),
    ):
        code, out, err = cli("amend", number, *args, user="liu")
        assert (code, out) == (exit_code, "") and err.count("\n") == 1 and message in err, err
    assert cli("undo", number, user="wang")[2] == (
        f"disclosure: error: a registration is not undone; a registrar asks to void case {number} (void --reason)\n"
    )
    assert cli("history", number, "--json")[1] == before
