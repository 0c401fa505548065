"""`audit verify`: the chain of events intact, and every projection what the chain vouches for.

The first problem found is named with its position and case: a break in the chain (audit/verify_chain.py:
changed, missing, out of order, forged), or a **projection** that disagrees with the events
(audit/verify_projection.py). The record of calendar loads is checked too (audit/verify_calendar.py),
and every letter and file in the document store against its hash (audit/verify_documents.py).
`audit replay` goes further and folds every event again.

The chain walk and the projection check read the book independently, so they run side by side: a
second process (audit/second_process.py) walks the chain, then joins this one in checking the cases'
projections, range by range of case numbers (audit/shared_ranges.py: this process from the lowest,
the second from the highest). The first finding is the one a single process would name, since the
answers are put together in the order of the ranges.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable, Iterable

from disclosure.storage.database import Connection

from disclosure.audit.chain_walk import WHAT as WALK, walk_chain
from disclosure.audit.second_process import SecondProcess, can_fork
from disclosure.audit.shared_ranges import SharedRanges
from disclosure.audit.verify_calendar import calendar_finding
from disclosure.audit.verify_chain import ChainResult, Finding
from disclosure.audit.verify_documents import documents_finding
from disclosure.audit.verify_office_log import office_log_finding
from disclosure.audit.verify_projection import ProjectionCheck, check_projections
from disclosure.audit.verify_tallies import tallies_finding
from disclosure.storage.audit_rows import appeals_by_case, event_and_case_versions, number_ranges
from disclosure.workflow.calendar_history import CalendarHistory
from disclosure.workflow.chain import GENESIS, Anchor
from disclosure.workflow.kinds import BUILT_IN_KINDS
from disclosure.workflow.messages import t

__all__ = ["Finding", "Verification", "verify", "corrupt"]

_RANGES = 32  # ranges of case numbers the two processes share: the last one taken keeps the other waiting
_FORWARD_EVERY = 1024  # cases between looks at the second process's progress


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
    damage: Callable[[Connection], str | None] | None = None,
    rated_kinds: Iterable[str] | None = None,
) -> Verification:
    """The chain's first break if any, else the first projection that disagrees.

    ``url``: where a second process can open the book to walk the chain meanwhile, and then share the
    projection check (else all is done here). ``due_clocks_of``: a kind's due clocks (KindRegistry.due_clocks). ``log_anchor``: the office
    log's head an auditor kept (`audit anchor --log`), which catches its newest entries removed. ``progress`` is told of every event twice: once walked, once its case checked.
    ``damage``: the file's own check on a connection (storage/casebook_core.py damage), made before
    anything else is read (by the second process, on its connection, while this one starts on the cases).
    ``rated_kinds``: the kinds whose ratings the reports' tallies count (KindRegistry.rated_kinds; None: any).
    """
    shared = SharedRanges(number_ranges(connection, _RANGES)) if url and can_fork(url) else None
    work = partial(_second_part, anchor, history, due_clocks_of, shared, damage, rated_kinds)
    second = SecondProcess.start(url, work, progress, WALK) if shared else None
    if second is None:
        damaged = damage(connection) if damage is not None else None
        if damaged is not None:
            return corrupt(damaged)
        chain = walk_chain(anchor, connection, progress)
        cases, projection = check_projections(connection, history, due_clocks_of, progress)
        tallies = tallies_finding(connection, rated_kinds)
    else:
        appeals = appeals_by_case(connection)

        def check(numbers) -> ProjectionCheck:
            checked = check_projections(
                connection, history, due_clocks_of, progress, numbers, between=(second.forward, _FORWARD_EVERY), appeals=appeals,
            )
            second.forward()
            return checked

        def found_here(checked: ProjectionCheck) -> bool:
            if checked[1] is None:
                return False
            shared.stop()  # the ranges above it, the second process's too, cannot give the first finding
            return True

        try:
            answers = dict(shared.work(True, check, found_here))
        finally:
            damaged, chain, answers_there, tallies = second.result()
        if damaged is not None:
            return corrupt(damaged)
        cases, projection = _first_projection({**answers, **answers_there})
    count, head, finding = chain
    if finding is not None and finding.newest and finding.problem == "changed":
        finding = _newest_forged_or_changed(connection, finding)
    # The loads before the projections: a load deleted or edited is why due dates then disagree.
    finding = finding or calendar_finding(connection, head) or office_log_finding(connection, head, log_anchor) or projection
    # Counted again from the case rows: a finding only once those agree with their events.
    finding = finding or tallies
    if finding is None and documents is not None:
        finding = documents_finding(connection, documents)
    return Verification(count, cases, head, finding)


def corrupt(detail: str) -> Verification:
    """What verify says of a file its own check finds damaged: nothing else read counts."""
    return Verification(0, 0, Anchor(0, GENESIS), Finding("corrupt", None, None, detail))


def _second_part(
    anchor: Anchor | None, history: CalendarHistory, due_clocks_of, shared: SharedRanges, damage,
    rated_kinds: Iterable[str] | None, connection: Connection, progress: Callable[[int], None] | None,
) -> tuple[str | None, ChainResult | None, dict[int, ProjectionCheck], Finding | None]:
    """The second process's work: the file's check, the chain walked, the reports' tallies counted again
    (while the first process checks cases), then ranges of cases from the highest down (it stops at a
    finding: the ranges below it are this process's or still to take)."""
    damaged = damage(connection) if damage is not None else None
    if damaged is not None:
        shared.stop()  # nothing the first process finds counts now
        return damaged, None, {}, None
    chain = walk_chain(anchor, connection, progress)
    tallies = tallies_finding(connection, rated_kinds)
    appeals = appeals_by_case(connection)
    checked = shared.work(
        False, lambda numbers: check_projections(connection, history, due_clocks_of, progress, numbers, appeals=appeals),
        lambda answer: answer[1] is not None,
    )
    return None, chain, dict(checked), tallies


def _first_projection(answers: dict[int, ProjectionCheck]) -> ProjectionCheck:
    """The ranges' answers put together in their order: the cases checked up to the first finding, and it."""
    cases = 0
    for index in sorted(answers):
        checked, finding = answers[index]
        cases += checked
        if finding is not None:
            return cases, finding
    return cases, None


def _newest_forged_or_changed(connection: Connection, finding: Finding) -> Finding:
    """The newest event fails its hash: forged when its case's projection never took it in."""
    row = event_and_case_versions(connection, finding.position)
    if row is not None and (row[1] is None or row[1] < row[0]):
        return Finding("forged", finding.position, finding.case, t("an event was appended that the chain and the case's projection do not account for"))
    return Finding("changed", finding.position, finding.case, t("the newest event's content or hash was edited after it was recorded"))
