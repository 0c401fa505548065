"""A wrong system clock from the terminal: a case's number takes the year of its effective date, the
sweep refuses to end cases far from any person's work until `--confirm`, and a head reinstates a
lapsed case with `advance … reinstate --reason`."""

from __future__ import annotations

import json

from freezegun import freeze_time


def _office(cli):
    assert cli("init", "--admin", "admin")[0] == 0
    assert cli("users", "add", "wang", "--role", "registrar")[0] == 0
    assert cli("users", "add", "li", "--role", "handler")[0] == 0
    assert cli("users", "add", "boss", "--role", "head")[0] == 0


def _register(cli, *on: str):
    return cli(
        "register", "--channel", "post", "--received", "2026-12-30", *on,
        "--applicant", "张三", "--applicant-type", "natural", "--request", "某路段改造批复", "--json", user="wang",
    )


@freeze_time("2027-01-04 02:00:00")  # 10:00 on Monday 4 January 2027 in Shanghai
def test_a_registration_effective_in_the_previous_year_is_numbered_in_that_year(cli):
    _office(cli)
    code, out, _ = _register(cli, "--on", "2026-12-31")
    assert code == 0 and json.loads(out)["number"] == "2026-0001"
    code, out, _ = _register(cli)  # effective today
    assert code == 0 and json.loads(out)["number"] == "2027-0001"
    code, out, _ = _register(cli, "--on", "2026-12-31")
    assert code == 0 and json.loads(out)["number"] == "2026-0002"


def test_a_sweep_far_from_any_persons_work_is_refused_until_confirmed_and_a_head_reinstates(cli):
    with freeze_time("2026-10-28 02:00:00"):
        _office(cli)
        cli("register", "--channel", "post", "--received", "2026-10-26", "--on", "2026-10-27",
            "--applicant", "张三", "--applicant-type", "natural", "--request", "某路段改造批复", user="wang")
        assert cli("advance", "2026-0001", "assign", "--to", "li", user="wang")[0] == 0
        # 5 working days from Wednesday 10-28: 29, 30, 2 November, 3, 4: the last day is Wednesday 2026-11-04.
        assert cli("advance", "2026-0001", "request-correction", "--period", "5", user="li")[0] == 0
    with freeze_time("2026-11-20 02:00:00"):  # nobody has recorded anything for 23 days
        code, out, err = cli("sweep")
        assert (code, out) == (1, "")
        assert err == (
            "disclosure: error: the sweep of 2026-11-20 would end 1 case(s) by lapse, but the newest event a person "
            "recorded is of 2026-10-28, 23 days before: if the system clock is right, sweep with --confirm; "
            "nothing was changed\n"
        )
        assert json.loads(cli("show", "2026-0001", "--json")[1])["state"] == "correction"
        code, out, _ = cli("sweep", "--confirm", "--json")
        assert code == 0 and {"case": "2026-0001", "clock": "correction", "threshold": "lapsed",
                              "due_on": "2026-11-04", "recipients": ["li"]} in json.loads(out)
        # The correction had come on 11-03, in time, and was not recorded: a head takes the lapse back.
        code, _, err = cli("advance", "2026-0001", "reinstate", "--on", "2026-11-03", user="boss")
        assert (code, err) == (2, "disclosure: error: reinstate needs --reason\n")
        code, _, err = cli("advance", "2026-0001", "reinstate", "--on", "2026-11-03", "--reason", "x", user="li")
        assert (code, err) == (1, "disclosure: error: reinstate needs the role head; li does not hold it\n")
        code, out, _ = cli("advance", "2026-0001", "reinstate", "--on", "2026-11-03",
                           "--reason", "补正材料11月3日已收到，登记遗漏", "--json", user="boss")
        assert code == 0 and (json.loads(out)["state"], json.loads(out)["outcome"]) == ("correction", None)
        assert cli("advance", "2026-0001", "receive-correction", "--on", "2026-11-03", user="wang")[0] == 0
        shown = json.loads(cli("show", "2026-0001", "--json")[1])
        # The reply clock restarts in full from 11-03: 20 working days to Tuesday 2026-12-01.
        assert (shown["state"], shown["due_on"]) == ("processing", "2026-12-01")
        assert cli("audit", "verify")[0] == 0
