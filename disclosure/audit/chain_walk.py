"""The chain walked in a second process (audit/second_process.py), on its own connection.

`audit verify` gives that process the upper part of the cases' projections too, after the walk
(audit/verify.py); this is the walk alone, for a caller that wants only it.
"""

from __future__ import annotations

from functools import partial
from typing import Callable

from disclosure.audit.second_process import SecondProcess
from disclosure.audit.verify_chain import ChainResult, check_chain
from disclosure.storage.audit_rows import events_by_position
from disclosure.storage.database import Connection
from disclosure.workflow.chain import Anchor
from disclosure.workflow.messages import t

__all__ = ["ChainWalk", "WHAT", "walk_chain"]

WHAT = t("the chain walk")


def walk_chain(anchor: Anchor | None, connection: Connection, progress: Callable[[int], None] | None) -> ChainResult:
    return check_chain(events_by_position(connection), anchor, progress)


class ChainWalk:
    @staticmethod
    def start(url: str, anchor: Anchor | None, progress: Callable[[int], None] | None = None) -> SecondProcess | None:
        """The walk in a forked process, or None where that is not possible."""
        return SecondProcess.start(url, partial(walk_chain, anchor), progress, WHAT)
