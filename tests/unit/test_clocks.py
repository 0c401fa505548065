"""Deadline clocks against STATUTE.md §2 (pause rule) and §1 (counting).

Pause rule: working days in (start, pause] and after ``resume`` count; days in
(pause, resume] do not. Pausing and resuming on the same day costs nothing. A
restart discards everything before it, extensions included.

Every expected date was counted by hand on the national calendar; see the
table at the top of test_calendar.py (2025 国庆: 10-01…10-08 off, make-up
days Sun 09-28 and Sat 10-11).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure.workflow.calendar import Due, WorkCalendar, parse_overrides
from disclosure.workflow.clocks import Clock, ClockStatus, ClockUnit, ExplainStep
from disclosure.workflow.errors import ClockError, InvalidInput, RuleViolation

D = date
NATIONAL = WorkCalendar()

RECEIVED = D(2025, 9, 26)  # Friday; due 2025-10-30 (STATUTE.md §1)


def reply_clock() -> Clock:
    return Clock("reply").start(RECEIVED, 20)


DAY_KINDS = {"counted", "makeup_workday", "weekend", "holiday"}


def events(explanation) -> list[tuple[date | None, str]]:
    """The steps that are not a day met: start, pause, resume, extend, stop, end, rollover, due…"""
    return [(step.on, step.kind) for step in explanation.steps if step.kind not in DAY_KINDS]


# ---------------------------------------------------------------------------
# Working-day clocks: start, pause, resume, extend, restart, stop
# ---------------------------------------------------------------------------


class TestWorkingDayClock:
    def test_not_started(self):
        clock = Clock("reply")
        assert clock.status is ClockStatus.NOT_STARTED
        assert clock.due(NATIONAL) is None
        assert clock.remaining(NATIONAL) is None
        assert clock.started_on is None
        assert clock.on_time(NATIONAL) is None
        explanation = clock.explain(NATIONAL)
        assert explanation.steps == ()
        assert explanation.due is None
        assert explanation.status is ClockStatus.NOT_STARTED

    def test_start_gives_the_statutory_due_date(self):
        clock = reply_clock()
        assert clock.status is ClockStatus.RUNNING
        assert clock.started_on == RECEIVED
        assert clock.due(NATIONAL) == Due(D(2025, 10, 30), False)
        assert clock.remaining(NATIONAL) == 20

    def test_start_accepts_the_unit_as_text(self):
        assert Clock().start(RECEIVED, 20, "workdays").due(NATIONAL) == Due(D(2025, 10, 30), False)

    def test_pause_leaves_thirteen_and_resume_moves_the_date(self):
        # (09-26, 10-13]: 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13 → 7 used, 13 left.
        paused = reply_clock().pause(D(2025, 10, 13))
        assert paused.status is ClockStatus.PAUSED
        assert paused.remaining(NATIONAL) == 13
        assert paused.due(NATIONAL) is None  # no date while paused with budget left
        # (10-13, 10-20] does not count; from 10-20: 10-21…24 1-4, 10-27…31 5-9, 11-03…06 10-13.
        assert paused.projected_due(NATIONAL, D(2025, 10, 20)) == Due(D(2025, 11, 6), False)
        resumed = paused.resume(D(2025, 10, 20))
        assert resumed.status is ClockStatus.RUNNING
        assert resumed.due(NATIONAL) == Due(D(2025, 11, 6), False)
        assert resumed.remaining(NATIONAL) == 13

    def test_pause_over_holidays_only_costs_nothing(self):
        # Paused Sat 10-04 (3 used: 09-28, 09-29, 09-30), resumed Wed 10-08: (10-04, 10-08]
        # are all holidays, so the date stays 10-30.
        clock = reply_clock().pause(D(2025, 10, 4)).resume(D(2025, 10, 8))
        assert clock.remaining(NATIONAL) == 17
        assert clock.due(NATIONAL) == Due(D(2025, 10, 30), False)

    def test_the_resume_day_itself_is_not_counted(self):
        # Paused Thu 10-09 (4 used), resumed Fri 10-10: 10-10 is in (pause, resume].
        # 16 left from 10-10: 10-11 (Sat, make-up) 1, 10-13…17 2-6, 10-20…24 7-11, 10-27…31 12-16.
        clock = reply_clock().pause(D(2025, 10, 9)).resume(D(2025, 10, 10))
        assert clock.due(NATIONAL) == Due(D(2025, 10, 31), False)

    def test_pause_and_resume_on_the_same_day_cost_nothing(self):
        clock = reply_clock().pause(D(2025, 10, 13)).resume(D(2025, 10, 13))
        assert clock.due(NATIONAL) == Due(D(2025, 10, 30), False)

    def test_two_pauses(self):
        # 7 used by 10-13; resumed 10-20, (10-20, 10-24] 4 more → 11 used; paused 10-24,
        # resumed 10-31: 9 left: 11-03…07 1-5, 11-10…13 6-9.
        clock = (
            reply_clock()
            .pause(D(2025, 10, 13))
            .resume(D(2025, 10, 20))
            .pause(D(2025, 10, 24))
        )
        assert clock.remaining(NATIONAL) == 9
        clock = clock.resume(D(2025, 10, 31))
        assert clock.due(NATIONAL) == Due(D(2025, 11, 13), False)

    def test_pause_after_the_budget_is_spent_keeps_the_due_date(self):
        for paused_on in (D(2025, 10, 30), D(2025, 11, 3)):
            clock = reply_clock().pause(paused_on)
            assert clock.status is ClockStatus.PAUSED
            assert clock.due(NATIONAL) == Due(D(2025, 10, 30), False)
            assert clock.remaining(NATIONAL) == 0

    def test_extension_adds_working_days_from_the_current_due_date(self):
        # Due 10-30; +20: 10-31 1, 11-03…07 2-6, 11-10…14 7-11, 11-17…21 12-16, 11-24…27 17-20.
        clock = reply_clock().extend(20, on=D(2025, 10, 28))
        assert clock.status is ClockStatus.RUNNING
        assert clock.due(NATIONAL) == Due(D(2025, 11, 27), False)
        assert clock.remaining(NATIONAL) == 40
        assert clock.explain(NATIONAL).budget == 40

    def test_extension_while_paused(self):
        # 13 left at the pause, +20 = 33 from 10-20: 11-06 is the 13th, then 11-07 1,
        # 11-10…14 2-6, 11-17…21 7-11, 11-24…28 12-16, 12-01…04 17-20.
        clock = reply_clock().pause(D(2025, 10, 13)).extend(20, on=D(2025, 10, 14))
        assert clock.status is ClockStatus.PAUSED
        assert clock.remaining(NATIONAL) == 33
        assert clock.due(NATIONAL) is None
        assert clock.resume(D(2025, 10, 20)).due(NATIONAL) == Due(D(2025, 12, 4), False)

    def test_restart_discards_pauses_and_extensions(self):
        # Correction received Mon 11-03: 20 in full from there: 11-04…07 1-4, 11-10…14 5-9,
        # 11-17…21 10-14, 11-24…28 15-19, 12-01 20.
        clock = (
            reply_clock()
            .extend(20, on=D(2025, 10, 10))
            .pause(D(2025, 10, 13))
            .restart(D(2025, 11, 3))
        )
        assert clock.status is ClockStatus.RUNNING
        assert clock.started_on == D(2025, 11, 3)
        assert clock.due(NATIONAL) == Due(D(2025, 12, 1), False)
        assert clock.remaining(NATIONAL) == 20
        explanation = clock.explain(NATIONAL)
        assert explanation.budget == 20
        assert explanation.steps[0] == ExplainStep(D(2025, 11, 3), "restart", amount=20)
        assert "extend" not in [kind for _, kind in events(explanation)]
        assert "pause" not in [kind for _, kind in events(explanation)]

    def test_restart_after_stop(self):
        # Restarted Mon 10-27: 10-28…31 1-4, 11-03…07 5-9, 11-10…14 10-14, 11-17…21 15-19, 11-24 20.
        clock = reply_clock().stop(D(2025, 10, 20)).restart(D(2025, 10, 27))
        assert clock.status is ClockStatus.RUNNING
        assert clock.stopped_on is None
        assert clock.due(NATIONAL) == Due(D(2025, 11, 24), False)

    def test_a_new_start_after_stop(self):
        clock = reply_clock().stop(D(2025, 10, 20)).start(D(2025, 11, 3), 20)
        assert clock.status is ClockStatus.RUNNING
        assert clock.due(NATIONAL) == Due(D(2025, 12, 1), False)


class TestStatus:
    def test_transitions(self):
        clock = Clock()
        seen = [clock.status]
        for step in (
            lambda c: c.start(RECEIVED, 20),
            lambda c: c.pause(D(2025, 10, 13)),
            lambda c: c.extend(5, on=D(2025, 10, 14)),
            lambda c: c.resume(D(2025, 10, 20)),
            lambda c: c.restart(D(2025, 10, 21)),
            lambda c: c.pause(D(2025, 10, 22)),
            lambda c: c.restart(D(2025, 10, 23)),
            lambda c: c.stop(D(2025, 11, 3)),
        ):
            clock = step(clock)
            seen.append(clock.status)
        assert seen == [
            ClockStatus.NOT_STARTED,
            ClockStatus.RUNNING,
            ClockStatus.PAUSED,
            ClockStatus.PAUSED,
            ClockStatus.RUNNING,
            ClockStatus.RUNNING,
            ClockStatus.PAUSED,
            ClockStatus.RUNNING,
            ClockStatus.STOPPED,
        ]
        assert clock.stopped_on == D(2025, 11, 3)

    def test_operations_return_new_clocks(self):
        clock = reply_clock()
        paused = clock.pause(D(2025, 10, 13))
        assert clock.status is ClockStatus.RUNNING
        assert paused.status is ClockStatus.PAUSED
        assert len(paused.ledger) == len(clock.ledger) + 1

    def test_labels(self):
        assert ClockStatus.PAUSED.label == "已暂停"
        assert ClockStatus.RUNNING.label == "计时中"
        assert ClockUnit.WORKDAYS.label == "个工作日"
        assert ClockUnit.parse("months") is ClockUnit.MONTHS


class TestErrors:
    @pytest.mark.parametrize(
        "operation",
        [
            pytest.param(lambda: reply_clock().pause(D(2025, 10, 13)).pause(D(2025, 10, 14)), id="pause a paused clock"),
            pytest.param(lambda: reply_clock().resume(D(2025, 10, 14)), id="resume a running clock"),
            pytest.param(lambda: Clock().pause(RECEIVED), id="pause before start"),
            pytest.param(lambda: Clock().resume(RECEIVED), id="resume before start"),
            pytest.param(lambda: Clock().restart(RECEIVED), id="restart before start"),
            pytest.param(lambda: Clock().stop(RECEIVED), id="stop before start"),
            pytest.param(lambda: Clock().extend(5, on=RECEIVED), id="extend before start"),
            pytest.param(lambda: reply_clock().start(D(2025, 10, 1), 20), id="start a running clock"),
            pytest.param(
                lambda: reply_clock().pause(D(2025, 10, 13)).start(D(2025, 10, 14), 20), id="start a paused clock"
            ),
            pytest.param(lambda: reply_clock().stop(D(2025, 10, 13)).stop(D(2025, 10, 14)), id="stop twice"),
            pytest.param(lambda: reply_clock().stop(D(2025, 10, 13)).pause(D(2025, 10, 14)), id="pause a stopped clock"),
            pytest.param(
                lambda: reply_clock().stop(D(2025, 10, 13)).extend(5, on=D(2025, 10, 14)), id="extend a stopped clock"
            ),
            # Dates going backwards.
            pytest.param(lambda: reply_clock().pause(D(2025, 9, 25)), id="pause before the start"),
            pytest.param(
                lambda: reply_clock().pause(D(2025, 10, 13)).resume(D(2025, 10, 12)), id="resume before the pause"
            ),
            pytest.param(lambda: reply_clock().stop(D(2025, 9, 1)), id="stop before the start"),
            pytest.param(
                lambda: reply_clock().pause(D(2025, 10, 13)).restart(D(2025, 10, 1)), id="restart before the pause"
            ),
            pytest.param(
                lambda: reply_clock().pause(D(2025, 10, 13)).extend(5, on=D(2025, 10, 1)), id="extend dated backwards"
            ),
            pytest.param(
                lambda: reply_clock().stop(D(2025, 10, 13)).start(D(2025, 10, 1), 20), id="new start before the stop"
            ),
        ],
    )
    def test_clock_errors(self, operation):
        with pytest.raises(ClockError) as raised:
            operation()
        assert isinstance(raised.value, RuleViolation)
        assert not isinstance(raised.value, InvalidInput)
        assert "\n" not in str(raised.value)

    @pytest.mark.parametrize(
        "operation",
        [
            pytest.param(lambda: reply_clock().extend(-5, on=D(2025, 10, 1)), id="negative extension"),
            pytest.param(lambda: reply_clock().extend(0, on=D(2025, 10, 1)), id="zero extension"),
            pytest.param(
                lambda: reply_clock().pause(D(2025, 10, 13)).extend(-1), id="negative extension while paused"
            ),
            pytest.param(lambda: Clock().start(RECEIVED, -1), id="negative length"),
            pytest.param(lambda: Clock().start(RECEIVED, 20, "weeks"), id="unknown unit"),
        ],
    )
    def test_invalid_input(self, operation):
        with pytest.raises(InvalidInput) as raised:
            operation()
        assert "\n" not in str(raised.value)

    def test_same_day_operations_are_allowed(self):
        clock = reply_clock().pause(RECEIVED).resume(RECEIVED).extend(1, on=RECEIVED).stop(RECEIVED)
        assert clock.status is ClockStatus.STOPPED


class TestStop:
    @pytest.mark.parametrize(
        "stopped_on, on_time",
        [
            (D(2025, 9, 26), True),
            (D(2025, 10, 15), True),
            (D(2025, 10, 30), True),  # the last day ends at 24:00
            (D(2025, 10, 31), False),
            (D(2025, 12, 1), False),
        ],
    )
    def test_on_time(self, stopped_on, on_time):
        clock = reply_clock().stop(stopped_on)
        assert clock.status is ClockStatus.STOPPED
        assert clock.stopped_on == stopped_on
        assert clock.due(NATIONAL) == Due(D(2025, 10, 30), False)
        assert clock.on_time(NATIONAL) is on_time

    def test_running_clock_has_no_on_time(self):
        assert reply_clock().on_time(NATIONAL) is None

    def test_on_time_after_pause_and_resume(self):
        clock = reply_clock().pause(D(2025, 10, 13)).resume(D(2025, 10, 20))
        assert clock.stop(D(2025, 11, 6)).on_time(NATIONAL) is True
        assert clock.stop(D(2025, 11, 7)).on_time(NATIONAL) is False

    def test_reply_while_paused_with_budget_left_is_on_time(self):
        # Paused 10-13 for a third party's opinion with 13 working days left; the office
        # replies on 10-15 without resuming. The deadline cannot have passed: on time.
        clock = reply_clock().pause(D(2025, 10, 13)).stop(D(2025, 10, 15))
        assert clock.status is ClockStatus.STOPPED
        assert clock.on_time(NATIONAL) is True

    def test_reply_while_paused_after_the_budget_was_spent_is_late(self):
        clock = reply_clock().pause(D(2025, 11, 3)).stop(D(2025, 11, 4))
        assert clock.on_time(NATIONAL) is False


class TestRecompute:
    def test_a_holiday_added_later_moves_an_open_deadline(self):
        clock = Clock().start(D(2026, 12, 1), 20)
        assert clock.due(NATIONAL) == Due(D(2026, 12, 29), False)
        local = NATIONAL.with_days(holidays=[D(2026, 12, 15)])
        assert clock.due(local) == Due(D(2026, 12, 30), False)

    def test_a_holiday_added_later_moves_a_resumed_deadline_into_an_unknown_year(self):
        # 12-02…04 3 used; paused 12-04, resumed Tue 12-08 ((12-04, 12-08] lost: 12-07, 12-08).
        # 17 left from 12-08: 12-09…11 1-3, 12-14…18 4-8, 12-21…25 9-13, 12-28…31 14-17.
        clock = Clock().start(D(2026, 12, 1), 20).pause(D(2026, 12, 4)).resume(D(2026, 12, 8))
        assert clock.due(NATIONAL) == Due(D(2026, 12, 31), False)
        # With 12-15 a local holiday the 17th day is Fri 2027-01-01, a year without data.
        local = NATIONAL.with_days(holidays=[D(2026, 12, 15)])
        assert clock.due(local) == Due(D(2027, 1, 1), True)

    def test_loading_the_next_years_calendar_settles_a_provisional_date(self):
        # 2026-12-15 + 20 → 2027-01-12 on weekends only; with 01-01 a holiday → 01-13.
        clock = Clock().start(D(2026, 12, 15), 20)
        assert clock.due(NATIONAL) == Due(D(2027, 1, 12), True)
        loaded = NATIONAL.with_overrides(parse_overrides("[2027]\nholidays = [2027-01-01]\n"))
        assert clock.due(loaded) == Due(D(2027, 1, 13), False)

    def test_on_time_is_judged_against_the_calendar_given(self):
        clock = Clock().start(D(2026, 12, 1), 20).stop(D(2026, 12, 30))
        assert clock.on_time(NATIONAL) is False
        assert clock.on_time(NATIONAL.with_days(holidays=[D(2026, 12, 15)])) is True


# ---------------------------------------------------------------------------
# Calendar-day and month clocks
# ---------------------------------------------------------------------------


class TestDaysClock:
    def test_petition_sixty_days_rolls_over_national_day(self):
        # 2025-08-02 + 60 → 10-01 (holiday) … → Thu 10-09.
        clock = Clock("handle").start(D(2025, 8, 2), 60, ClockUnit.DAYS)
        assert clock.due(NATIONAL) == Due(D(2025, 10, 9), False)
        assert clock.remaining(NATIONAL) == 60
        # + 30 days with the head's approval: 90 days → Fri 10-31.
        assert clock.extend(30, on=D(2025, 9, 1)).due(NATIONAL) == Due(D(2025, 10, 31), False)

    def test_pause_shifts_the_end_by_the_paused_days_and_rolls_over(self):
        # 15 days from Mon 09-01 → Tue 09-16. Paused 09-05 (4 used), resumed 09-16 (11 days):
        # the last day is 09-16 + 11 = Sat 09-27, rolled to Sun 09-28, a make-up working day.
        clock = Clock("register").start(D(2025, 9, 1), 15, "days")
        assert clock.due(NATIONAL) == Due(D(2025, 9, 16), False)
        paused = clock.pause(D(2025, 9, 5))
        assert paused.due(NATIONAL) is None
        assert paused.remaining(NATIONAL) == 11
        resumed = paused.resume(D(2025, 9, 16))
        assert resumed.due(NATIONAL) == Due(D(2025, 9, 28), False)
        assert resumed.stop(D(2025, 9, 28)).on_time(NATIONAL) is True
        assert resumed.stop(D(2025, 9, 29)).on_time(NATIONAL) is False

    def test_explain_shows_end_rest_days_and_rollover(self):
        clock = Clock("register").start(D(2025, 9, 1), 15, "days").pause(D(2025, 9, 5)).resume(D(2025, 9, 16))
        explanation = clock.explain(NATIONAL)
        assert explanation.unit is ClockUnit.DAYS
        assert [(s.on, s.kind) for s in explanation.steps] == [
            (D(2025, 9, 1), "start"),
            (D(2025, 9, 5), "pause"),
            (D(2025, 9, 16), "resume"),
            (D(2025, 9, 27), "end"),
            (D(2025, 9, 27), "weekend"),
            (D(2025, 9, 28), "rollover"),
            (D(2025, 9, 28), "due"),
        ]
        assert explanation.steps[1].count == 4
        assert explanation.due == clock.due(NATIONAL)


class TestMonthsClock:
    def test_suggestion_three_months_rolls_over_dragon_boat(self):
        # 2026-03-19 + 3 months → Fri 06-19 端午, 06-20/21 off → Mon 06-22.
        clock = Clock("suggestion").start(D(2026, 3, 19), 3, ClockUnit.MONTHS)
        assert clock.due(NATIONAL) == Due(D(2026, 6, 22), False)
        assert clock.remaining(NATIONAL) is None

    def test_pause_shifts_the_end_by_the_paused_calendar_days(self):
        # Paused 04-01, resumed 04-09: 8 days. 06-19 + 8 = Sat 06-27 → Mon 06-29.
        clock = Clock("suggestion").start(D(2026, 3, 19), 3, "months").pause(D(2026, 4, 1))
        assert clock.due(NATIONAL) is None
        resumed = clock.resume(D(2026, 4, 9))
        assert resumed.due(NATIONAL) == Due(D(2026, 6, 29), False)

    def test_pause_after_the_last_day_changes_nothing(self):
        # Paused Sat 06-20, after the last day 06-19: the due date stays 06-22.
        clock = Clock("suggestion").start(D(2026, 3, 19), 3, "months").pause(D(2026, 6, 20))
        assert clock.due(NATIONAL) == Due(D(2026, 6, 22), False)

    def test_extension_to_six_months_rolls_onto_a_make_up_sunday(self):
        # 3 + 3 months → Sat 2026-09-19 → Sun 09-20 (make-up working day).
        clock = Clock("suggestion").start(D(2026, 3, 19), 3, "months").extend(3, on=D(2026, 4, 1))
        assert clock.due(NATIONAL) == Due(D(2026, 9, 20), False)

    def test_month_end_rule(self):
        # 2025-11-30 + 3 months → Sat 2026-02-28, a make-up working day: it stays.
        assert Clock().start(D(2025, 11, 30), 3, "months").due(NATIONAL) == Due(D(2026, 2, 28), False)
        # 2028-01-31 + 1 month → Tue 2028-02-29, in a year without data.
        assert Clock().start(D(2028, 1, 31), 1, "months").due(NATIONAL) == Due(D(2028, 2, 29), True)

    def test_explain_names_the_holidays_rolled_over(self):
        clock = Clock("suggestion").start(D(2026, 3, 19), 3, "months")
        explanation = clock.explain(NATIONAL)
        assert [(s.on, s.kind, s.name) for s in explanation.steps] == [
            (D(2026, 3, 19), "start", None),
            (D(2026, 6, 19), "end", None),
            (D(2026, 6, 19), "holiday", "端午节"),
            (D(2026, 6, 20), "holiday", "端午节"),
            (D(2026, 6, 21), "holiday", "端午节"),
            (D(2026, 6, 22), "rollover", None),
            (D(2026, 6, 22), "due", None),
        ]
        assert explanation.due == Due(D(2026, 6, 22), False)

    def test_explain_with_a_pause(self):
        clock = Clock("suggestion").start(D(2026, 3, 19), 3, "months").pause(D(2026, 4, 1)).resume(D(2026, 4, 9))
        assert events(clock.explain(NATIONAL)) == [
            (D(2026, 3, 19), "start"),
            (D(2026, 4, 1), "pause"),
            (D(2026, 4, 9), "resume"),
            (D(2026, 6, 27), "end"),
            (D(2026, 6, 29), "rollover"),
            (D(2026, 6, 29), "due"),
        ]


# ---------------------------------------------------------------------------
# explain()
# ---------------------------------------------------------------------------

G, Z = "国庆节", "中秋节"

# Every day from Sat 2025-09-27 to Thu 2025-10-30, counted by hand.
EXPECTED_2025_09_26 = [
    ExplainStep(D(2025, 9, 26), "start", amount=20),
    ExplainStep(D(2025, 9, 27), "weekend"),
    ExplainStep(D(2025, 9, 28), "makeup_workday", 1, G),
    ExplainStep(D(2025, 9, 29), "counted", 2),
    ExplainStep(D(2025, 9, 30), "counted", 3),
    ExplainStep(D(2025, 10, 1), "holiday", name=G),
    ExplainStep(D(2025, 10, 2), "holiday", name=G),
    ExplainStep(D(2025, 10, 3), "holiday", name=G),
    ExplainStep(D(2025, 10, 4), "holiday", name=G),
    ExplainStep(D(2025, 10, 5), "holiday", name=G),
    ExplainStep(D(2025, 10, 6), "holiday", name=Z),
    ExplainStep(D(2025, 10, 7), "holiday", name=G),
    ExplainStep(D(2025, 10, 8), "holiday", name=G),
    ExplainStep(D(2025, 10, 9), "counted", 4),
    ExplainStep(D(2025, 10, 10), "counted", 5),
    ExplainStep(D(2025, 10, 11), "makeup_workday", 6, G),
    ExplainStep(D(2025, 10, 12), "weekend"),
    ExplainStep(D(2025, 10, 13), "counted", 7),
    ExplainStep(D(2025, 10, 14), "counted", 8),
    ExplainStep(D(2025, 10, 15), "counted", 9),
    ExplainStep(D(2025, 10, 16), "counted", 10),
    ExplainStep(D(2025, 10, 17), "counted", 11),
    ExplainStep(D(2025, 10, 18), "weekend"),
    ExplainStep(D(2025, 10, 19), "weekend"),
    ExplainStep(D(2025, 10, 20), "counted", 12),
    ExplainStep(D(2025, 10, 21), "counted", 13),
    ExplainStep(D(2025, 10, 22), "counted", 14),
    ExplainStep(D(2025, 10, 23), "counted", 15),
    ExplainStep(D(2025, 10, 24), "counted", 16),
    ExplainStep(D(2025, 10, 25), "weekend"),
    ExplainStep(D(2025, 10, 26), "weekend"),
    ExplainStep(D(2025, 10, 27), "counted", 17),
    ExplainStep(D(2025, 10, 28), "counted", 18),
    ExplainStep(D(2025, 10, 29), "counted", 19),
    ExplainStep(D(2025, 10, 30), "counted", 20),
    ExplainStep(D(2025, 10, 30), "due", 20),
]


class TestExplain:
    def test_every_day_of_the_statute_example(self):
        clock = reply_clock()
        explanation = clock.explain(NATIONAL)
        assert list(explanation.steps) == EXPECTED_2025_09_26
        assert explanation.clock == "reply"
        assert explanation.unit is ClockUnit.WORKDAYS
        assert explanation.budget == 20
        assert explanation.status is ClockStatus.RUNNING
        assert explanation.due == clock.due(NATIONAL) == Due(D(2025, 10, 30), False)

    def test_ends_with_a_due_step_equal_to_due(self):
        for clock in (
            reply_clock(),
            reply_clock().pause(D(2025, 10, 13)).resume(D(2025, 10, 20)),
            reply_clock().extend(20, on=RECEIVED),
            Clock().start(D(2026, 12, 15), 20),
        ):
            explanation = clock.explain(NATIONAL)
            last = explanation.steps[-1]
            assert last.kind == "due"
            assert last.on == clock.due(NATIONAL).on
            assert last.count == explanation.budget
            assert explanation.due == clock.due(NATIONAL)

    def test_pause_and_resume_appear_in_order_and_paused_days_are_not_counted(self):
        clock = reply_clock().pause(D(2025, 10, 13)).resume(D(2025, 10, 20))
        explanation = clock.explain(NATIONAL)
        assert events(explanation) == [
            (D(2025, 9, 26), "start"),
            (D(2025, 10, 13), "pause"),
            (D(2025, 10, 20), "resume"),
            (D(2025, 11, 6), "due"),
        ]
        pause = next(s for s in explanation.steps if s.kind == "pause")
        assert pause.count == 7
        counted = [s for s in explanation.steps if s.kind in ("counted", "makeup_workday")]
        assert [s.count for s in counted] == list(range(1, 21))
        # (10-13, 10-20] are not listed as counted; 10-21 is day 8.
        assert all(not (D(2025, 10, 13) < s.on <= D(2025, 10, 20)) for s in counted)
        assert counted[7].on == D(2025, 10, 21)
        assert counted[-1].on == D(2025, 11, 6)
        dated = [s.on for s in explanation.steps if s.on is not None]
        assert dated == sorted(dated)

    def test_extension_appears_in_ledger_order(self):
        # Paused 10-13, resumed 10-20, extended on 10-21: the extension comes after the
        # resume, and the days listed never go back in time.
        clock = reply_clock().pause(D(2025, 10, 13)).resume(D(2025, 10, 20)).extend(20, on=D(2025, 10, 21))
        explanation = clock.explain(NATIONAL)
        assert [kind for _, kind in events(explanation)] == ["start", "pause", "resume", "extend", "due"]
        dated = [s.on for s in explanation.steps if s.on is not None]
        assert dated == sorted(dated)
        assert explanation.steps[-1] == ExplainStep(D(2025, 12, 4), "due", 33 + 7)

    def test_pause_and_resume_on_the_start_day_are_both_shown(self):
        clock = reply_clock().pause(RECEIVED).resume(RECEIVED)
        kinds = [kind for _, kind in events(clock.explain(NATIONAL))]
        assert kinds == ["start", "pause", "resume", "due"]

    def test_paused_clock_ends_with_the_remaining_budget(self):
        clock = reply_clock().pause(D(2025, 10, 13))
        explanation = clock.explain(NATIONAL)
        assert explanation.due is None
        assert explanation.status is ClockStatus.PAUSED
        assert explanation.steps[-2] == ExplainStep(D(2025, 10, 13), "pause", 7)
        assert explanation.steps[-1] == ExplainStep(None, "remaining", amount=13)

    def test_stop_after_the_due_date_follows_the_due_step(self):
        clock = reply_clock().stop(D(2025, 10, 31))
        assert events(clock.explain(NATIONAL))[-2:] == [(D(2025, 10, 30), "due"), (D(2025, 10, 31), "stop")]

    def test_stop_before_the_due_date_precedes_it(self):
        clock = reply_clock().stop(D(2025, 10, 15))
        assert events(clock.explain(NATIONAL)) == [
            (D(2025, 9, 26), "start"),
            (D(2025, 10, 15), "stop"),
            (D(2025, 10, 30), "due"),
        ]

    @pytest.mark.parametrize(
        "clock, due",
        [
            # 30 days from 09-01 → Wed 10-01 (国庆) → Thu 10-09; paused 10-03 and resumed
            # 10-05, after the budget ran out on 10-01: the due date does not move.
            pytest.param(
                Clock().start(D(2025, 9, 1), 30, "days").pause(D(2025, 10, 3)).resume(D(2025, 10, 5)),
                Due(D(2025, 10, 9), False),
                id="days",
            ),
            # 3 months from 2026-03-19 → Fri 06-19 (端午) → Mon 06-22; paused 06-20, resumed 06-21.
            pytest.param(
                Clock().start(D(2026, 3, 19), 3, "months").pause(D(2026, 6, 20)).resume(D(2026, 6, 21)),
                Due(D(2026, 6, 22), False),
                id="months",
            ),
        ],
    )
    def test_pause_during_a_rollover_is_explained_in_date_order(self, clock, due):
        assert clock.due(NATIONAL) == due
        explanation = clock.explain(NATIONAL)
        dated = [s.on for s in explanation.steps if s.on is not None]
        assert dated == sorted(dated), events(explanation)
        assert explanation.steps[-1] == ExplainStep(due.on, "due")

    def test_restart_begins_the_explanation(self):
        clock = reply_clock().pause(D(2025, 10, 13)).restart(D(2025, 11, 3))
        explanation = clock.explain(NATIONAL)
        assert events(explanation) == [(D(2025, 11, 3), "restart"), (D(2025, 12, 1), "due")]
        assert all(s.on >= D(2025, 11, 3) for s in explanation.steps)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DATES = st.dates(min_value=D(2004, 1, 1), max_value=D(2030, 12, 31))
CLOCK_SPECS = st.one_of(
    st.tuples(st.just(ClockUnit.WORKDAYS), st.integers(0, 400)),
    st.tuples(st.just(ClockUnit.DAYS), st.integers(0, 400)),
    st.tuples(st.just(ClockUnit.MONTHS), st.integers(0, 24)),
)
OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["pause", "resume", "extend", "stop"]), st.integers(0, 60), st.integers(1, 30)),
    max_size=8,
)


def apply(clock: Clock, operations) -> Clock:
    day = clock.last_date
    for action, gap, amount in operations:
        day = day + timedelta(days=gap)
        status = clock.status
        if action == "pause" and status is ClockStatus.RUNNING:
            clock = clock.pause(day)
        elif action == "resume" and status is ClockStatus.PAUSED:
            clock = clock.resume(day)
        elif action == "extend" and status in (ClockStatus.RUNNING, ClockStatus.PAUSED):
            clock = clock.extend(amount, on=day)
        elif action == "stop" and status in (ClockStatus.RUNNING, ClockStatus.PAUSED):
            clock = clock.stop(day)
    return clock


@PROPERTY_SETTINGS
@given(start=DATES, spec=CLOCK_SPECS, offset=st.integers(0, 500))
def test_prop_pause_and_resume_on_the_same_day_change_nothing(start, spec, offset):
    unit, length = spec
    clock = Clock().start(start, length, unit)
    day = start + timedelta(days=offset)
    assert clock.pause(day).resume(day).due(NATIONAL) == clock.due(NATIONAL)


@PROPERTY_SETTINGS
@given(start=DATES, spec=CLOCK_SPECS, operations=OPERATIONS, gap=st.integers(0, 60))
def test_prop_restart_forgets_the_past(start, spec, operations, gap):
    unit, length = spec
    clock = apply(Clock().start(start, length, unit), operations)
    restarted_on = clock.last_date + timedelta(days=gap)
    restarted = clock.restart(restarted_on)
    fresh = Clock().start(restarted_on, length, unit)
    assert restarted.status is ClockStatus.RUNNING
    assert restarted.due(NATIONAL) == fresh.due(NATIONAL)
    assert restarted.remaining(NATIONAL) == fresh.remaining(NATIONAL)


@PROPERTY_SETTINGS
@given(
    start=DATES,
    n=st.integers(1, 400),
    pause_offset=st.integers(0, 600),
    pause_length=st.integers(0, 60),
)
def test_prop_a_pause_adds_the_working_days_in_pause_resume(start, n, pause_offset, pause_length):
    paused_on = start + timedelta(days=pause_offset)
    resumed_on = paused_on + timedelta(days=pause_length)
    clock = Clock().start(start, n).pause(paused_on).resume(resumed_on)
    used = NATIONAL.working_days_between(start, paused_on)
    if used < n:
        lost = NATIONAL.working_days_between(paused_on, resumed_on)
        expected = NATIONAL.add_working_days(start, n + lost).on
    else:
        expected = NATIONAL.add_working_days(start, n).on
    assert clock.due(NATIONAL).on == expected


@PROPERTY_SETTINGS
@given(start=DATES, spec=CLOCK_SPECS, operations=OPERATIONS)
def test_prop_explain_ends_with_due_for_running_clocks(start, spec, operations):
    unit, length = spec
    clock = apply(Clock().start(start, length, unit), [op for op in operations if op[0] != "stop"])
    due = clock.due(NATIONAL)
    explanation = clock.explain(NATIONAL)
    assert explanation.due == due
    if due is None:
        assert clock.status is ClockStatus.PAUSED
        assert explanation.steps[-1].kind == "remaining"
    else:
        assert explanation.steps[-1].kind == "due"
        assert explanation.steps[-1].on == due.on
        if unit is ClockUnit.WORKDAYS:
            counted = [s for s in explanation.steps if s.kind in ("counted", "makeup_workday")]
            assert [s.count for s in counted] == list(range(1, len(counted) + 1))
            assert len(counted) == explanation.budget
            assert all(NATIONAL.is_workday(s.on) for s in counted)


@PROPERTY_SETTINGS
@given(start=st.dates(min_value=date(2004, 1, 1), max_value=date(2027, 12, 31)), n=st.integers(0, 60), stop_after=st.integers(0, 90) | st.none())
def test_prop_the_short_path_for_started_and_stopped_clocks_agrees_with_the_period(start, n, stop_after):
    clock = Clock("reply").start(start, n)
    if stop_after is not None:
        clock = clock.stop(start + timedelta(days=stop_after))
    for calendar in (NATIONAL, NATIONAL.with_year(2027, holidays=[date(2027, 1, 1)])):
        assert Clock(clock.name, clock.ledger)._compute_due(calendar) == clock._compute_due_from_period(calendar)


def test_working_days_elapsed_excludes_paused_time_and_counts_from_the_last_restart():
    # Received Friday 2025-09-26; paused 2025-10-09 (Sunday 28, 29, 30 September, 9 October: 4 days),
    # resumed 2025-10-13 (the 10th and the make-up Saturday 11th are not counted), replied 2025-10-16
    # (14, 15, 16: 3 more).
    clock = Clock("reply").start(date(2025, 9, 26), 20).pause(date(2025, 10, 9)).resume(date(2025, 10, 13))
    assert clock.stop(date(2025, 10, 16)).working_days_elapsed(NATIONAL) == 7
    assert clock.working_days_elapsed(NATIONAL, until=date(2025, 10, 14)) == 5
    restarted = Clock("reply").start(date(2025, 9, 26), 20).stop(date(2025, 9, 30)).restart(date(2025, 10, 13))
    assert restarted.stop(date(2025, 10, 15)).working_days_elapsed(NATIONAL) == 2
    assert Clock("reply").working_days_elapsed(NATIONAL) is None
