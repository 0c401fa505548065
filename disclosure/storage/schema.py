"""Which schema a case book has, and bringing it up to this version's (Alembic, disclosure/storage/migrations).

A new book is created whole from the tables (storage/tables.py, the schema's one source) and stamped
at the newest revision. A book is used only at this version's revision: one behind is refused with
the command that upgrades it, one ahead (written by a newer version) is refused too. Books made
before revisions were recorded are recognised by their tables and stamped at the revision they match.
Alembic is imported only to upgrade: opening a book reads one row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from disclosure.storage.revisions import HEAD, REVISIONS
from disclosure.storage.tables import metadata
from disclosure.workflow.errors import BookNotCurrent, NotFound
from disclosure.workflow.messages import t

__all__ = ["HEAD", "REVISIONS", "SchemaState", "BookNotCurrent", "state_of", "prepare", "upgrade"]

_MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class SchemaState:
    revision: str | None  # None: an empty database (no case book yet)
    recorded: bool  # the revision is stored in the book (else recognised from its tables)

    @property
    def current(self) -> bool:
        return self.revision == HEAD

    @property
    def behind(self) -> list[str]:
        """The revisions an upgrade would apply, oldest first."""
        if self.revision not in REVISIONS:
            return []
        return list(REVISIONS[REVISIONS.index(self.revision) + 1:])


def state_of(connection: Connection) -> SchemaState:
    inspector = inspect(connection)
    tables = set(inspector.get_table_names())
    if "events" not in tables:  # no case book, whatever revision a dropped one left recorded
        return SchemaState(None, False)
    if "alembic_version" in tables:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if revision is not None:
            return SchemaState(revision, True)
    if "hash" not in {column["name"] for column in inspector.get_columns("events")}:
        return SchemaState("0001", False)
    if "alerts" not in tables:
        return SchemaState("0002", False)
    if "appeals" not in tables:
        return SchemaState("0003", False)
    if "calendar_loads" not in tables:
        return SchemaState("0004", False)
    if "office_log" not in tables:
        return SchemaState("0005", False)
    if "documents" not in tables:
        return SchemaState("0006", False)
    if "open_due_on" not in {column["name"] for column in inspector.get_columns("cases")}:
        return SchemaState("0007", False)
    if "case_search" not in tables:
        return SchemaState("0008", False)
    if "working_days" not in {column["name"] for column in inspector.get_columns("clocks")}:
        return SchemaState("0009", False)
    if "report_tallies" not in tables:
        return SchemaState("0010", False)
    return SchemaState("0011", False)


def prepare(engine: Engine, *, create: bool, url: str) -> None:
    """Make the book ready to use, on one connection: created whole and stamped at the newest revision
    when the database holds none (``create``, else NotFound); stamped when it has this version's tables
    but no recorded revision; refused in one line naming what to do when its schema is another version's."""
    with engine.connect() as connection:
        state = state_of(connection)
        if state.revision is None:
            if not create:
                raise NotFound(t("no case book at {url}; run `disclosure init` first", url=url))
            metadata.create_all(connection)
            _stamp(connection, HEAD)
            connection.commit()
            return
        if state.revision == HEAD and not state.recorded:
            _stamp(connection, HEAD)  # a book of this schema made before revisions were recorded
            connection.commit()
            return
    if state.current:
        return
    if state.revision not in REVISIONS:
        raise BookNotCurrent(
            t("the case book's schema is {revision}, newer than this version of disclosure knows ({head}); "
              "use the newer version", revision=state.revision, head=HEAD)
        )
    raise BookNotCurrent(
        t("the case book's schema is {revision}, older than this version's ({head}); "
          "back it up and run `disclosure db upgrade`", revision=state.revision, head=HEAD)
    )


def _stamp(connection: Connection, revision: str) -> None:
    connection.execute(text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
    connection.execute(text("DELETE FROM alembic_version"))
    connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:revision)"), {"revision": revision})


def upgrade(
    engine: Engine, *, dry_run: bool = False, due_clocks_of: Callable[[str], tuple[str, ...]] | None = None,
) -> list[str]:
    """Apply the revisions the book is behind, in one transaction; returns them (none: already current).

    ``dry_run``: say what would be applied, change nothing. ``due_clocks_of``: the office's kinds' due
    clocks (KindRegistry.due_clocks), for a revision that works out a projection (the built-in kinds' when None).
    """
    from alembic import command
    from alembic.config import Config

    with engine.connect() as connection:
        state = state_of(connection)
    if state.revision is None:
        raise BookNotCurrent(t("there is no case book here to upgrade; run `disclosure init`"))
    if state.revision not in REVISIONS:
        raise BookNotCurrent(t("the case book's schema is {revision}, newer than this version of disclosure knows ({head})", revision=state.revision, head=HEAD))
    pending = state.behind
    if dry_run or not pending:
        return pending
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as connection:
        if not state.recorded:
            _stamp(connection, state.revision)
        config.attributes["connection"] = connection
        config.attributes["due_clocks_of"] = due_clocks_of
        command.upgrade(config, HEAD)
    return pending
