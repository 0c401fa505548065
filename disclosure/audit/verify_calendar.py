"""The record of calendar loads: each load's hash, the place in the events' chain it names, and the
calendar tables being what the loads leave.

A load's days edited, a load deleted from the middle or the end, or days kept in the calendar tables
that no recorded load gives, are each named. The calendar tables decide nothing the audit trusts:
stopped clocks are judged on the loads (workflow/calendar_history.py), so a load deleted with its days
shows up there too, as due dates the events no longer give.
"""

from __future__ import annotations

from datetime import date, datetime

from disclosure.storage.database import Connection, session_on

from disclosure.audit.verify_chain import Finding
from disclosure.storage.audit_rows import event_hashes_at, plain
from disclosure.storage.calendar_store import CalendarStore
from disclosure.workflow.calendar import CalendarOverrides
from disclosure.workflow.calendar_history import CalendarHistory
from disclosure.workflow.chain import GENESIS, Anchor, calendar_load_hash
from disclosure.workflow.messages import t

__all__ = ["calendar_finding", "recorded_history"]


def recorded_history(connection: Connection) -> CalendarHistory:
    """The calendars the book's record gives (storage/calendar_store.py CalendarStore.recorded_history)."""
    return CalendarStore(session_on(connection)).recorded_history()


def calendar_finding(connection: Connection, head: Anchor) -> Finding | None:
    """The first problem in the loads' chain or in the calendar tables (``head``: the events' chain head)."""
    store = CalendarStore(session_on(connection))
    loads = store.loads()
    hashes = event_hashes_at(connection, [load[5] for load in loads])
    previous, expected_position, last_head = GENESIS, 1, 0
    for position, loaded_at, loaded_by, source, days, head_position, head_hash, stored_hash in loads:
        def found(detail: str) -> Finding:
            return Finding("calendar", position, None, detail)

        if position != expected_position:
            return Finding("calendar", expected_position, None, t("a recorded calendar load is missing"))
        moment = loaded_at if isinstance(loaded_at, str) else plain(loaded_at)
        if calendar_load_hash(previous, position, moment, loaded_by, source, days, Anchor(head_position, head_hash)) != stored_hash:
            return found(t("the load does not match its hash (its days, file, time or user were edited after it was recorded)"))
        if head_position < last_head or head_position > head.position:
            return found(t("it names event position {position}, out of the order of the events' chain", position=head_position))
        if (GENESIS if head_position == 0 else hashes.get(head_position)) != head_hash:
            return found(t("it names event position {position} with a hash the events' chain does not have there", position=head_position))
        previous, expected_position, last_head = stored_hash, position + 1, head_position
    return _tables_finding(store, [CalendarOverrides.from_canonical(load[4], load[3]) for load in loads], len(loads))


def _tables_finding(store: CalendarStore, loads: list[CalendarOverrides], count: int) -> Finding | None:
    """The calendar tables hold the years and days the loads, applied in order, leave."""
    years: set[int] = set()
    days: dict[date, str] = {}
    for overrides in loads:
        for year, (holidays, workdays) in overrides.years.items():
            years.add(year)
            days.update(dict.fromkeys(holidays, "holiday"))
            days.update(dict.fromkeys(workdays, "workday"))
    stored_years = {row["year"] for row in store.declared_years()}
    # Kinds only: which file a day came from is said by the tables (and the load), and decides nothing.
    stored_days = {_day(row["day"]): row["kind"] for row in store.listing()}
    where = count if count else None
    if stored_years != years:
        year = min(stored_years ^ years)
        if year in stored_years:
            return Finding("calendar", where, None, t("the calendar tables declare {year}, unlike the recorded loads", year=year))
        return Finding("calendar", where, None, t("the calendar tables do not declare {year}, unlike the recorded loads", year=year))
    if stored_days != days:
        day = min(stored_days.keys() ^ days.keys() or {d for d in days if stored_days[d] != days[d]})
        return Finding(
            "calendar", where, None,
            t("the calendar tables keep {day} as {stored}, the recorded loads as {loaded}",
              day=day.isoformat(), stored=_day_kind(stored_days.get(day)), loaded=_day_kind(days.get(day))),
        )
    return None


_DAY_KINDS = {"holiday": t("holiday"), "workday": t("workday"), None: t("nothing")}


def _day_kind(kind: str | None) -> str:
    return _DAY_KINDS.get(kind, kind)


def _day(value: date | datetime | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value
