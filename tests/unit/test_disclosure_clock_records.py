"""What the disclosure actions write into the clocks' ledgers: the day each clock stopped, the unit
it counts in, and the history a clock keeps when it is started again (a second correction
period, a reopened case's new reply clock). The ledger is the clock's record ("the ledger records
what happened", workflow/clocks.py); whether a period was kept is judged from its stop date.

The standard case (tests/unit/test_disclosure_workflow.py): received and registered on Friday
2025-09-26 (reply clock 20 working days, due 10-30; correction-notice clock 7, due 10-13).
"""

from __future__ import annotations

from datetime import date

from disclosure.workflow.calendar import Due
from disclosure.workflow.clocks import ClockStatus, ClockUnit, LedgerEntry
from tests.unit.test_disclosure_workflow import (
    CAL,
    delivered,
    fee_pending,
    in_consultation,
    in_correction,
    processing,
    registered,
)

d = date.fromisoformat
WD = ClockUnit.WORKDAYS


def _stops(story) -> dict[str, date | None]:
    return {name: clock.stopped_on for name, clock in story.case.clocks.items()}


def test_registration_starts_the_reply_and_notice_clocks_in_working_days_from_the_receipt():
    story = registered()
    assert story.case.clock("reply").ledger == (LedgerEntry("start", d("2025-09-26"), 20, WD),)
    assert story.case.clock("correction_notice").ledger == (LedgerEntry("start", d("2025-09-26"), 7, WD),)


def test_an_extension_is_recorded_on_the_day_the_head_decided_it():
    story = processing()
    story.do("extend", "2025-10-20", days=10)
    assert story.case.clock("reply").ledger == (
        LedgerEntry("start", d("2025-09-26"), 20, WD),
        LedgerEntry("extend", d("2025-10-20"), 10),
    )


def test_a_correction_asked_before_assignment_stops_the_reply_and_notice_clocks_that_day():
    story = registered()
    story.do("request-correction", "2025-10-09")
    assert _stops(story) == {"reply": d("2025-10-09"), "correction_notice": d("2025-10-09"), "correction": None}
    # Asked on day 4 of the notice period (09-28, 09-29, 09-30, 10-09): in time.
    assert story.case.clock("correction_notice").on_time(CAL) is True
    assert story.case.clock("correction").ledger == (LedgerEntry("start", d("2025-10-09"), 15, WD),)


def test_a_correction_received_stops_the_correction_clock_that_day_within_its_period():
    story = in_correction()  # asked Thu 10-09; last day Wed 10-29
    story.do("receive-correction", "2025-10-20")
    correction = story.case.clock("correction")
    assert correction.status is ClockStatus.STOPPED
    assert correction.stopped_on == d("2025-10-20")
    assert correction.on_time(CAL) is True


def test_a_reopened_cases_second_correction_period_keeps_the_first_in_its_ledger():
    # One correction notice a round ([GK] 30): the second comes after the case was reopened.
    story = in_correction()
    story.do("receive-correction", "2025-10-13")
    story.do("reply", "2025-10-14", outcome="unavailable.still_unclear")
    story.do("deliver", "2025-10-15", method="post")
    story.do("reopen", "2025-10-17", due="2025-11-28")
    story.do("request-correction", "2025-10-20", period=10)
    assert story.case.clock("correction").ledger == (
        LedgerEntry("start", d("2025-10-09"), 15, WD),
        LedgerEntry("stop", d("2025-10-13")),
        LedgerEntry("start", d("2025-10-20"), 10, WD),
    )
    # The new period counts from its own start: 10-21…24 1-4, 10-27…31 5-9, 11-03 10.
    assert story.due("correction") == d("2025-11-03")
    # The reply clock restarted 10-17 by the reopening and stops again on 10-20.
    assert story.case.clock("reply").stopped_on == d("2025-10-20")


def test_an_opinion_received_stops_the_opinion_clock_that_day():
    story = in_consultation()  # consulted Mon 10-13: 15 working days, last day Mon 11-03
    story.do("receive-opinion", "2025-10-20", consent="no")
    opinion = story.case.clock("opinion")
    assert opinion.stopped_on == d("2025-10-20")
    assert opinion.on_time(CAL) is True


def test_the_opinion_and_payment_clocks_count_working_days():
    assert in_consultation().case.clock("opinion").ledger == (LedgerEntry("start", d("2025-10-13"), 15, WD),)
    assert fee_pending().case.clock("payment").ledger == (LedgerEntry("start", d("2025-10-13"), 20, WD),)


