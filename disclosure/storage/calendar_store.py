"""The office's own calendar days, kept in the case book so every clerk sharing it counts alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from disclosure.storage.tables import CalendarDayRow, CalendarLoadRow, CalendarYearRow
from disclosure.workflow.calendar import CalendarOverrides
from disclosure.workflow.chain import GENESIS, Anchor, as_utc, calendar_load_hash

__all__ = ["CalendarStore", "STORED_SOURCE", "LOAD_COLUMNS", "record_load"]

years = CalendarYearRow.__table__
days = CalendarDayRow.__table__
loads = CalendarLoadRow.__table__
LOAD_COLUMNS = ("position", "loaded_at", "loaded_by", "source", "days", "head_position", "head_hash", "hash")

STORED_SOURCE = "case book"


@dataclass
class CalendarStore:
    connection: Connection

    def overrides(self) -> CalendarOverrides | None:
        """The stored years and days in the override form, or None when the office keeps none."""
        declared = list(self.connection.execute(select(years.c.year)).scalars())
        if not declared:
            return None
        stored = self.connection.execute(select(days.c.day, days.c.kind)).all()
        return CalendarOverrides.from_days(declared, stored, STORED_SOURCE)

    def store(self, overrides: CalendarOverrides, *, user: str, now: datetime, head: Anchor) -> int:
        """Declare the years and keep their days; a day stored before takes its new kind. Returns days written.

        The load is recorded in the same transaction (``head``: the events' chain head now)."""
        record_load(self.connection, overrides, user=user, now=now, head=head)
        written = 0
        for year, (year_holidays, year_workdays) in sorted(overrides.years.items()):
            loaded = {"source": overrides.source, "loaded_by": user, "loaded_at": now}
            if self.connection.execute(select(years.c.year).where(years.c.year == year)).first() is None:
                self.connection.execute(insert(years).values(year=year, **loaded))
            else:
                self.connection.execute(update(years).where(years.c.year == year).values(**loaded))
            listed = sorted([(day, "holiday") for day in year_holidays] + [(day, "workday") for day in year_workdays])
            if listed:
                self.connection.execute(delete(days).where(days.c.day.in_([day for day, _ in listed])))
                self.connection.execute(
                    insert(days),
                    [{"day": day, "year": year, "kind": kind, "source": overrides.source} for day, kind in listed],
                )
            written += len(listed)
        return written

    def loads(self) -> list[tuple]:
        """Every recorded load (LOAD_COLUMNS), in the order they were made."""
        return [tuple(row) for row in self.connection.execute(select(*(loads.c[name] for name in LOAD_COLUMNS)).order_by(loads.c.position))]

    def recorded_overrides(self) -> list[tuple[int, CalendarOverrides]]:
        """Each recorded load's days with the events' head it was made at (workflow/calendar_history.py)."""
        return [(row[5], CalendarOverrides.from_canonical(row[4], row[3])) for row in self.loads()]

    def listing(self, year: int | None = None) -> list[dict]:
        """Stored days in date order, with where they came from."""
        query = select(days).order_by(days.c.day)
        if year is not None:
            query = query.where(days.c.year == year)
        return [
            {"day": row.day, "kind": row.kind, "source": row.source}
            for row in self.connection.execute(query)
        ]

    def declared_years(self) -> list[dict]:
        return [
            {"year": row.year, "source": row.source, "loaded_by": row.loaded_by, "loaded_at": row.loaded_at}
            for row in self.connection.execute(select(years).order_by(years.c.year))
        ]


def record_load(connection: Connection, overrides: CalendarOverrides, *, user: str, now: datetime, head: Anchor) -> None:
    """Append one load to the chain of loads (the caller holds the write lock, so its end cannot move)."""
    last = connection.execute(select(loads.c.position, loads.c.hash).order_by(loads.c.position.desc()).limit(1)).first()
    position, previous = (last[0] + 1, last[1]) if last else (1, GENESIS)
    loaded_at, text = as_utc(now), overrides.canonical()
    connection.execute(insert(loads).values(
        position=position, loaded_at=loaded_at, loaded_by=user, source=overrides.source, days=text,
        head_position=head.position, head_hash=head.hash,
        hash=calendar_load_hash(previous, position, loaded_at, user, overrides.source, text, head),
    ))
