"""Reading whole tables quickly and in order, as the driver gives them (the audit reads millions of rows).

Statements are SQLAlchemy's, compiled once per dialect (storage/driver.py); on PostgreSQL the rows
come through a server-side cursor, so memory stays flat whatever the size of the book.
"""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple

from sqlalchemy import and_, bindparam, create_engine, func, select
from sqlalchemy.engine import Connection

from disclosure.storage.driver import compiled_for
from disclosure.storage.driver_errors import install
from disclosure.storage.event_rows import EVENT_COLUMNS
from disclosure.storage.projection import APPEAL_COLUMNS, CASE_ROW_COLUMNS, SEARCH_COLUMNS
from disclosure.storage.tables import AppealRow, CaseRow, CaseSearchRow, ClockRow, EventRow
from disclosure.workflow.chain import canonical_time

__all__ = ["EVENT_COLUMNS", "HASH", "SNAPSHOT_HASH", "CASE_COLUMNS", "CLOCK_COLUMNS", "stream", "events_by_position", "events_by_case",
           "NumberRange", "number_ranges", "connected", "NEWEST_COLUMNS", "newest_events_by_case", "event_and_case_versions", "event_hashes_at", "case_claim_rows", "cases_by_number", "clocks_by_case", "appeals_by_case", "searches_by_case", "plain", "plain_values",
           "CaseRows", "rows_of_case"]

events = EventRow.__table__
cases = CaseRow.__table__
clocks = ClockRow.__table__
appeals = AppealRow.__table__
case_search = CaseSearchRow.__table__

HASH = EVENT_COLUMNS.index("hash")
SNAPSHOT_HASH = EVENT_COLUMNS.index("snapshot_hash")
CLOCK_COLUMNS = ("case_number", "name", "status", "due_on", "provisional", "working_days", "ledger", "changed_at_position")

_cursor_names = itertools.count(1)


# The projection columns in the order the audit reads them: the row case_columns gives, the version, the snapshot.
CASE_COLUMNS = (*CASE_ROW_COLUMNS, "snapshot")


class NumberRange(NamedTuple):
    """The cases numbered from ``start`` (None: the first) and below ``stop`` (None: to the last), in the
    database's own order of case numbers."""

    start: str | None
    stop: str | None


_START, _STOP = bindparam("start"), bindparam("stop")


class _Ranged:
    """One statement over cases, and the same for a range of their numbers (NumberRange)."""

    def __init__(self, build: Callable[[Callable[[Any], Any]], Any]) -> None:
        self._statements = {
            (False, False): build(lambda column: None),
            (True, False): build(lambda column: column >= _START),
            (False, True): build(lambda column: column < _STOP),
            (True, True): build(lambda column: and_(column >= _START, column < _STOP)),
        }

    def run(self, connection: Connection, numbers: NumberRange | None) -> Iterator[tuple]:
        numbers = numbers or NumberRange(None, None)
        statement = self._statements[(numbers.start is not None, numbers.stop is not None)]
        return stream(connection, statement, values={"start": numbers.start, "stop": numbers.stop})


def _where(statement, condition):
    return statement if condition is None else statement.where(condition)


_EVENTS_BY_POSITION = select(*(events.c[name] for name in EVENT_COLUMNS)).order_by(events.c.position)
_EVENTS_BY_CASE = select(*(events.c[name] for name in EVENT_COLUMNS)).order_by(events.c.case_number, events.c.version)
_RANGED_EVENTS = _Ranged(lambda condition: _where(_EVENTS_BY_CASE, condition(events.c.case_number)))
NEWEST_COLUMNS = ("position", "case_number", "version", "snapshot_hash")


def _newest_events(condition):
    """Each case's newest event, by its versions (when the chain is intact, also its newest by position)."""
    newest_versions = _where(
        select(events.c.case_number, func.max(events.c.version).label("version")), condition(events.c.case_number)
    ).group_by(events.c.case_number).subquery()
    return (
        select(*(events.c[name] for name in NEWEST_COLUMNS))
        .join_from(events, newest_versions, and_(
            events.c.case_number == newest_versions.c.case_number, events.c.version == newest_versions.c.version
        ))
        .order_by(events.c.case_number)
    )