def test_a_second_consultation_keeps_the_first_in_the_opinion_clocks_ledger():
    story = in_consultation()  # asked Mon 10-13
    story.do("receive-opinion", "2025-10-20", opinion="agree")
    story.do("consult", "2025-10-27", party="agency")
    story.do("opinion-request-received", "2025-10-27")
    assert story.case.clock("opinion").ledger == (
        LedgerEntry("start", d("2025-10-13"), 15, WD),
        LedgerEntry("stop", d("2025-10-20")),
        LedgerEntry("start", d("2025-10-27"), 15, WD),
    )
    # From Mon 10-27: 10-28…31 1-4, 11-03…07 5-9, 11-10…14 10-14, 11-17 15.
    assert story.due("opinion") == d("2025-11-17")


def test_a_second_fee_notice_keeps_the_first_in_the_payment_clocks_ledger():
    story = fee_pending()  # notified Mon 10-13
    story.do("receive-payment", "2025-10-20")
    story.do("notify-fee", "2025-10-21", pages=33)  # pages 31–33 at ¥10
    story.do("fee-notice-received", "2025-10-21")
    assert story.case.clock("payment").ledger == (
        LedgerEntry("start", d("2025-10-13"), 20, WD),
        LedgerEntry("stop", d("2025-10-20")),
        LedgerEntry("start", d("2025-10-21"), 20, WD),
    )
    assert story.case.fee_amount == "30.00"


def test_a_payment_received_stops_the_payment_clock_that_day():
    story = fee_pending()  # notified Mon 10-13; last day Mon 11-10
    story.do("receive-payment", "2025-10-27")
    payment = story.case.clock("payment")
    assert payment.stopped_on == d("2025-10-27")
    assert payment.on_time(CAL) is True


def test_a_withdrawal_stops_the_running_and_paused_clocks_on_its_date():
    story = in_consultation()  # consulted 10-13: reply paused, opinion running
    story.do("withdraw", "2025-10-24")
    assert _stops(story) == {
        "reply": d("2025-10-24"),
        "correction_notice": d("2025-09-29"),  # stopped at the assignment, left as it was
        "opinion": d("2025-10-24"),
    }


def test_a_reopened_case_gets_a_reply_clock_that_keeps_its_history():
    story = delivered()  # replied 10-22
    story.do("reopen", "2025-12-01", "hugo", due="2025-12-05")
    reply = story.case.clock("reply")
    assert reply.name == "reply"
    # The first period (20 working days from the receipt, stopped by the reply) stays in the ledger;
    # the new one runs 4 calendar days, 12-01 → Friday 12-05.
    assert reply.ledger == (
        LedgerEntry("start", d("2025-09-26"), 20, WD),
        LedgerEntry("stop", d("2025-10-22")),
        LedgerEntry("start", d("2025-12-01"), 4, ClockUnit.DAYS),
    )
    assert reply.explain(CAL).clock == "reply"
    assert story.case.due(CAL) == Due(d("2025-12-05"), False)


def test_a_reopened_case_has_no_review_submitted():
    story = delivered()
    assert story.case.review_submitted_by == "hank"  # his reply went through review
    story.do("reopen", "2025-12-01", "hugo", due="2025-12-05")
    # As on a case whose reply was never submitted for review.
    assert story.case.review_submitted_by is None
    assert story.case.review_submitted_by == processing().case.review_submitted_by


def test_each_reopening_is_counted():
    story = delivered()
    story.do("reopen", "2025-12-01", "hugo", due="2025-12-05")
    assert story.case.reopened == 1
    story.do("reply", "2025-12-03", outcome="unavailable.not_held")
    story.do("deliver", "2025-12-04", method="post")
    # Wed 12-10 + 9 calendar days = Friday 12-19.
    story.do("reopen", "2025-12-10", "hugo", due="2025-12-19")
    assert story.case.reopened == 2
    assert story.case.clock("reply").ledger[-3:] == (
        LedgerEntry("start", d("2025-12-01"), 4, ClockUnit.DAYS),
        LedgerEntry("stop", d("2025-12-03")),
        LedgerEntry("start", d("2025-12-10"), 9, ClockUnit.DAYS),
    )
    assert story.case.due(CAL) == Due(d("2025-12-19"), False)
