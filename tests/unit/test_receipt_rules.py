"""The legal receipt date by channel ([GK] 31), worked by hand, and the reply's due date that follows.

Working days in November–December 2026 are Monday to Friday (no holiday, no make-up day): Mon 9,
Tue 10 … Fri 13, Mon 16 … Fri 20, Mon 23 … Fri 27, Mon 30 November, Tue 1 … Fri 4, Mon 7 … Fri 11
December. In October 2026 National Day runs 1–7 October, and Saturday 10 October is worked.
The start day of a period is never counted ([MFD] 201).
"""

from __future__ import annotations

from datetime import date

import pytest

from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.case import Acting, decide, handle
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.kinds import BUILT_IN_KINDS
from disclosure.workflow.receipt import described_receipt, legal_receipt

d = date.fromisoformat
CALENDAR = WorkCalendar()
KIND, MACHINE = BUILT_IN_KINDS.kind("disclosure"), BUILT_IN_KINDS.machine("disclosure")


def _register(on: str, **dates):
    acting = Acting("wang", frozenset({"registrar"}), d(on), d("2026-12-31"), CALENDAR)
    params = {"applicant": "张三", "applicant_type": "natural", "request": "某路段改造批复", **dates}
    return handle(KIND, MACHINE, None, "register", acting, params, numbering=lambda: "2026-0001")


def test_online_submitted_on_a_saturday_and_confirmed_on_monday_is_received_on_monday():
    # [GK] 31(3): online, the day both sides confirm it. Submitted Saturday 7 November, confirmed
    # Monday 9 November → received the 9th. Twenty working days from the 9th: 10–13 (4), 16–20 (9),
    # 23–27 (14), 30 November (15), 1–4 December (19), Monday 7 December (20).
    event, case = _register("2026-11-09", channel="online", submitted_on="2026-11-07", confirmed_on="2026-11-09")
    assert case.received_on == d("2026-11-09")
    assert case.due(CALENDAR).on == d("2026-12-07")
    assert event.data["receipt"] == {"rule": "confirmed_on", "submitted_on": "2026-11-07", "confirmed_on": "2026-11-09"}
    # Counted from the Saturday it would have been 4 December: 9–13 (5), 16–20 (10), 23–27 (15), 30 Nov–4 Dec (20).
    assert CALENDAR.add_working_days(d("2026-11-07"), 20).on == d("2026-12-04")


@pytest.mark.parametrize(
    ("channel", "dates", "received", "rule", "due"),
    [
        # In person, handed in Friday 6 November ([GK] 31(1)): 9–13 (5), 16–20 (10), 23–27 (15),
        # 30 Nov–4 Dec (20) → 4 December.
        ("in_person", {"submitted_on": "2026-11-06"}, "2026-11-06", "submitted_on", "2026-12-04"),
        # Posted Monday 2 November, signed for Thursday 5 November ([GK] 31(2)): 6 (1), 9–13 (6),
        # 16–20 (11), 23–27 (16), 30 Nov–3 Dec (20) → 3 December.
        ("post", {"submitted_on": "2026-11-02", "signed_on": "2026-11-05"}, "2026-11-05", "signed_on", "2026-12-03"),
        # Signed for and also confirmed by telephone: the signature fixes it ([GK] 31(2)).
        ("post", {"signed_on": "2026-11-05", "confirmed_on": "2026-11-06"}, "2026-11-05", "signed_on", "2026-12-03"),
        # An ordinary letter, confirmed with the applicant Monday 9 November: as the online case, 7 December.
        ("post", {"submitted_on": "2026-11-02", "confirmed_on": "2026-11-09"}, "2026-11-09", "confirmed_on", "2026-12-07"),
        # Fax confirmed Friday 13 November ([GK] 31(3)): 16–20 (5), 23–27 (10), 30 Nov–4 Dec (15), 7–11 Dec (20).
        ("fax", {"confirmed_on": "2026-11-13"}, "2026-11-13", "confirmed_on", "2026-12-11"),
        ("email", {"submitted_on": "2026-11-12", "confirmed_on": "2026-11-13"}, "2026-11-13", "confirmed_on", "2026-12-11"),
        # A date the clerk worked out: taken as given.
        ("post", {"received": "2026-11-06"}, "2026-11-06", "given", "2026-12-04"),
    ],
)
def test_each_channels_rule_fixes_the_receipt_date(channel, dates, received, rule, due):
    event, case = _register("2026-11-13", channel=channel, **dates)
    assert (case.received_on, case.receipt["rule"], case.due(CALENDAR).on) == (d(received), rule, d(due))
    assert event.data["received_on"] == received


