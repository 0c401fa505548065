"""A deadline kept as a budget plus a ledger, never as a stored date.

The ledger records what happened (start, pause, resume, restart, extend, stop);
the due date is computed from it against a calendar, so a holiday added later
moves every open deadline, and ``explain`` can show how a date was reached.

The pause rule (STATUTE.md §2): working days in (start, pause] and after
``resume`` count; days in (pause, resume] do not. Pausing and resuming on the
same day costs nothing. A restart discards everything before it, extensions
included, and starts the original length again from its date.

Calendar-day and month clocks shift their last day by the calendar days spent
paused, then roll a rest day forward to the next working day ([MFD] 203).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterator, Mapping, NamedTuple

from disclosure.workflow.calendar import DayKind, Due, WorkCalendar, months_later
from disclosure.workflow.errors import ClockError, InvalidInput
from disclosure.workflow.messages import t

__all__ = ["ClockUnit", "ClockStatus", "OPEN_STATUSES", "LedgerEntry", "Clock", "ExplainStep", "Explanation", "stop_if_active"]


class ClockUnit(str, enum.Enum):
    WORKDAYS = "workdays"
    DAYS = "days"
    MONTHS = "months"

    @property
    def label(self) -> str:
        return {"workdays": "个工作日", "days": "日", "months": "个月"}[self.value]

    @classmethod
    def parse(cls, text: str) -> "ClockUnit":
        try:
            return cls(text)
        except ValueError:
            choices = ", ".join(unit.value for unit in cls)
            raise InvalidInput(t("unknown unit {unit!r}; expected one of {choices}", unit=text, choices=choices)) from None


class ClockStatus(str, enum.Enum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"

    @property
    def label(self) -> str:
        return {"not_started": "未开始", "running": "计时中", "paused": "已暂停", "stopped": "已停止"}[self.value]


# A clock that runs or waits: its due date still binds. Named once, since looking the members up on the
# enum costs more than the test itself, which the write path makes several times a command.
OPEN_STATUSES = (ClockStatus.RUNNING, ClockStatus.PAUSED)


class LedgerEntry(NamedTuple):
    """One line of a clock's ledger (a named tuple: clocks are rebuilt from snapshots on every command)."""

    action: str  # start | pause | resume | restart | extend | stop
    on: date | None
    amount: int | None = None
    unit: ClockUnit | None = None


@dataclass(frozen=True)
class ExplainStep:
    """One line of an explanation: a day met, or something done to the clock."""

    on: date | None
    kind: str  # start, counted, weekend, holiday, pause, resume, restart, extend, stop, end, rollover, due, remaining
    count: int | None = None  # the running count of units consumed, where one applies
    name: str | None = None  # the holiday or make-up day's name
    amount: int | None = None


@dataclass(frozen=True)
class Explanation:
    clock: str
    unit: ClockUnit
    budget: int
    steps: tuple[ExplainStep, ...]
    due: Due | None
    status: ClockStatus
    # The case's receipt record, with its rule's text and article, when the period counts from the
    # legal receipt date (workflow/receipt.py); its first step is then that date's ``receipt`` step.
    receipt: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class _Period:
    """The part of the ledger since the last start or restart, decoded."""

    start: date
    length: int
    unit: ClockUnit
    extensions: tuple[LedgerEntry, ...]
    # Each run: (from, to or None while still running, how it closed: pause | stop | None)
    runs: tuple[tuple[date, date | None, str | None], ...]
    entries: tuple[LedgerEntry, ...]

    @property
    def budget(self) -> int:
        return self.length + sum(entry.amount or 0 for entry in self.extensions)


_UNSET = object()


