"""Part of an audit done in a forked process, on its own connection to the book, while this one does the rest.

The chain walk, and the upper half of the cases' projections or replays, share nothing with the rest
but the book, so on a machine with two cores they run side by side. Where a second process cannot be
forked (another platform, one core, an in-memory database) ``start`` answers None and the caller does
everything itself; the answers are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any, Callable

from disclosure.storage.audit_rows import connected
from disclosure.storage.database import Connection
from disclosure.storage.driver_errors import translate
from disclosure.workflow.errors import StorageError
from disclosure.workflow.messages import t

__all__ = ["SecondProcess", "Work"]

_PROGRESS, _DONE, _FAILED = "progress", "done", "failed"

# What the second process does: given its connection and a progress callback (or None), an answer
# that pickles (it comes back through a pipe).
Work = Callable[[Connection, Callable[[int], None] | None], Any]


def _run_in_child(url: str, work: Work, report: bool, sender) -> None:
    try:
        progress = (lambda count: sender.send((_PROGRESS, count))) if report else None
        with connected(url) as connection:
            answer = work(connection, progress)
        sender.send((_DONE, answer))
    except Exception as error:  # reported to the parent, which raises it there
        error = translate(error) or error
        sender.send((_FAILED, f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


def can_fork(url: str) -> bool:
    """A second process can open this book and has a core of its own to run on."""
    if url.startswith("sqlite") and (url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url):
        return False
    return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


class SecondProcess:
    """Started with ``start``; ``result`` waits for its answer, forwarding progress meanwhile."""

    def __init__(self, process, receiver, progress: Callable[[int], None] | None, what: str) -> None:
        self._process, self._receiver, self._progress, self._what = process, receiver, progress, what
        self._answer: tuple[str, object] | None = None

    @classmethod
    def start(cls, url: str, work: Work, progress: Callable[[int], None] | None, what: str) -> "SecondProcess | None":
        """``work`` in a forked process (it is not pickled: the child has it from the fork), or None where
        that is not possible. ``what`` names the work in a failure's message."""
        if not can_fork(url):
            return None
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_run_in_child, args=(url, work, progress is not None, sender), daemon=True)
        process.start()
        sender.close()
        return cls(process, receiver, progress, what)

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

    def result(self) -> Any:
        """Wait for the answer (progress forwarded meanwhile)."""
        try:
            while self._answer is None:
                try:
                    self._take(self._receiver.recv())
                except EOFError:
                    raise RuntimeError(f"{self._what} stopped without an answer") from None
            kind, value = self._answer
            if kind == _FAILED:
                raise StorageError(t("{what} failed: {problem}", what=self._what, problem=value))
            return value
        finally:
            self._receiver.close()
            self._process.join()
