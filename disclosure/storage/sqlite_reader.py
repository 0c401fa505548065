"""A quick read of one case from a SQLite case book with the standard library alone.

`disclosure show` is a whole process per call; importing SQLAlchemy costs more than the
clerk's whole time budget for it, so the CLI reads the stored snapshot directly.
Anything unexpected (no file, an older schema) answers None and the caller takes the
ordinary path, which reports the problem properly.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from disclosure.storage.snapshots import case_from_json
from disclosure.workflow.case import Case
from disclosure.workflow.errors import NotFound

__all__ = ["read_case"]

def read_case(path: str, number: str) -> Case | None:
    """The case from its snapshot; NotFound when the book has no such case; None when unsure."""
    if not Path(path).is_file():
        return None
    try:
        connection = sqlite3.connect(path, timeout=10)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT snapshot FROM cases WHERE number = ?", (number,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    if row is None:
        raise NotFound(f"no case {number}")
    return case_from_json(row[0]) if row[0] else None
