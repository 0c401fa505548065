"""Thresholds crossed, counted by hand on the 2025 calendar (the reply clock of STATUTE.md §1's
worked example: received Friday 2025-09-26, 20 working days, due Thursday 2025-10-30)."""

from __future__ import annotations

from datetime import date

import pytest

from disclosure.workflow.alerts import (
    DEFAULT_POLICIES,
    AlertPolicy,
    alert_key,
    crossings,
    last_start,
    policies_from_settings,
)
from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.clocks import Clock
from disclosure.workflow.errors import InvalidInput

NATIONAL = WorkCalendar()
REPLY = Clock("reply").start(date(2025, 9, 26), 20)
POLICY = DEFAULT_POLICIES["reply"]


def _raised(clock, today, policy=POLICY):
    return [(c.threshold, c.audience) for c in crossings(clock, policy, NATIONAL, today)]


def test_the_worked_example_is_due_on_the_30th():
    assert REPLY.due(NATIONAL).on == date(2025, 10, 30)


@pytest.mark.parametrize(
    "today, raised",
    [
        (date(2025, 10, 24), []),  # Friday: Mon 27 – Thu 30 are four working days left
        (date(2025, 10, 25), []),  # Saturday: still four
        (date(2025, 10, 27), [("due_soon", "handler")]),  # Monday: 28, 29, 30 are three
        (date(2025, 10, 29), [("due_soon", "handler")]),
        (date(2025, 10, 30), [("due", "handler")]),
        (date(2025, 10, 31), [("overdue", "handler")]),
        (date(2025, 11, 5), [("overdue", "handler")]),  # overdue by 4 working days (31, 3, 4, 5)
        (date(2025, 11, 6), [("overdue", "handler"), ("escalation", "heads")]),  # by 5
        (date(2026, 3, 1), [("overdue", "handler"), ("escalation", "heads")]),  # long after: still crossed
    ],
)
def test_thresholds_are_crossed_not_hit(today, raised):
    assert _raised(REPLY, today) == raised


def test_a_crossing_names_the_clock_its_last_start_and_due_date():
    (crossing,) = crossings(REPLY, POLICY, NATIONAL, date(2025, 10, 30))
    assert crossing == ("reply", 0, "due", date(2025, 10, 30), "handler")
    assert alert_key("2025-0001", crossing.clock, crossing.started, crossing.threshold) == "2025-0001/reply/0/due"
    assert alert_key(None, "calendar", 2027, "calendar_missing") == "-/calendar/2027/calendar_missing"


def test_paused_stopped_and_unstarted_clocks_raise_nothing():
    paused = REPLY.pause(date(2025, 10, 20))
    assert _raised(paused, date(2025, 11, 20)) == []
    assert _raised(REPLY.stop(date(2025, 10, 29)), date(2025, 11, 20)) == []
    assert _raised(Clock("reply"), date(2025, 11, 20)) == []


def test_a_restart_is_a_new_start_that_rearms_the_thresholds():
    stopped = REPLY.stop(date(2025, 10, 9))  # a correction requested
    restarted = stopped.restart(date(2025, 10, 20))  # received: 20 working days again from the 20th
    assert last_start(REPLY) == 0 and last_start(restarted) == 2
    assert restarted.due(NATIONAL).on == date(2025, 11, 17)
    (crossing,) = crossings(restarted, POLICY, NATIONAL, date(2025, 11, 17))
    assert (crossing.started, crossing.threshold) == (2, "due")


def test_a_resumed_clock_keeps_its_start():
    resumed = REPLY.pause(date(2025, 10, 9)).resume(date(2025, 10, 13))
    assert last_start(resumed) == 0


def test_thresholds_can_be_turned_off():
    quiet = AlertPolicy(before_due=None, on_due=False, overdue=True, escalate_after=None)
    assert _raised(REPLY, date(2025, 10, 29), quiet) == []
    assert _raised(REPLY, date(2025, 10, 30), quiet) == []
    assert _raised(REPLY, date(2026, 3, 1), quiet) == [("overdue", "handler")]
    assert _raised(REPLY, date(2026, 3, 1), None) == []


def test_the_opinion_period_only_says_when_it_has_run_out():
    # 15 working days from Thursday 2025-10-09: Saturday the 11th is a make-up working day, so the 29th
    opinion = Clock("opinion").start(date(2025, 10, 9), 15)
    assert opinion.due(NATIONAL).on == date(2025, 10, 29)
    policy = DEFAULT_POLICIES["opinion"]
    assert _raised(opinion, date(2025, 10, 27), policy) == []
    assert _raised(opinion, date(2025, 10, 29), policy) == []
    assert _raised(opinion, date(2025, 10, 30), policy) == [("overdue", "handler")]


def test_the_applicants_periods_raise_no_thresholds_by_default():
    assert DEFAULT_POLICIES["correction"] is None and DEFAULT_POLICIES["payment"] is None


def test_policies_from_settings_layer_defaults_and_each_clock():
    policies = policies_from_settings({"before_due": 2, "reply": {"escalate_after": 3}, "correction_notice": {"enabled": False}})
    assert policies["reply"] == AlertPolicy(before_due=2, escalate_after=3)
    assert policies["correction_notice"] is None
    assert policies["opinion"] == DEFAULT_POLICIES["opinion"]  # its own defaults beat the office's
    assert policies["payment"] is None
    assert policies_from_settings({"payment": {"before_due": 5}})["payment"] == AlertPolicy(before_due=5)
    assert policies_from_settings({}) == dict(DEFAULT_POLICIES)


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"before_dew": 2}, "unknown setting or clock 'before_dew'"),
        ({"reply": {"escalate": 3}}, "alerts.reply: unknown setting 'escalate'"),
        ({"reply": 3}, "alerts.reply must be a table"),
        ({"before_due": 0}, "before_due must be a whole number of working days"),
        ({"escalate_after": "5"}, "escalate_after must be a whole number"),
    ],
)
def test_policies_from_settings_refuse_nonsense(settings, message):
    with pytest.raises(InvalidInput, match=message):
        policies_from_settings(settings)
