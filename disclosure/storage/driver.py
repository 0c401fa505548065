"""Core statements compiled once per dialect and run on the driver's own cursor.

A command runs a handful of small statements, and SQLAlchemy's execution machinery costs
more per statement than SQLite takes to run one. These statements are still SQLAlchemy's:
it compiles the SQL for the dialect, and its bind processors give every value the stored
form SQLAlchemy itself would write (SQLite dates as ISO text, booleans as 0/1), so rows
written here and rows written through SQLAlchemy cannot differ. Only the execution skips
the machinery: the compiled text runs on the DBAPI cursor of the connection's current
transaction, so it commits or rolls back with everything else the command did.
"""

from __future__ import annotations

import operator
import weakref
from typing import Any, Callable, Mapping

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql import ClauseElement

from disclosure.storage.driver_errors import raise_translated

__all__ = ["DriverStatement", "compiled_for"]


class DriverStatement:
    """One statement compiled for one dialect, executable on a raw cursor."""

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.positional = bool(compiled.positional)
        self.names: tuple[str, ...] = tuple(compiled.positiontup or ()) if self.positional else tuple(compiled.binds)
        # Literals in the statement (``values(last=1)``) become binds with their value fixed here.
        self.fixed = {name: bind.value for name, bind in compiled.binds.items() if not bind.required}
        self.processors: dict[str, Callable[[Any], Any]] = {}
        for name, bind in compiled.binds.items():
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                self.processors[name] = processor
        # Values are taken out in one C call, then only the positions that need a processor are touched.
        self._take = operator.itemgetter(*self.names) if self.names else (lambda values: ())
        self._processed = tuple(
            (position, self.processors[name]) for position, name in enumerate(self.names) if name in self.processors
        )

    def parameters(self, values: Mapping[str, Any]) -> tuple | dict:
        if self.fixed:
            values = {**self.fixed, **values}
        taken = self._take(values)
        row = [taken] if len(self.names) == 1 else list(taken)
        for position, processor in self._processed:
            row[position] = processor(row[position])
        return tuple(row) if self.positional else dict(zip(self.names, row))

    def execute(self, connection: Connection, values: Mapping[str, Any] | None = None, cursor=None):
        """Run inside the connection's transaction (on ``cursor`` if given); returns the DBAPI cursor."""
        if cursor is None:
            cursor = connection.connection.cursor()
        try:
            cursor.execute(self.sql, self.parameters(values or {}))
        except connection.dialect.loaded_dbapi.IntegrityError:
            raise  # the caller's to judge (the case book: a version already taken is a concurrent change)
        except Exception as error:
            raise_translated(error, dialect=connection.dialect)
        return cursor


_compiled: "weakref.WeakKeyDictionary[Dialect, dict[int, DriverStatement]]" = weakref.WeakKeyDictionary()


def compiled_for(dialect: Dialect, statement: ClauseElement) -> DriverStatement:
    """The statement compiled for this dialect, once per dialect object (one per engine).

    Keyed by the statement's identity: pass statements built once, at import.
    """
    per_dialect = _compiled.get(dialect)
    if per_dialect is None:
        per_dialect = _compiled[dialect] = {}
    found = per_dialect.get(id(statement))
    if found is None:
        found = per_dialect[id(statement)] = DriverStatement(statement, dialect)
    return found
