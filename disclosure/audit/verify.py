"""`audit verify`: the chain of events intact, and every projection what the events replay to.

The first problem found is named with its position and case: an event **changed** (a field edited,
or its hash), **missing** (deleted from the middle, or from the end when an anchor says so),
**out of order** (events swapped, or a case's versions not in sequence), **forged** (a row
inserted that the chain does not account for), or a **projection** that disagrees with the events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from sqlalchemy import select
from sqlalchemy.engine import Connection

from disclosure.audit.replay import ReplayedCase, compare, stored_cases
from disclosure.audit.rows import CASE_COLUMNS, HASH, SNAPSHOT_HASH, cases, events, events_by_position
from disclosure.storage.snapshots import case_from_json
from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.chain import GENESIS, Anchor, chain_hash, snapshot_hash

SNAPSHOT = CASE_COLUMNS.index("snapshot")

__all__ = ["Finding", "Verification", "check_chain", "verify"]


@dataclass(frozen=True)
class Finding:
    problem: str  # changed | missing | out of order | forged | projection
    position: int | None
    case: str | None
    detail: str
    newest: bool = False  # found at the newest event, where an edit and a forged append look alike

    def __str__(self) -> str:
        where = f"position {self.position}" if self.position is not None else "the chain"
        return f"{self.problem} at {where}" + (f" (case {self.case})" if self.case else "") + f": {self.detail}"


@dataclass(frozen=True)
class Verification:
    events: int
    cases: int
    head: Anchor
    finding: Finding | None

    @property
    def intact(self) -> bool:
        return self.finding is None


def _row_hash(previous: str, row: tuple) -> str:
    _, number, version, event_type, data, user, role, on, recorded, schema, state, _ = row
    return chain_hash(previous, number, version, event_type, data, user, role, on, recorded, schema, state)


def _classify(previous: str, row: tuple, following: tuple | None, in_sequence: bool) -> tuple[str, str]:
    """What is wrong with a row whose hash does not follow from the previous one."""
    if following is None:
        if not in_sequence:
            return "forged", "an event was appended that does not follow its case's last version"
        return "changed", "the newest event does not match its hash"
    if _row_hash(row[HASH], following) == following[HASH]:
        return "changed", "the event's content was edited after it was recorded (or an event before it deleted and the positions renumbered)"
    if _row_hash(_row_hash(previous, row), following) == following[HASH]:
        return "changed", "the event's stored hash was edited"
    if _row_hash(previous, following) == following[HASH]:
        if _row_hash(following[HASH], row) == row[HASH]:
            return "out of order", "this event and the next were swapped"
        return "forged", "an event was inserted that the chain does not account for"
    return "out of order", "the event is not where the chain recorded it (events moved or swapped)"


def check_chain(
    rows: Iterator[tuple],
    anchor: Anchor | None = None,
    progress: Callable[[int], None] | None = None,
    newest: dict[str, tuple] | None = None,
) -> tuple[int, Anchor, Finding | None]:
    """Walk the events by position. Returns how many were read, the head, and the first problem.

    ``newest``, when given, is filled with each case's newest event row.
    """
    previous, expected, count = GENESIS, 1, 0
    versions: dict[str, int] = {}
    anchored: str | None = None
    row = next(rows, None)
    while row is not None:
        following = next(rows, None)
        position, number, version = row[0], row[1], row[2]
        count += 1
        if progress is not None and count % 10_000 == 0:
            progress(10_000)
        if position != expected:
            missing = f"{expected}" if position == expected + 1 else f"{expected}–{position - 1}"
            return count, Anchor(position, row[HASH]), Finding(
                "missing", expected, None,
                f"position {missing} is not in the book (deleted events); the chain resumes at {position} with case {number}",
            )
        last = versions.get(number, 0)
        if _row_hash(previous, row) != row[HASH]:
            problem, detail = _classify(previous, row, following, version == last + 1)
            return count, Anchor(position, row[HASH]), Finding(problem, position, number, detail, newest=following is None)
        if version != last + 1:
            # The hashes agree, so the chain itself was rewritten to fit: the versions still tell.
            problem = "out of order" if version <= last else "missing"
            detail = (
                f"case {number} has version {version} after version {last}"
                if version <= last
                else f"case {number} jumps from version {last} to {version}: an event of the case is gone"
            )
            return count, Anchor(position, row[HASH]), Finding(problem, position, number, detail)
        if anchor is not None and position == anchor.position:
            anchored = row[HASH]
        versions[number] = version
        if newest is not None:
            newest[number] = row
        previous, expected = row[HASH], expected + 1
        row = following
    head = Anchor(expected - 1, previous)
    if anchor is not None:
        if anchor.position > head.position:
            return count, head, Finding(
                "missing", head.position + 1, None,
                f"the anchor is at position {anchor.position} but the book ends at {head.position}: the newest events were removed",
            )
        if anchored != anchor.hash:
            return count, head, Finding("changed", anchor.position, None, "the hash at the anchor's position is not the anchor's")
    return count, head, None


def verify(
    connection: Connection,
    calendar: WorkCalendar,
    anchor: Anchor | None = None,
    progress: Callable[[int], None] | None = None,
) -> Verification:
    """The chain first; when it is intact, every case's projection against what the chain vouches for.

    Each event carries the hash of the snapshot its command left, inside its own chained hash; so a
    case's stored snapshot is vouched for when its hash is that of the case's newest event, and the
    case's columns and clock rows are checked against that snapshot (due dates recomputed on the
    calendar). `audit replay` goes further and folds every event again.
    """
    newest: dict[str, tuple] = {}
    count, head, finding = check_chain(events_by_position(connection), anchor, progress, newest)
    if finding is not None and finding.newest and finding.problem == "changed":
        finding = _newest_forged_or_changed(connection, finding)
    cases = 0
    if finding is None:
        for number, _, stored, clocks in stored_cases(connection):
            cases += 1
            finding = _projection_finding(number, newest.pop(number, None), stored, clocks, calendar)
            if finding is not None:
                break
        if finding is None and newest:
            number, row = min(newest.items())
            finding = Finding("projection", row[0], number, "the case has events but no cases row")
    return Verification(count, cases, head, finding)


def _projection_finding(number: str, event: tuple | None, stored: tuple | None, clocks: dict, calendar: WorkCalendar) -> Finding | None:
    if event is None:
        return Finding("projection", None, number, "a cases row without any event")
    position = event[0]
    snapshot_text = stored[SNAPSHOT]
    if snapshot_hash(snapshot_text or "") != event[SNAPSHOT_HASH]:
        return Finding("projection", position, number, "the stored snapshot is not the one the case's newest event recorded")
    try:
        case = case_from_json(snapshot_text)
    except (ValueError, TypeError, KeyError) as error:
        return Finding("projection", position, number, f"the stored snapshot does not read: {error!r}")
    replayed = ReplayedCase(number, case, None, stored, clocks, event[2], position)
    difference = next(compare(replayed, calendar, snapshot_checked=True), None)
    if difference is None:
        return None
    return Finding(
        "projection", position, number,
        f"{difference.field} is stored as {difference.stored!r} but the events give {difference.replayed!r}",
    )


def _newest_forged_or_changed(connection: Connection, finding: Finding) -> Finding:
    """The newest event fails its hash: forged when its case's projection never took it in."""
    row = connection.execute(
        select(events.c.version, cases.c.version)
        .select_from(events.outerjoin(cases, cases.c.number == events.c.case_number))
        .where(events.c.position == finding.position)
    ).first()
    if row is not None and (row[1] is None or row[1] < row[0]):
        return Finding("forged", finding.position, finding.case, "an event was appended that the chain and the case's projection do not account for")
    return Finding("changed", finding.position, finding.case, "the newest event's content or hash was edited after it was recorded")
