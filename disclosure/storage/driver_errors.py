"""Database driver errors translated, once, into the package's error tree (docs/errors.md).

SQLAlchemy, sqlite3 and psycopg each raise their own exceptions; a caller of the package sees only
``StorageError`` and its branches (``BookLocked``, ``StorageUnavailable``), with the driver's
exception kept as ``__cause__``. Three ways in, one translation:

- ``install(engine)``: an SQLAlchemy ``handle_error`` listener on every engine the package makes,
  for everything SQLAlchemy executes (statements, connects, commits, fetches);
- ``translating()``: a context manager for code that talks to the DBAPI connection directly
  (the prepared statements in driver.py, SQLite's BEGIN IMMEDIATE);
- ``translate_driver_errors``: a class decorator for the facade, the last line before the caller.

The domain's own errors (``DisclosureError``) pass through untouched. A DBAPI ``IntegrityError``
raised on a raw cursor is left for the case book, which turns a taken version into
``ConcurrentChange``; past the facade it too becomes a ``StorageError``.
"""

from __future__ import annotations

import functools
import sqlite3
import sys
import weakref
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator, NoReturn, TypeVar

from disclosure.storage.waits import BookWaits, busy_message
from disclosure.workflow.errors import BookLocked, DisclosureError, StorageError, StorageUnavailable
from disclosure.workflow.messages import t
from disclosure.workflow.method_wrapping import wrap_public_methods

__all__ = [
    "translate", "raise_translated", "translating", "install", "translate_driver_errors", "is_driver_error", "remember_waits",
    "waits_of",
]

# SQLite's result codes (sqlite3.Error.sqlite_errorname) and PostgreSQL's SQLSTATEs, by meaning.
_SQLITE_LOCKED = ("SQLITE_BUSY", "SQLITE_LOCKED")
_SQLITE_UNAVAILABLE = ("SQLITE_CANTOPEN", "SQLITE_NOTADB", "SQLITE_PERM", "SQLITE_AUTH")
_LOCKED_MESSAGES = ("database is locked", "database table is locked")
_UNAVAILABLE_MESSAGES = ("unable to open database file", "file is not a database")
_PG_LOCK_TIMEOUT = "55P03"  # lock_not_available: a lock_timeout ran out
_PG_DEADLOCK = "40P01"
_PG_CANCELED = "57014"  # query_canceled: by a statement_timeout (its message says so) or by hand
_PG_UNAVAILABLE_CLASSES = ("08", "28", "3D", "57P")  # connection, authorisation, no such database, shutdown

if TYPE_CHECKING:
    from sqlalchemy.engine import Dialect, Engine

C = TypeVar("C", bound=type)


def _sqlalchemy_errors():
    """SQLAlchemy's exceptions module, when an operation loaded it (a clerk's everyday command does not)."""
    return sys.modules.get("sqlalchemy.exc")


def _driver_error_types() -> tuple[type[BaseException], ...]:
    types: list[type[BaseException]] = [sqlite3.Error]
    for module, name in ((_sqlalchemy_errors(), "SQLAlchemyError"), (sys.modules.get("psycopg"), "Error")):
        if module is not None:  # loaded only where used: a driver not loaded raised nothing
            types.append(getattr(module, name))
    return tuple(types)


def is_driver_error(error: BaseException) -> bool:
    return not isinstance(error, DisclosureError) and isinstance(error, _driver_error_types())


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return (text.splitlines()[0] if text else type(error).__name__).strip()


def _sqlite_name(error: BaseException) -> str:
    return getattr(error, "sqlite_errorname", None) or ""


# The waits of each engine the package made, by its dialect (one per engine): the busy message names them.
_waits_by_dialect: "weakref.WeakKeyDictionary[Dialect, BookWaits]" = weakref.WeakKeyDictionary()


def remember_waits(dialect: Dialect, waits: BookWaits) -> None:
    _waits_by_dialect[dialect] = waits


def waits_of(dialect: Dialect) -> BookWaits:
    """The waits an engine was made with (the defaults for one the package did not make)."""
    return _waits_by_dialect.get(dialect) or BookWaits()


