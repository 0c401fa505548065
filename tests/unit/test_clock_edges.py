"""Deadline clocks at their edges: the last day itself, several pauses, a projection from a
running clock, and where an extension stands in the explanation (STATUTE.md §1, §2).

Pause rule: working (or calendar) days in (start, pause] and after ``resume`` count; days in
(pause, resume] do not. Calendar-day and month clocks shift their last day by the days spent
paused, then roll a rest day forward.

Dates counted by hand on the national calendar: 2025 国庆 10-01…10-08 off, make-up days
Sun 09-28 and Sat 10-11; 2026 端午 06-19…06-21 off. The reply clock received Fri 2025-09-26 is
due Thu 2025-10-30: 09-28 1, 09-29 2, 09-30 3, 10-09 4, 10-10 5, 10-11 6, 10-13…17 7-11,
10-20…24 12-16, 10-27…30 17-20.
"""

from __future__ import annotations

from datetime import date

import pytest

from disclosure.workflow.calendar import Due, WorkCalendar
from disclosure.workflow.clocks import Clock, ClockStatus, ClockUnit, ExplainStep, Explanation
from disclosure.workflow.errors import ClockError, InvalidInput

D = date
NATIONAL = WorkCalendar()
RECEIVED = D(2025, 9, 26)
DUE = Due(D(2025, 10, 30), False)
DAY_KINDS = {"counted", "makeup_workday", "weekend", "holiday"}


def reply_clock() -> Clock:
    return Clock("reply").start(RECEIVED, 20)


def events(explanation: Explanation) -> list[tuple[date | None, str, int | None]]:
    """The steps that are not a day met, with their count."""
    return [(s.on, s.kind, s.count) for s in explanation.steps if s.kind not in DAY_KINDS]


def dates_in_order(explanation: Explanation) -> bool:
    dated = [s.on for s in explanation.steps if s.on is not None]
    return dated == sorted(dated)


class TestTheLastDay:
    def test_a_reply_on_the_last_day_is_shown_once_and_is_on_time(self):
        clock = reply_clock().stop(D(2025, 10, 30))
        explanation = clock.explain(NATIONAL)
        assert events(explanation) == [
            (RECEIVED, "start", None),
            (D(2025, 10, 30), "stop", 20),  # stopped after the 20th day was counted
            (D(2025, 10, 30), "due", 20),
        ]
        assert clock.on_time(NATIONAL) is True

    def test_a_pause_on_the_last_day_ends_the_explanation_there(self):
        # The budget is spent on 10-30; paused that day and resumed Mon 11-03: the due date stays,
        # and nothing after the last day (the resumption) belongs to how it was reached.
        clock = reply_clock().pause(D(2025, 10, 30)).resume(D(2025, 11, 3))
        assert clock.due(NATIONAL) == DUE
        assert clock.remaining(NATIONAL) == 0
        explanation = clock.explain(NATIONAL)
        assert events(explanation) == [
            (RECEIVED, "start", None),
            (D(2025, 10, 30), "pause", 20),
            (D(2025, 10, 30), "due", 20),
        ]
        assert dates_in_order(explanation)

    def test_a_month_clock_paused_on_its_last_day_keeps_it(self):
        # One month from Tue 2025-09-30 → Thu 2025-10-30. Paused that day (which has counted, as
        # (start, pause] counts) and resumed Mon 11-03: nothing was left to shift.
        clock = Clock("suggestion").start(D(2025, 9, 30), 1, "months").pause(D(2025, 10, 30))
        assert clock.due(NATIONAL) == DUE
        assert clock.resume(D(2025, 11, 3)).due(NATIONAL) == DUE


