"""Engines for SQLite (WAL, busy timeout, foreign keys) and PostgreSQL (psycopg 3, lock and statement
timeouts), one code path. How long a command waits on a busy book is the office's (storage/waits.py);
so is who may read a SQLite book the engine creates (private_files.py)."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool

from disclosure.private_files import OWNER_ONLY, FileAccess, create_private
from disclosure.storage.command_pipeline import CommandPipeline
from disclosure.storage.driver_errors import install, raise_translated, remember_waits, translating, waits_of
from disclosure.storage.session import Session
from disclosure.storage.sql_runner import SqlRunner
from disclosure.storage.sqlite_connections import sqlite_pragmas
from disclosure.storage.tables import metadata
from disclosure.storage.waits import BookWaits
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = [
    "database_url", "make_engine", "create_schema", "write_transaction", "WriteConnections", "EngineConnections",
    "lending_engine", "session_on", "BookWaits",
    # The handles the layers above hold and pass back to storage's functions, named here so that
    # they need not import the database library themselves (pyproject.toml's import contracts).
    "Connection", "Engine",
]

CHAIN_LOCK_KEY = 0x6C0C4A1  # PostgreSQL advisory lock held by every command for its transaction
WRITE_OPTION = "disclosure_write"


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One command's transaction: committed at the end, rolled back on any exception."""
    with engine.connect() as connection:
        connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            yield connection


class WriteConnections:
    """Commands' transactions on one connection per thread, kept open between commands.

    Checking a connection out of the pool and back for every command costs about as much
    as the command's own statements. A connection is never shared between threads, and
    one the driver found broken (a database restart) is replaced at the next command.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._local = threading.local()
        self._opened: list[Connection] = []
        self._lock = threading.Lock()

    def _connection(self) -> Connection:
        connection: Connection | None = getattr(self._local, "connection", None)
        if connection is not None and not connection.closed and not connection.invalidated:
            return connection
        if connection is not None:
            connection.close()
        connection = self._engine.connect()
        connection.execution_options(**{WRITE_OPTION: True})
        statement_seconds = waits_of(connection.dialect).statement_seconds
        if connection.dialect.name == "postgresql":
            # The commands' statements are prepared by their pipeline (storage/command_pipeline.py); psycopg's own,
            # were it to prepare any, would be dropped with a DEALLOCATE ALL after a rollback, and theirs with them.
            connection.connection.driver_connection.prepare_threshold = None
            if statement_seconds:
                # Only the connections that write: the audit's and the reports' long reads are not bounded.
                connection.exec_driver_sql(f"SET statement_timeout = {_milliseconds(statement_seconds)}")
                connection.commit()
        self._local.connection = connection
        with self._lock:
            self._opened = [held for held in self._opened if not held.closed] + [connection]
        return connection

    @contextmanager
    def transaction(self, *, pipelined: bool = False) -> Iterator[Connection]:
        """One command's transaction: committed at the end, rolled back on any exception.

        Commands queue for one office-wide lock, as SQLite's BEGIN IMMEDIATE makes them do: the
        events form one chain, and each command appends at its head. The queue is bounded: past the
        book's busy wait (SQLite's busy timeout, PostgreSQL's lock_timeout) the command is refused
        with BookLocked, having written nothing.

        ``pipelined`` (PostgreSQL): statements are sent without waiting for their answers, and the lock
        is known to be held only at the first answer read (storage/command_pipeline.py): for the compiled
        statements of storage/sql_runner.py, not for SQLAlchemy's.
        """
        connection = self._connection()
        if connection.dialect.name != "postgresql":
            with connection.begin():
                yield connection
            return
        # The transaction is the command's pipeline (storage/command_pipeline.py): the lock goes out with the
        # command's first query (pipelined) or at once, its writes with its end. SQLAlchemy's own transaction
        # is begun only by a unit that turns to it (the pipeline then left with the transaction open, which
        # SQLAlchemy's commit or rollback ends): a command that never does is spared its bookkeeping.
        pipeline = CommandPipeline(
            connection.connection.driver_connection, f"SELECT pg_advisory_xact_lock({CHAIN_LOCK_KEY})",
            lambda error: raise_translated(error, dialect=connection.dialect),
        )
        try:
            if not pipelined:
                pipeline.leave()  # the lock held before SQLAlchemy's first statement, as it expects
            self._local.pipeline = pipeline
            yield connection
            pipeline.commit()
            if pipeline.left_open:
                _end_left_transaction(connection, commit=True)
        except BaseException:
            pipeline.abandon()
            if pipeline.left_open:
                with suppress(Exception):  # a connection that cannot roll back commits nothing; the command's error stands
                    _end_left_transaction(connection, commit=False)
            raise
        finally:
            self._local.pipeline = None

    def pipeline(self) -> CommandPipeline | None:
        """The pipeline of this thread's command in progress (PostgreSQL), if any."""
        return getattr(self._local, "pipeline", None)

    def close(self) -> None:
        with self._lock:
            for connection in self._opened:
                connection.close()
            self._opened = []


def _end_left_transaction(connection: Connection, *, commit: bool) -> None:
    """Commit or roll back the transaction a unit left its pipeline with, if it did: SQLAlchemy's, once it ran a
    statement, else the driver's (the pipeline's BEGIN) alone."""
    if connection.in_transaction():
        connection.commit() if commit else connection.rollback()
        return
    from psycopg.pq import TransactionStatus

    driver = connection.connection.driver_connection
    if not driver.closed and driver.info.transaction_status != TransactionStatus.IDLE:
        driver.commit() if commit else driver.rollback()