def _busy(error: BaseException, waits: BookWaits | None) -> BookLocked | None:
    """A busy book, saying how long the command waited; None when the error is not about the lock."""
    if isinstance(error, sqlite3.Error):
        name = _sqlite_name(error)
        if name.startswith(_SQLITE_LOCKED) or _first_line(error).lower() in _LOCKED_MESSAGES:
            return BookLocked(busy_message(waits and waits.busy_seconds))
        return None
    sqlstate = getattr(error, "sqlstate", None) or ""
    if sqlstate == _PG_LOCK_TIMEOUT:
        return BookLocked(busy_message(waits and waits.busy_seconds))
    if sqlstate == _PG_CANCELED and "statement timeout" in _first_line(error):
        # A writing command's statement is short; one that ran past the timeout waited on another's lock.
        return BookLocked(busy_message(waits and waits.statement_seconds))
    if sqlstate == _PG_DEADLOCK:
        return BookLocked(busy_message(None))
    return None


def _unavailable(error: BaseException) -> bool:
    if isinstance(error, sqlite3.Error):
        return _sqlite_name(error).startswith(_SQLITE_UNAVAILABLE) or _first_line(error).lower() in _UNAVAILABLE_MESSAGES
    sqlstate = getattr(error, "sqlstate", None) or ""
    return sqlstate.startswith(_PG_UNAVAILABLE_CLASSES)


def translate(
    error: BaseException, *, connecting: bool = False, disconnected: bool = False, dialect: Dialect | None = None,
    waits: BookWaits | None = None,
) -> StorageError | None:
    """The package's error for a driver error, or None for anything else (the domain's errors included).

    ``connecting``: the error came while opening a connection; ``disconnected``: SQLAlchemy found
    the connection lost. Both mean the book cannot be reached. ``dialect``: the engine's, whose
    waits a busy book's message names (remember_waits).
    """
    if not is_driver_error(error):
        return None
    sa_exc = _sqlalchemy_errors()
    from_sqlalchemy = sa_exc is not None and isinstance(error, sa_exc.SQLAlchemyError)
    original = getattr(error, "orig", None) if from_sqlalchemy and isinstance(error, sa_exc.StatementError) else None
    original = original or error
    detail = _first_line(original)
    if waits is None and dialect is not None:
        waits = _waits_by_dialect.get(dialect)
    busy = _busy(original, waits)
    if busy is not None:
        return busy
    lost = from_sqlalchemy and isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated
    unreachable = from_sqlalchemy and isinstance(error, (sa_exc.ArgumentError, sa_exc.DisconnectionError, sa_exc.TimeoutError))
    if connecting or disconnected or lost or unreachable or _unavailable(original):
        return StorageUnavailable(t("cannot reach the case book: {detail}", detail=detail))
    return StorageError(t("database: {detail}", detail=detail))


def raise_translated(
    error: BaseException, *, connecting: bool = False, dialect: Dialect | None = None, waits: BookWaits | None = None,
) -> NoReturn:
    """Raise the package's error for this one (the driver's exception as the cause), or it again."""
    translated = translate(error, connecting=connecting, dialect=dialect, waits=waits)
    if translated is None:
        raise error
    raise translated from error


@contextmanager
def translating(
    *, connecting: bool = False, dialect: Dialect | None = None, waits: BookWaits | None = None,
) -> Iterator[None]:
    """Driver errors raised inside become the package's (the driver's exception is the cause)."""
    try:
        yield
    except Exception as error:
        raise_translated(error, connecting=connecting, dialect=dialect, waits=waits)


def _on_error(context) -> BaseException | None:
    if context.is_pre_ping:  # the pool replaces a dead connection itself
        return None
    return translate(
        context.sqlalchemy_exception or context.original_exception,
        connecting=context.connection is None,
        disconnected=context.is_disconnect,
        dialect=context.dialect,
    )


def install(engine: Engine) -> Engine:
    """Translate the errors of everything this engine runs; returns the engine."""
    from sqlalchemy import event

    if not event.contains(engine, "handle_error", _on_error):
        event.listen(engine, "handle_error", _on_error, retval=True)
    return engine


def _guarded(function):
    @functools.wraps(function)
    def guarded(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception as error:
            raise_translated(error)

    return guarded


def translate_driver_errors(cls: C) -> C:
    """Every public method of the class (inherited ones included) raises no driver error."""
    return wrap_public_methods(cls, _guarded, "__driver_errors_translated__")