class TestSeveralPauses:
    def test_calendar_day_clock_counts_on_across_pauses_and_rolls_forward(self):
        # 30 days from Mon 2025-11-03. (11-03, 11-10] 7 used; paused until 11-17.
        # (11-17, 11-20] 3 more, 10 used; paused until 11-24. 20 left: 11-24 + 20 = Sun 12-14,
        # a rest day → Mon 12-15.
        clock = (
            Clock("suggestion")
            .start(D(2025, 11, 3), 30, "days")
            .pause(D(2025, 11, 10))
            .resume(D(2025, 11, 17))
            .pause(D(2025, 11, 20))
            .resume(D(2025, 11, 24))
        )
        assert clock.due(NATIONAL) == Due(D(2025, 12, 15), False)
        assert clock.remaining(NATIONAL) == 20
        assert list(clock.explain(NATIONAL).steps) == [
            ExplainStep(D(2025, 11, 3), "start", amount=30),
            ExplainStep(D(2025, 11, 10), "pause", 7),
            ExplainStep(D(2025, 11, 17), "resume"),
            ExplainStep(D(2025, 11, 20), "pause", 10),  # a running total, not this run's 3
            ExplainStep(D(2025, 11, 24), "resume"),
            ExplainStep(D(2025, 12, 14), "end"),
            ExplainStep(D(2025, 12, 14), "weekend"),
            ExplainStep(D(2025, 12, 15), "rollover"),
            ExplainStep(D(2025, 12, 15), "due"),
        ]

    def test_month_clock_shifts_by_each_pause_in_turn(self):
        # 3 months from 2026-03-19 → Fri 06-19. Paused 04-01…04-09: +8 days → Sat 06-27.
        # Paused 05-11…05-14: +3 days → Tue 06-30, a working day.
        clock = (
            Clock("suggestion")
            .start(D(2026, 3, 19), 3, "months")
            .pause(D(2026, 4, 1))
            .resume(D(2026, 4, 9))
            .pause(D(2026, 5, 11))
            .resume(D(2026, 5, 14))
        )
        assert clock.due(NATIONAL) == Due(D(2026, 6, 30), False)


class TestElapsedAndProjection:
    def test_a_running_clock_without_until_counts_only_its_closed_runs(self):
        # (09-26, 10-09]: 09-28, 09-29, 09-30, 10-09 → 4; resumed 10-13 and still running.
        clock = reply_clock().pause(D(2025, 10, 9)).resume(D(2025, 10, 13))
        assert clock.working_days_elapsed(NATIONAL) == 4
        # Up to the resumption day itself: nothing more has run.
        assert clock.working_days_elapsed(NATIONAL, until=D(2025, 10, 13)) == 4
        assert reply_clock().working_days_elapsed(NATIONAL) == 0

    def test_projection_of_a_clock_that_is_not_paused_is_its_due_date(self):
        assert reply_clock().projected_due(NATIONAL, D(2025, 10, 20)) == DUE
        assert reply_clock().stop(D(2025, 10, 15)).projected_due(NATIONAL, D(2025, 10, 20)) == DUE
        assert Clock("reply").projected_due(NATIONAL, D(2025, 10, 20)) is None

    def test_a_projected_resumption_before_the_pause_counts_from_the_pause_day(self):
        # Paused Mon 10-13 with 7 used. Asked for 10-10 (before the pause), the projection resumes
        # on 10-13 itself, which costs nothing: 13 left: 10-14…17 1-4, 10-20…24 5-9, 10-27…30 10-13.
        paused = reply_clock().pause(D(2025, 10, 13))
        assert paused.projected_due(NATIONAL, D(2025, 10, 10)) == DUE
        assert paused.status is ClockStatus.PAUSED  # projecting changes nothing


class TestNotStarted:
    def test_restart_before_start_is_refused_with_a_reason(self):
        with pytest.raises(ClockError, match=r"^the correction clock has not started, so it cannot restart$"):
            Clock("correction").restart(RECEIVED)

    def test_explanation_of_a_clock_that_never_started(self):
        # Named, no budget, no steps, no date. The unit must be a ClockUnit (`case explain --json`
        # prints unit.value): the default unit a clock starts in, working days.
        assert Clock("correction").explain(NATIONAL) == Explanation(
            "correction", ClockUnit.WORKDAYS, 0, (), None, ClockStatus.NOT_STARTED
        )


