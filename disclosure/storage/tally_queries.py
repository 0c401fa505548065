"""The reports' reads: sums of the tallies of a period (storage/tallies.py says what each measure counts), and
the cases open at a period's end, whose due dates the statistics judge.

Each function returns plain rows and decides nothing but what is summed; reports/stats.py and
reports/annual.py lay them out.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection

from disclosure.storage.tables import CaseRow, TallyRow
from disclosure.workflow.corrections import VOIDED

__all__ = ["tallied", "tallied_through", "open_on", "open_cases_at"]

tallies, cases = TallyRow.__table__, CaseRow.__table__


def tallied(
    connection: Connection, measure: str, first: date, last: date, *, by_handler: bool = False, kind: str | None = None,
) -> list[tuple[str, str | None, str, int, int]]:
    """(kind, handler or None, detail, count, amount in 分) of ``measure`` over the days ``first``–``last``,
    summed by kind (and by handler when ``by_handler``, else handler None) and detail; of one kind when given."""
    handler = tallies.c.handler if by_handler else None
    keys = (tallies.c.kind, *((handler,) if by_handler else ()), tallies.c.detail)
    statement = (
        select(*keys, func.sum(tallies.c.count), func.sum(tallies.c.fen))
        .where(tallies.c.measure == measure, tallies.c.day >= first, tallies.c.day <= last,
               *((tallies.c.kind == kind,) if kind is not None else ()))
        .group_by(*keys)
    )
    rows = []
    for row in connection.execute(statement):
        if by_handler:
            kind_code, handler_name, detail, count, amount = row
        else:
            (kind_code, detail, count, amount), handler_name = row, None
        if not count and not amount:  # a tally a later step took back (a case handed on, a correction)
            continue
        rows.append((kind_code, handler_name or None, detail, int(count), int(amount)))
    return rows


def tallied_through(connection: Connection, measure: str, day: date, kind: str) -> dict[str, int]:
    """detail → count of ``measure`` of one kind's cases over every day up to ``day``."""
    statement = (
        select(tallies.c.detail, func.sum(tallies.c.count))
        .where(tallies.c.measure == measure, tallies.c.day <= day, tallies.c.kind == kind)
        .group_by(tallies.c.detail)
    )
    return {detail: int(count) for detail, count in connection.execute(statement)}


def open_on(day: date):
    """Received by ``day`` and not concluded by its end, said as two index ranges (the open cases by
    receipt, the concluded ones by conclusion) so that neither backend reads the whole book."""
    # The second branch says the same bound as "before the next day": SQLite would otherwise take the
    # shared term out of the OR and read every case received by then instead.
    return or_(
        and_(cases.c.concluded_on.is_(None), cases.c.received_on <= day),
        and_(cases.c.concluded_on > day, cases.c.received_on < day + timedelta(days=1)),
    )


def open_cases_at(connection: Connection, day: date) -> list[tuple[str, str | None, date, date | None]]:
    """(kind, handler, received on, due on) of each case open at the end of ``day`` (not voided)."""
    statement = select(cases.c.kind, cases.c.handler, cases.c.received_on, cases.c.due_on).where(
        cases.c.state != VOIDED, open_on(day))
    return [tuple(row) for row in connection.execute(statement)]
