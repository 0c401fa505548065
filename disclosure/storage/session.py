"""One transaction's handles: the compiled statements, and SQLAlchemy's connection when an operation needs it."""

from __future__ import annotations

from typing import Any, Callable

from disclosure.storage.sql_runner import SqlRunner

__all__ = ["Session"]


class Session:
    """``sql`` runs the everyday statements (storage/compiled_sql.py) on the transaction's driver connection.
    ``connection`` is a SQLAlchemy Connection in the same transaction, made on first use by ``open_connection``
    (the audit, the reports, repairs and the rarer writes are written in SQLAlchemy Core)."""

    def __init__(self, sql: SqlRunner, open_connection: Callable[[], Any]) -> None:
        self.sql = sql
        self._open_connection = open_connection
        self._connection = None

    @property
    def dialect(self) -> str:
        return self.sql.dialect

    @property
    def connection(self):
        if self._connection is None:
            self._connection = self._open_connection()
        return self._connection

    @property
    def connection_opened(self) -> bool:
        return self._connection is not None
