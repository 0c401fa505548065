"""The reports' tallies counted again from the whole book (storage/tallies.py says what each counts).

What `audit verify` compares the kept tallies with, what `audit repair` and the upgrade that made the
table (migration 0011) write. It reads every case row, and of the events only the ones the tallies count
(through their index), but every step of a case whose history was corrected.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Iterable

from sqlalchemy import and_, case, delete, insert, select
from sqlalchemy.engine import Connection

from disclosure.storage.event_rows import EVENT_COLUMNS, event_from_row
from disclosure.storage.tables import AppealRow, CaseRow, ClockRow, EventRow, TallyRow, counted_event_types
from disclosure.storage.tallies import (
    ACTIONS, NOTICE, PAYMENT, REPLY_CLOCK, Changes, Facts, case_tallies, event_tallies, fen, reply_tallies,
)
from disclosure.workflow.corrected_history import REFOLDING
from disclosure.workflow.corrections import VOIDED
from disclosure.workflow.vocabulary import FEEDBACK_FACT

__all__ = ["recount", "stored_tallies", "rewrite_tallies", "first_difference"]

cases, clocks, events = CaseRow.__table__, ClockRow.__table__, EventRow.__table__
appeals, tallies = AppealRow.__table__, TallyRow.__table__
_COUNTED = cases.c.state != VOIDED
_CHUNK = 500  # numbers per IN list, well under either backend's limit on bound parameters
# Fetched a few thousand rows at a time (a server-side cursor on PostgreSQL), for these statements only.
_STREAM = {"stream_results": True, "yield_per": 2_000}
_RATING_KEY = json.dumps(FEEDBACK_FACT)
_FACT_COLUMNS = (
    cases.c.kind, cases.c.handler, cases.c.received_on, cases.c.channel, cases.c.applicant_type, cases.c.concluded_on,
    cases.c.outcome, cases.c.on_time, cases.c.replied_on,
)


def recount(connection: Connection, rated_kinds: Iterable[str] | None = None) -> Changes:
    """Every tally of the book, counted from its rows. ``rated_kinds``: the kinds whose replies are rated
    (the snapshots of only their replied cases are read for the rating); None: every kind's."""
    totals: Changes = defaultdict(lambda: [0, 0])

    def add(found) -> None:
        for key, count, amount in found:
            totals[key][0] += count
            totals[key][1] += amount

    appealed = _appeals_by_case(connection)
    reply = clocks.alias("reply")
    # A replied case's snapshot is read for its rating (SQLite reads a column only when the CASE gives it);
    # streamed, so that neither driver holds the book's rows at once.
    rated = and_(cases.c.concluded_on.is_not(None), cases.c.replied_on.is_not(None),
                 *((cases.c.kind.in_(list(rated_kinds)),) if rated_kinds is not None else ()))
    rows = connection.execute(
        select(cases.c.number, *_FACT_COLUMNS, reply.c.working_days, case((rated, cases.c.snapshot), else_=None))
        .select_from(cases.outerjoin(reply, and_(reply.c.case_number == cases.c.number, reply.c.name == REPLY_CLOCK)))
        .where(_COUNTED), execution_options=_STREAM,
    )
    for number, kind, handler, received_on, channel, applicant_type, concluded_on, outcome, on_time, replied_on, days, snapshot in rows:
        # Decoded only where the fact's name is in the text at all: most replies are never rated.
        rated_text = snapshot is not None and _RATING_KEY in snapshot
        rating = json.loads(snapshot).get("facts", {}).get(FEEDBACK_FACT) if rated_text else None
        facts = Facts(False, kind, handler or "", received_on, channel, applicant_type, concluded_on, outcome,
                      None if on_time is None else bool(on_time), replied_on, rating, appealed.get(number, ()))
        add(case_tallies(facts))
        add(reply_tallies(facts, days))
    _add_events(connection, add)
    return {key: total for key, total in totals.items() if total != [0, 0]}


