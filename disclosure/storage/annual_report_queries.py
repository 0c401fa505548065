"""The annual report's reads of the cases themselves, in Core: which were open at a year's end, how a few
stand now, and the events of those corrected since a year was published, as they stood then (a published
year's carry, reports/annual.py). Its counts are the tallies' (storage/tally_queries.py).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection

from disclosure.storage.event_rows import EVENT_COLUMNS, event_from_row
from disclosure.storage.tables import CaseRow, EventRow, OfficeLogRow
from disclosure.workflow.corrected_history import REFOLDING
from disclosure.workflow.corrections import VOIDED
from disclosure.workflow.events import Event

__all__ = ["open_at", "case_states", "CaseState", "published_head", "histories_corrected_since"]

cases = CaseRow.__table__
events = EventRow.__table__
office_log = OfficeLogRow.__table__
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


class CaseState(NamedTuple):
    number: str
    applicant_type: str
    received_on: date
    concluded_on: date | None
    outcome: str | None
    state: str


def case_states(connection: Connection, numbers: list[str]) -> list[CaseState]:
    """Each of these cases as it stands now: its column (applicant type), receipt, conclusion and state."""
    found: list[CaseState] = []
    for start in range(0, len(numbers), _CHUNK):
        statement = select(
            cases.c.number, cases.c.applicant_type, cases.c.received_on, cases.c.concluded_on, cases.c.outcome, cases.c.state,
        ).where(cases.c.number.in_(numbers[start:start + _CHUNK]))
        found.extend(CaseState(*row) for row in connection.execute(statement))
    return found


def published_head(connection: Connection, position: int) -> int | None:
    """The events' chain head (position) that the office-log entry at ``position`` names: every event recorded
    before the entry is at or below it, every one after above it."""
    return connection.execute(select(office_log.c.head_position).where(office_log.c.position == position)).scalar()


def histories_corrected_since(connection: Connection, numbers: list[str], head: int) -> dict[str, list[Event]]:
    """Of these cases, each one with a correction (an amendment or an undo) recorded after the event at ``head``,
    with its events up to ``head``, in order: the history it had then (empty for a case registered since)."""
    columns = [events.c[name] for name in EVENT_COLUMNS]
    touched: set[str] = set()
    for start in range(0, len(numbers), _CHUNK):
        statement = select(events.c.case_number).where(
            events.c.case_number.in_(numbers[start:start + _CHUNK]), events.c.position > head, events.c.type.in_(REFOLDING),
        )
        touched.update(number for number, in connection.execute(statement))
    found: dict[str, list[Event]] = {number: [] for number in sorted(touched)}
    ordered = sorted(touched)
    for start in range(0, len(ordered), _CHUNK):
        statement = select(*columns).where(events.c.case_number.in_(ordered[start:start + _CHUNK]), events.c.position <= head)
        for row in connection.execute(statement):
            found[row[1]].append(event_from_row(tuple(row)))
    for history in found.values():
        history.sort(key=lambda event: event.version)
    return found