@dataclass(frozen=True)
class Clock:
    """An immutable deadline clock; every operation returns a new clock."""

    name: str = "reply"
    ledger: tuple[LedgerEntry, ...] = field(default=())

    # -- operations -------------------------------------------------------------

    def start(self, on: date, length: int, unit: ClockUnit | str = ClockUnit.WORKDAYS) -> "Clock":
        unit = ClockUnit.parse(unit) if isinstance(unit, str) else unit
        if length < 0:
            raise InvalidInput(t("a clock's length must not be negative (got {length})", length=length))
        if self.status in OPEN_STATUSES:
            raise ClockError(t("the {clock} clock is already {status}", clock=self.name, status=self.status.value))
        return self._append(LedgerEntry("start", on, length, unit))

    def pause(self, on: date) -> "Clock":
        self._require(ClockStatus.RUNNING, "pause")
        return self._append(LedgerEntry("pause", on))

    def resume(self, on: date) -> "Clock":
        self._require(ClockStatus.PAUSED, "resume")
        return self._append(LedgerEntry("resume", on))

    def restart(self, on: date) -> "Clock":
        if self.status is ClockStatus.NOT_STARTED:
            raise ClockError(t("the {clock} clock has not started, so it cannot restart", clock=self.name))
        return self._append(LedgerEntry("restart", on))

    def extend(self, n: int, on: date | None = None) -> "Clock":
        if n <= 0:
            raise InvalidInput(t("an extension must be a positive number of days (got {n})", n=n))
        if self.status not in OPEN_STATUSES:
            raise ClockError(t(
                "the {clock} clock is {status}; only a running or paused clock can be extended", clock=self.name, status=self.status.value,
            ))
        return self._append(LedgerEntry("extend", on, n))

    def stop(self, on: date) -> "Clock":
        if self.status not in OPEN_STATUSES:
            raise ClockError(t("the {clock} clock is {status}, so it cannot stop", clock=self.name, status=self.status.value))
        return self._append(LedgerEntry("stop", on))

    def _require(self, status: ClockStatus, action: str) -> None:
        if self.status is not status:
            raise ClockError(t(
                "the {clock} clock is {status}, so it cannot {action}", clock=self.name, status=self.status.value, action=action,
            ))

    def _append(self, entry: LedgerEntry) -> "Clock":
        last = self.last_date
        if entry.on is not None and last is not None and entry.on < last:
            raise ClockError(t(
                "{action} on {on} is before the clock's last entry on {last}",
                action=entry.action, on=entry.on.isoformat(), last=last.isoformat(),
            ))
        return type(self)(self.name, self.ledger + (entry,))  # replace() costs three times as much

    # -- state --------------------------------------------------------------------

    @property
    def last_date(self) -> date | None:
        for entry in reversed(self.ledger):
            if entry.on is not None:
                return entry.on
        return None

    # Derived facts are cached in the instance: the ledger is an immutable tuple and a command
    # asks a clock for them many times. (By hand: functools.cached_property takes a lock per read.)
    @property
    def status(self) -> ClockStatus:
        cached = self.__dict__.get("_status")
        if cached is None:
            cached = self.__dict__["_status"] = self._compute_status()
        return cached

    def _compute_status(self) -> ClockStatus:
        status = ClockStatus.NOT_STARTED
        for entry in self.ledger:
            if entry.action in ("start", "restart", "resume"):
                status = ClockStatus.RUNNING
            elif entry.action == "pause":
                status = ClockStatus.PAUSED
            elif entry.action == "stop":
                status = ClockStatus.STOPPED
        return status

    @property
    def started_on(self) -> date | None:
        period = self._period()
        return period.start if period else None

    @property
    def stopped_on(self) -> date | None:
        if self.status is not ClockStatus.STOPPED:
            return None
        return self.ledger[-1].on if self.ledger[-1].action == "stop" else None

    def _period(self) -> _Period | None:
        cached = self.__dict__.get("_cached_period", _UNSET)
        if cached is _UNSET:
            cached = self.__dict__["_cached_period"] = self._compute_period()
        return cached

    def _compute_period(self) -> _Period | None:
        start_at = None
        for position, entry in enumerate(self.ledger):
            if entry.action in ("start", "restart"):
                start_at = position
        if start_at is None:
            return None
        first = self.ledger[start_at]
        if first.action == "restart":
            origin = next(e for e in reversed(self.ledger[:start_at]) if e.action == "start")
            length, unit = origin.amount or 0, origin.unit or ClockUnit.WORKDAYS
        else:
            length, unit = first.amount or 0, first.unit or ClockUnit.WORKDAYS
        entries = self.ledger[start_at:]
        runs: list[tuple[date, date | None, str | None]] = []
        run_from: date | None = first.on
        for entry in entries[1:]:
            if entry.action in ("pause", "stop") and run_from is not None:
                runs.append((run_from, entry.on, entry.action))
                run_from = None
            elif entry.action == "resume":
                run_from = entry.on
        if run_from is not None:
            runs.append((run_from, None, None))
        extensions = tuple(e for e in entries if e.action == "extend")
        return _Period(first.on, length, unit, extensions, tuple(runs), entries)

    # -- the deadline ---------------------------------------------------------------

    def due(self, calendar: WorkCalendar) -> Due | None:
        """The last day of the period, or None while paused with budget left (or not started)."""
        # Calendars are immutable too, so the answer for the same calendar object never changes.
        cached = self.__dict__.get("_cached_due")
        if cached is not None and cached[0] is calendar:
            return cached[1]
        due = self._compute_due(calendar)
        self.__dict__["_cached_due"] = (calendar, due)
        return due

    def _compute_due(self, calendar: WorkCalendar) -> Due | None:
        ledger = self.ledger
        # Most clocks are started in working days and at most stopped: the due date is then the n-th
        # working day after the start, which the calendar answers directly (same result, a third of the work).
        if ledger and len(ledger) <= 2 and ledger[0].action == "start" and ledger[0].unit is ClockUnit.WORKDAYS and (
            len(ledger) == 1 or ledger[1].action == "stop"
        ):
            return calendar.add_working_days(ledger[0].on, ledger[0].amount or 0)
        return self._compute_due_from_period(calendar)

    def _compute_due_from_period(self, calendar: WorkCalendar) -> Due | None:
        period = self._period()
        if period is None:
            return None
        raw = _last_day(period, calendar)
        if raw is None:
            return None
        if period.unit is ClockUnit.WORKDAYS:
            return Due(raw, calendar.is_provisional(period.start, raw))
        return calendar.roll_forward(period.start, raw)

    def remaining(self, calendar: WorkCalendar) -> int | None:
        """Units of budget not yet consumed (working or calendar days; months clocks: None)."""
        period = self._period()
        if period is None or period.unit is ClockUnit.MONTHS:
            return None
        used = 0
        for run_from, run_to, _ in period.runs:
            if run_to is None:
                break
            used += _units_between(period.unit, calendar, run_from, run_to)
        return max(period.budget - used, 0)

    def working_days_elapsed(self, calendar: WorkCalendar, until: date | None = None) -> int | None:
        """Working days the clock ran since its last start or restart, paused time excluded: to its
        stop, or to ``until`` while it still runs (None if it never started)."""
        period = self._period()
        if period is None:
            return None
        elapsed = 0
        for run_from, run_to, _ in period.runs:
            end = run_to if run_to is not None else until
            if end is not None and end > run_from:
                elapsed += calendar.working_days_between(run_from, end)
        return elapsed

    def projected_due(self, calendar: WorkCalendar, resume_on: date) -> Due | None:
        """Where a paused clock's deadline would fall if it resumed on ``resume_on``."""
        if self.status is not ClockStatus.PAUSED:
            return self.due(calendar)
        return self.resume(max(resume_on, self.last_date or resume_on)).due(calendar)

    def working_days_later(self, days: int, calendar: WorkCalendar, on: date) -> int:
        """The amount, in this clock's own unit, that moves its due date ``days`` working days later ([GK] 33
        ¶2 and 35 count in working days; a reopened case's clock counts calendar days to its ordered date). A
        paused clock is measured as if it resumed on ``on``."""
        if days <= 0:
            raise InvalidInput(t("an extension must be a positive number of days (got {n})", n=days))
        measured = self.resume(max(on, self.last_date or on)) if self.status is ClockStatus.PAUSED else self
        period = measured._period()
        if period is None or period.unit is ClockUnit.WORKDAYS:
            return days
        if period.unit is ClockUnit.MONTHS:
            raise ClockError(t("the {clock} clock counts months; it takes no extension in working days", clock=self.name))
        due = measured.due(calendar)
        target = calendar.add_working_days(due.on, days).on
        return (target - _last_day(period, calendar)).days  # the budget's last day, before any roll to a working day

    def on_time(self, calendar: WorkCalendar) -> bool | None:
        """For a stopped clock: whether it stopped on or before its last day."""
        stopped = self.stopped_on
        if stopped is None:
            return None
        due = self.due(calendar)
        if due is None:
            # Stopped while paused with budget left: the period never ran out.
            return True
        return stopped <= due.on

    def explain(self, calendar: WorkCalendar) -> Explanation:
        period = self._period()
        if period is None:
            return Explanation(self.name, ClockUnit.WORKDAYS, 0, (), None, self.status)
        due = self.due(calendar)
        steps = list(_explain_steps(self, period, calendar, due))
        return Explanation(self.name, period.unit, period.budget, tuple(steps), due, self.status)


