"""Undoing the engine's own ending: ``reinstate`` (docs/clerk.md, "Undoing a lapse").

A head, with a reason, takes a case the sweep closed by a lapse back to the state it was ended from,
its clocks as they were before the lapse. It is dated on a day the lapsed period still ran: from the
case's last event before the lapse (even when the lapse itself is dated later, as a sweep under a
wrong system clock dates it) to the period's last day.

The standard case (tests/unit/test_disclosure_workflow.py): received Friday 2025-09-26, assigned 09-29.
  correction asked on Thu 10-09, 15 working days: 10-10 1, 10-11 (make-up Saturday) 2,
    10-13…17 3-7, 10-20…24 8-12, 10-27 13, 10-28 14, 10-29 15 → last day Wed 2025-10-29.
  fee notified on Mon 10-13, 20 working days → last day Mon 2025-11-10; the reply clock paused
    on 10-13 after 7 of its 20 working days (09-28 make-up, 09-29, 09-30, 10-09, 10-10, 10-11 make-up,
    10-13: the day of the pause counts).
"""

from __future__ import annotations

import copy
from datetime import date

import pytest

from disclosure.workflow.case import replay
from disclosure.workflow.clocks import ClockStatus
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.vocabulary import SYSTEM_ROLE, SYSTEM_USER
from tests.unit.test_disclosure_workflow import CAL, K, M, closed, fee_pending, in_correction, processing

WRONG_TODAY = date(2026, 5, 18)  # the system clock some 200 days ahead


def _lapse(story, on, clock, today=WRONG_TODAY):
    return story.do("lapse", on, SYSTEM_USER, roles={SYSTEM_ROLE}, today=today, clock=clock)


def test_a_lapse_under_a_wrong_clock_is_undone_on_the_true_today_and_the_period_runs_on():
    story = in_correction()
    before = copy.deepcopy(story.case.clocks)
    # The sweep, its clock ahead, ended the case effective 2025-10-30; in truth it was 2025-10-14.
    _lapse(story, "2025-10-30", "correction")
    assert (story.state, story.case.outcome) == ("closed", "other.no_correction")
    event = story.do("reinstate", "2025-10-14", "hugo", today="2025-10-14", reason="系统时钟错误，误作逾期终止")
    assert (event.user, event.role, event.on) == ("hugo", "head", date(2025, 10, 14))
    assert event.data == {
        "clock": "correction", "state": "correction", "outcome": "other.no_correction", "lapsed_on": "2025-10-30",
        "clocks": ["correction"], "reason": "系统时钟错误，误作逾期终止",
    }
    assert story.state == "correction"
    assert (story.case.outcome, story.case.concluded_on) == (None, None)
    assert story.case.last_on == date(2025, 10, 14)
    # The clocks as before the lapse: the correction period runs again to its own last day, with 4 of
    # its 15 working days used by the true today (10-10, 10-11, 10-13, 10-14).
    assert story.case.clocks == before
    assert story.status("correction") is ClockStatus.RUNNING
    assert story.due("correction") == date(2025, 10, 29)
    assert story.case.clock("correction").working_days_elapsed(CAL, date(2025, 10, 14)) == 4
    # The correction arrives in time and the reply clock restarts in full from that day ([GK] 30).
    story.do("receive-correction", "2025-10-20", today="2025-10-20")
    assert story.state == "processing"
    assert story.due() == date(2025, 11, 17)  # 20 working days from Monday 10-20


def test_a_payment_made_in_time_but_recorded_after_the_lapse_leaves_the_case_as_if_recorded_in_time():
    lapsed, in_time = fee_pending(), fee_pending()
    _lapse(lapsed, "2025-11-11", "payment", today="2025-11-20")
    event = lapsed.do("reinstate", "2025-11-07", "hugo", today="2025-11-20", reason="申请人11月7日已缴费，登记遗漏")
    assert event.data["clocks"] == ["payment", "reply"]
    assert lapsed.state == "fee_pending"
    assert lapsed.case.clocks == in_time.case.clocks
    assert lapsed.status("reply") is ClockStatus.PAUSED  # the reply clock as it was: paused, not stopped
    lapsed.do("receive-payment", "2025-11-07", today="2025-11-20")
    in_time.do("receive-payment", "2025-11-07")
    # The reply clock resumes on the day of the payment with its 13 working days left: 11-10…14 (5),
    # 11-17…21 (10), 11-24…26 (13).
    assert lapsed.case.clocks == in_time.case.clocks
    assert lapsed.due() == in_time.due() == date(2025, 11, 26)
    assert (lapsed.state, lapsed.case.outcome, lapsed.case.concluded_on) == ("processing", None, None)


