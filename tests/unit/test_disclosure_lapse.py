"""The engine's own ending of a disclosure case: ``lapse`` ([GK] 30; [FEE]; docs/operations.md, the sweep).

When the applicant's correction or payment period has run out, the sweep acts as the user
``system`` (role ``system``) effective the day after the period's last day, and the case closes as
``other.no_correction`` (逾期不补正) or ``other.fee_unpaid`` (逾期未缴纳费用). Not before: on the
last day itself the applicant is still in time.

The standard case (tests/unit/test_disclosure_workflow.py): received Friday 2025-09-26, assigned 09-29.
  correction asked on Thu 10-09, 15 working days: 10-10 1, 10-11 (make-up Saturday) 2,
    10-13…17 3-7, 10-20…24 8-12, 10-27 13, 10-28 14, 10-29 15 → last day Wed 2025-10-29.
  fee notified on Mon 10-13, 20 working days: 10-14…17 1-4, 10-20…24 5-9, 10-27…31 10-14,
    11-03…07 15-19, 11-10 20 → last day Mon 2025-11-10.
"""

from __future__ import annotations

from datetime import date

import pytest

from disclosure.workflow.clocks import ClockStatus
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.vocabulary import SYSTEM_ROLE, SYSTEM_USER
from tests.unit.test_disclosure_workflow import fee_pending, in_correction

SYSTEM = {"roles": {SYSTEM_ROLE}}


def _lapse(story, on, **params):
    return story.do("lapse", on, SYSTEM_USER, **SYSTEM, **params)


def _refused(story, error, on, **params) -> str:
    return str(story.refuse(error, "lapse", on, SYSTEM_USER, **SYSTEM, **params))


def test_an_unanswered_correction_request_ends_the_case_the_day_after_its_last_day():
    story = in_correction()
    assert story.due("correction") == date(2025, 10, 29)
    event = _lapse(story, "2025-10-30", clock="correction")
    assert event.data == {"clock": "correction", "outcome": "other.no_correction", "due_on": "2025-10-29"}
    assert (event.user, event.role) == ("system", "system")
    assert story.state == "closed"
    assert story.case.outcome == "other.no_correction"
    assert story.case.concluded_on == date(2025, 10, 30)
    # The correction clock stops on the lapse; the others had stopped before: the reply clock
    # when the correction was asked (10-09), the correction-notice clock at the assignment (09-29).
    clocks = story.case.clocks
    assert {name: (c.status, c.stopped_on) for name, c in clocks.items()} == {
        "reply": (ClockStatus.STOPPED, date(2025, 10, 9)),
        "correction_notice": (ClockStatus.STOPPED, date(2025, 9, 29)),
        "correction": (ClockStatus.STOPPED, date(2025, 10, 30)),
    }


def test_an_unpaid_fee_ends_the_case_and_stops_the_paused_reply_clock():
    story = fee_pending()
    assert story.due("payment") == date(2025, 11, 10)
    assert story.status("reply") is ClockStatus.PAUSED
    event = _lapse(story, "2025-11-11", clock="payment")
    assert event.data == {"clock": "payment", "outcome": "other.fee_unpaid", "due_on": "2025-11-10"}
    assert story.state == "closed"
    assert story.case.outcome == "other.fee_unpaid"
    assert story.case.concluded_on == date(2025, 11, 11)
    assert story.case.clock("payment").stopped_on == date(2025, 11, 11)
    assert story.case.clock("reply").stopped_on == date(2025, 11, 11)
    assert story.case.clock("reply").status is ClockStatus.STOPPED


@pytest.mark.parametrize(
    "build, clock, on, last_day",
    [
        (in_correction, "correction", "2025-10-29", "2025-10-29"),  # the last day: still in time
        (in_correction, "correction", "2025-10-20", "2025-10-29"),
        (fee_pending, "payment", "2025-11-10", "2025-11-10"),
        (fee_pending, "payment", "2025-10-14", "2025-11-10"),
    ],
)
def test_a_period_that_has_not_run_out_does_not_lapse(build, clock, on, last_day):
    story = build()
    message = _refused(story, RuleViolation, on, clock=clock)
    assert message == f"the {clock} period has not lapsed on {on} (its last day: {last_day})"


def test_only_the_period_of_the_cases_state_lapses():
    story = fee_pending()
    message = _refused(story, RuleViolation, "2025-11-11", clock="correction")
    assert message == "the correction period lapses only in state correction; case 2025-0001 is fee_pending"
    story = in_correction()
    message = _refused(story, RuleViolation, "2025-10-30", clock="payment")
    assert message == "the payment period lapses only in state fee_pending; case 2025-0001 is correction"


@pytest.mark.parametrize("clock", ["reply", "opinion", "correction_notice", "Correction"])
def test_only_the_applicants_periods_lapse(clock):
    story = in_correction()
    message = _refused(story, InvalidInput, "2025-10-30", clock=clock)
    assert message == f"only the applicant's periods lapse (correction, payment), not {clock!r}"


@pytest.mark.parametrize("params", [{}, {"clock": ""}])
def test_lapse_names_its_clock(params):
    story = in_correction()
    assert _refused(story, InvalidInput, "2025-10-30", **params) == "lapse needs --clock"


def test_the_lapsed_clock_may_be_named_by_its_label():
    event = _lapse(in_correction(), "2025-10-30", clock="补正期限")
    assert event.data["clock"] == "correction"
    event = _lapse(fee_pending(), "2025-11-11", clock="缴费期限")
    assert (event.data["clock"], event.data["outcome"]) == ("payment", "other.fee_unpaid")