def stop_if_active(clock: Clock | None, on: date) -> Clock | None:
    """The clock stopped on ``on`` if it runs or waits; otherwise as it is (also None)."""
    if clock is not None and clock.status in OPEN_STATUSES:
        return clock.stop(on)
    return clock


def _units_between(unit: ClockUnit, calendar: WorkCalendar, start: date, end: date) -> int:
    if unit is ClockUnit.WORKDAYS:
        return calendar.working_days_between(start, end)
    return (end - start).days


def _pauses(period: _Period) -> Iterator[tuple[date, date | None]]:
    """Each pause as (paused on, resumed on or None while still paused)."""
    for position, (_, run_to, closed_by) in enumerate(period.runs):
        if closed_by == "pause":
            following = period.runs[position + 1][0] if position + 1 < len(period.runs) else None
            yield run_to, following


def _last_day(period: _Period, calendar: WorkCalendar) -> date | None:
    """The last day before any roll-over (for working days, the due date itself)."""
    if period.unit is ClockUnit.MONTHS:
        target = months_later(period.start, period.budget)
        for paused_on, resumed_on in _pauses(period):
            if paused_on >= target:
                break
            if resumed_on is None:
                return None
            target += resumed_on - paused_on
        return target
    remaining = period.budget
    for run_from, run_to, closed_by in period.runs:
        if closed_by == "pause":
            used = _units_between(period.unit, calendar, run_from, run_to)
            if used < remaining:
                remaining -= used
                continue
        if period.unit is ClockUnit.WORKDAYS:
            return calendar.add_working_days(run_from, remaining).on
        return run_from + timedelta(days=remaining)
    return None


