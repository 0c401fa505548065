"""`audit verify`: the chain of events intact, and every projection what the chain vouches for.

The first problem found is named with its position and case: a break in the chain (audit/verify_chain.py:
changed, missing, out of order, forged), or a **projection** that disagrees with the events
(audit/verify_projection.py). The record of calendar loads is checked too (audit/verify_calendar.py),
and every letter and file in the document store against its hash (audit/verify_documents.py).
`audit replay` goes further and folds every event again.

The chain walk and the projection check read the book independently, so they run side by side: a
second process (audit/second_process.py) walks the chain and then checks the cases from a number on,
while this one checks the cases below it. The walk costs about half as much as the projection
check, so the second process takes the upper quarter of the cases; the first finding is the one a
single process would name, since the lower cases' findings come first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from disclosure.storage.database import Connection

from disclosure.audit.chain_walk import WHAT as WALK, walk_chain
from disclosure.audit.second_process import SecondProcess, can_fork
from disclosure.audit.verify_calendar import calendar_finding
from disclosure.audit.verify_chain import ChainResult, Finding
from disclosure.audit.verify_documents import documents_finding
from disclosure.audit.verify_office_log import office_log_finding
from disclosure.audit.verify_projection import ProjectionCheck, check_projections
from disclosure.storage.audit_rows import NumberRange, event_and_case_versions, split_number
from disclosure.workflow.calendar_history import CalendarHistory
from disclosure.workflow.chain import Anchor
from disclosure.workflow.kinds import BUILT_IN_KINDS

__all__ = ["Finding", "Verification", "verify"]

# The share of the cases this process checks while the second one walks the chain and checks the rest.
_SHARE_HERE = 0.75
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
) -> Verification:
    """The chain's first break if any, else the first projection that disagrees.

    ``url``: where a second process can open the book to walk the chain and check the upper cases
    meanwhile (else all is done here). ``due_clocks_of``: a kind's due clocks (KindRegistry.due_clocks). ``log_anchor``: the office
    log's head an auditor kept (`audit anchor --log`), which catches its newest entries removed. ``progress`` is told of every event twice: once walked, once its case checked.
    """
    split = split_number(connection, _SHARE_HERE) if url and can_fork(url) else None
    second = None
    if url:
        upper = NumberRange(False, split) if split is not None else None
        second = SecondProcess.start(url, _second_half(anchor, history, due_clocks_of, upper), progress, WALK)
    if second is None:
        chain = walk_chain(anchor, connection, progress)
        cases, projection = check_projections(connection, history, due_clocks_of, progress)
    else:
        lower = NumberRange(True, split) if split is not None else None
        try:
            cases, projection = (0, None) if lower is None else check_projections(
                connection, history, due_clocks_of, progress, lower, between=(second.forward, _FORWARD_EVERY),
            )
        finally:
            chain, (upper_cases, upper_projection) = second.result()
        if projection is None:  # the lower cases' finding comes first, as a single process would name it
            cases, projection = cases + upper_cases, upper_projection
    count, head, finding = chain
    if finding is not None and finding.newest and finding.problem == "changed":
        finding = _newest_forged_or_changed(connection, finding)
    # The loads before the projections: a load deleted or edited is why due dates then disagree.
    finding = finding or calendar_finding(connection, head) or office_log_finding(connection, head, log_anchor) or projection
    if finding is None and documents is not None:
        finding = documents_finding(connection, documents)
    return Verification(count, cases, head, finding)


def _second_half(anchor: Anchor | None, history: CalendarHistory, due_clocks_of, upper: NumberRange | None):
    """The second process's work: the chain walked, then the cases from the split on (all of them when
    the book is too small to split)."""

    def work(connection: Connection, progress: Callable[[int], None] | None) -> tuple[ChainResult, ProjectionCheck]:
        return walk_chain(anchor, connection, progress), check_projections(connection, history, due_clocks_of, progress, upper)

    return work


def _newest_forged_or_changed(connection: Connection, finding: Finding) -> Finding:
    """The newest event fails its hash: forged when its case's projection never took it in."""
    row = event_and_case_versions(connection, finding.position)
    if row is not None and (row[1] is None or row[1] < row[0]):
        return Finding("forged", finding.position, finding.case, "an event was appended that the chain and the case's projection do not account for")
    return Finding("changed", finding.position, finding.case, "the newest event's content or hash was edited after it was recorded")
