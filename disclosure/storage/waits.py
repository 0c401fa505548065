"""How long a command waits on a busy case book, and what it says when the wait runs out; and how
durable a SQLite book's commits are. ``BookWaits`` is the office's [database] section.

Kept apart from database.py so the settings can name the waits without loading the database library.
"""

from __future__ import annotations

from dataclasses import dataclass

from disclosure.workflow.messages import t

__all__ = ["BookWaits", "SYNCHRONOUS_MODES", "busy_message"]

# The values of [database] synchronous: what SQLite's PRAGMA synchronous is set to on each connection.
SYNCHRONOUS_MODES = ("full", "normal")


@dataclass(frozen=True)
class BookWaits:
    """The office's [database] settings.

    ``busy_seconds``: the wait for another command's write lock (SQLite's busy timeout, PostgreSQL's
    ``lock_timeout``). ``statement_seconds``: PostgreSQL's ``statement_timeout`` on the connections that
    write, so no statement of a command runs unbounded (0: no limit). ``synchronous``: SQLite's
    ``PRAGMA synchronous`` on every connection to the book, ``"full"`` (a commit survives a power cut) or
    ``"normal"`` (in WAL mode a power cut may lose the last commits, never corrupt the book)."""

    busy_seconds: float = 10.0
    statement_seconds: float = 60.0
    synchronous: str = "full"

    def __post_init__(self) -> None:
        # An embedder may build this without the settings file: what reaches the PRAGMA is one of the two.
        if self.synchronous not in SYNCHRONOUS_MODES:
            raise ValueError(f"synchronous must be one of {SYNCHRONOUS_MODES}, not {self.synchronous!r}")


def busy_message(waited_seconds: float | None) -> str:
    """The one line a clerk sees; ``waited_seconds`` None when the wait is not known here."""
    if waited_seconds is None:
        return t("the case book is busy (held by another command); try again")
    return t("the case book is busy (held by another command for {waited_seconds:g} s); try again", waited_seconds=waited_seconds)
