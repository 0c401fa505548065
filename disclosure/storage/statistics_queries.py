"""The operating statistics' counts, read in SQL (reports/stats.py says what each figure means and
computes the rates, the sums and the working days from these).

Each function takes the period's first and last days and the groupings (``by``: names from
``GROUPINGS``, columns of the case, in order), and returns plain rows: (the tuple of the groups'
values, then the counted columns). Nothing here decides more than what is counted.

A voided case is in no count. The counts read from events (actions, fees) read a case whose history
was corrected (an amendment, an undone step) from its corrected steps (workflow/corrected_history.py):
an amended date counts as amended, an undone step as never taken.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any, Iterable, Iterator, Sequence

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.engine import Connection

from disclosure.storage.event_rows import EVENT_COLUMNS, event_from_row
from disclosure.storage.tables import COUNTED_EVENT_TYPES, CaseRow, ClockRow, EventRow, counted_event_types
from disclosure.workflow.corrected_history import REFOLDING, effective_events
from disclosure.workflow.corrections import VOIDED
from disclosure.workflow.events import Event

__all__ = [
    "GROUPINGS",
    "received_by_channel",
    "conclusion_counts",
    "action_counts",
    "fees_paid",
    "reply_working_days",
    "feedback_facts",
    "month_counts",
    "corrected_cases",
    "open_on",
]

cases = CaseRow.__table__
clocks = ClockRow.__table__
events = EventRow.__table__
_GROUP_COLUMNS = {"kind": cases.c.kind, "handler": cases.c.handler}
GROUPINGS = tuple(_GROUP_COLUMNS)
# Concluded on time: a reply on or before its due date, or an ending with no reply owed (withdrawn, lapsed).
_ON_TIME = or_(cases.c.on_time.is_(True), and_(cases.c.on_time.is_(None), cases.c.replied_on.is_(None)))
_COUNTED = cases.c.state != VOIDED
_CHUNK = 500  # numbers per IN list, well under either backend's limit on bound parameters

Row = tuple[tuple, tuple]  # (the groups' values, the other columns)


def open_on(day: date):
    """Received by ``day`` and not concluded by its end, said as two index ranges (the open cases by
    receipt, the concluded ones by conclusion) so that neither backend reads the whole book."""
    # The second branch says the same bound as "before the next day": SQLite would otherwise take the
    # shared term out of the OR and read every case received by then instead.
    return or_(
        and_(cases.c.concluded_on.is_(None), cases.c.received_on <= day),
        and_(cases.c.concluded_on > day, cases.c.received_on < day + timedelta(days=1)),
    )


def _keys(by: Sequence[str]) -> tuple:
    return tuple(_GROUP_COLUMNS[name] for name in by)


def _rows(connection: Connection, by: Sequence[str], statement_columns, where, group_by=(), source=cases) -> list[Row]:
    """The statement's rows as (the groups' values, the other columns), grouped by ``by`` too."""
    keys = _keys(by)
    statement = select(*keys, *statement_columns).select_from(source).where(*where)
    grouping = keys + tuple(group_by)
    if grouping:
        statement = statement.group_by(*grouping)
    width = len(keys)
    return [(tuple(row[:width]), tuple(row[width:])) for row in connection.execute(statement)]


def received_by_channel(connection: Connection, first: date, last: date, by: Sequence[str] = ()) -> list[Row]:
    """(groups, (channel, cases received in the period, of them concluded by its end))."""
    received_in = and_(cases.c.received_on >= first, cases.c.received_on <= last)
    concluded_by_end = func.sum(case((cases.c.concluded_on <= last, 1), else_=0))
    return _rows(connection, by, (cases.c.channel, func.count(), concluded_by_end), (received_in, _COUNTED), (cases.c.channel,))


def conclusion_counts(connection: Connection, first: date, last: date, by: Sequence[str] = ()) -> list[Row]:
    """(groups, (concluded in the period, of them on time, open at its end, of them overdue, of them due
    by its end)), each a count or None where SQL sums no rows."""
    concluded_in = and_(cases.c.concluded_on >= first, cases.c.concluded_on <= last)
    open_at_end = open_on(last)
    overdue_at_end = and_(open_at_end, cases.c.due_on < last)
    due_by_end = and_(open_at_end, cases.c.due_on <= last)
    totals = (
        func.sum(case((concluded_in, 1), else_=0)),
        func.sum(case((and_(concluded_in, _ON_TIME), 1), else_=0)),
        func.sum(case((open_at_end, 1), else_=0)),
        func.sum(case((overdue_at_end, 1), else_=0)),
        func.sum(case((due_by_end, 1), else_=0)),
    )
    touched = or_(concluded_in, open_at_end)
    return _rows(connection, by, totals, (touched, _COUNTED))


def corrected_cases(connection: Connection) -> list[str]:
    """The numbers of the cases whose history a correction changed (an amendment, an undo): few. One
    reading of the events serves every count of a report (``corrected`` below)."""
    statement = (
        select(events.c.case_number).where(counted_event_types(), events.c.type.in_(REFOLDING))
        .distinct().order_by(events.c.case_number)
    )
    return list(connection.execute(statement).scalars())


def _not_corrected(corrected: Sequence[str]) -> tuple:
    """The condition leaving the corrected cases' events out (none when there are none)."""
    if not corrected:
        return ()
    if len(corrected) > _CHUNK:
        corrections = select(events.c.case_number).where(counted_event_types(), events.c.type.in_(REFOLDING))
        return (events.c.case_number.not_in(corrections),)
    return (events.c.case_number.not_in(list(corrected)),)


