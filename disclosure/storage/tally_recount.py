"""The reports' tallies counted again from the whole book (storage/tallies.py says what each counts).

What `audit verify` compares the kept tallies with, what `audit repair` and the upgrade that made the
table (migration 0011) write. Counted in SQL where a GROUP BY can: the case rows' columns, the reply
clocks' days, the appeal rows, the counted events (through their index); a row at a time where the
figure is in JSON (a rated reply's rating, a payment's notice), and every step of a case whose history
was corrected. An independent reading of what the write path adds step by step (storage/tallies.py
case_tallies): the two are compared by `audit verify` and by tests/integration/test_report_tallies.py.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import partial
from typing import Iterable

from sqlalchemy import and_, case, delete, func, insert, not_, or_, select
from sqlalchemy.engine import Connection

from disclosure.storage.event_rows import EVENT_COLUMNS, event_from_row
from disclosure.storage.tables import AppealRow, CaseRow, ClockRow, EventRow, TallyRow, counted_event_types
from disclosure.storage.tallies import (
    ACTIONS, NOTICE, PAYMENT, REPLY_CLOCK, Changes, add_tallies, case_facts, case_tallies, detail, event_tallies, fen,
)
from disclosure.workflow.corrected_history import REFOLDING
from disclosure.workflow.corrections import VOIDED
from disclosure.workflow.vocabulary import FEEDBACK_FACT

__all__ = ["recount", "stored_tallies", "rewrite_tallies", "differing_keys", "first_difference"]

cases, clocks, events = CaseRow.__table__, ClockRow.__table__, EventRow.__table__
appeals, tallies = AppealRow.__table__, TallyRow.__table__
_COUNTED = cases.c.state != VOIDED
_CHUNK = 500  # numbers per IN list, well under either backend's limit on bound parameters
# Fetched a few thousand rows at a time (a server-side cursor on PostgreSQL), for these statements only.
_STREAM = {"stream_results": True, "yield_per": 2_000}
_RATING_KEY = json.dumps(FEEDBACK_FACT)
# What of a rated reply's row its tallies follow (storage/tallies.py case_facts reads them by these names).
_FACT_COLUMNS = ("state", "kind", "handler", "received_on", "channel", "applicant_type", "concluded_on", "outcome", "on_time",
                 "replied_on")


def recount(connection: Connection, rated_kinds: Iterable[str] | None = None) -> Changes:
    """Every tally of the book, counted from its rows. ``rated_kinds``: the kinds whose replies are rated
    (the snapshots of only their replied cases are read, for the rating); None: every kind's.

    Counted in SQL, grouped (a few rows a day, however many cases), but for the rated replies, whose
    rating is in the snapshot, and the payments, whose amount is their notice's: those a row at a time."""
    totals: Changes = defaultdict(lambda: [0, 0])
    add = partial(add_tallies, totals)

    handler = func.coalesce(cases.c.handler, "")
    replied = cases.c.replied_on.is_not(None)
    rated = and_(replied, *((cases.c.kind.in_(list(rated_kinds)),) if rated_kinds is not None else ()))
    punctual = case((or_(cases.c.on_time.is_(True), and_(cases.c.on_time.is_(None), cases.c.replied_on.is_(None))), 1), else_=0)
    grouped = {
        "received": (cases.c.received_on, cases.c.channel, cases.c.applicant_type),
        "concluded": (cases.c.concluded_on, cases.c.applicant_type, cases.c.outcome, punctual, case((replied, 1), else_=0)),
    }
    for measure, (day, *parts) in grouped.items():
        where = [_COUNTED] if measure == "received" else [_COUNTED, cases.c.concluded_on.is_not(None), not_(rated)]
        keys = (day, cases.c.kind, handler, *parts)
        unrated = (None,) if measure == "concluded" else ()  # the rating, in its place: only the rated replies have one
        for row in connection.execute(select(*keys, func.count()).where(*where).group_by(*keys)):
            add([((measure, row[0], row[1], row[2], detail(*row[3:-1], *unrated)), int(row[-1]), 0)])
    _add_rated(connection, rated, add)
    reply = clocks.alias("reply")
    keys = (cases.c.replied_on, cases.c.kind, handler, reply.c.working_days)
    replies = (
        select(*keys, func.count()).select_from(cases.join(reply, reply.c.case_number == cases.c.number))
        .where(_COUNTED, reply.c.name == REPLY_CLOCK, replied, reply.c.working_days.is_not(None)).group_by(*keys)
    )
    for replied_on, kind, handler_name, days, count in connection.execute(replies):
        add([(("reply_days", replied_on, kind, handler_name, str(days)), int(count), 0)])
    of_cases = appeals.join(cases, cases.c.number == appeals.c.case_number)
    for measure, (day, *parts), where in (
        ("appeal_filed", (appeals.c.filed_on, appeals.c.type), ()),
        ("appeal_decided", (appeals.c.decided_on, appeals.c.type, appeals.c.result),
         (appeals.c.decided_on.is_not(None), appeals.c.result != "pending")),
    ):
        keys = (day, cases.c.kind, handler, *parts)
        for row in connection.execute(select(*keys, func.count()).select_from(of_cases).where(_COUNTED, *where).group_by(*keys)):
            add([((measure, row[0], row[1], row[2], detail(*row[3:-1])), int(row[-1]), 0)])
    _add_events(connection, add)
    return {key: total for key, total in totals.items() if total != [0, 0]}


