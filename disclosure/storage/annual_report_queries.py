"""The annual report's reads of the cases themselves, in Core: which were open at a year's end, and how a few
stand now (a published year's carry, reports/annual.py). Its counts are the tallies' (storage/tally_queries.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection

from disclosure.storage.tables import CaseRow
from disclosure.workflow.corrections import VOIDED

__all__ = ["open_at", "case_states"]

cases = CaseRow.__table__
# A voided case (a registration entered in error, workflow/corrections.py) is in no count.
_COUNTED = cases.c.state != VOIDED


def open_on(day: date):
    """Received by ``day`` and not concluded by its end, as two index ranges (storage/statements.py
    open_cases_at says why)."""
    return or_(
        and_(cases.c.concluded_on.is_(None), cases.c.received_on <= day),
        and_(cases.c.concluded_on > day, cases.c.received_on < day + timedelta(days=1)),
    )


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
