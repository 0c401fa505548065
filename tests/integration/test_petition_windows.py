"""The petitioner's 复查 and 复核 windows run from the day the written reply is received ([XF] 35, 36),
recorded with deliver-reply / deliver-review-reply, on both backends.

Calendar days counted by hand on the 2026 calendar, the day of receipt not counted ([MFD] 201), a
last day on a rest day rolled to the next working day ([MFD] 203): the Dragon Boat Festival is
19–21 June (Friday to Sunday); May has 31 days, July 31.
"""

from __future__ import annotations

from datetime import date

import pytest

from disclosure.workflow.errors import RuleViolation


def _replied_petition(office, replied_on="2026-05-20"):
    number = office.register(
        kind="petition", user="reg", on="2026-04-10", received="2026-04-10", channel="post",
        applicant="李四", applicant_type="natural", request="反映小区噪音扰民",
    ).number
    office.act(number, "accept", user="reg", on="2026-04-13")
    office.act(number, "assign", user="reg", on="2026-04-13", to="han")
    office.act(number, "reply", user="han", on=replied_on, outcome="not_supported")
    return number


def _window(office, number, name):
    clocks = {clock["name"]: clock for clock in office.case(number).to_dict()["clocks"]}
    found = clocks.get(name)
    return (found["status"], found["due_on"]) if found else None


def test_a_review_asked_within_30_days_of_receiving_the_reply_is_in_time(office):
    # Replied 20 May, received 25 May. From the receipt: 26–31 May (6 days), 1–24 June (24) → 30 days
    # end Wednesday 24 June, a working day. From the reply it would have been 21–31 May (11), 1–19
    # June (19) → Friday 19 June, the Dragon Boat Festival, rolled to Monday 22 June: 23 June late.
    number = _replied_petition(office)
    assert _window(office, number, "review_window") is None  # nothing runs before the petitioner has it
    assert office.actions(number, "reg") == ["deliver-reply", "feedback"]
    with pytest.raises(RuleViolation, match=r"^request-review must come within the 复查申请期限 \(review_window\); "
                                            r"it has not started \(deliver-reply starts it\)$"):
        office.act(number, "request-review", user="reg", on="2026-05-26")
    with pytest.raises(RuleViolation, match="before the case's last event on 2026-05-20"):
        office.act(number, "deliver-reply", user="reg", on="2026-05-19")
    office.act(number, "deliver-reply", user="reg", on="2026-05-25")
    assert _window(office, number, "review_window") == ("running", "2026-06-24")
    with pytest.raises(RuleViolation, match="deliver-reply may be taken once per case, and was"):
        office.act(number, "deliver-reply", user="reg", on="2026-05-26")
    view = office.act(number, "request-review", user="reg", on="2026-06-23")
    # The review itself is decided in 30 days from the request: 24–30 June (7), 1–23 July (23) → Thursday 23 July.
    assert (view.state, view.due.on) == ("reviewing", date(2026, 7, 23))
    assert office.verify().intact and office.replay() == []


def test_a_review_asked_after_the_window_from_the_receipt_is_refused(office):
    number = _replied_petition(office)
    office.act(number, "deliver-reply", user="han", on="2026-05-25")
    with pytest.raises(RuleViolation, match=r"within the 复查申请期限 \(review_window\); it ended on 2026-06-24$"):
        office.act(number, "request-review", user="reg", on="2026-06-25")
    assert office.case(number).state == "replied"


def test_a_rereview_window_runs_from_the_receipt_of_the_review_reply(office):
    number = _replied_petition(office)
    office.act(number, "deliver-reply", user="reg", on="2026-05-25")
    office.act(number, "request-review", user="reg", on="2026-06-01")
    office.act(number, "review-reply", user="han", on="2026-07-10", outcome="upheld")
    assert _window(office, number, "rereview_window") is None
    with pytest.raises(RuleViolation, match=r"it has not started \(deliver-review-reply starts it\)$"):
        office.act(number, "request-rereview", user="reg", on="2026-07-13")
    # Received Wednesday 15 July: 16–31 July (16 days), 1–14 August (14) → Friday 14 August. From the
    # review reply (10 July) it would have been Sunday 9 August, rolled to Monday the 10th.
    office.act(number, "deliver-review-reply", user="reg", on="2026-07-15")
    assert _window(office, number, "rereview_window") == ("running", "2026-08-14")
    with pytest.raises(RuleViolation, match="it ended on 2026-08-14$"):
        office.act(number, "request-rereview", user="reg", on="2026-08-17")
    assert office.act(number, "request-rereview", user="reg", on="2026-08-14").state == "rereviewing"
    assert office.verify().intact and office.replay() == []