def _explain_steps(clock: Clock, period: _Period, calendar: WorkCalendar, due: Due | None) -> list[ExplainStep]:
    restarted = period.entries[0].action == "restart"
    steps = [ExplainStep(period.start, "restart" if restarted else "start", amount=period.length)]
    raw_end = _last_day(period, calendar)  # the unrolled last day; equals due.on for working days
    counted = 0
    # A step that records a ledger entry (pause, resume, stop), by id → the entry's place in the
    # period, so an extension made the same day can stand where the ledger has it.
    recorded = (at for at, entry in enumerate(period.entries) if entry.action in ("pause", "resume", "stop"))
    ledger_place: dict[int, int] = {}
    for position, (run_from, run_to, closed_by) in enumerate(period.runs):
        if position > 0:
            steps.append(ExplainStep(run_from, "resume"))
            ledger_place[id(steps[-1])] = next(recorded)
        upper = run_to if run_to is not None else (raw_end if raw_end is not None else run_from)
        exhausted = raw_end is not None and raw_end <= upper
        if exhausted:
            upper = raw_end
        if period.unit is ClockUnit.WORKDAYS:
            day = run_from + timedelta(days=1)
            while day <= upper:
                kind = calendar.day_kind(day)
                if kind.counts:
                    counted += 1
                    step_kind = "makeup_workday" if kind is DayKind.MAKEUP_WORKDAY else "counted"
                    steps.append(ExplainStep(day, step_kind, counted, calendar.day_name(day)))
                else:
                    steps.append(ExplainStep(day, kind.value, None, calendar.day_name(day)))
                day += timedelta(days=1)
        else:
            counted += (upper - run_from).days
        if closed_by is not None and not (exhausted and raw_end < run_to):
            steps.append(ExplainStep(run_to, closed_by, counted))
            ledger_place[id(steps[-1])] = next(recorded)
        if exhausted:
            break
    if due is None:
        steps.append(ExplainStep(None, "remaining", amount=clock.remaining(calendar)))
    else:
        if period.unit is not ClockUnit.WORKDAYS:
            steps.append(ExplainStep(raw_end, "end"))
            day = raw_end
            while day < due.on:
                steps.append(ExplainStep(day, calendar.day_kind(day).value, name=calendar.day_name(day)))
                day += timedelta(days=1)
            if raw_end != due.on:
                steps.append(ExplainStep(due.on, "rollover"))
        steps.append(ExplainStep(due.on, "due", counted if period.unit is ClockUnit.WORKDAYS else None))
        stopped_on = clock.stopped_on
        if stopped_on is not None and stopped_on > due.on:
            steps.append(ExplainStep(stopped_on, "stop"))  # last: extensions on its day go before it (below)
    # Extensions go where they happened: before the first step dated after them, or recorded after
    # them in the ledger (a pause, resume or stop the same day); never before step 0, the start or
    # restart. Failing that (undated, or dated after every step), before the last step: the due
    # date, the budget remaining, or a stop after the due date, which the ledger has after them.
    for position, extension in enumerate(period.entries):
        if extension.action != "extend":
            continue
        step = ExplainStep(extension.on, "extend", amount=extension.amount)
        at = len(steps) - 1
        if extension.on is not None:
            at = next(
                (
                    i
                    for i, s in enumerate(steps)
                    if s.on is not None and (s.on > extension.on or ledger_place.get(id(s), position) > position)
                ),
                at,
            )
        steps.insert(at, step)
    return steps
