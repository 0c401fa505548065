"""The chain walked in a second process, on its own connection, while this one checks projections.

The two halves of `audit verify` share nothing but the book, so on a machine with two cores they
run side by side. Where a second process cannot be forked (another platform, one core, an
in-memory database) the walk runs here, before the projections are checked; the result is the same.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable

from disclosure.storage.audit_rows import events_by_position_at
from disclosure.storage.driver_errors import translate
from disclosure.audit.verify_chain import ChainResult, check_chain
from disclosure.workflow.chain import Anchor
from disclosure.workflow.errors import StorageError

__all__ = ["ChainWalk"]

_PROGRESS, _DONE, _FAILED = "progress", "done", "failed"


def _walk_in_child(url: str, anchor: Anchor | None, report: bool, sender) -> None:
    try:
        progress = (lambda count: sender.send((_PROGRESS, count))) if report else None
        with events_by_position_at(url) as rows:
            result = check_chain(rows, anchor, progress)
        sender.send((_DONE, result))
    except Exception as error:  # reported to the parent, which raises it there
        error = translate(error) or error
        sender.send((_FAILED, f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


class ChainWalk:
    """Started with ``start``; ``result`` waits for it, forwarding progress meanwhile."""

    def __init__(self, process, receiver, progress: Callable[[int], None] | None) -> None:
        self._process, self._receiver, self._progress = process, receiver, progress
        self._answer: tuple[str, object] | None = None

    @classmethod
    def start(cls, url: str, anchor: Anchor | None, progress: Callable[[int], None] | None = None) -> "ChainWalk | None":
        """A walk in a forked process, or None where that is not possible or not worth it."""
        if url.startswith("sqlite") and (url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url):
            return None
        if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return None
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_walk_in_child, args=(url, anchor, progress is not None, sender), daemon=True)
        process.start()
        sender.close()
        return cls(process, receiver, progress)

    def forward(self) -> None:
        """Pass on the progress reported so far, without waiting."""
        while self._answer is None and self._receiver.poll():
            self._take(self._receiver.recv())

    def _take(self, message: tuple[str, object]) -> None:
        kind, value = message
        if kind == _PROGRESS:
            if self._progress is not None:
                self._progress(value)
        else:
            self._answer = message

    def result(self) -> ChainResult:
        """Wait for the walk's answer (progress forwarded meanwhile)."""
        try:
            while self._answer is None:
                try:
                    self._take(self._receiver.recv())
                except EOFError:
                    raise RuntimeError("the chain walk stopped without an answer") from None
            kind, value = self._answer
            if kind == _FAILED:
                raise StorageError(f"the chain walk failed: {value}")
            return value
        finally:
            self._receiver.close()
            self._process.join()
