"""The compiled statements (storage/compiled_sql/, the book's dialect only) run on a driver's connection, inside its transaction.

Standard library only: a clerk's command reads and writes the case book through this without importing
SQLAlchemy. Values are given the stored form SQLAlchemy itself gives them (on SQLite, dates as ISO text,
timestamps as SQLAlchemy's text, booleans as 0/1: tests/unit/test_compiled_sql.py compares them with
SQLAlchemy's own bind processors), so rows written here and rows written through SQLAlchemy cannot differ.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Callable, Iterable, Mapping

from disclosure.storage.command_pipeline import CommandPipeline
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


_PER_DIALECT: dict[str, tuple] = {}


def _dialect_statements(dialect: str) -> tuple:
    """What a runner reads of the dialect's compiled statements, made once per process (a runner is made for
    every unit of work): the statements, the filtered ones, the case update's parts, the filter mark, the
    parameters SQLite's types process, and (PostgreSQL) the event's insert taking its case from a moved row."""
    found = _PER_DIALECT.get(dialect)
    if found is None:
        compiled = compiled_for(dialect)
        statements = compiled["statements"]
        event_of_moved_case = None if dialect == "sqlite" else statements["insert_event"].replace(
            "%(case_number)s::VARCHAR", "(SELECT number FROM moved)", 1,
        )
        found = _PER_DIALECT[dialect] = (
            statements, compiled["filtered"], compiled["update_case"], compiled["where_mark"],
            frozenset(compiled.get("typed", ())), event_of_moved_case,
        )
    return found


class SqlRunner:
    """One transaction's statements, on the driver connection ``connect()`` gives (asked once, when first needed).

    Statements are named as in storage/statements.py. The driver's IntegrityError is left to the caller
    (the case book turns a taken version into ConcurrentChange); any other driver error becomes the package's.
    """

    def __init__(
        self, dialect: str, connect: Callable[[], Any], integrity_error: type[Exception], waits: BookWaits | None = None,
        held: CommandPipeline | None = None,
    ) -> None:
        self.dialect = dialect
        self._connect = connect
        self.integrity_error = integrity_error
        self._waits = waits
        self._cursor = None
        self._held = held  # a PostgreSQL command's own pipeline (storage/command_pipeline.py), while it lasts
        self._asked_ahead: dict[tuple, Any] = {}  # (name, values) -> the cursor of a query sent ahead
        (self._statements, self._filtered, (self._update_head, self._update_tail, self._update_columns),
         self._where_mark, self._typed, self._event_of_moved_case) = _dialect_statements(dialect)
        self._sqlite = dialect == "sqlite"

    def _values(self, values: Mapping[str, Any]) -> Mapping[str, Any]:
        if not self._sqlite:
            return values  # psycopg adapts dates, timestamps and booleans itself, as SQLAlchemy lets it
        typed = self._typed.intersection(values)  # the parameters SQLAlchemy's SQLite types would process
        if not typed:
            return values
        return {**values, **{name: sqlite_value(values[name]) for name in typed}}

    def execute(self, sql: str, values: Mapping[str, Any], *, answered: bool = True):
        """Run one statement; returns the driver's cursor (its rows, its rowcount), in a PostgreSQL command's
        pipeline its Answer, read when asked for (storage/command_pipeline.py). ``answered=False``: a write
        whose answer the caller does not read (in a pipeline, none is returned)."""
        if self.writes_wait_for_commit:
            return self._held.execute(sql, values, answered=answered)
        if self._cursor is None:
            self._cursor = self._connect().cursor()
        cursor = self._cursor
        try:
            cursor.execute(sql, self._values(values))
        except Exception as error:
            if isinstance(error, self.integrity_error):
                raise  # the caller's to judge
            raise_translated(error, waits=self._waits)
        return cursor

    @property
    def writes_wait_for_commit(self) -> bool:
        """Whether the statements run now are answered only at the command's end (its COMMIT, or a read)."""
        return self._held is not None and self._held.active

    def refuse_integrity_errors_with(self, refusal: Callable[[], Exception]) -> None:
        """What an integrity error of the writes run from now on means, should it surface only at the
        command's end (storage/command_pipeline.py); where a write is answered at once, its caller's ``try`` says."""
        if self.writes_wait_for_commit:
            self._held.refuse_integrity_errors_with(refusal)

    def end_ahead(self) -> None:
        """Nothing more will be written in this unit: in a PostgreSQL command's pipeline its end is sent now
        (CommandPipeline.send_end), so the server commits while the command prepares its answer; elsewhere the
        unit ends as usual."""
        if self.writes_wait_for_commit:
            self._held.send_end()

    def run(self, name: str, values: Mapping[str, Any] | None = None):
        return self.execute(self._statements[name], values or {})

    def write(self, name: str, values: Mapping[str, Any]) -> None:
        """A write whose answer the caller does not read: in a PostgreSQL command's pipeline it is only queued,
        its error known at the next answer read or at the command's end."""
        self.execute(self._statements[name], values, answered=False)

    def run_each(self, name: str, rows: Iterable[Mapping[str, Any]]) -> None:
        for values in rows:
            self.write(name, values)

    def filtered(self, name: str, conditions: Iterable[str], values: Mapping[str, Any]):
        """A filtered query narrowed by the named conditions (all of them), with their values."""
        template, fragments = self._filtered[name]
        where = " AND ".join(f"({fragments[condition]})" for condition in conditions) or self._where_mark
        return self.execute(template.replace(self._where_mark, where, 1), values)

    def update_case(self, columns: Iterable[str], values: Mapping[str, Any]):
        """The case row's update of these columns (by ``b_number``, guarded by ``expected_version``)."""
        return self.execute(self._case_update(columns), values)

    def _case_update(self, columns: Iterable[str]) -> str:
        """The case row's UPDATE setting these columns, composed from one compiled fragment per column."""
        return self._update_head + ", ".join(self._update_columns[column] for column in columns) + self._update_tail

    def update_case_with_event(self, columns: Iterable[str], values: Mapping[str, Any]) -> None:
        """PostgreSQL: the case row's update (as ``update_case``) and the step's event (``insert_event``'s values)
        in one statement, the event's case number taken from the row the update returns. A case no longer at
        the expected version is not updated, and its event's missing case number is an integrity error, known
        with whatever answer comes next, the COMMIT's included: the check SQLite makes by the update's row count,
        without waiting for the update's answer before the COMMIT is sent."""
        self.execute(
            f"WITH moved AS ({self._case_update(columns)} RETURNING cases.number) " + self._event_of_moved_case,
            values, answered=False,
        )

    def each_one(self, *queries: tuple[str, Mapping[str, Any]]) -> list:
        """The first row of each (name, values) query, run in order: in PostgreSQL's pipeline all are sent
        before the first answer is read, so they cost one round trip."""
        if not self.writes_wait_for_commit:  # one cursor: each answer read before the next statement
            return [self.one(name, values) for name, values in queries]
        return [answer.fetchone() for answer in [self._answer(name, values) for name, values in queries]]

    def ask_ahead(self, name: str, values: Mapping[str, Any]) -> None:
        """A statement whose answer ``one(name, values)`` (or ``each_one``) will want, sent now so that it comes
        back with the next answer the command waits for (PostgreSQL's pipeline: one round trip for both);
        elsewhere nothing is done. The caller writes nothing meanwhile that could change the answer, and asks
        only for what the command will read (a write asked ahead, as a number taken from a counter, is made)."""
        if self.writes_wait_for_commit:
            self._asked_ahead[(name, tuple(values.items()))] = self.run(name, values)

    def one(self, name: str, values: Mapping[str, Any] | None = None):
        return self._answer(name, values or {}).fetchone()

    def _answer(self, name: str, values: Mapping[str, Any]):
        """The statement's answer: asked ahead, or asked now."""
        if self._asked_ahead:
            asked = self._asked_ahead.pop((name, tuple(values.items())), None)
            if asked is not None:
                return asked
        return self.run(name, values)

    def all(self, name: str, values: Mapping[str, Any] | None = None) -> list:
        return self.run(name, values).fetchall()