class TestExtensionInTheExplanation:
    def test_extension_on_the_start_day_comes_right_after_the_start(self):
        steps = reply_clock().extend(20, on=RECEIVED).explain(NATIONAL).steps
        assert list(steps[:3]) == [
            ExplainStep(RECEIVED, "start", amount=20),
            ExplainStep(RECEIVED, "extend", amount=20),
            ExplainStep(D(2025, 9, 27), "weekend"),
        ]

    def test_extension_follows_the_days_met_on_its_own_day(self):
        # Extended on Mon 10-13, the 7th day: it stands before the first step dated after it.
        steps = list(reply_clock().extend(5, on=D(2025, 10, 13)).explain(NATIONAL).steps)
        at = steps.index(ExplainStep(D(2025, 10, 13), "extend", amount=5))
        assert steps[at - 1] == ExplainStep(D(2025, 10, 13), "counted", 7)
        assert steps[at + 1] == ExplainStep(D(2025, 10, 14), "counted", 8)
        # 20 + 5: 10-31 21, 11-03…06 22-25.
        assert steps[-1] == ExplainStep(D(2025, 11, 6), "due", 25)

    def test_extension_while_paused_stands_between_the_pause_and_the_remaining_budget(self):
        # Paused 10-13 with 7 used (13 left); extended by 20 on 10-14: 33 remain.
        explanation = reply_clock().pause(D(2025, 10, 13)).extend(20, on=D(2025, 10, 14)).explain(NATIONAL)
        assert explanation.budget == 40
        assert list(explanation.steps[-3:]) == [
            ExplainStep(D(2025, 10, 13), "pause", 7),
            ExplainStep(D(2025, 10, 14), "extend", amount=20),
            ExplainStep(None, "remaining", amount=33),
        ]


    def test_an_overdue_clock_extended_and_stopped_the_same_day_shows_the_extension_first(self):
        # Started Mon 2025-11-03 for 2 working days: 11-04 1, 11-05 2, due Wed 11-05. On Mon 11-10,
        # already late, it is extended by 1 (11-06 3: due Thu 11-06) and then stopped, still late.
        # The explanation follows the ledger: the extension, then the stop.
        clock = Clock("reply").start(D(2025, 11, 3), 2).extend(1, on=D(2025, 11, 10)).stop(D(2025, 11, 10))
        assert [entry.action for entry in clock.ledger] == ["start", "extend", "stop"]
        assert list(clock.explain(NATIONAL).steps) == [
            ExplainStep(D(2025, 11, 3), "start", amount=2),
            ExplainStep(D(2025, 11, 4), "counted", 1),
            ExplainStep(D(2025, 11, 5), "counted", 2),
            ExplainStep(D(2025, 11, 6), "counted", 3),
            ExplainStep(D(2025, 11, 6), "due", 3),
            ExplainStep(D(2025, 11, 10), "extend", amount=1),
            ExplainStep(D(2025, 11, 10), "stop"),
        ]
        assert clock.on_time(NATIONAL) is False

    def test_an_undated_extension_of_an_overdue_clock_stands_before_its_late_stop(self):
        # As above, but the extension carries no date: 2 + 1 working days, due Thu 11-06; stopped
        # Mon 11-10. The ledger has the extension before the stop, and so does the explanation.
        clock = Clock("reply").start(D(2025, 11, 3), 2).extend(1).stop(D(2025, 11, 10))
        assert list(clock.explain(NATIONAL).steps[-3:]) == [
            ExplainStep(D(2025, 11, 6), "due", 3),
            ExplainStep(None, "extend", amount=1),
            ExplainStep(D(2025, 11, 10), "stop"),
        ]

    def test_a_pause_the_same_day_as_an_extension_stands_where_the_ledger_has_it(self):
        # Started Mon 2025-11-03 for 5 working days: 11-04 1, 11-05 2; on Wed 11-05 extended by 2
        # and paused, in either order: 5 + 2 - 2 = 5 remain.
        start = Clock("reply").start(D(2025, 11, 3), 5)
        days = [ExplainStep(D(2025, 11, 3), "start", amount=5),
                ExplainStep(D(2025, 11, 4), "counted", 1),
                ExplainStep(D(2025, 11, 5), "counted", 2)]
        extend = ExplainStep(D(2025, 11, 5), "extend", amount=2)
        pause = ExplainStep(D(2025, 11, 5), "pause", 2)
        remaining = ExplainStep(None, "remaining", amount=5)
        extended_first = start.extend(2, on=D(2025, 11, 5)).pause(D(2025, 11, 5))
        assert list(extended_first.explain(NATIONAL).steps) == days + [extend, pause, remaining]
        paused_first = start.pause(D(2025, 11, 5)).extend(2, on=D(2025, 11, 5))
        assert list(paused_first.explain(NATIONAL).steps) == days + [pause, extend, remaining]

    def test_a_resumption_the_same_day_as_an_extension_stands_where_the_ledger_has_it(self):
        # Started Mon 2025-11-03 for 2 working days, paused Tue 11-04 with 1 used; on Thu 11-06
        # resumed and extended by 1, in either order: 2 left, 11-07 2, 11-10 3, due Mon 11-10.
        paused = Clock("reply").start(D(2025, 11, 3), 2).pause(D(2025, 11, 4))
        head = [ExplainStep(D(2025, 11, 3), "start", amount=2),
                ExplainStep(D(2025, 11, 4), "counted", 1),
                ExplainStep(D(2025, 11, 4), "pause", 1)]
        resume = ExplainStep(D(2025, 11, 6), "resume")
        extend = ExplainStep(D(2025, 11, 6), "extend", amount=1)
        tail = [ExplainStep(D(2025, 11, 7), "counted", 2),
                ExplainStep(D(2025, 11, 8), "weekend"),
                ExplainStep(D(2025, 11, 9), "weekend"),
                ExplainStep(D(2025, 11, 10), "counted", 3),
                ExplainStep(D(2025, 11, 10), "due", 3)]
        extended_first = paused.extend(1, on=D(2025, 11, 6)).resume(D(2025, 11, 6))
        assert list(extended_first.explain(NATIONAL).steps) == head + [extend, resume] + tail
        resumed_first = paused.resume(D(2025, 11, 6)).extend(1, on=D(2025, 11, 6))
        assert list(resumed_first.explain(NATIONAL).steps) == head + [resume, extend] + tail


