"""One transaction and the repositories that work inside it.

Every operation of the Office opens one unit of work, reads and writes through its repositories
(``cases``, ``users``, ``calendar``, ``outbox``, ``log``), and leaves: a write commits when the block ends
and rolls back, changing nothing, when it raises. The area services see only these repositories,
so they can be run on the in-memory storage of tests/fakes.py as well as on a database.

Where the transactions come from is the storage's connections: a SQLite book's own sqlite3 connections
(storage/sqlite_connections.py), or connections SQLAlchemy owns (storage/database.py EngineConnections).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from disclosure.storage.calendar_store import CalendarStore
from disclosure.storage.casebook import CaseBook
from disclosure.storage.office_log import OfficeLog
from disclosure.storage.outbox_book import OutboxBook
from disclosure.storage.session import Session
from disclosure.storage.users import UserBook

__all__ = ["UnitOfWork", "SqlStorage"]


@dataclass
class UnitOfWork:
    session: Session
    cases: CaseBook
    users: UserBook
    calendar: CalendarStore
    outbox: OutboxBook
    log: OfficeLog

    @property
    def connection(self):
        """SQLAlchemy's connection in this transaction, made on first use (the audit's and the reports'
        streaming reads: storage/audit_rows.py, reports)."""
        return self.session.connection

    def end_ahead(self) -> None:
        """Nothing more will be written in this unit: on PostgreSQL the server commits while the caller prepares
        its answer (SqlRunner.end_ahead). Should the caller fail after it, the unit's writes stand."""
        self.session.sql.end_ahead()


class SqlStorage:
    """Units of work on one database (SQLite or PostgreSQL).

    ``connections``: SqliteConnections or EngineConnections (a ``session(write)`` context, ``engine``, ``close``).
    """

    def __init__(self, connections, due_clocks_of: Callable[[str], tuple[str, ...]]) -> None:
        self.connections = connections
        self._due_clocks_of = due_clocks_of

    @property
    def engine(self):
        """A SQLAlchemy engine on the book, with its own connections (made when first asked for on SQLite)."""
        return self.connections.engine

    def _unit(self, session: Session) -> UnitOfWork:
        return UnitOfWork(
            session, CaseBook(session, self._due_clocks_of), UserBook(session), CalendarStore(session),
            OutboxBook(session), OfficeLog(session),
        )

    @contextmanager
    def writing(self) -> Iterator[UnitOfWork]:
        """One command's transaction, queued behind the office-wide write lock."""
        with self.connections.session(write=True) as session:
            yield self._unit(session)

    @contextmanager
    def reading(self) -> Iterator[UnitOfWork]:
        with self.connections.session(write=False) as session:
            yield self._unit(session)

    def close(self) -> None:
        self.connections.close()
