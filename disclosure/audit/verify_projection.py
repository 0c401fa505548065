"""`audit verify`'s projection check: each case's stored rows against the snapshot its newest event vouches for.

Each event carries the hash of the snapshot its command left, inside its own chained hash; so a
case's stored snapshot is vouched for when its hash is that of the case's newest event, and the
case's columns and clock rows are checked against that snapshot (due dates recomputed: a stopped
clock's on the calendar in force at the event that last changed it, as its row names it, an open
one's on the book's calendar now; workflow/calendar_history.py).
"""

from __future__ import annotations

import json
from typing import Callable

from disclosure.audit.replay import same_ledger, stored_cases
from disclosure.audit.verify_chain import Finding
from disclosure.storage.audit_rows import (
    CASE_COLUMNS,
    CLOCK_COLUMNS,
    NEWEST_COLUMNS,
    NumberRange,
    appeals_by_case,
    newest_events_by_case,
    plain_values,
)
from disclosure.storage.database import Connection
from disclosure.storage.json_text import decode
from disclosure.storage.projection import CASE_ROW_COLUMNS, appeal_rows, clock_state_row, snapshot_row
from disclosure.storage.snapshots import clock_from_rows
from disclosure.workflow.calendar_history import CalendarHistory
from disclosure.workflow.case import due_clock_of
from disclosure.workflow.chain import snapshot_hash
from disclosure.workflow.clocks import OPEN_STATUSES
from disclosure.workflow.messages import t

__all__ = ["ProjectionCheck", "check_projections"]

SNAPSHOT = CASE_COLUMNS.index("snapshot")
LEDGER = CLOCK_COLUMNS.index("ledger")
CHANGED_AT = CLOCK_COLUMNS.index("changed_at_position")
_POSITION, _VERSION, _SNAPSHOT_HASH = (NEWEST_COLUMNS.index(name) for name in ("position", "version", "snapshot_hash"))

ProjectionCheck = tuple[int, "Finding | None"]  # the cases checked, and the first that disagrees


def check_projections(
    connection: Connection, history: CalendarHistory, due_clocks_of: Callable[[str], tuple[str, ...]],
    progress: Callable[[int], None] | None, numbers: NumberRange | None = None,
    between: tuple[Callable[[], None], int] | None = None, appeals: dict[str, tuple[tuple, ...]] | None = None,
) -> ProjectionCheck:
    """The cases (in ``numbers``, else all) in order of number, up to the first whose rows disagree.

    ``progress`` is told of each case's events once it is checked; ``between``: a call made every so
    many cases (the look at the second process's progress); ``appeals``: every stored appeal row by case,
    read here when not given (storage/audit_rows.py appeals_by_case)."""
    cases = 0
    as_plain = plain_values(connection)
    stored_appeals = appeals_by_case(connection) if appeals is None else appeals
    newest_groups = ((row[1], [row]) for row in newest_events_by_case(connection, numbers))
    for number, newest, stored, clocks in stored_cases(connection, newest_groups, numbers):
        cases += 1
        finding = projection_finding(
            number, newest[0] if newest else None, stored, clocks, history, as_plain, due_clocks_of,
            stored_appeals.get(number, ()),
        )
        if finding is not None:
            return cases, finding
        if progress is not None and newest:
            progress(newest[0][_VERSION])
        if between is not None and cases % between[1] == 0:
            between[0]()
    return cases, None


def projection_finding(
    number: str, event: tuple | None, stored: tuple | None, clocks: dict[str, tuple], history: CalendarHistory, as_plain,
    due_clocks_of: Callable[[str], tuple[str, ...]], appeals: tuple[tuple, ...] = (),
) -> Finding | None:
    """The first way the case's stored rows disagree with the snapshot its newest event vouches for."""
    if event is None:
        return Finding("projection", None, number, t("a cases row without any event"))
    position = event[_POSITION]

    def found(detail: str) -> Finding:
        return Finding("projection", position, number, detail)

    if stored is None:
        return found(t("the case has events but no cases row"))
    snapshot_text = stored[SNAPSHOT]
    if snapshot_hash(snapshot_text or "") != event[_SNAPSHOT_HASH]:
        return found(t("the stored snapshot is not the one the case's newest event recorded"))
    # Read from the decoded snapshot (no case object): this runs once for every case in the book.
    try:
        snapshot = decode(snapshot_text)
        ledgers = snapshot["clocks"]
        snapshot_clocks = {name: clock_from_rows(name, rows) for name, rows in ledgers.items()}
    except (ValueError, TypeError, KeyError) as error:  # only a writer's bug could chain such a snapshot
        return found(t("the stored snapshot does not read: {error!r}", error=error))
    for name, row in clocks.items():
        changed_at = row[CHANGED_AT]
        if not 0 < changed_at <= position:
            return found(t("clock {name} is stored as changed at position {changed_at}, not by an event of the case up to {position}",
                       name=name, changed_at=changed_at, position=position))

    def calendar_of(name: str):
        row = clocks.get(name)
        return history.for_clock(snapshot_clocks[name], row[CHANGED_AT] if row else None)

    main_name = due_clock_of(due_clocks_of(snapshot.get("kind", "disclosure")), snapshot_clocks)
    main = snapshot_clocks.get(main_name)
    main_calendar = calendar_of(main_name) if main else None
    due_clock_open = main is not None and main.status in OPEN_STATUSES
    expected = snapshot_row(snapshot, main.due(main_calendar) if main else None, due_clock_open)
    actual = as_plain(stored[:SNAPSHOT])
    if actual != expected:
        column, was, should = next(item for item in zip(CASE_ROW_COLUMNS, actual, expected) if item[1] != item[2])
        return found(t("{column} is stored as {was!r} but the events give {should!r}", column=column, was=was, should=should))
    if clocks.keys() != snapshot_clocks.keys():
        name = min(clocks.keys() ^ snapshot_clocks.keys())
        return found(t("clock {name} is stored as {stored!r} but the events give {given!r}", name=name,
                       stored="a row" if name in clocks else None, given="a clock" if name in snapshot_clocks else None))
    for name, clock in snapshot_clocks.items():
        row = clocks[name]
        actual = as_plain(row[2:LEDGER])
        expected = clock_state_row(clock, main_calendar if name == main_name else calendar_of(name))
        if actual != expected:
            column, was, should = next(item for item in zip(CLOCK_COLUMNS[2:], actual, expected) if item[1] != item[2])
            return found(t("clock {name} {column} is stored as {was!r} but the events give {should!r}", name=name, column=column, was=was, should=should))
        if not same_ledger(row[LEDGER], clock):  # the clock keeps the snapshot's rows it was decoded from
            return found(t("clock {name} ledger is stored as {stored!r} but the events give {given!r}", name=name, stored=row[LEDGER], given=json.dumps(ledgers[name])))
    expected_appeals = appeal_rows(snapshot.get("appeals", []))
    if appeals != expected_appeals:
        return found(t("appeals are stored as {stored!r} but the events give {given!r}", stored=list(appeals), given=list(expected_appeals)))
    return None
