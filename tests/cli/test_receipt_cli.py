"""Receipts on the command line: register takes the channel's dates ([GK] 31), show and explain say
which rule fixed the date, dates that do not fit the channel are one-line errors; a petition's
written reply delivered opens the petitioner's window ([XF] 35)."""

from __future__ import annotations

import json

from freezegun import freeze_time

APPLICANT = ("--applicant", "张三", "--applicant-type", "natural", "--request", "某路段改造批复")


@freeze_time("2026-11-20 10:00:00")
def test_register_by_the_channels_dates_then_show_and_explain_the_rule(cli):
    assert cli("init", "--admin", "admin")[0] == 0
    assert cli("users", "add", "wang", "--role", "registrar")[0] == 0
    # Online, submitted Saturday 7 November, confirmed Monday 9 November ([GK] 31(3)): received the 9th;
    # 20 working days: 10–13 (4), 16–20 (9), 23–27 (14), 30 Nov (15), 1–4 Dec (19), 7 December (20).
    code, out, _ = cli(
        "register", "--channel", "online", "--submitted-on", "2026-11-07", "--confirmed-on", "2026-11-09",
        "--on", "2026-11-09", *APPLICANT, user="wang",
    )
    assert (code, out.strip()) == (0, "2026-0001")
    code, out, _ = cli("show", "2026-0001", "--json", user="wang")
    shown = json.loads(out)
    assert (shown["received_on"], shown["due_on"], shown["receipt"]["rule"]) == ("2026-11-09", "2026-12-07", "confirmed_on")
    code, out, _ = cli("show", "2026-0001", user="wang")
    assert (
        "    by 依据: the day the office and the applicant confirmed receipt 双方确认之日 ([GK] 31(3)); "
        "submitted 提交 2026-11-07, confirmed 确认 2026-11-09"
    ) in out.splitlines()
    code, out, _ = cli("explain", "2026-0001", user="wang")
    lines = out.splitlines()
    assert lines[0].startswith("received 收到 on 2026-11-09 Mon 周一, by 依据: the day the office and the applicant confirmed")
    assert lines[1].startswith("reply 答复期限 starts 起算 on 2026-11-09")
    assert "due 截止日: 2026-12-07 Mon 周一" in lines
    code, out, _ = cli("explain", "2026-0001", "--json", user="wang")
    explained = json.loads(out)
    assert explained["steps"][0] == {"on": "2026-11-09", "kind": "receipt", "count": None, "name": "confirmed_on", "amount": None}
    assert (explained["receipt"]["article"], explained["due"]) == ("[GK] 31(3)", "2026-12-07")


@freeze_time("2026-11-20 10:00:00")
def test_dates_that_do_not_fit_the_channel_are_one_line_errors_and_store_nothing(cli):
    assert cli("init", "--admin", "admin")[0] == 0
    refusals = [
        (("--channel", "online", "--submitted-on", "2026-11-07"), 2,
         "disclosure: error: an application sent online is received on the day the office and the applicant confirm it "
         "([GK] 31(3)): give --confirmed-on (or --received)"),
        (("--channel", "in_person", "--signed-on", "2026-11-07"), 2,
         "disclosure: error: --signed-on is not a date of the in_person channel; an application handed in is received "
         "on the day it is handed in ([GK] 31(1)): give --submitted-on"),
        (("--channel", "post", "--submitted-on", "2026-11-09", "--signed-on", "2026-11-06"), 1,
         "disclosure: error: --signed-on 2026-11-06 is before the application was sent or handed in (--submitted-on 2026-11-09)"),
        (("--channel", "online", "--confirmed-on", "2026-11-09", "--received", "2026-11-07"), 1,
         "disclosure: error: --received 2026-11-07 is not the legal receipt date: the day the office and the applicant "
         "confirmed receipt 双方确认之日, --confirmed-on 2026-11-09 ([GK] 31(3))"),
    ]
    for dates, exit_code, message in refusals:
        code, out, err = cli("register", *dates, "--on", "2026-11-09", *APPLICANT)
        assert (code, out, err.strip().splitlines()[-1]) == (exit_code, "", message)
        assert "Traceback" not in err
    code, out, _ = cli("list", "--json")
    assert json.loads(out) == []


@freeze_time("2026-11-20 10:00:00")
def test_a_petitions_reply_delivered_on_the_command_line_opens_the_review_window(cli):
    assert cli("init", "--admin", "admin")[0] == 0
    cli("register", "--kind", "petition", "--channel", "post", "--received", "2026-04-10", "--on", "2026-04-10",
        "--applicant", "李四", "--applicant-type", "natural", "--request", "反映噪音")
    assert cli("advance", "2026-0001", "accept", "--on", "2026-04-13")[0] == 0
    assert cli("advance", "2026-0001", "assign", "--to", "admin", "--on", "2026-04-13")[0] == 0
    assert cli("advance", "2026-0001", "reply", "--outcome", "not_supported", "--on", "2026-05-20")[0] == 0
    code, _, err = cli("advance", "2026-0001", "request-review", "--on", "2026-06-23")
    assert (code, err.strip().splitlines()[-1]) == (
        1, "disclosure: error: request-review must come within the 复查申请期限 (review_window); "
           "it has not started (deliver-reply starts it)",
    )
    # Received 25 May: 26–31 May (6 days) and 1–24 June (24) → the window's last day is 24 June.
    code, out, _ = cli("advance", "2026-0001", "deliver-reply", "--on", "2026-05-25", "--json")
    assert code == 0
    assert {clock["name"]: clock["due_on"] for clock in json.loads(out)["clocks"]}["review_window"] == "2026-06-24"
    code, out, _ = cli("advance", "2026-0001", "request-review", "--on", "2026-06-23")
    assert (code, out.strip()) == (0, "2026-0001: request-review → reviewing 复查中, due 2026-07-23")
