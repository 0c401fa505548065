"""One transaction and the repositories that work inside it.

Every operation of the Office opens one unit of work, reads and writes through its repositories
(``cases``, ``users``, ``calendar``, ``outbox``, ``log``), and leaves: a write commits when the block ends
and rolls back, changing nothing, when it raises. The area services see only these repositories,
so they can be run on the in-memory storage of tests/fakes.py as well as on a database.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from sqlalchemy.engine import Connection, Engine

from disclosure.storage.calendar_store import CalendarStore
from disclosure.storage.casebook import CaseBook
from disclosure.storage.database import WriteConnections
from disclosure.storage.office_log import OfficeLog
from disclosure.storage.outbox_book import OutboxBook
from disclosure.storage.users import UserBook

__all__ = ["UnitOfWork", "SqlStorage"]


@dataclass
class UnitOfWork:
    connection: Connection  # for the audit's and the reports' streaming reads (storage/audit_rows.py, reports)
    cases: CaseBook
    users: UserBook
    calendar: CalendarStore
    outbox: OutboxBook
    log: OfficeLog


class SqlStorage:
    """Units of work on one database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine, due_clocks_of: Callable[[str], tuple[str, ...]]) -> None:
        self.engine = engine
        self._due_clocks_of = due_clocks_of
        self._writes = WriteConnections(engine)

    def _unit(self, connection: Connection) -> UnitOfWork:
        return UnitOfWork(
            connection, CaseBook(connection, self._due_clocks_of), UserBook(connection), CalendarStore(connection),
            OutboxBook(connection), OfficeLog(connection),
        )

    @contextmanager
    def writing(self) -> Iterator[UnitOfWork]:
        """One command's transaction, queued behind the office-wide write lock (storage/database.py)."""
        with self._writes.transaction() as connection:
            yield self._unit(connection)

    @contextmanager
    def reading(self) -> Iterator[UnitOfWork]:
        with self.engine.connect() as connection:
            yield self._unit(connection)

    def close(self) -> None:
        self._writes.close()
        self.engine.dispose()
