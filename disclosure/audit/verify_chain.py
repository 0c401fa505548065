"""The chain of events walked by position, and each break in it named.

An event is **changed** (a field edited, or its hash), **missing** (deleted from the middle, or from
the end when an anchor says so), **out of order** (events swapped, or a case's versions not in
sequence) or **forged** (a row inserted that the chain does not account for).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, NamedTuple

from disclosure.storage.audit_rows import HASH
from disclosure.workflow.chain import GENESIS, Anchor, chain_hash
from disclosure.workflow.messages import t

__all__ = ["Finding", "ChainResult", "check_chain"]

_REPORT_EVERY = 10_000  # events between progress reports


@dataclass(frozen=True)
class Finding:
    problem: str  # changed | missing | out of order | forged | projection | calendar (its loads) | office log | document | tallies | corrupt (the file itself)
    position: int | None
    case: str | None
    detail: str
    newest: bool = False  # found at the newest event, where an edit and a forged append look alike

    def __str__(self) -> str:
        # A message (str's subclass Text) rather than plain text, so the command line can say it in Chinese.
        if self.problem == "calendar":  # the record of calendar loads (audit/verify_calendar.py)
            if self.position is None:
                return t("calendar: {detail}", detail=self.detail)
            return t("calendar load {position}: {detail}", position=self.position, detail=self.detail)
        if self.problem == "office log":  # users and sights of personal data (audit/verify_office_log.py)
            if self.position is None:
                return t("office log: {detail}", detail=self.detail)
            return t("office log entry {position}: {detail}", position=self.position, detail=self.detail)
        if self.problem == "tallies":  # the reports' counts kept per day (audit/verify_tallies.py)
            return t("report tallies: {detail}", detail=self.detail)
        if self.problem == "document" and self.position is None:  # an export's zip (audit/export_files.py)
            return t("document: {detail}", detail=self.detail)
        where = t("the file") if self.problem == "corrupt" else t("the chain")
        return located(self.problem, self.position, where, self.case, self.detail)


_PROBLEMS = {
    "changed": t("changed"), "missing": t("missing"), "out of order": t("out of order"), "forged": t("forged"),
    "projection": t("projection"), "corrupt": t("corrupt"), "document": t("document"),
}


def located(problem: str, position: int | None, elsewhere: str, case: str | None, detail: str) -> str:
    """A finding as one line: its problem, where (a position, else ``elsewhere``), its case, and what is wrong."""
    name = _PROBLEMS.get(problem, problem)
    where = elsewhere if position is None else t("position {position}", position=position)
    if case:
        return t("{problem} at {where} (case {case}): {detail}", problem=name, where=where, case=case, detail=detail)
    return t("{problem} at {where}: {detail}", problem=name, where=where, detail=detail)


class ChainResult(NamedTuple):
    events: int
    head: Anchor
    finding: Finding | None


def _row_hash(previous: str, row: tuple) -> str:
    _, number, version, event_type, data, user, role, on, recorded, schema, state, _, by = row
    return chain_hash(previous, number, version, event_type, data, user, role, on, recorded, schema, state, by)


def _classify(previous: str, row: tuple, following: tuple | None, in_sequence: bool) -> tuple[str, str]:
    """What is wrong with a row whose hash does not follow from the previous one."""
    if following is None:
        if not in_sequence:
            return "forged", t("an event was appended that does not follow its case's last version")
        return "changed", t("the newest event does not match its hash")
    if _row_hash(row[HASH], following) == following[HASH]:
        return "changed", t("the event's content was edited after it was recorded (or an event before it deleted and the positions renumbered)")
    if _row_hash(_row_hash(previous, row), following) == following[HASH]:
        return "changed", t("the event's stored hash was edited")
    if _row_hash(previous, following) == following[HASH]:
        if _row_hash(following[HASH], row) == row[HASH]:
            return "out of order", t("this event and the next were swapped")
        return "forged", t("an event was inserted that the chain does not account for")
    return "out of order", t("the event is not where the chain recorded it (events moved or swapped)")


def check_chain(
    rows: Iterator[tuple],
    anchor: Anchor | None = None,
    progress: Callable[[int], None] | None = None,
) -> ChainResult:
    """Walk the events by position: how many were read, the head, and the first problem."""
    result = ChainResult(*_walk(rows, anchor, progress))
    if progress is not None and result.events % _REPORT_EVERY:
        progress(result.events % _REPORT_EVERY)  # the walk reports whole batches only
    return result


def _walk(rows: Iterator[tuple], anchor: Anchor | None, progress: Callable[[int], None] | None) -> tuple:
    previous, expected, count = GENESIS, 1, 0
    versions: dict[str, int] = {}
    anchored: str | None = None
    row = next(rows, None)
    while row is not None:
        following = next(rows, None)
        position, number, version = row[0], row[1], row[2]
        count += 1
        if progress is not None and count % _REPORT_EVERY == 0:
            progress(_REPORT_EVERY)
        if position != expected:
            missing = f"{expected}" if position == expected + 1 else f"{expected}–{position - 1}"
            return count, Anchor(position, row[HASH]), Finding(
                "missing", expected, None,
                t("position {missing} is not in the book (deleted events); the chain resumes at {position} with case {number}",
                  missing=missing, position=position, number=number),
            )
        last = versions.get(number, 0)
        if _row_hash(previous, row) != row[HASH]:
            problem, detail = _classify(previous, row, following, version == last + 1)
            return count, Anchor(position, row[HASH]), Finding(problem, position, number, detail, newest=following is None)
        if version != last + 1:
            # The hashes agree, so the chain itself was rewritten to fit: the versions still tell.
            problem = "out of order" if version <= last else "missing"
            detail = (
                t("case {number} has version {version} after version {last}", number=number, version=version, last=last)
                if version <= last
                else t("case {number} jumps from version {last} to {version}: an event of the case is gone", number=number, last=last, version=version)
            )
            return count, Anchor(position, row[HASH]), Finding(problem, position, number, detail)
        if anchor is not None and position == anchor.position:
            anchored = row[HASH]
        versions[number] = version
        previous, expected = row[HASH], expected + 1
        row = following
    head = Anchor(expected - 1, previous)
    if anchor is not None:
        if anchor.position > head.position:
            return count, head, Finding(
                "missing", head.position + 1, None,
                t("the anchor is at position {anchor} but the book ends at {head}: the newest events were removed",
                  anchor=anchor.position, head=head.position),
            )
        if anchored != anchor.hash:
            return count, head, Finding("changed", anchor.position, None, t("the hash at the anchor's position is not the anchor's"))
    return count, head, None
