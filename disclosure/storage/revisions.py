"""The schema's revisions, oldest first; the last is the schema of storage/tables.py (a test checks these are
Alembic's). Apart from storage/schema.py so that opening a current book needs no database library."""

from __future__ import annotations

__all__ = ["REVISIONS", "HEAD"]

REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011")
HEAD = REVISIONS[-1]
