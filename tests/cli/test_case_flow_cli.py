"""The command line of the rules issue 16 added to the disclosure kind: a delayed reply for excessive
requests ([GK] 35), a reply's reasons and where the information is ([GK] 36-39), an appeal on a case
never replied to ([GK] 51)."""

from __future__ import annotations

import json

from freezegun import freeze_time


def _case(cli):
    cli("init", "--admin", "admin")
    cli("users", "add", "li", "--role", "handler")
    cli("register", "--channel", "in_person", "--submitted-on", "2026-11-02", "--on", "2026-11-02",
        "--applicant", "张三", "--applicant-type", "natural", "--request", "x")
    cli("advance", "2026-0001", "assign", "--to", "li", "--on", "2026-11-03")


@freeze_time("2026-11-20 10:00:00")
def test_a_delayed_reply_rolls_off_a_rest_day_and_is_shown_with_its_reason(cli):
    _case(cli)
    # Received Mon 11-02: 20 working days end Mon 11-30. The head sets 12-20, a Sunday: the next working day is 12-21.
    code, out, err = cli("advance", "2026-0001", "delay-reply", "--due", "2026-12-20", "--reason", "申请数量明显超出合理范围",
                         "--on", "2026-11-05", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["due_on"], data["delayed_reply"]["reason"]) == ("2026-12-21", "申请数量明显超出合理范围")
    code, out, err = cli("advance", "2026-0001", "delay-reply", "--due", "2026-12-31", "--reason", "again", "--on", "2026-11-06")
    assert (code, out) == (1, "") and err.count("\n") == 1  # once only
    code, out, err = cli("advance", "2026-0001", "delay-reply", "--due", "2026-12-31", "--reason", "x", "--on", "2026-11-06", user="li")
    assert code == 1 and "head" in err  # the head's decision


@freeze_time("2026-11-20 10:00:00")
def test_a_reply_that_gives_nothing_carries_its_reason_and_basis_and_where_to_look(cli):
    _case(cli)
    code, out, err = cli("advance", "2026-0001", "reply", "--outcome", "unavailable.not_held", "--available-at", "区自然资源局",
                         "--on", "2026-11-10", "--json", user="li")
    assert code == 0, err
    grounds = json.loads(out)["reply_reasons"]
    assert grounds["reason"] and grounds["basis"]  # the outcome's defaults: its label and its article
    assert grounds["available_at"] == "区自然资源局"
    history = json.loads(cli("history", "2026-0001", "--json")[1])
    assert history[-1]["data"]["available_at"] == "区自然资源局"


@freeze_time("2026-11-20 10:00:00")
def test_a_suit_over_a_missing_reply_is_recorded_on_the_open_case(cli):
    _case(cli)
    code, out, err = cli("advance", "2026-0001", "record-appeal", "--type", "litigation", "--result", "pending",
                         "--on", "2026-11-20", "--json")
    assert code == 0, err
    appeal = json.loads(out)["appeals"][0]
    assert (appeal["type"], appeal["result"], appeal["against"]) == ("litigation", "pending", "no_reply")
    assert json.loads(out)["state"] == "processing"  # the appeal is a fact; the case still owes its reply