_RANGED_NEWEST = _Ranged(_newest_events)
_CASES = select(*(cases.c[name] for name in CASE_COLUMNS)).order_by(cases.c.number)
_RANGED_CASES = _Ranged(lambda condition: _where(_CASES, condition(cases.c.number)))
_CLOCKS = select(*(clocks.c[name] for name in CLOCK_COLUMNS)).order_by(clocks.c.case_number, clocks.c.name)
_RANGED_CLOCKS = _Ranged(lambda condition: _where(_CLOCKS, condition(clocks.c.case_number)))
_CASE_NUMBERS = select(cases.c.number).order_by(cases.c.number)


def stream(connection: Connection, statement, batch: int = 5000, values: Mapping[str, Any] | None = None) -> Iterator[tuple]:
    """Every row of a statement, in batches."""
    compiled = compiled_for(connection.dialect, statement)
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor(name=f"audit_{next(_cursor_names)}")
    else:
        cursor = connection.connection.cursor()
    compiled.execute(connection, values, cursor=cursor)  # driver errors translated (storage/driver_errors.py)
    try:
        while rows := cursor.fetchmany(batch):
            yield from rows
    finally:
        # A stream left mid-way (verify stops at the first finding) is closed by the garbage collector,
        # maybe after its connection: then the cursor has nothing left to free, and closing it raises.
        with contextlib.suppress(Exception):
            cursor.close()


def events_by_position(connection: Connection) -> Iterator[tuple]:
    return stream(connection, _EVENTS_BY_POSITION)


