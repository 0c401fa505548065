"""The office's calendar: national data, the files a caller gave, and the days kept in the case book."""

from __future__ import annotations

from typing import Any, Iterable

from disclosure.office_context import OfficeContext
from disclosure.workflow.calendar import CalendarOverrides, WorkCalendar, check_year
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = ["OfficeCalendar"]

# Open clocks moved per transaction: a batch holds the write lock well under a second (measured on
# a shared two-core machine: 0.3 s on SQLite, 0.8 s on PostgreSQL for 500 clocks that all moved), so
# clerks' commands go on while a load moves thousands.
REPROJECT_BATCH_CLOCKS = 200


class OfficeCalendar:
    def __init__(self, context: OfficeContext) -> None:
        self._context = context

    def reload(self) -> WorkCalendar:
        """Re-read the case book's own calendar days (another process may have loaded some)."""
        with self._context.storage.reading() as uow:
            self._context.calendar = self._kept(uow)
        return self._context.calendar

    def _kept(self, uow) -> WorkCalendar:
        """National data with the days the case book keeps, if any."""
        stored = uow.calendar.overrides()
        base = self._context.base_calendar
        return base if stored is None else base.with_overrides(stored)

    def load(self, overrides: Iterable[CalendarOverrides], *, user: str | None = None) -> dict[str, Any]:
        """Keep these years and days (admin only), then move the open deadlines to match, in batches.

        Returns the years, the days kept, the open deadlines whose date ``moved`` (case, clock, was,
        now, provisional), and those ``reflagged``: the same date, now firm or now provisional (case,
        clock, on, provisional).

        The days are kept in one transaction; the open clocks move in batches, each its own. Killed
        midway, loading the same files again keeps the same days and moves the clocks still behind.
        """
        context = self._context
        overrides = list(overrides)
        # Recorded, a load of no year would be a load the book's days cannot show (and nothing to move).
        empty = next((parsed for parsed in overrides if not parsed.years), None) if overrides else CalendarOverrides({}, "")
        if empty is not None:
            raise InvalidInput(t("{source} declares no year (no [YYYY] table): nothing was loaded",
                                 source=empty.source or t("calendar file")))
        with context.storage.writing() as uow:
            actor = context.require_role(uow, user, ["admin"], t("loading calendar days"))
            head = uow.cases.chain_head()
            written = sum(uow.calendar.store(parsed, user=actor.name, now=context.now(), head=head) for parsed in overrides)
        moved: list[dict[str, Any]] = []
        after: tuple[str, str] | None = None
        while True:
            with context.storage.writing() as uow:
                # The book's days as of this batch: another load meanwhile must not be undone by this one.
                calendar = self._kept(uow)
                batch, after = uow.cases.reproject_open_clocks(calendar, after=after, limit=REPROJECT_BATCH_CLOCKS)
            moved.extend(batch)
            if after is None:
                break
        context.calendar = calendar
        years = sorted({year for parsed in overrides for year in parsed.years})
        # A year declared known makes its deadlines firm without moving most of them: those are not "moved".
        return {
            "years": years, "days": written,
            "moved": [entry for entry in moved if entry["was"] != entry["now"]],
            "reflagged": [{"case": entry["case"], "clock": entry["clock"], "on": entry["now"], "provisional": entry["provisional"]}
                          for entry in moved if entry["was"] == entry["now"]],
        }

    def days(self, year: int | None = None) -> dict[str, Any]:
        """The years the office declared known and the days it keeps, with where they came from."""
        if year is not None:
            check_year(year, "--year")
        with self._context.storage.reading() as uow:
            return {"years": uow.calendar.declared_years(), "days": uow.calendar.listing(year)}
