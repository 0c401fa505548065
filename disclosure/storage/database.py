"""Engines for SQLite (WAL, busy timeout, foreign keys) and PostgreSQL (psycopg 3), one code path."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Connection, Engine

from disclosure.storage.driver_errors import install, translating
from disclosure.storage.tables import metadata

__all__ = [
    "database_url", "make_engine", "create_schema", "schema_exists", "write_transaction", "WriteConnections",
    # The handles the layers above hold and pass back to storage's functions, named here so that
    # they need not import the database library themselves (pyproject.toml's import contracts).
    "Connection", "Engine",
]

BUSY_TIMEOUT_MS = 10_000
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
        self._local.connection = connection
        with self._lock:
            self._opened = [held for held in self._opened if not held.closed] + [connection]
        return connection

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One command's transaction: committed at the end, rolled back on any exception.

        Commands queue for one office-wide lock, as SQLite's BEGIN IMMEDIATE makes them do: the
        events form one chain, and each command appends at its head.
        """
        connection = self._connection()
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({CHAIN_LOCK_KEY})")
            yield connection

    def close(self) -> None:
        with self._lock:
            for connection in self._opened:
                connection.close()
            self._opened = []


def database_url(path_or_url: str) -> str:
    """A URL from what a clerk types: a file path means SQLite; postgresql:// means psycopg 3."""
    if "://" not in path_or_url:
        return f"sqlite:///{Path(path_or_url).expanduser()}"
    if path_or_url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + path_or_url.split("://", 1)[1]
    return path_or_url


def make_engine(path_or_url: str) -> Engine:
    """The engine for a path or URL; its errors are the package's (driver_errors.py), a bad URL included."""
    with translating(connecting=True):
        return install(_make_engine(database_url(path_or_url)))


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):
            # Let SQLAlchemy, not pysqlite, decide when transactions begin (BEGIN on first statement).
            connection.isolation_level = None
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            # FULL: a committed registration or reply is a legal record and must survive a power cut.
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):
            # A command takes the write lock at the start, so two writers queue instead of failing on
            # upgrade; reads begin deferred and never wait for a writer (WAL).
            writing = connection.get_execution_options().get(WRITE_OPTION, False)
            # On the driver's connection: nothing in SQLAlchemy's execution path is needed for a BEGIN.
            # SQLAlchemy does not wrap what a begin listener raises: translated here (a locked book).
            with translating():
                connection.connection.driver_connection.execute("BEGIN IMMEDIATE" if writing else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


def create_schema(engine: Engine) -> None:
    metadata.create_all(engine)


def schema_exists(engine: Engine) -> bool:
    return inspect(engine).has_table("office")
