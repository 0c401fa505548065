"""`audit verify`: the chain of events intact, and every projection what the chain vouches for.

The first problem found is named with its position and case: a break in the chain (audit/verify_chain.py:
changed, missing, out of order, forged), or a **projection** that disagrees with the events.

Each event carries the hash of the snapshot its command left, inside its own chained hash; so a
case's stored snapshot is vouched for when its hash is that of the case's newest event, and the
case's columns and clock rows are checked against that snapshot (due dates recomputed: a stopped
clock's on the calendar in force at the event that last changed it, as its row names it, an open
one's on the book's calendar now; workflow/calendar_history.py). The record of calendar loads is
checked too (audit/verify_calendar.py), and every letter and file in the document store against its
hash (audit/verify_documents.py). `audit replay` goes further and folds every event again. The chain walk and the
projection check read the book independently, so they run side by side (audit/chain_walk.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable

from disclosure.storage.database import Connection

from disclosure.audit.chain_walk import ChainWalk
from disclosure.audit.replay import same_ledger, stored_cases
from disclosure.storage.audit_rows import (
    CASE_COLUMNS,
    CLOCK_COLUMNS,
    NEWEST_COLUMNS,
    appeals_by_case,
    event_and_case_versions,
    events_by_position,
    newest_events_by_case,
    plain_values,
)
from disclosure.audit.verify_calendar import calendar_finding
from disclosure.audit.verify_documents import documents_finding
from disclosure.audit.verify_office_log import office_log_finding
from disclosure.audit.verify_chain import ChainResult, Finding, check_chain
from disclosure.storage.projection import CASE_ROW_COLUMNS, appeal_rows, clock_state_row, snapshot_row
from disclosure.storage.snapshots import clock_from_rows
from disclosure.workflow.calendar_history import CalendarHistory
from disclosure.workflow.case import due_clock_of
from disclosure.workflow.chain import Anchor, snapshot_hash
from disclosure.workflow.clocks import ClockStatus
from disclosure.workflow.kinds import BUILT_IN_KINDS

__all__ = ["Finding", "Verification", "verify"]

SNAPSHOT = CASE_COLUMNS.index("snapshot")
LEDGER = CLOCK_COLUMNS.index("ledger")
CHANGED_AT = CLOCK_COLUMNS.index("changed_at_position")
_POSITION, _VERSION, _SNAPSHOT_HASH = (NEWEST_COLUMNS.index(name) for name in ("position", "version", "snapshot_hash"))
_FORWARD_EVERY = 1024  # cases between looks at the chain walk's progress


@dataclass(frozen=True)
class Verification:
    events: int
    cases: int
    head: Anchor
    finding: Finding | None

    @property
    def intact(self) -> bool:
        return self.finding is None


def verify(
    connection: Connection,
    history: CalendarHistory,
    anchor: Anchor | None = None,
    progress: Callable[[int], None] | None = None,
    *,
    url: str | None = None,
    due_clocks_of: Callable[[str], tuple[str, ...]] = BUILT_IN_KINDS.due_clocks,
    log_anchor: Anchor | None = None,
    documents=None,
) -> Verification:
    """The chain's first break if any, else the first projection that disagrees.

    ``url``: where a second process can open the book to walk the chain meanwhile (else it is walked
    here first). ``due_clocks_of``: a kind's due clocks (KindRegistry.due_clocks). ``log_anchor``: the office
    log's head an auditor kept (`audit anchor --log`), which catches its newest entries removed. ``progress`` is told of every event twice: once walked, once its case checked.
    """
    walk = ChainWalk.start(url, anchor, progress) if url else None
    chain = None if walk else _walk_here(connection, anchor, progress)
    cases, projection = 0, None
    as_plain = plain_values(connection)
    stored_appeals = appeals_by_case(connection)
    newest_groups = ((row[1], [row]) for row in newest_events_by_case(connection))
    try:
        for number, newest, stored, clocks in stored_cases(connection, newest_groups):
            cases += 1
            projection = _projection_finding(
                number, newest[0] if newest else None, stored, clocks, history, as_plain, due_clocks_of,
                stored_appeals.get(number, ()),
            )
            if projection is not None:
                break
            if progress is not None and newest:
                progress(newest[0][_VERSION])
            if walk is not None and cases % _FORWARD_EVERY == 0:
                walk.forward()
    finally:
        if walk is not None:
            chain = walk.result()
    count, head, finding = chain
    if finding is not None and finding.newest and finding.problem == "changed":
        finding = _newest_forged_or_changed(connection, finding)
    # The loads before the projections: a load deleted or edited is why due dates then disagree.
    finding = finding or calendar_finding(connection, head) or office_log_finding(connection, head, log_anchor) or projection
    if finding is None and documents is not None:
        finding = documents_finding(connection, documents)
    return Verification(count, cases, head, finding)


def _walk_here(connection: Connection, anchor: Anchor | None, progress: Callable[[int], None] | None) -> ChainResult:
    return check_chain(events_by_position(connection), anchor, progress)


def _projection_finding(
    number: str, event: tuple | None, stored: tuple | None, clocks: dict[str, tuple], history: CalendarHistory, as_plain,
    due_clocks_of: Callable[[str], tuple[str, ...]], appeals: tuple[tuple, ...] = (),
) -> Finding | None:
    """The first way the case's stored rows disagree with the snapshot its newest event vouches for."""
    if event is None:
        return Finding("projection", None, number, "a cases row without any event")
    position = event[_POSITION]

    def found(detail: str) -> Finding:
        return Finding("projection", position, number, detail)

    if stored is None:
        return found("the case has events but no cases row")
    snapshot_text = stored[SNAPSHOT]
    if snapshot_hash(snapshot_text or "") != event[_SNAPSHOT_HASH]:
        return found("the stored snapshot is not the one the case's newest event recorded")
    # Read from the decoded snapshot (no case object): this runs once for every case in the book.
    try:
        snapshot = json.loads(snapshot_text)
        ledgers = snapshot["clocks"]
        snapshot_clocks = {name: clock_from_rows(name, rows) for name, rows in ledgers.items()}
    except (ValueError, TypeError, KeyError) as error:  # only a writer's bug could chain such a snapshot
        return found(f"the stored snapshot does not read: {error!r}")
    for name, row in clocks.items():
        changed_at = row[CHANGED_AT]
        if not 0 < changed_at <= position:
            return found(f"clock {name} is stored as changed at position {changed_at}, not by an event of the case up to {position}")

    def calendar_of(name: str):
        row = clocks.get(name)
        return history.for_clock(snapshot_clocks[name], row[CHANGED_AT] if row else None)

    main_name = due_clock_of(due_clocks_of(snapshot.get("kind", "disclosure")), snapshot_clocks)
    main = snapshot_clocks.get(main_name)
    due_clock_open = main is not None and main.status in (ClockStatus.RUNNING, ClockStatus.PAUSED)
    expected = snapshot_row(snapshot, main.due(calendar_of(main_name)) if main else None, due_clock_open)
    actual = as_plain(stored[:SNAPSHOT])
    if actual != expected:
        column, was, should = next(item for item in zip(CASE_ROW_COLUMNS, actual, expected) if item[1] != item[2])
        return found(f"{column} is stored as {was!r} but the events give {should!r}")
    if clocks.keys() != snapshot_clocks.keys():
        name = min(clocks.keys() ^ snapshot_clocks.keys())
        return found(f"clock {name} is stored as {'a row' if name in clocks else None!r} but the events give "
                     f"{'a clock' if name in snapshot_clocks else None!r}")
    for name, clock in snapshot_clocks.items():
        row = clocks[name]
        actual, expected = as_plain(row[2:LEDGER]), clock_state_row(clock, calendar_of(name))
        if actual != expected:
            column, was, should = next(item for item in zip(CLOCK_COLUMNS[2:], actual, expected) if item[1] != item[2])
            return found(f"clock {name} {column} is stored as {was!r} but the events give {should!r}")
        if not same_ledger(row[LEDGER], clock):  # the clock keeps the snapshot's rows it was decoded from
            return found(f"clock {name} ledger is stored as {row[LEDGER]!r} but the events give {json.dumps(ledgers[name])!r}")
    expected_appeals = appeal_rows(snapshot.get("appeals", []))
    if appeals != expected_appeals:
        return found(f"appeals are stored as {list(appeals)!r} but the events give {list(expected_appeals)!r}")
    return None


def _newest_forged_or_changed(connection: Connection, finding: Finding) -> Finding:
    """The newest event fails its hash: forged when its case's projection never took it in."""
    row = event_and_case_versions(connection, finding.position)
    if row is not None and (row[1] is None or row[1] < row[0]):
        return Finding("forged", finding.position, finding.case, "an event was appended that the chain and the case's projection do not account for")
    return Finding("changed", finding.position, finding.case, "the newest event's content or hash was edited after it was recorded")
