"""The case book's calendar days in SQLAlchemy Core: storing a load, and the listings (storage/calendar_store.py's
CalendarStore hands these over; the days every command reads are compiled ahead)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from disclosure.storage.tables import CalendarDayRow, CalendarLoadRow, CalendarYearRow
from disclosure.workflow.calendar import CalendarOverrides
from disclosure.workflow.chain import GENESIS, Anchor, as_utc, calendar_load_hash

__all__ = ["store", "loads", "listing", "declared_years", "record_load", "LOAD_COLUMNS"]

years = CalendarYearRow.__table__
days = CalendarDayRow.__table__
loads_table = CalendarLoadRow.__table__
LOAD_COLUMNS = ("position", "loaded_at", "loaded_by", "source", "days", "head_position", "head_hash", "hash")


def store(connection: Connection, overrides: CalendarOverrides, *, user: str, now: datetime, head: Anchor) -> int:
    """Declare the years and keep their days; a day stored before takes its new kind. Returns days written.

    The load is recorded in the same transaction (``head``: the events' chain head now)."""
    record_load(connection, overrides, user=user, now=now, head=head)
    written = 0
    for year, (year_holidays, year_workdays) in sorted(overrides.years.items()):
        loaded = {"source": overrides.source, "loaded_by": user, "loaded_at": now}
        if connection.execute(select(years.c.year).where(years.c.year == year)).first() is None:
            connection.execute(insert(years).values(year=year, **loaded))
        else:
            connection.execute(update(years).where(years.c.year == year).values(**loaded))
        listed = sorted([(day, "holiday") for day in year_holidays] + [(day, "workday") for day in year_workdays])
        if listed:
            connection.execute(delete(days).where(days.c.day.in_([day for day, _ in listed])))
            connection.execute(
                insert(days),
                [{"day": day, "year": year, "kind": kind, "source": overrides.source} for day, kind in listed],
            )
        written += len(listed)
    return written


def loads(connection: Connection) -> list[tuple]:
    """Every recorded load (LOAD_COLUMNS), in the order they were made."""
    return [tuple(row) for row in connection.execute(select(*(loads_table.c[name] for name in LOAD_COLUMNS)).order_by(loads_table.c.position))]



def listing(connection: Connection, year: int | None = None) -> list[dict]:
    """Stored days in date order, with where they came from."""
    query = select(days).order_by(days.c.day)
    if year is not None:
        query = query.where(days.c.year == year)
    return [
        {"day": row.day, "kind": row.kind, "source": row.source}
        for row in connection.execute(query)
    ]



def declared_years(connection: Connection) -> list[dict]:
    return [
        {"year": row.year, "source": row.source, "loaded_by": row.loaded_by, "loaded_at": row.loaded_at}
        for row in connection.execute(select(years).order_by(years.c.year))
    ]




def record_load(connection: Connection, overrides: CalendarOverrides, *, user: str, now: datetime, head: Anchor) -> None:
    """Append one load to the chain of loads (the caller holds the write lock, so its end cannot move)."""
    last = connection.execute(select(loads_table.c.position, loads_table.c.hash).order_by(loads_table.c.position.desc()).limit(1)).first()
    position, previous = (last[0] + 1, last[1]) if last else (1, GENESIS)
    loaded_at, text = as_utc(now), overrides.canonical()
    connection.execute(insert(loads_table).values(
        position=position, loaded_at=loaded_at, loaded_by=user, source=overrides.source, days=text,
        head_position=head.position, head_hash=head.hash,
        hash=calendar_load_hash(previous, position, loaded_at, user, overrides.source, text, head),
    ))