class TestRefusalsNameTheAction:
    def test_a_negative_length(self):
        with pytest.raises(InvalidInput) as raised:
            Clock("reply").start(RECEIVED, -1)
        assert str(raised.value) == "a clock's length must not be negative (got -1)"

    def test_an_unknown_unit_lists_the_units(self):
        with pytest.raises(InvalidInput) as raised:
            Clock("reply").start(RECEIVED, 20, "weeks")
        assert str(raised.value) == "unknown unit 'weeks'; expected one of workdays, days, months"

    def test_starting_a_running_clock(self):
        with pytest.raises(ClockError) as raised:
            reply_clock().start(D(2025, 10, 13), 20)
        assert str(raised.value) == "the reply clock is already running"

    def test_an_entry_dated_before_the_last_one(self):
        with pytest.raises(ClockError) as raised:
            reply_clock().pause(D(2025, 10, 13)).resume(D(2025, 10, 10))
        assert str(raised.value) == "resume on 2025-10-10 is before the clock's last entry on 2025-10-13"

    def test_pausing_a_paused_clock(self):
        with pytest.raises(ClockError) as raised:
            reply_clock().pause(D(2025, 10, 13)).pause(D(2025, 10, 14))
        assert str(raised.value) == "the reply clock is paused, so it cannot pause"

    def test_resuming_a_running_clock(self):
        with pytest.raises(ClockError) as raised:
            reply_clock().resume(D(2025, 10, 14))
        assert str(raised.value) == "the reply clock is running, so it cannot resume"

    def test_stopping_a_stopped_clock(self):
        with pytest.raises(ClockError) as raised:
            reply_clock().stop(D(2025, 10, 13)).stop(D(2025, 10, 14))
        assert str(raised.value) == "the reply clock is stopped, so it cannot stop"

    def test_extending_by_nothing(self):
        with pytest.raises(InvalidInput) as raised:
            reply_clock().extend(0, on=D(2025, 10, 13))
        assert str(raised.value) == "an extension must be a positive number of days (got 0)"

    def test_extending_a_stopped_clock(self):
        with pytest.raises(ClockError) as raised:
            reply_clock().stop(D(2025, 10, 13)).extend(20, on=D(2025, 10, 14))
        assert str(raised.value) == "the reply clock is stopped; only a running or paused clock can be extended"
