"""The compiled statements (storage/compiled_sql/, the book's dialect only) run on a driver's connection, inside its transaction.

Standard library only: a clerk's command reads and writes the case book through this without importing
SQLAlchemy. Values are given the stored form SQLAlchemy itself gives them (on SQLite, dates as ISO text,
timestamps as SQLAlchemy's text, booleans as 0/1: tests/unit/test_compiled_sql.py compares them with
SQLAlchemy's own bind processors), so rows written here and rows written through SQLAlchemy cannot differ.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Callable, Iterable, Iterator, Mapping

from disclosure.storage.compiled_sql import compiled_for
from disclosure.storage.driver_errors import raise_translated
from disclosure.storage.waits import BookWaits

__all__ = ["SqlRunner", "sqlite_value", "as_date"]


def _sqlite_timestamp(value: datetime) -> str:
    # SQLAlchemy's SQLite DateTime storage format (no zone: the package stores UTC).
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
    )


_SQLITE_FORMS: dict[type, Callable[[Any], Any]] = {
    datetime: _sqlite_timestamp,
    date: date.isoformat,
    bool: int,
}


_STORED_AS_GIVEN = frozenset({str, int, float, type(None), bytes})


def sqlite_value(value: Any) -> Any:
    """A bound value in the form SQLAlchemy stores it in on SQLite."""
    kind = type(value)
    if kind in _STORED_AS_GIVEN:
        return value
    form = _SQLITE_FORMS.get(kind)
    if form is not None:
        return form(value)
    if isinstance(value, (date, bool)):  # a subclass (a test's frozen clock gives one): the nearest form
        return next(form for kind, form in _SQLITE_FORMS.items() if isinstance(value, kind))(value)
    return value


def as_date(value: Any) -> date | None:
    """A date column's value as read (SQLite's driver gives the stored text, PostgreSQL's a date)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


class SqlRunner:
    """One transaction's statements, on the driver connection ``connect()`` gives (asked once, when first needed).

    Statements are named as in storage/statements.py. The driver's IntegrityError is left to the caller
    (the case book turns a taken version into ConcurrentChange); any other driver error becomes the package's.
    """

    def __init__(
        self, dialect: str, connect: Callable[[], Any], integrity_error: type[Exception], waits: BookWaits | None = None,
    ) -> None:
        self.dialect = dialect
        self._connect = connect
        self.integrity_error = integrity_error
        self._waits = waits
        self._cursor = None
        self._pipeline = None  # psycopg's, while statements are batched
        compiled = compiled_for(dialect)
        self._statements, self._filtered = compiled["statements"], compiled["filtered"]
        self._update_head, self._update_tail, self._update_columns = compiled["update_case"]
        self._where_mark = compiled["where_mark"]
        self._typed = frozenset(compiled.get("typed", ()))
        self._sqlite = dialect == "sqlite"

    def _values(self, values: Mapping[str, Any]) -> Mapping[str, Any]:
        if not self._sqlite:
            return values  # psycopg adapts dates, timestamps and booleans itself, as SQLAlchemy lets it
        typed = self._typed.intersection(values)  # the parameters SQLAlchemy's SQLite types would process
        if not typed:
            return values
        return {**values, **{name: sqlite_value(values[name]) for name in typed}}

    def execute(self, sql: str, values: Mapping[str, Any]):
        """Run one statement; returns the driver's cursor (its rows, its rowcount: when batched, once the batch ends)."""
        if self._pipeline is not None:
            cursor = self._connect().cursor()  # one each: a batch's results are read when it ends
        else:
            if self._cursor is None:
                self._cursor = self._connect().cursor()
            cursor = self._cursor
        try:
            cursor.execute(sql, self._values(values))
        except self.integrity_error:
            raise  # the caller's to judge
        except Exception as error:
            raise_translated(error, waits=self._waits)
        return cursor

    @contextmanager
    def batched(self) -> Iterator[None]:
        """The statements run inside sent together (PostgreSQL: psycopg's pipeline, one round trip, their
        errors raised as the block ends); on SQLite, where a statement costs no round trip, one by one."""
        if self.dialect != "postgresql" or self._pipeline is not None:
            yield
            return
        driver = self._connect().driver_connection
        try:
            with driver.pipeline() as pipeline:
                self._pipeline = pipeline
                try:
                    yield
                finally:
                    self._pipeline = None
        except self.integrity_error:
            raise
        except Exception as error:
            raise_translated(error, waits=self._waits)

    def run(self, name: str, values: Mapping[str, Any] | None = None):
        return self.execute(self._statements[name], values or {})

    def run_each(self, name: str, rows: Iterable[Mapping[str, Any]]) -> None:
        for values in rows:
            self.run(name, values)

    def filtered(self, name: str, conditions: Iterable[str], values: Mapping[str, Any]):
        """A filtered query narrowed by the named conditions (all of them), with their values."""
        template, fragments = self._filtered[name]
        where = " AND ".join(f"({fragments[condition]})" for condition in conditions) or self._where_mark
        return self.execute(template.replace(self._where_mark, where, 1), values)

    def update_case(self, columns: Iterable[str], values: Mapping[str, Any]):
        """The case row's update of these columns (by ``b_number``, guarded by ``expected_version``)."""
        assignments = ", ".join(self._update_columns[column] for column in columns)
        return self.execute(self._update_head + assignments + self._update_tail, values)

    def one(self, name: str, values: Mapping[str, Any] | None = None):
        return self.run(name, values).fetchone()

    def all(self, name: str, values: Mapping[str, Any] | None = None) -> list:
        return self.run(name, values).fetchall()
