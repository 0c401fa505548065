"""Alert policies at their edges: which thresholds a policy turns on or off, the smallest settings
allowed, the [alerts] settings layered (office, clock's own defaults, clock's table), and the exact
one-line errors (docs/operations.md "Thresholds", "Settings"). The clock is the reply clock of
STATUTE.md §1's worked example: received Friday 2025-09-26, due Thursday 2025-10-30."""

from __future__ import annotations

from datetime import date

import pytest

from disclosure.workflow.alerts import DEFAULT_POLICIES, AlertPolicy, Crossing, crossings, last_start, policies_from_settings
from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.clocks import Clock
from disclosure.workflow.errors import InvalidInput

NATIONAL = WorkCalendar()
REPLY = Clock("reply").start(date(2025, 9, 26), 20)
DUE = date(2025, 10, 30)


def _raised(today, policy, clock=REPLY):
    return [(c.threshold, c.audience) for c in crossings(clock, policy, NATIONAL, today)]


def test_a_crossing_carries_the_clock_its_start_and_due_date_for_each_threshold():
    # Monday 27 October (three left), and Thursday 6 November (five working days late: 31, 3, 4, 5, 6).
    assert crossings(REPLY, AlertPolicy(), NATIONAL, date(2025, 10, 27)) == [
        Crossing("reply", 0, "due_soon", DUE, "handler")]
    assert crossings(REPLY, AlertPolicy(), NATIONAL, date(2025, 11, 6)) == [
        Crossing("reply", 0, "overdue", DUE, "handler"), Crossing("reply", 0, "escalation", DUE, "heads")]


def test_one_working_day_is_the_shortest_warning_and_escalation():
    policy = AlertPolicy(before_due=1, escalate_after=1)
    assert _raised(date(2025, 10, 28), policy) == []  # Tuesday: 29 and 30 left, two
    assert _raised(date(2025, 10, 29), policy) == [("due_soon", "handler")]  # one left
    # Friday 31 October is one working day late: overdue and escalated at once.
    assert _raised(date(2025, 10, 31), policy) == [("overdue", "handler"), ("escalation", "heads")]


def test_with_overdue_off_a_late_sweep_still_raises_the_due_day():
    # A sweep after the due date that missed the due day catches up the "due" threshold, not "overdue".
    policy = AlertPolicy(overdue=False)
    assert _raised(date(2025, 10, 31), policy) == [("due", "handler")]
    assert _raised(date(2025, 11, 6), policy) == [("due", "handler"), ("escalation", "heads")]


def test_with_the_due_day_off_the_warning_covers_it():
    # On the due date none are left: still within "3 or fewer", so the warning is what is raised.
    assert _raised(DUE, AlertPolicy(on_due=False)) == [("due_soon", "handler")]
    assert _raised(DUE, AlertPolicy(before_due=None, on_due=False)) == []


def test_a_clock_never_started_has_no_last_start():
    assert last_start(Clock("reply")) is None


def test_an_extended_clock_keeps_its_start_and_warns_before_its_new_due_date():
    # Extended by 20 working days on 20 October ([GK] 33): from Thursday 30 October, 31 (1), 3–7 November (6),
    # 10–14 (11), 17–21 (16), 24–27 (20): due Thursday 27 November; on Monday the 24th three are left.
    extended = REPLY.extend(20, on=date(2025, 10, 20))
    assert last_start(extended) == 0
    assert crossings(extended, AlertPolicy(), NATIONAL, date(2025, 11, 24)) == [
        Crossing("reply", 0, "due_soon", date(2025, 11, 27), "handler")]


@pytest.mark.parametrize("name", ["before_due", "escalate_after"])
@pytest.mark.parametrize("value", [0, -3, True, 2.5, "5"])
def test_a_period_must_be_a_whole_number_of_working_days(name, value):
    with pytest.raises(InvalidInput) as refused:
        AlertPolicy(**{name: value})
    assert str(refused.value) == f"alerts: {name} must be a whole number of working days, at least 1 (got {value!r})"


# -- [alerts] ------------------------------------------------------------------------------------


def test_every_threshold_can_be_set_for_the_whole_office():
    policies = policies_from_settings({"before_due": 1, "on_due": False, "overdue": False, "escalate_after": 2})
    office = AlertPolicy(before_due=1, on_due=False, overdue=False, escalate_after=2)
    assert policies["reply"] == policies["correction_notice"] == office
    # The opinion period keeps what sets it apart (no warning, no due day, no escalation); overdue is the office's.
    assert policies["opinion"] == AlertPolicy(before_due=None, on_due=False, overdue=False, escalate_after=None)
    assert policies["correction"] is None and policies["payment"] is None


def test_a_clocks_own_table_beats_its_defaults_and_enabled_true_is_no_setting():
    policies = policies_from_settings({
        "before_due": 2,
        "reply": {"enabled": True, "escalate_after": 4},
        "opinion": {"before_due": 1},
        "payment": {"enabled": True},
    })
    assert policies["reply"] == AlertPolicy(before_due=2, escalate_after=4)
    assert policies["correction_notice"] == AlertPolicy(before_due=2)
    assert policies["opinion"] == AlertPolicy(before_due=1, on_due=False, overdue=True, escalate_after=None)
    # The applicant's payment period, off by default, turned on: the office's thresholds.
    assert policies["payment"] == AlertPolicy(before_due=2)
    assert policies["correction"] is None


def test_enabled_false_turns_a_clock_off_whatever_else_its_table_says():
    policies = policies_from_settings({"reply": {"enabled": False, "before_due": 5}, "opinion": {"enabled": False}})
    assert policies["reply"] is None and policies["opinion"] is None
    assert policies["correction_notice"] == DEFAULT_POLICIES["correction_notice"]


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"before_dew": 2}, "alerts: unknown setting or clock 'before_dew'"),
        ({"reply": {"before_due": 2}, "lapse": {}}, "alerts: unknown setting or clock 'lapse'"),
        ({"reply": {"escalate": 3}}, "alerts.reply: unknown setting 'escalate'"),
        ({"payment": {"enabled": True, "later": 1}}, "alerts.payment: unknown setting 'later'"),
        ({"opinion": [1]}, "alerts.opinion must be a table"),
        ({"reply": {"before_due": 0}}, "alerts: before_due must be a whole number of working days, at least 1 (got 0)"),
    ],
)
def test_a_mistake_in_the_settings_is_one_exact_line(settings, message):
    with pytest.raises(InvalidInput) as refused:
        policies_from_settings(settings)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    "settings, message",
    [
        # A string "false" or a 0 once left reply alerts on, or turned payment alerts on: the opposite of what was meant.
        ({"reply": {"enabled": "false"}}, "alerts.reply: enabled must be true or false (got 'false')"),
        ({"payment": {"enabled": 0}}, "alerts.payment: enabled must be true or false (got 0)"),
        ({"overdue": "false"}, "alerts: overdue must be true or false (got 'false')"),
        ({"reply": {"on_due": 1}}, "alerts: on_due must be true or false (got 1)"),
    ],
)
def test_a_switch_that_is_not_true_or_false_is_refused_rather_than_read_backwards(settings, message):
    with pytest.raises(InvalidInput) as refused:
        policies_from_settings(settings)
    assert str(refused.value) == message
