"""Looking after a case book as a whole: its schema's revision and upgrading it (docs/operations.md).

These work on a book the Office would refuse to open (one behind this version's schema).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from disclosure.storage.database import make_engine
from disclosure.workflow.errors import NotFound
from disclosure.storage.schema import HEAD, state_of, upgrade

__all__ = ["schema_status", "upgrade_book"]


def _engine(url: str):
    if "://" not in url and not Path(url).expanduser().is_file():
        raise NotFound(f"no case book at {url}")
    return make_engine(url)


def schema_status(url: str) -> dict[str, Any]:
    """The book's revision, this version's, and the revisions an upgrade would apply."""
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            state = state_of(connection)
    finally:
        engine.dispose()
    return {
        "revision": state.revision,
        "recorded": state.recorded,
        "head": HEAD,
        "current": state.current,
        "pending": state.behind,
    }


def upgrade_book(url: str, *, dry_run: bool = False) -> list[str]:
    """Bring the book to this version's schema in one transaction; the revisions applied (or, dry, to apply)."""
    engine = _engine(url)
    try:
        return upgrade(engine, dry_run=dry_run)
    finally:
        engine.dispose()
