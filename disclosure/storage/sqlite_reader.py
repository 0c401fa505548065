"""A quick read of one case from a SQLite case book with the standard library alone.

`disclosure show` is a whole process per call; importing SQLAlchemy costs more than the
clerk's whole time budget for it, so the CLI reads the stored snapshot directly.
Anything unexpected (no file, an older schema) answers None and the caller takes the
ordinary path, which reports the problem properly.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Callable

from disclosure.storage.snapshots import case_from_json
from disclosure.workflow.calendar import CalendarOverrides
from disclosure.workflow.case import Case
from disclosure.workflow.errors import NotFound
from disclosure.workflow.identity import BookUser, Identity, resolve_actor
from disclosure.workflow.messages import t
from disclosure.workflow.text import check_text

__all__ = ["read_case", "read_calendar"]

# The name CalendarStore gives stored days (kept here too: this module must not import SQLAlchemy).
STORED_SOURCE = "case book"


def read_case(
    path: str, number: str, due_clocks_of: Callable[[str], tuple[str, ...]], identity: Identity, wanted: str | None,
) -> Case | None:
    """The case from its snapshot, for a known, enabled reader (``identity`` acting as ``wanted``, as the
    Office resolves them); NotFound when the book has no such case; None when unsure.

    ``due_clocks_of`` gives a kind's due clocks (KindRegistry.due_clocks)."""
    check_text(number, "number")  # as the Office checks it: the same refusal on either path
    if not Path(path).is_file():
        return None
    try:
        connection = sqlite3.connect(path, timeout=10)
    except sqlite3.Error:
        return None
    try:
        users = connection.execute(
            "SELECT name, login, roles, disabled FROM users WHERE login = ? OR name = ?", (identity.login, wanted)
        ).fetchall()
        row = connection.execute("SELECT snapshot FROM cases WHERE number = ?", (number,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    resolve_actor(identity, {name: BookUser(name, login, frozenset(roles.split()), bool(disabled)) for name, login, roles, disabled in users}, wanted)
    if row is None:
        raise NotFound(t("no case {number}", number=number))
    return case_from_json(row[0], due_clocks_of) if row[0] else None


def read_calendar(path: str) -> CalendarOverrides | None:
    """The case book's own calendar days (see storage/calendar_store.py), or None when it keeps none.

    Raises LookupError when unsure (no file, an older schema), so the caller takes the ordinary path.
    """
    if not Path(path).is_file():
        raise LookupError(path)
    try:
        connection = sqlite3.connect(path, timeout=10)
    except sqlite3.Error:
        raise LookupError(path) from None
    try:
        declared = [year for (year,) in connection.execute("SELECT year FROM calendar_years")]
        stored = connection.execute("SELECT day, kind FROM calendar_days").fetchall()
    except sqlite3.Error:
        raise LookupError(path) from None
    finally:
        connection.close()
    if not declared:
        return None
    return CalendarOverrides.from_days(declared, [(date.fromisoformat(day), kind) for day, kind in stored], STORED_SOURCE)