class EngineConnections:
    """Units of work on connections SQLAlchemy owns (PostgreSQL, or any engine an embedder hands in)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._writes = WriteConnections(engine)

    @contextmanager
    def session(self, write: bool) -> Iterator[Session]:
        if not write:
            with self.engine.connect() as connection:
                yield session_on(connection)
            return
        with self._writes.transaction(pipelined=True) as connection:
            yield session_on(connection, self._writes.pipeline())

    def close(self) -> None:
        self._writes.close()
        self.engine.dispose()


def session_on(connection: Connection, pipeline: CommandPipeline | None = None) -> Session:
    """A session over a SQLAlchemy connection already in a transaction (the audit's own processes, migrations);
    ``pipeline``: the command's, left before SQLAlchemy's first statement (which wants its answer at once)."""

    def sqlalchemy_connection() -> Connection:
        if pipeline is not None:
            pipeline.leave()
        return connection

    return Session(
        SqlRunner(connection.dialect.name, lambda: connection.connection, connection.dialect.loaded_dbapi.IntegrityError,
                  waits_of(connection.dialect), pipeline),
        sqlalchemy_connection,
    )


def lending_engine(path: str, lent_connection, waits: BookWaits) -> Engine:
    """SQLAlchemy on connections the caller lends (storage/sqlite_connections.py): every connect asks
    ``lent_connection``, and nothing is pooled, begun, committed or closed by SQLAlchemy."""
    engine = install(create_engine(database_url(path), creator=lent_connection, poolclass=NullPool))
    remember_waits(engine.dialect, waits)
    return engine


def database_url(path_or_url: str) -> str:
    """A URL from what a clerk types: a file path means SQLite; postgresql:// means psycopg 3."""
    if "://" not in path_or_url:
        return f"sqlite:///{Path(path_or_url).expanduser()}"
    if path_or_url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + path_or_url.split("://", 1)[1]
    return path_or_url


def _milliseconds(seconds: float) -> int:
    return max(1, round(seconds * 1000))


def make_engine(path_or_url: str, waits: BookWaits = BookWaits(), files: FileAccess = OWNER_ONLY) -> Engine:
    """The engine for a path or URL; its errors are the package's (driver_errors.py), a bad URL included.

    ``waits``: how long its commands wait on a busy book (the office's [database] settings).
    ``files``: the mode and group of a SQLite book the engine's first connection creates (the office's
    [files] settings); an existing book's are left as they are.
    """
    url = database_url(path_or_url)
    _check_backend(url)
    with translating(connecting=True):
        try:
            engine = install(_make_engine(url, waits, files))
        except ValueError as malformed:  # a URL SQLAlchemy cannot read (a port that is no number…)
            raise InvalidInput(t("the case book's address {url} cannot be read: {problem}",
                                 url=_without_password(url), problem=malformed)) from None
    remember_waits(engine.dialect, waits)
    return engine


_BACKENDS = ("sqlite", "sqlite+pysqlite", "postgresql+psycopg")


def _check_backend(url: str) -> None:
    """Only the books this engine keeps: another database's URL is refused before its driver is looked for."""
    scheme = url.split("://", 1)[0]
    if scheme not in _BACKENDS:
        raise InvalidInput(t("a case book is a SQLite file or a postgresql:// URL, not {scheme}://", scheme=scheme))


def _without_password(url: str) -> str:
    """The URL as it may be shown: a password between ':' and '@' hidden."""
    scheme, _, rest = url.partition("://")
    credentials, at, place = rest.rpartition("@")
    if at and ":" in credentials:
        credentials = credentials.split(":", 1)[0] + ":***"
    return f"{scheme}://{credentials}{at}{place}"


def _create_book_file(path: str, files: FileAccess) -> None:
    """Create a missing book file with the office's mode before SQLite does with the umask's (0644: any
    user of the machine could read the applicants); SQLite then opens it and gives its -wal and -shm its mode."""
    try:
        os.close(create_private(path, files))
    except FileExistsError:
        pass  # an existing book: its mode is the office's to keep
    except OSError:
        pass  # a missing folder, no permission: SQLite's own open says so, as ever


def _make_engine(url: str, waits: BookWaits, files: FileAccess) -> Engine:
    busy_ms = _milliseconds(waits.busy_seconds)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": waits.busy_seconds})
        book = engine.url.database
        if book and book != ":memory:" and not book.startswith("file:"):

            @event.listens_for(engine, "do_connect")
            def _create_privately(_dialect, _record, _arguments, _parameters):
                _create_book_file(book, files)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):
            # Let SQLAlchemy, not pysqlite, decide when transactions begin (BEGIN on first statement).
            connection.isolation_level = None
            cursor = connection.cursor()
            for pragma in sqlite_pragmas(waits):
                cursor.execute(pragma)
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):
            # A command takes the write lock at the start, so two writers queue instead of failing on
            # upgrade; reads begin deferred and never wait for a writer (WAL).
            writing = connection.get_execution_options().get(WRITE_OPTION, False)
            # On the driver's connection: nothing in SQLAlchemy's execution path is needed for a BEGIN.
            # SQLAlchemy does not wrap what a begin listener raises: translated here (a locked book).
            with translating(dialect=connection.dialect):
                connection.connection.driver_connection.execute("BEGIN IMMEDIATE" if writing else "BEGIN")

        return engine
    # lock_timeout bounds the wait for the advisory lock (and any other lock) on every connection; it
    # comes after options the URL gives, so the office's setting is the one the busy message names.
    given = make_url(url).query.get("options", "")
    given = " ".join(given) if isinstance(given, tuple) else given
    options = f"{given} -c lock_timeout={busy_ms}".strip()
    return create_engine(url, pool_pre_ping=True, connect_args={"options": options})


def create_schema(engine: Engine) -> None:
    metadata.create_all(engine)

