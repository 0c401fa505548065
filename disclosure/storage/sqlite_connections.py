"""A SQLite case book on the standard library's driver: its connections, their transactions, and SQLAlchemy
on the same connection when an operation needs it.

A clerk's command is a whole process, and importing SQLAlchemy takes longer than the command may
(docs/benchmarks.md). So the package opens a SQLite book with sqlite3 itself, with the pragmas the engine
would set, and runs the everyday statements compiled ahead (storage/sql_runner.py). An operation that
needs SQLAlchemy (the audit, the reports, a repair) gets a SQLAlchemy Connection lent the unit's own
sqlite3 connection: it runs inside the unit's transaction, and its commit, rollback and close leave the
connection and the transaction to the unit.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from contextlib import contextmanager
from typing import Any, Iterator

from disclosure.private_files import OWNER_ONLY, FileAccess
from disclosure.storage.driver_errors import raise_translated, translating
from disclosure.storage.revisions import HEAD
from disclosure.storage.session import Session
from disclosure.storage.sql_runner import SqlRunner
from disclosure.storage.waits import BookWaits

__all__ = ["SqliteConnections", "sqlite_pragmas", "is_current_book"]


def sqlite_pragmas(waits: BookWaits) -> tuple[str, ...]:
    """Every connection's: WAL, the office's busy wait, foreign keys, and the office's flush ([database] synchronous)."""
    return (
        "PRAGMA journal_mode=WAL",
        f"PRAGMA busy_timeout={max(1, round(waits.busy_seconds * 1000))}",
        "PRAGMA foreign_keys=ON",
        # FULL by default: a committed registration or reply is a legal record and must survive a power
        # cut; an office may choose NORMAL ([database] synchronous), which in WAL mode may lose the last
        # commits to a power cut but never corrupts the book.
        f"PRAGMA synchronous={waits.synchronous.upper()}",
    )


def is_current_book(path: str) -> bool:
    """Whether ``path`` is a SQLite case book at this version's schema, read with one query: then it is opened
    without SQLAlchemy. Anything else (no file, another revision, not a book) is for storage/schema.py to say."""
    if not os.path.isfile(path):
        return False  # sqlite3 would create it
    try:
        connection = sqlite3.connect(path, timeout=1)
    except sqlite3.Error:
        return False
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
    except sqlite3.Error:
        return False
    finally:
        connection.close()


class _Lent:
    """A unit's sqlite3 connection as SQLAlchemy's pool sees it: everything passes through but the end of
    the transaction and of the connection, which stay the unit's."""

    __slots__ = ("_connection",)

    def __init__(self, connection: sqlite3.Connection) -> None:
        object.__setattr__(self, "_connection", connection)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._connection, name, value)

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        pass

    def close(self) -> None:
        pass


class SqliteConnections:
    """One connection per thread for writes and one for reads, kept open between operations.

    A unit nested in another on the same thread (a read inside a write) gets a connection of its own.
    """

    dialect = "sqlite"

    def __init__(self, path: str, waits: BookWaits = BookWaits(), files: FileAccess = OWNER_ONLY) -> None:
        self.path = path
        self.waits = waits
        self.files = files
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._engine = None  # for whoever asks for one (storage.engine): its own connections
        self._lending_engine = None  # SQLAlchemy on the units' own connections

    def _open(self) -> sqlite3.Connection:
        with translating(connecting=True, waits=self.waits):
            connection = sqlite3.connect(self.path, timeout=self.waits.busy_seconds, isolation_level=None, check_same_thread=False)
            for pragma in sqlite_pragmas(self.waits):
                connection.execute(pragma)
        return connection

    def _held(self, write: bool) -> sqlite3.Connection:
        name = "writer" if write else "reader"
        connection = getattr(self._local, name, None)
        if connection is None:
            connection = self._open()
            setattr(self._local, name, connection)
            with self._guard:
                self._opened.append(connection)
        return connection

    @contextmanager
    def session(self, write: bool) -> Iterator[Session]:
        """One unit's transaction: a write takes the book's write lock at once (BEGIN IMMEDIATE), so writers
        queue instead of failing on upgrade; a read never waits for a writer (WAL)."""
        connection = self._held(write)
        nested = connection.in_transaction
        if nested:
            connection = self._open()
        try:
            with translating(waits=self.waits):
                connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            session = Session(
                SqlRunner("sqlite", lambda: connection, sqlite3.IntegrityError, self.waits),
                lambda: self._lend(connection),
            )
            try:
                yield session
            except BaseException:
                self._end(session, connection, "ROLLBACK")
                raise
            self._end(session, connection, "COMMIT" if write else "ROLLBACK")
        finally:
            if nested:
                connection.close()

    def _end(self, session: Session, connection: sqlite3.Connection, how: str) -> None:
        if session.connection_opened:
            session.connection.close()  # SQLAlchemy's end of it: nothing reaches the lent connection
        if not connection.in_transaction:
            return
        try:
            connection.execute(how)
        except sqlite3.Error as error:
            if connection.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
            if how == "COMMIT":
                raise_translated(error, waits=self.waits)
            # A rollback that failed wrote nothing either; the error that ended the unit is the one raised.

    def _lend(self, connection: sqlite3.Connection):
        """A SQLAlchemy Connection on this unit's sqlite3 connection, inside its transaction."""
        if self._lending_engine is None:
            from disclosure.storage.database import lending_engine

            self._lending_engine = lending_engine(self.path, self._lent_connection, self.waits)
        self._local.lent = connection
        return self._lending_engine.connect()

    def _lent_connection(self) -> _Lent:
        return _Lent(self._local.lent)

    @property
    def engine(self):
        """An ordinary SQLAlchemy engine on the book (its own connections and transactions), made when asked for."""
        if self._engine is None:
            from disclosure.storage.database import make_engine

            self._engine = make_engine(self.path, self.waits, self.files)
        return self._engine

    def close(self) -> None:
        with self._guard:
            opened, self._opened = self._opened, []
        for connection in opened:
            connection.close()
        self._local = threading.local()
        for engine in (self._engine, self._lending_engine):
            if engine is not None:
                engine.dispose()