def action_counts(
    connection: Connection, first: date, last: date, types: Iterable[str], by: Sequence[str] = (),
    corrected: Sequence[str] | None = None,
) -> list[Row]:
    """(groups, (event type, events of these types effective in the period)). ``corrected``: the
    corrected cases (``corrected_cases``), read again when not given."""
    types = list(types)
    corrected = corrected_cases(connection) if corrected is None else corrected
    acted_in = and_(events.c.effective_on >= first, events.c.effective_on <= last, events.c.type.in_(types))
    of_cases = events.join(cases, cases.c.number == events.c.case_number)
    # Types the counted events' index holds are read from it; any other type from the whole table.
    indexed = (counted_event_types(),) if set(types) <= set(COUNTED_EVENT_TYPES) else ()
    where = (acted_in, *indexed, _COUNTED, *_not_corrected(corrected))
    counted = _rows(connection, by, (events.c.type, func.count()), where, (events.c.type,), of_cases)
    for groups, steps in _corrected_steps(connection, by, corrected):
        counted.extend((groups, (step.type, 1)) for step in steps if step.type in types and first <= step.on <= last)
    return counted


def _corrected_steps(connection: Connection, by: Sequence[str], corrected: Sequence[str]) -> list[tuple[tuple, list[Event]]]:
    """(groups, the corrected steps) of each counted case among ``corrected``."""
    found: dict[str, tuple[tuple, list[Event]]] = {}
    width = len(EVENT_COLUMNS)
    for start in range(0, len(corrected), _CHUNK):
        statement = (
            select(*(events.c[name] for name in EVENT_COLUMNS), *_keys(by))
            .select_from(events.join(cases, cases.c.number == events.c.case_number))
            .where(events.c.case_number.in_(list(corrected[start:start + _CHUNK])), _COUNTED)
            .order_by(events.c.case_number, events.c.version)
        )
        for row in connection.execute(statement):
            found.setdefault(row[1], (tuple(row[width:]), []))[1].append(event_from_row(row[:width]))
    return [(groups, effective_events(recorded)) for groups, recorded in found.values()]


def fees_paid(
    connection: Connection, first: date, last: date, by: Sequence[str] = (), corrected: Sequence[str] | None = None,
) -> list[tuple[tuple, Any]]:
    """(groups, amount) of each fee paid in the period: the amount of the case's notice before the
    payment (a payment with no notice before it is left out)."""
    corrected = corrected_cases(connection) if corrected is None else corrected
    # The notice before each payment, found in the same statement (one query, however many payments).
    notices = events.alias("notices")
    notice = (
        select(notices.c.data)
        .where(notices.c.case_number == events.c.case_number, notices.c.type == "notify-fee",
               notices.c.version < events.c.version)
        .order_by(notices.c.version.desc())
        .limit(1)
        .scalar_subquery()
    )
    paid = (
        select(notice, *_keys(by))
        .select_from(events.join(cases, cases.c.number == events.c.case_number))
        .where(counted_event_types(), events.c.type == "receive-payment",
               events.c.effective_on >= first, events.c.effective_on <= last, _COUNTED, *_not_corrected(corrected))
    )
    found = [(tuple(row[1:]), json.loads(row[0])["amount"]) for row in connection.execute(paid) if row[0] is not None]
    for groups, steps in _corrected_steps(connection, by, corrected):
        notice_data = None
        for step in steps:
            if step.type == "notify-fee":
                notice_data = step.data
            elif step.type == "receive-payment" and first <= step.on <= last and notice_data is not None:
                found.append((groups, notice_data["amount"]))
    return found


def reply_working_days(connection: Connection, first: date, last: date, by: Sequence[str] = ()) -> Iterator[tuple[tuple, int]]:
    """(groups, working days the reply clock ran) of each case replied to in the period (its stopped reply
    clock's column: judged when it stopped), one at a time (a year may hold many)."""
    replied = (
        select(clocks.c.working_days, *_keys(by))
        .select_from(clocks.join(cases, cases.c.number == clocks.c.case_number))
        .where(clocks.c.name == "reply", cases.c.replied_on >= first, cases.c.replied_on <= last, _COUNTED,
               clocks.c.working_days.is_not(None))
    )
    for row in connection.execute(replied):
        yield tuple(row[1:]), row[0]


def feedback_facts(
    connection: Connection, first: date, last: date, kinds: Iterable[str], fact: str, by: Sequence[str] = ()
) -> list[tuple[tuple, Any]]:
    """(groups, the case's fact ``fact`` or None) of each case of these kinds concluded in the period by
    a reply, as the case stands (its snapshot's facts)."""
    kinds = list(kinds)
    if not kinds:
        return []
    replied = (
        select(cases.c.snapshot, *_keys(by))
        .where(cases.c.kind.in_(kinds), _COUNTED, cases.c.replied_on.is_not(None),
               cases.c.concluded_on >= first, cases.c.concluded_on <= last)
    )
    return [(tuple(row[1:]), json.loads(row[0]).get("facts", {}).get(fact)) for row in connection.execute(replied)]


def month_counts(connection: Connection, start: date, end: date, kind: str | None = None) -> tuple[int, int, int | None]:
    """(received, concluded, of them on time) from ``start`` to ``end``, of one kind's cases when
    ``kind`` is given; the last None when none concluded."""
    of_kind = (cases.c.kind == kind, _COUNTED) if kind is not None else (_COUNTED,)
    received = connection.execute(
        select(func.count()).where(cases.c.received_on >= start, cases.c.received_on <= end, *of_kind)
    ).scalar_one()
    concluded, punctual = connection.execute(
        select(func.count(), func.sum(case((_ON_TIME, 1), else_=0)))
        .where(cases.c.concluded_on >= start, cases.c.concluded_on <= end, *of_kind)
    ).one()
    return received, concluded, punctual
