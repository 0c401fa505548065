"""The reports' reads: sums of the tallies of a period (storage/tallies.py says what each measure counts), and
the cases open at a period's end, whose due dates the statistics judge.

Run on the driver with the statements compiled ahead (storage/statements.py), as a clerk's commands are: a
report needs no SQLAlchemy. Each function returns plain rows and decides nothing but what is summed;
reports/stats.py and reports/annual.py lay them out.
"""

from __future__ import annotations

from datetime import date, timedelta

from disclosure.storage.sql_runner import as_date
from disclosure.workflow.corrections import VOIDED

__all__ = ["tallied", "tallied_through", "open_cases_at"]


def tallied(
    sql, measure: str, first: date, last: date, *, by_handler: bool = False, kind: str | None = None,
) -> list[tuple[str, str | None, str, int, int]]:
    """(kind, handler or None, detail, count, amount in 分) of ``measure`` over the days ``first``–``last``,
    summed by kind (and by handler when ``by_handler``, else handler None) and detail; of one kind when given.
    ``sql``: the unit's SqlRunner."""
    values = {"measure": measure, "first": first, "last": last}
    if kind is not None:
        rows = [(kind_code, None, detail, count, amount)
                for kind_code, detail, count, amount in sql.all("tallied_of_kind", {**values, "kind": kind})]
    elif by_handler:
        rows = sql.all("tallied_by_handler", values)
    else:
        rows = [(kind_code, None, detail, count, amount) for kind_code, detail, count, amount in sql.all("tallied", values)]
    # A tally a later step took back (a case handed on, a correction) sums to nought: it is no figure.
    return [(kind_code, handler or None, detail, int(count), int(amount))
            for kind_code, handler, detail, count, amount in rows if count or amount]


def tallied_through(sql, measure: str, day: date, kind: str) -> dict[str, int]:
    """detail → count of ``measure`` of one kind's cases over every day up to ``day``."""
    return {detail: int(count) for detail, count in sql.all("tallied_through", {"measure": measure, "day": day, "kind": kind})}


def open_cases_at(sql, day: date) -> list[tuple[str, str | None, date, date | None]]:
    """(kind, handler, received on, due on) of each case open at the end of ``day`` (not voided)."""
    rows = sql.all("open_cases_at", {"voided": VOIDED, "day": day, "next_day": day + timedelta(days=1)})
    return [(kind, handler, as_date(received_on), as_date(due_on)) for kind, handler, received_on, due_on in rows]
