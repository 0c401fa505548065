"""The case book's rarer reads and writes, in SQLAlchemy Core: a repair's rewrite, a calendar's reprojection,
the sweep's and the deadlines' reads, the file's check. The everyday ones are storage/casebook.py's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from disclosure.storage.event_rows import EVENT_COLUMNS, event_from_row
from disclosure.storage.projection import case_columns, clock_columns
from disclosure.storage.snapshots import case_to_json, ledger_from_json
from disclosure.storage.tables import CaseRow, ClockRow, EventRow
from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.calendar_history import CalendarHistory
from disclosure.workflow.case import Case
from disclosure.workflow.clocks import Clock
from disclosure.workflow.errors import StorageError
from disclosure.workflow.events import Event

__all__ = [
    "RunningClock", "damage", "newest_event_not_by", "event_count", "rewrite_projection", "reproject_open_clocks",
    "running_clocks",
]

cases = CaseRow.__table__
events = EventRow.__table__
clocks = ClockRow.__table__


@dataclass(frozen=True)
class RunningClock:
    case_number: str
    kind: str
    state: str
    handler: str | None
    clock: Clock


def damage(connection: Connection) -> str | None:
    """The first problem SQLite's quick check finds in the file (None: none, or not SQLite).

    A damaged page the chain never reads (a user's row, an index) would otherwise go unnoticed."""
    if connection.dialect.name != "sqlite":
        return None
    try:
        lines = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check").fetchall()]
    except StorageError as error:  # a page the check itself cannot read (storage/driver_errors.py)
        return str(error).removeprefix("database: ")
    return None if lines == ["ok"] else "; ".join(lines[:3])


def newest_event_not_by(connection: Connection, user: str) -> Event | None:
    """The most recently recorded event of anyone but ``user`` (None in a book without one): read
    back from the head of the chain, so it stops at the first such event."""
    row = connection.execute(
        select(*(events.c[name] for name in EVENT_COLUMNS))
        .where(events.c.user_name != user).order_by(events.c.position.desc()).limit(1)
    ).fetchone()
    return event_from_row(row) if row is not None else None


def event_count(connection: Connection) -> int:
    return connection.execute(select(func.count()).select_from(events)).scalar_one()


def rewrite_projection(connection: Connection, case: Case, history: CalendarHistory, clock_positions: Mapping[str, int]) -> None:
    """Rewrite one case's row and clock rows from the case (a repair; CaseBook.rewrite_projection writes its
    appeal and search rows with the write path's statements); events are never touched.

    ``clock_positions``: the event that last changed each clock (the fold's); each clock is judged on
    the calendar in force then if stopped, else on today's, so a stopped clock keeps its due date."""
    main = case.clocks.get(case.due_clock)
    calendar = history.for_clock(main, clock_positions.get(case.due_clock)) if main else history.current
    values = {**case_columns(case, calendar), "version": case.version, "snapshot": case_to_json(case)}
    exists = connection.execute(select(cases.c.number).where(cases.c.number == case.number)).first()
    if exists is None:
        connection.execute(insert(cases).values(**values))
    else:
        connection.execute(update(cases).where(cases.c.number == case.number).values(**values))
    connection.execute(delete(clocks).where(clocks.c.case_number == case.number))
    for name, clock in case.clocks.items():
        position = clock_positions[name]
        connection.execute(insert(clocks).values(
            case_number=case.number, name=name, **clock_columns(clock, history.for_clock(clock, position)),
            changed_at_position=position,
        ))


def reproject_open_clocks(
    connection: Connection, due_clocks_of: Callable[[str], tuple[str, ...]], calendar: WorkCalendar, *, after: tuple[str, str] | None = None, limit: int | None = None,
) -> tuple[list[dict[str, Any]], tuple[str, str] | None]:
    """Recompute the stored due dates of running or paused clocks on ``calendar``, in (case, clock) order.

    A holiday added later moves open deadlines; stopped clocks keep the judgement made when they
    stopped. ``after`` and ``limit``: only the clocks past that (case, clock), at most that many (a
    batch). Returns the clocks whose due date moved, and the last (case, clock) read (None: none left
    after it).
    """
    query = (
        select(clocks.c.case_number, clocks.c.name, clocks.c.due_on, clocks.c.provisional, clocks.c.ledger, cases.c.kind)
        .join_from(clocks, cases, cases.c.number == clocks.c.case_number)
        .where(clocks.c.status.in_(("running", "paused")))
        .order_by(clocks.c.case_number, clocks.c.name)
    )
    if after is not None:
        query = query.where(or_(
            clocks.c.case_number > after[0], and_(clocks.c.case_number == after[0], clocks.c.name > after[1])
        ))
    if limit is not None:
        query = query.limit(limit)
    rows = connection.execute(query).all()
    moved = []
    for row in rows:
        due = ledger_from_json(row.name, row.ledger).due(calendar)
        due_on, provisional = (due.on, due.provisional) if due else (None, False)
        if (due_on, provisional) == (row.due_on, bool(row.provisional)):
            continue
        connection.execute(
            update(clocks)
            .where(and_(clocks.c.case_number == row.case_number, clocks.c.name == row.name))
            .values(due_on=due_on, provisional=provisional)
        )
        # An open clock among the kind's due clocks is the case's (disclosure: the reply clock), and open.
        if row.name in due_clocks_of(row.kind):
            connection.execute(
                update(cases).where(cases.c.number == row.case_number)
                .values(due_on=due_on, provisional=provisional, open_due_on=due_on)
            )
        moved.append({"case": row.case_number, "clock": row.name, "was": row.due_on, "now": due_on, "provisional": provisional})
    more = limit is not None and len(rows) == limit
    return moved, ((rows[-1].case_number, rows[-1].name) if more else None)


def running_clocks(connection: Connection, *, handler: str | None = None) -> list["RunningClock"]:
    """The running clocks with their case's number, kind, state and handler, in (case, clock) order
    (``handler``: only that handler's cases). Nothing of the applicant is read."""
    query = (
        select(clocks.c.case_number, clocks.c.name, clocks.c.ledger, cases.c.kind, cases.c.state, cases.c.handler)
        .join_from(clocks, cases, cases.c.number == clocks.c.case_number)
        .where(clocks.c.status == "running")
        .order_by(clocks.c.case_number, clocks.c.name)
    )
    if handler is not None:
        query = query.where(cases.c.handler == handler)
    return [
        RunningClock(row.case_number, row.kind, row.state, row.handler, ledger_from_json(row.name, row.ledger))
        for row in connection.execute(query)
    ]