def test_a_confirmation_after_national_day_moves_the_due_date_past_the_holiday():
    # Submitted online Wednesday 30 September 2026, the eve of National Day (1–7 October), confirmed
    # Friday 9 October: received the 9th. Twenty working days: Saturday 10 October (worked, 1),
    # 12–16 (6), 19–23 (11), 26–30 (16), 2–5 November (20).
    _, case = _register("2026-10-09", channel="online", submitted_on="2026-09-30", confirmed_on="2026-10-09")
    assert case.due(CALENDAR).on == d("2026-11-05")
    # Counted from the submission it would have been 3 November (STATUTE.md §1's worked example:
    # 8, 9, Saturday 10 (3), 12–16 (8), 19–23 (13), 26–30 (18), 2–3 November (20)).
    assert CALENDAR.add_working_days(d("2026-09-30"), 20).on == d("2026-11-03")


def test_the_rule_and_its_article_are_described_for_the_case():
    _, case = _register("2026-11-09", channel="post", confirmed_on="2026-11-09")
    described = described_receipt(case.receipt, case.channel)
    assert (described["rule"], described["article"]) == ("confirmed_on", "[GK] 31(2)")
    assert "与申请人确认之日" in described["rule_text"]
    _, online = _register("2026-11-09", channel="online", confirmed_on="2026-11-09")
    assert described_receipt(online.receipt, online.channel)["article"] == "[GK] 31(3)"
    assert described_receipt({}, "post") is None  # a case registered before the rules were recorded


@pytest.mark.parametrize(
    ("channel", "dates", "error", "message"),
    [
        ("online", {"submitted_on": "2026-11-07"}, InvalidInput,
         "^an application sent online is received on the day the office and the applicant confirm it "
         r"\(\[GK\] 31\(3\)\): give --confirmed-on \(or --received\)$"),
        ("post", {"submitted_on": "2026-11-07"}, InvalidInput, "give --signed-on or --confirmed-on"),
        ("in_person", {"signed_on": "2026-11-07"}, InvalidInput, "^--signed-on is not a date of the in_person channel"),
        ("fax", {"signed_on": "2026-11-07"}, InvalidInput, "^--signed-on is not a date of the fax channel"),
        ("fax", {}, InvalidInput, "^register needs --received, or the channel's dates: .*give --confirmed-on$"),
        ("online", {"submitted_on": "2026-11-09", "confirmed_on": "2026-11-08"}, RuleViolation,
         r"^--confirmed-on 2026-11-08 is before the application was sent or handed in \(--submitted-on 2026-11-09\)$"),
        ("online", {"confirmed_on": "2026-11-10"}, RuleViolation,
         "^the receipt date 2026-11-10 is after the registration date 2026-11-09$"),
        ("post", {"signed_on": "2026-11-05", "confirmed_on": "2026-11-10"}, RuleViolation,
         "^--confirmed-on 2026-11-10 is after the registration date 2026-11-09$"),
        ("online", {"confirmed_on": "2026-11-09", "received": "2026-11-07"}, RuleViolation,
         r"^--received 2026-11-07 is not the legal receipt date: .*--confirmed-on 2026-11-09 \(\[GK\] 31\(3\)\)$"),
        ("post", {"submitted_on": "2026-11-06", "received": "2026-11-05"}, RuleViolation,
         "^--received 2026-11-05 is before the application was sent"),
        ("online", {"confirmed_on": "11/09/2026"}, InvalidInput, "^--confirmed-on '11/09/2026' is not a date"),
        ("online", {"confirmed_on": "  "}, InvalidInput, "^--confirmed-on must not be blank$"),
    ],
)
def test_dates_that_do_not_fit_the_channels_rule_are_refused(channel, dates, error, message):
    with pytest.raises(error, match=message):
        _register("2026-11-09", channel=channel, **dates)


def test_a_kind_without_a_channel_takes_no_channel_dates():
    with pytest.raises(InvalidInput, match=r"^--submitted-on needs --channel: the receipt date's rule depends on it \(\[GK\] 31\)$"):
        legal_receipt("", {"submitted_on": "2026-11-07"})
    assert legal_receipt("", {"received": "2026-11-07"}).rule == "given"


def test_an_office_kind_registering_a_case_takes_the_same_rule():
    petition, machine = BUILT_IN_KINDS.kind("petition"), BUILT_IN_KINDS.machine("petition")
    acting = Acting("wang", frozenset({"registrar"}), d("2026-11-09"), d("2026-12-31"), CALENDAR)
    event = decide(petition, machine, None, "register", acting, {
        "channel": "online", "submitted_on": "2026-11-07", "confirmed_on": "2026-11-09",
        "applicant": "李四", "applicant_type": "natural", "request": "反映噪音",
    })
    assert (event.data["received_on"], event.data["receipt"]["rule"]) == ("2026-11-09", "confirmed_on")
