"""Excessive requests ([GK] 35): the head sets a longer reply period, recorded with its reason and
new due date (``delay-reply``); declining on those grounds stays ``declined.excessive``.

The standard case (tests/unit/test_disclosure_workflow.py) is assigned 09-29 and due Thu 2025-10-30.
"""

from __future__ import annotations

from datetime import date

import pytest

from disclosure.workflow.clocks import LedgerEntry
from disclosure.workflow.errors import InvalidInput, RuleViolation
from tests.unit.test_disclosure_workflow import in_consultation, in_correction, processing, registered

d = date.fromisoformat
REASON = "同一申请人一个月内提出申请120件，明显超出合理范围，已要求说明理由"


def test_the_head_sets_a_longer_period_and_the_reply_is_judged_against_it():
    story = processing()
    # Asked to Sat 11-29, a rest day: the last day moves to Mon 12-01 ([MFD] 203). The clock gains the
    # working days in (10-30, 12-01]: 10-31 (1), 11-03…07 (6), 10…14 (11), 17…21 (16), 24…28 (21), 12-01 (22).
    event = story.do("delay-reply", "2025-10-20", "hugo", due="2025-11-29", reason=REASON)
    assert event.data == {"days": 22, "due": "2025-12-01", "previous_due": "2025-10-30", "reason": REASON}
    assert story.state == "processing" and story.due() == d("2025-12-01")
    assert story.case.clock("reply").ledger[-1] == LedgerEntry("extend", d("2025-10-20"), 22)
    assert story.case.delayed_reply == {"on": "2025-10-20", "due": "2025-12-01", "reason": REASON}
    assert story.case.extended is False  # the [GK] 33 extension is another matter, still open to the head
    assert story.decide("reply", "2025-12-01", outcome="unavailable.not_held").data["on_time"] is True
    assert story.decide("reply", "2025-12-02", outcome="unavailable.not_held").data["on_time"] is False


def test_declining_on_those_grounds_is_declined_excessive_with_its_article():
    story = processing()
    event = story.do("reply", "2025-10-20", outcome="declined.excessive", reason="申请人未说明理由，不予处理")
    assert story.case.outcome == "declined.excessive"
    assert event.data["basis"] == "《中华人民共和国政府信息公开条例》第三十五条"


def test_once_only_and_before_the_due_date_passes():
    story = processing()
    story.refuse(RuleViolation, "delay-reply", "2025-10-31", "hugo", due="2025-11-28", reason=REASON, match="2025-10-30")
    story.do("delay-reply", "2025-10-30", "hugo", due="2025-11-28", reason=REASON)
    story.refuse(RuleViolation, "delay-reply", "2025-11-03", "hugo", due="2025-12-15", reason=REASON, match="already")
    assert "delay-reply" not in story.actions("hugo", "2025-11-03")


@pytest.mark.parametrize("due", ["2025-10-30", "2025-10-29"])
def test_the_new_date_must_be_later_than_the_current_one(due):
    processing().refuse(RuleViolation, "delay-reply", "2025-10-20", "hugo", due=due, reason=REASON, match="after the current")


@pytest.mark.parametrize("params", [{"due": "2025-11-28"}, {"reason": REASON}, {"due": "soon", "reason": REASON}])
def test_a_reason_and_a_date_are_needed(params):
    processing().refuse(InvalidInput, "delay-reply", "2025-10-20", "hugo", **params)


def test_only_the_head_and_only_while_the_reply_clock_runs():
    processing().refuse(RuleViolation, "delay-reply", "2025-10-20", "hank", due="2025-11-28", reason=REASON, match="role")
    in_correction().refuse(RuleViolation, "delay-reply", "2025-10-10", "hugo", due="2025-11-28", reason=REASON, match="running")
    in_consultation().refuse(RuleViolation, "delay-reply", "2025-10-14", "hugo", due="2025-11-28", reason=REASON, match="running")
    # Before assignment too: the period runs from receipt.
    assert registered().do("delay-reply", "2025-09-29", "hugo", due="2025-11-28", reason=REASON).data["due"] == "2025-11-28"
