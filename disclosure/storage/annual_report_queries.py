"""The annual report's counts, read in SQL (reports/annual.py lays them out as tables 三 and 四 and
checks the balance; STATUTE.md §3 and that module say what each count means).

Each function returns plain rows, tuples of column values, and decides nothing but what is counted.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.engine import Connection

from disclosure.storage.statistics_queries import open_on
from disclosure.storage.tables import AppealRow, CaseRow
from disclosure.workflow.corrections import VOIDED

__all__ = ["case_counts", "appeal_counts", "open_at", "case_states"]

cases = CaseRow.__table__
appeals = AppealRow.__table__
# A voided case (a registration entered in error, workflow/corrections.py) is in no count.
_COUNTED = cases.c.state != VOIDED


def case_counts(connection: Connection, first: date, last: date) -> tuple[list[tuple], list[tuple]]:
    """Of the disclosure cases, for the year ``first``–``last``: the flows, (applicant type, received in
    the year, received before and open at the end of the previous year, open at the end of the year),
    and the conclusions, (applicant type, outcome, count of cases concluded in the year)."""
    received_in = and_(cases.c.received_on >= first, cases.c.received_on <= last)
    open_before, open_at_end = open_on(first - timedelta(days=1)), open_on(last)
    flows = (
        select(
            cases.c.kind,
            cases.c.applicant_type,
            func.sum(case((received_in, 1), else_=0)),
            func.sum(case((open_before, 1), else_=0)),
            func.sum(case((open_at_end, 1), else_=0)),
        )
        # Only the cases some sum counts, each branch an index range (one flat OR, which SQLite reads
        # index by index): not a scan of the book. The kind is grouped, not filtered: beside the OR,
        # SQLite would take a term on it for a reason to read the whole table.
        .where(_COUNTED, or_(received_in, *open_before.clauses, *open_at_end.clauses))
        .group_by(cases.c.kind, cases.c.applicant_type)
    )
    concluded = (
        select(cases.c.applicant_type, cases.c.outcome, func.count())
        .where(cases.c.kind == "disclosure", _COUNTED, cases.c.concluded_on >= first, cases.c.concluded_on <= last)
        .group_by(cases.c.applicant_type, cases.c.outcome)
    )
    of_disclosure = [tuple(row[1:]) for row in connection.execute(flows) if row[0] == "disclosure"]
    return of_disclosure, [tuple(row) for row in connection.execute(concluded)]


def appeal_counts(connection: Connection, first: date, last: date) -> tuple[list[tuple], list[tuple]]:
    """Of the disclosure cases' appeals, for the year ``first``–``last``: the decided, (appeal type,
    result, count decided in the year), and the pending, (appeal type, count filed by the end of the
    year and not decided by then)."""
    of_disclosure = appeals.join(cases, cases.c.number == appeals.c.case_number)
    decided = (
        select(appeals.c.type, appeals.c.result, func.count())
        .select_from(of_disclosure)
        .where(cases.c.kind == "disclosure", _COUNTED, appeals.c.result != "pending",
               appeals.c.decided_on >= first, appeals.c.decided_on <= last)
        .group_by(appeals.c.type, appeals.c.result)
    )
    pending = (
        select(appeals.c.type, func.count())
        .select_from(of_disclosure)
        .where(cases.c.kind == "disclosure", _COUNTED, appeals.c.filed_on <= last,
               or_(appeals.c.decided_on.is_(None), appeals.c.decided_on > last))
        .group_by(appeals.c.type)
    )
    return [tuple(row) for row in connection.execute(decided)], [tuple(row) for row in connection.execute(pending)]


def open_at(connection: Connection, day: date) -> list[tuple[str, str]]:
    """(number, applicant type) of the disclosure cases received by ``day`` and open at its end: the
    cases a report for ``day``'s year carries over (a published report keeps their numbers)."""
    # Filtered and ordered here, not in SQL, where either would lead SQLite to read the whole table.
    statement = select(cases.c.number, cases.c.applicant_type, cases.c.kind).where(_COUNTED, open_on(day))
    return sorted((number, applicant_type) for number, applicant_type, kind in connection.execute(statement) if kind == "disclosure")


_CHUNK = 500  # numbers per IN list, well under either backend's limit on bound parameters


def case_states(connection: Connection, numbers: list[str]) -> list[tuple[str, str, date | None, str | None, str]]:
    """(number, applicant type, concluded on, outcome, state) of each of these cases as it stands now."""
    found: list[tuple] = []
    for start in range(0, len(numbers), _CHUNK):
        statement = select(cases.c.number, cases.c.applicant_type, cases.c.concluded_on, cases.c.outcome, cases.c.state).where(
            cases.c.number.in_(numbers[start:start + _CHUNK]))
        found.extend(tuple(row) for row in connection.execute(statement))
    return found