def _add_rated(connection: Connection, rated, add) -> None:
    """The rated kinds' replies concluded, a row at a time: the rating is the snapshot's (read only when it names one)."""
    statement = select(*(cases.c[name] for name in _FACT_COLUMNS), cases.c.snapshot).where(
        _COUNTED, cases.c.concluded_on.is_not(None), rated)
    for *columns, snapshot in connection.execute(statement, execution_options=_STREAM):
        rating = json.loads(snapshot).get("facts", {}).get(FEEDBACK_FACT) if _RATING_KEY in snapshot else None
        facts = case_facts(dict(zip(_FACT_COLUMNS, columns)), {FEEDBACK_FACT: rating}, ())
        add(entry for entry in case_tallies(facts) if entry[0][0] == "concluded")  # its receipt is counted above


def _add_events(connection: Connection, add) -> None:
    """The events' tallies: of the cases never corrected from the counted events' index, of the others from
    their corrected steps."""
    corrected = list(connection.execute(
        select(events.c.case_number).where(counted_event_types(), events.c.type.in_(REFOLDING)).distinct()
    ).scalars())
    of_cases = events.join(cases, cases.c.number == events.c.case_number)
    plain = [counted_event_types(), _COUNTED, *((events.c.case_number.not_in(corrected),) if corrected else ())]
    keys = (events.c.effective_on, cases.c.kind, func.coalesce(cases.c.handler, ""), events.c.type)
    actions = select(*keys, func.count()).select_from(of_cases).where(events.c.type.in_(ACTIONS), *plain).group_by(*keys)
    for day, kind, handler, action, count in connection.execute(actions):
        add([(("action", day, kind, handler, action), int(count), 0)])
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


def differing_keys(stored: Changes, counted: Changes) -> list[tuple]:
    """The keys, in order, whose kept tally is not the one counted."""
    return sorted(key for key in stored.keys() | counted.keys() if stored.get(key) != counted.get(key))


def first_difference(stored: Changes, counted: Changes) -> tuple[tuple, list[int] | None, list[int] | None] | None:
    """The first key (in order) whose kept tally is not the one counted: (key, kept, counted)."""
    keys = differing_keys(stored, counted)
    if not keys:
        return None
    return keys[0], stored.get(keys[0]), counted.get(keys[0])


def rewrite_tallies(connection: Connection, counted: Changes) -> None:
    """Replace the book's tallies with ``counted`` (in the caller's transaction)."""
    connection.execute(delete(tallies))
    rows = [
        {"measure": key[0], "day": key[1], "kind": key[2], "handler": key[3], "detail": key[4], "count": count, "fen": amount}
        for key, (count, amount) in sorted(counted.items())
    ]
    for start in range(0, len(rows), 10_000):
        connection.execute(insert(tallies), rows[start:start + 10_000])
