"""How long a command waits on a busy case book, and what it says when the wait runs out.

Kept apart from database.py so the settings can name the waits without loading the database library.
"""

from __future__ import annotations

from dataclasses import dataclass

from disclosure.workflow.messages import t

__all__ = ["BookWaits", "busy_message"]


@dataclass(frozen=True)
class BookWaits:
    """``busy_seconds``: the wait for another command's write lock (SQLite's busy timeout, PostgreSQL's
    ``lock_timeout``). ``statement_seconds``: PostgreSQL's ``statement_timeout`` on the connections that
    write, so no statement of a command runs unbounded (0: no limit)."""

    busy_seconds: float = 10.0
    statement_seconds: float = 60.0


def busy_message(waited_seconds: float | None) -> str:
    """The one line a clerk sees; ``waited_seconds`` None when the wait is not known here."""
    if waited_seconds is None:
        return t("the case book is busy (held by another command); try again")
    return t("the case book is busy (held by another command for {waited_seconds:g} s); try again", waited_seconds=waited_seconds)