def test_replaying_a_reinstated_history_gives_the_same_case():
    story = in_correction()
    _lapse(story, "2025-10-30", "correction")
    story.do("reinstate", "2025-10-14", "hugo", today="2025-10-14", reason="时钟错误")
    story.do("receive-correction", "2025-10-20", today="2025-10-20")
    assert replay(K, M, story.events) == story.case


def test_a_reinstated_period_that_then_runs_out_lapses_again():
    story = in_correction()
    _lapse(story, "2025-10-30", "correction")
    story.do("reinstate", "2025-10-14", "hugo", today="2025-10-14", reason="时钟错误")
    _lapse(story, "2025-10-30", "correction", today="2025-10-30")
    assert (story.state, story.case.outcome, story.case.concluded_on) == ("closed", "other.no_correction", date(2025, 10, 30))


def test_reinstate_is_dated_on_a_day_the_period_still_ran():
    story = fee_pending()
    _lapse(story, "2025-11-11", "payment", today="2025-11-20")
    message = str(story.refuse(RuleViolation, "reinstate", "2025-11-11", "hugo", today="2025-11-20", reason="迟到"))
    assert message == (
        "the payment period's last day was 2025-11-10, so on 2025-11-11 it had run out; "
        "reinstate takes effect on a day it still ran (2025-10-13 to 2025-11-10)"
    )
    message = str(story.refuse(RuleViolation, "reinstate", "2025-10-10", "hugo", today="2025-11-20", reason="迟到"))
    assert message == "the effective date 2025-10-10 is before the case's last event before the lapse, on 2025-10-13"
    message = str(story.refuse(RuleViolation, "reinstate", "2025-11-21", "hugo", today="2025-11-20", reason="迟到"))
    assert message == "the effective date 2025-11-21 is in the future (today is 2025-11-20)"


def test_reinstate_needs_a_head_and_a_reason():
    story = in_correction()
    _lapse(story, "2025-10-30", "correction")
    message = str(story.refuse(RuleViolation, "reinstate", "2025-10-14", "hank", today="2025-10-14", reason="x"))
    assert message == "reinstate needs the role head; hank does not hold it"
    for params in ({}, {"reason": ""}):
        message = str(story.refuse(InvalidInput, "reinstate", "2025-10-14", "hugo", today="2025-10-14", **params))
        assert message == "reinstate needs --reason"


def test_only_an_ending_by_lapse_is_reinstated():
    withdrawn = closed()
    message = str(withdrawn.refuse(RuleViolation, "reinstate", "2025-10-20", "hugo", reason="x"))
    assert message == "reinstate undoes an ending by lapse; case 2025-0001 is closed (other.other)"
    assert "reinstate" not in withdrawn.actions("hugo", "2025-10-20")
    message = str(processing().refuse(RuleViolation, "reinstate", "2025-10-20", "hugo", reason="x"))
    assert message == "reinstate is not allowed while the case is in state processing 办理中"


def test_a_head_is_offered_reinstate_on_a_lapsed_case_and_a_clerk_is_not():
    story = in_correction()
    _lapse(story, "2025-10-30", "correction")
    assert "reinstate" in story.actions("hugo", "2025-10-14", today="2025-10-14")
    assert "reinstate" not in story.actions("hank", "2025-10-14", today="2025-10-14")


@pytest.mark.parametrize("action", ["receive-correction", "withdraw"])
def test_other_actions_still_may_not_be_dated_before_the_lapse(action):
    story = in_correction()
    _lapse(story, "2025-10-30", "correction")
    error = story.refuse(RuleViolation, action, "2025-10-14", today="2025-10-14")
    assert str(error) == "the effective date 2025-10-14 is before the case's last event on 2025-10-30"