def number_ranges(connection: Connection, parts: int) -> list[NumberRange]:
    """The case numbers cut into at most ``parts`` consecutive ranges of about as many cases rows each,
    together covering every number (a case with events and no row too)."""
    numbers = [row[0] for row in stream(connection, _CASE_NUMBERS)]
    # Taken in the order the database gave them (its collation, which the ranges' conditions use too).
    cuts = [numbers[index] for index in sorted({len(numbers) * part // parts for part in range(1, parts)} - {0})]
    return [NumberRange(start, stop) for start, stop in zip([None, *cuts], [*cuts, None])]


@contextlib.contextmanager
def connected(url: str) -> Iterator[Connection]:
    """A connection of its own to the book at ``url`` (a second process), its errors translated as every engine's."""
    engine = install(create_engine(url))
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def events_by_case(connection: Connection, numbers: NumberRange | None = None) -> Iterator[tuple]:
    return _RANGED_EVENTS.run(connection, numbers)


def newest_events_by_case(connection: Connection, numbers: NumberRange | None = None) -> Iterator[tuple]:
    """(NEWEST_COLUMNS) of each case's newest event, ordered by case number."""
    return _RANGED_NEWEST.run(connection, numbers)


def event_hashes_at(connection: Connection, positions: Iterable[int]) -> dict[int, str]:
    """The hash of the event at each of these positions that has one."""
    wanted = sorted(set(positions))
    if not wanted:
        return {}
    return dict(connection.execute(select(events.c.position, events.c.hash).where(events.c.position.in_(wanted))).all())


def event_and_case_versions(connection: Connection, position: int) -> tuple[int, int | None] | None:
    """The version of the event at ``position`` and its case row's version (None: no case row)."""
    return connection.execute(
        select(events.c.version, cases.c.version)
        .select_from(events.outerjoin(cases, cases.c.number == events.c.case_number))
        .where(events.c.position == position)
    ).first()


def case_claim_rows(
    connection: Connection, fields: Iterable[str], numbers: list[str], received: tuple[date, date] | None
) -> Iterator[Mapping[str, Any]]:
    """These columns of the cases with these numbers, or received between two days, or every case, by number."""
    query = select(*(cases.c[field] for field in fields)).order_by(cases.c.number)
    if numbers:
        query = query.where(cases.c.number.in_(numbers))
    elif received is not None:
        query = query.where(cases.c.received_on >= received[0], cases.c.received_on <= received[1])
    return (row._mapping for row in connection.execute(query))


def cases_by_number(connection: Connection, numbers: NumberRange | None = None) -> Iterator[tuple]:
    return _RANGED_CASES.run(connection, numbers)


def clocks_by_case(connection: Connection, numbers: NumberRange | None = None) -> Iterator[tuple]:
    return _RANGED_CLOCKS.run(connection, numbers)


_APPEALS = select(*(appeals.c[name] for name in ("case_number", *APPEAL_COLUMNS))).order_by(
    appeals.c.case_number, appeals.c.number
)


def appeals_by_case(connection: Connection) -> dict[str, tuple[tuple, ...]]:
    """Every stored appeal row (APPEAL_COLUMNS, plain form) by case: few enough to hold at once."""
    found: dict[str, list[tuple]] = {}
    for row in stream(connection, _APPEALS):
        found.setdefault(row[0], []).append(tuple(plain(value) for value in row[1:]))
    return {number: tuple(rows) for number, rows in found.items()}


_SEARCHES = select(case_search.c.case_number, *(case_search.c[name] for name in SEARCH_COLUMNS)).order_by(case_search.c.case_number)
_RANGED_SEARCHES = _Ranged(lambda condition: _where(_SEARCHES, condition(case_search.c.case_number)))


def searches_by_case(connection: Connection, numbers: NumberRange | None = None) -> Iterator[tuple]:
    """(case number, SEARCH_COLUMNS) of every search row (in ``numbers``), by case number."""
    return _RANGED_SEARCHES.run(connection, numbers)


_ONE_CASE = bindparam("number")
_EVENTS_OF_CASE = _EVENTS_BY_CASE.where(events.c.case_number == _ONE_CASE)
_CASE_ROW = _CASES.where(cases.c.number == _ONE_CASE)
_CLOCKS_OF_CASE = _CLOCKS.where(clocks.c.case_number == _ONE_CASE)
_APPEALS_OF_CASE = _APPEALS.where(appeals.c.case_number == _ONE_CASE)
_SEARCH_OF_CASE = _SEARCHES.where(case_search.c.case_number == _ONE_CASE)


@dataclass(frozen=True)
class CaseRows:
    """One case's rows in the forms the streams above give them (a repair re-reads a case under the lock)."""

    events: list[tuple]
    case: tuple | None
    clocks: dict[str, tuple]
    appeals: tuple[tuple, ...]
    search: tuple | None  # SEARCH_COLUMNS of its search row (None: no row)


def rows_of_case(connection: Connection, number: str) -> CaseRows:
    def rows(statement) -> list[tuple]:
        return compiled_for(connection.dialect, statement).execute(connection, {"number": number}).fetchall()

    case_rows = rows(_CASE_ROW)
    search_rows = rows(_SEARCH_OF_CASE)
    return CaseRows(
        events=rows(_EVENTS_OF_CASE),
        case=case_rows[0] if case_rows else None,
        clocks={row[1]: row for row in rows(_CLOCKS_OF_CASE)},
        appeals=tuple(tuple(plain(value) for value in row[1:]) for row in rows(_APPEALS_OF_CASE)),
        search=tuple(search_rows[0][1:]) if search_rows else None,
    )


def plain(value: Any) -> Any:
    """One form for a value read raw (SQLite: text dates, 0/1) or typed (PostgreSQL), for comparing."""
    kind = type(value)
    if kind is str or kind is int or value is None:
        return value
    if kind is bool:
        return int(value)
    if isinstance(value, datetime):
        return canonical_time(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def plain_values(connection: Connection) -> Callable[[Iterable[Any]], tuple]:
    """How to put stored values in plain form on this connection: SQLite's raw values already are."""
    if connection.dialect.name == "sqlite":
        return tuple
    return lambda values: tuple(plain(value) for value in values)
