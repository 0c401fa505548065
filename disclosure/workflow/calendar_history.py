"""The calendar in force at each place of the chain: national data, then the loads recorded before it.

A clock is judged on the calendar in force when it last changed: a stopped clock keeps the due date
it was judged against, however many years are loaded after it; an open clock moves with every load.
The calendars a command was given (``--calendar`` files) are not part of the record, so the audit
never counts with them.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Iterable

from disclosure.workflow.calendar import CalendarOverrides, WorkCalendar
from disclosure.workflow.clocks import Clock, ClockStatus

__all__ = ["CalendarHistory"]


@dataclass
class CalendarHistory:
    """``loads``: each recorded load's days with the position of the chain's head when it was made,
    in the order they were made. A load made at head ``h`` is in force for the events after ``h``."""

    national: WorkCalendar
    loads: list[tuple[int, CalendarOverrides]] = field(default_factory=list)
    _heads: list[int] = field(init=False, repr=False)
    _calendars: list[WorkCalendar] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._heads = [head for head, _ in self.loads]
        calendars = [self.national]
        for _, overrides in self.loads:
            calendars.append(calendars[-1].with_overrides(overrides))
        self._calendars = calendars

    @classmethod
    def of(cls, national: WorkCalendar, loads: Iterable[tuple[int, CalendarOverrides]]) -> "CalendarHistory":
        return cls(national, list(loads))

    @property
    def current(self) -> WorkCalendar:
        """National data and every load: the book's calendar now."""
        return self._calendars[-1]

    def at(self, position: int) -> WorkCalendar:
        """The calendar in force for the event at ``position``: the loads made at a head before it."""
        return self._calendars[bisect_left(self._heads, position)]

    def for_clock(self, clock: Clock, changed_at: int | None) -> WorkCalendar:
        """A stopped clock on the calendar of the event that stopped it; an open one on today's."""
        if clock.status is ClockStatus.STOPPED and changed_at is not None:
            return self.at(changed_at)
        return self.current
