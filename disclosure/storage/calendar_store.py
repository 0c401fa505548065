"""The office's own calendar days, kept in the case book so every clerk sharing it counts alike.

Every command reads the days (compiled ahead, storage/sql_runner.py); loading and listing them are
storage/calendar_core.py's, in SQLAlchemy Core.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from disclosure.storage.session import Session
from disclosure.storage.sql_runner import as_date
from disclosure.workflow.calendar import CalendarOverrides, WorkCalendar
from disclosure.workflow.calendar_history import CalendarHistory
from disclosure.workflow.chain import Anchor

__all__ = ["CalendarStore", "STORED_SOURCE"]

STORED_SOURCE = "case book"


def _core():
    from disclosure.storage import calendar_core

    return calendar_core


@dataclass
class CalendarStore:
    session: Session

    def overrides(self) -> CalendarOverrides | None:
        """The stored years and days in the override form, or None when the office keeps none."""
        declared = [year for (year,) in self.session.sql.all("calendar_years")]
        if not declared:
            return None
        stored = [(as_date(day), kind) for day, kind in self.session.sql.all("calendar_days")]
        return CalendarOverrides.from_days(declared, stored, STORED_SOURCE)

    def store(self, overrides: CalendarOverrides, *, user: str, now: datetime, head: Anchor) -> int:
        """Declare the years and keep their days; a day stored before takes its new kind. Returns days written.

        The load is recorded in the same transaction (``head``: the events' chain head now)."""
        return _core().store(self.session.connection, overrides, user=user, now=now, head=head)

    def loads(self) -> list[tuple]:
        """Every recorded load (calendar_core.LOAD_COLUMNS), in the order they were made."""
        return _core().loads(self.session.connection)

    def recorded_overrides(self) -> list[tuple[int, CalendarOverrides]]:
        """Each recorded load's days with the events' head it was made at (workflow/calendar_history.py)."""
        return [(row[5], CalendarOverrides.from_canonical(row[4], row[3])) for row in self.loads()]

    def recorded_history(self) -> CalendarHistory:
        """The calendars the book's record gives: national data and its recorded loads. Never the calendar
        files a command was given: they are no part of the record, so they cannot change a verdict."""
        return CalendarHistory.of(WorkCalendar(), self.recorded_overrides())

    def listing(self, year: int | None = None) -> list[dict]:
        """Stored days in date order, with where they came from."""
        return _core().listing(self.session.connection, year)

    def declared_years(self) -> list[dict]:
        return _core().declared_years(self.session.connection)
