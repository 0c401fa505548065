"""The office's calendar: national data, the files a caller gave, and the days kept in the case book."""

from __future__ import annotations

from typing import Any, Iterable

from disclosure.office_context import OfficeContext
from disclosure.workflow.calendar import CalendarOverrides, WorkCalendar, check_year

__all__ = ["OfficeCalendar"]


class OfficeCalendar:
    def __init__(self, context: OfficeContext) -> None:
        self._context = context

    def reload(self) -> WorkCalendar:
        """Re-read the case book's own calendar days (another process may have loaded some)."""
        context = self._context
        with context.storage.reading() as uow:
            stored = uow.calendar.overrides()
        context.calendar = context.base_calendar if stored is None else context.base_calendar.with_overrides(stored)
        return context.calendar

    def load(self, overrides: Iterable[CalendarOverrides], *, user: str) -> dict[str, Any]:
        """Keep these years and days (admin only) and move the open deadlines to match, in one transaction."""
        context = self._context
        overrides = list(overrides)
        with context.storage.writing() as uow:
            context.require_role(uow, user, ["admin"], "loading calendar days")
            written = sum(uow.calendar.store(parsed, user=user, now=context.now()) for parsed in overrides)
            calendar = context.base_calendar.with_overrides(uow.calendar.overrides())
            moved = uow.cases.reproject_open_clocks(calendar)
        context.calendar = calendar
        years = sorted({year for parsed in overrides for year in parsed.years})
        return {"years": years, "days": written, "moved": moved}

    def days(self, year: int | None = None) -> dict[str, Any]:
        """The years the office declared known and the days it keeps, with where they came from."""
        if year is not None:
            check_year(year, "--year")
        with self._context.storage.reading() as uow:
            return {"years": uow.calendar.declared_years(), "days": uow.calendar.listing(year)}