def _appeals_by_case(connection: Connection) -> dict[str, tuple[tuple, ...]]:
    found: dict[str, list[tuple]] = defaultdict(list)
    statement = select(appeals.c.case_number, appeals.c.number, appeals.c.type, appeals.c.result, appeals.c.filed_on,
                       appeals.c.decided_on).order_by(appeals.c.case_number, appeals.c.number)
    for number, *appeal in connection.execute(statement):
        found[number].append(tuple(appeal))
    return {number: tuple(listed) for number, listed in found.items()}


def _add_events(connection: Connection, add) -> None:
    """The events' tallies: of the cases never corrected from the counted events' index, of the others from
    their corrected steps."""
    corrected = list(connection.execute(
        select(events.c.case_number).where(counted_event_types(), events.c.type.in_(REFOLDING)).distinct()
    ).scalars())
    of_cases = events.join(cases, cases.c.number == events.c.case_number)
    plain = [counted_event_types(), _COUNTED, *((events.c.case_number.not_in(corrected),) if corrected else ())]
    actions = (
        select(events.c.effective_on, cases.c.kind, cases.c.handler, events.c.type)
        .select_from(of_cases).where(events.c.type.in_(ACTIONS), *plain)
    )
    for day, kind, handler, action in connection.execute(actions, execution_options=_STREAM):
        add([(("action", day, kind, handler or "", action), 1, 0)])
    notices = events.alias("notices")
    notice = (
        select(notices.c.data)
        .where(notices.c.case_number == events.c.case_number, notices.c.type == NOTICE, notices.c.version < events.c.version)
        .order_by(notices.c.version.desc()).limit(1).scalar_subquery()
    )
    payments = select(events.c.effective_on, cases.c.kind, cases.c.handler, notice).select_from(of_cases).where(
        events.c.type == PAYMENT, *plain)
    for day, kind, handler, data in connection.execute(payments, execution_options=_STREAM):
        if data is not None:
            add([(("fee", day, kind, handler or "", ""), 1, fen(json.loads(data)["amount"]))])
    for start in range(0, len(corrected), _CHUNK):
        statement = (
            select(*(events.c[name] for name in EVENT_COLUMNS), cases.c.kind, cases.c.handler)
            .select_from(of_cases)
            .where(events.c.case_number.in_(corrected[start:start + _CHUNK]), _COUNTED)
            .order_by(events.c.case_number, events.c.version)
        )
        steps: dict[str, tuple[str, str | None, list]] = {}
        for row in connection.execute(statement):
            steps.setdefault(row[1], (row[-2], row[-1], []))[2].append(event_from_row(row[:len(EVENT_COLUMNS)]))
        for kind, handler, recorded in steps.values():
            add(event_tallies(recorded, kind, handler))


def stored_tallies(connection: Connection) -> Changes:
    """The book's tallies as kept (those at nought left out)."""
    statement = select(tallies.c.measure, tallies.c.day, tallies.c.kind, tallies.c.handler, tallies.c.detail,
                       tallies.c.count, tallies.c.fen)
    return {tuple(row[:5]): [row[5], row[6]] for row in connection.execute(statement) if (row[5], row[6]) != (0, 0)}


def first_difference(stored: Changes, counted: Changes) -> tuple[tuple, list[int] | None, list[int] | None] | None:
    """The first key (in order) whose kept tally is not the one counted: (key, kept, counted)."""
    for key in sorted(stored.keys() | counted.keys(), key=lambda key: (key[0], key[1], key[2], key[3], key[4])):
        if stored.get(key) != counted.get(key):
            return key, stored.get(key), counted.get(key)
    return None


def rewrite_tallies(connection: Connection, counted: Changes) -> None:
    """Replace the book's tallies with ``counted`` (in the caller's transaction)."""
    connection.execute(delete(tallies))
    rows = [
        {"measure": key[0], "day": key[1], "kind": key[2], "handler": key[3], "detail": key[4], "count": count, "fen": amount}
        for key, (count, amount) in sorted(counted.items())
    ]
    for start in range(0, len(rows), 10_000):
        connection.execute(insert(tallies), rows[start:start + 10_000])
