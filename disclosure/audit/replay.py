"""Every case rebuilt from its events alone, and compared with the stored projections.

The fold is the domain's own (workflow/case.py ``apply``, upgrading older event versions as it
reads); nothing here knows a rule. Events, cases rows and clock rows are read as three streams
ordered by case number and merged, so a book of any size replays in constant memory.
"""

from __future__ import annotations

from functools import partial
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from disclosure.storage.database import Connection

from disclosure.audit.second_process import SecondProcess, can_fork
from disclosure.audit.shared_ranges import SharedRanges
from disclosure.storage.audit_rows import (
    CASE_COLUMNS,
    CLOCK_COLUMNS,
    NumberRange,
    appeals_by_case,
    cases_by_number,
    clocks_by_case,
    events_by_case,
    plain,
    plain_values,
    rows_of_case,
    number_ranges,
    searches_by_case,
)
from disclosure.storage.event_rows import event_from_row
from disclosure.storage.json_text import decode
from disclosure.storage.projection import (
    CASE_ROW_COLUMNS, SEARCH_COLUMNS, appeal_rows, case_row, clock_state_row, search_columns,
)
from disclosure.storage.snapshots import case_from_json, case_to_json, ledger_rows, ledger_to_json
from disclosure.workflow.calendar_history import CalendarHistory
from disclosure.workflow.case import Case, replay_with_clock_positions
from disclosure.workflow.clocks import Clock
from disclosure.workflow.errors import DisclosureError
from disclosure.workflow.kinds import KindRegistry
from disclosure.workflow.messages import message_of, t

__all__ = [
    "Difference", "ReplayedCase", "stored_cases", "replayed_cases", "replayed_case", "compare", "same_snapshot", "same_ledger",
    "differences",
]

_NUMBER = CASE_COLUMNS.index("number")
_SNAPSHOT = CASE_COLUMNS.index("snapshot")
_KIND = CASE_COLUMNS.index("kind")
_LEDGER = CLOCK_COLUMNS.index("ledger")
_WHAT = t("the replay's second process")
_LOOK_EVERY = 256  # cases between looks at the second process's progress
_RANGES = 32  # ranges of case numbers the two processes share


def _plain_values(values: Iterable) -> tuple:
    return tuple(plain(value) for value in values)


@dataclass(frozen=True)
class Difference:
    """One place where the stored projection is not what the events replay to."""

    case: str
    field: str  # a cases column, "snapshot", "history", "case row", or "clock NAME COLUMN"
    stored: Any
    replayed: Any
    last_position: int | None = None  # the case's newest event in the chain, when it has events

    def __str__(self) -> str:
        # A message (str's subclass Text), so `audit replay` can say it in Chinese.
        return t("{case} {field}: stored {stored!r}, events give {replayed!r}", case=self.case, field=self.field, stored=self.stored, replayed=self.replayed)


@dataclass
class ReplayedCase:
    number: str
    case: Case | None  # None when there are no events, or they do not fold
    error: str | None
    row: tuple | None  # the cases row as stored (CASE_COLUMNS), None when missing
    clocks: dict[str, tuple]  # clock name → the clock row as stored (CLOCK_COLUMNS)
    events: int
    last_position: int | None
    appeals: tuple[tuple, ...] = ()  # the appeal rows as stored (APPEAL_COLUMNS, plain form)
    clock_positions: dict[str, int] = field(default_factory=dict)  # clock name → the event that last changed it
    search: tuple | None = None  # the search row as stored (SEARCH_COLUMNS), None when missing


def _fold(kinds: KindRegistry, kind_code: str | None, rows: list[tuple]) -> tuple[Case | None, str | None, dict[str, int]]:
    if not rows:
        return None, "no events", {}
    code = kind_code or "disclosure"
    try:
        case, positions = replay_with_clock_positions(
            kinds.kind(code), kinds.machine(code), [(row[0], event_from_row(row)) for row in rows]
        )
        return case, None, positions
    except DisclosureError as error:
        return None, message_of(error), {}
    except (KeyError, ValueError, TypeError) as error:
        return None, t("an event does not fold: {error!r}", error=error), {}


def _grouped(rows: Iterator[tuple], key_index: int) -> Iterator[tuple[str, list[tuple]]]:
    current, group = None, []
    for row in rows:
        if row[key_index] != current:
            if group:
                yield current, group
            current, group = row[key_index], []
        group.append(row)
    if group:
        yield current, group


def stored_cases(
    connection: Connection, event_groups: Iterator[tuple[str, list[tuple]]] | None = None, numbers: NumberRange | None = None,
):
    """(number, event rows, cases row, clock rows by name) for each case number found (in ``numbers``), in order.

    Without ``event_groups`` only the projections are read (the event rows come back empty).
    """
    event_groups = event_groups if event_groups is not None else iter(())
    case_rows = cases_by_number(connection, numbers)
    clock_groups = _grouped(clocks_by_case(connection, numbers), 0)
    next_events, next_case, next_clocks = next(event_groups, None), next(case_rows, None), next(clock_groups, None)
    while next_events is not None or next_case is not None:
        number = min(item for item in (next_events and next_events[0], next_case and next_case[_NUMBER]) if item)
        rows: list[tuple] = []
        stored = None
        clocks: dict[str, tuple] = {}
        if next_events is not None and next_events[0] == number:
            rows = next_events[1]
            next_events = next(event_groups, None)
        if next_case is not None and next_case[_NUMBER] == number:
            stored = next_case
            next_case = next(case_rows, None)
        while next_clocks is not None and next_clocks[0] < number:
            next_clocks = next(clock_groups, None)  # clock rows of no case row: skipped, that case is reported
        if next_clocks is not None and next_clocks[0] == number:
            clocks = {row[1]: row for row in next_clocks[1]}
            next_clocks = next(clock_groups, None)
        yield number, rows, stored, clocks


def replayed_cases(
    connection: Connection, kinds: KindRegistry, numbers: NumberRange | None = None, appeals: dict[str, tuple[tuple, ...]] | None = None,
) -> Iterator[ReplayedCase]:
    """Each case number found in events or in cases rows (in ``numbers``), in order, with its fold and stored
    rows (``appeals``: every stored appeal row by case, read here when not given)."""
    stored_appeals = appeals_by_case(connection) if appeals is None else appeals
    searches = searches_by_case(connection, numbers)
    next_search = next(searches, None)
    event_groups = _grouped(events_by_case(connection, numbers), 1)
    for number, rows, stored, clocks in stored_cases(connection, event_groups, numbers):
        case, error, positions = _fold(kinds, stored[_KIND] if stored else None, rows)
        while next_search is not None and next_search[0] < number:
            next_search = next(searches, None)  # a search row of no case: the foreign key keeps them out
        search = None
        if next_search is not None and next_search[0] == number:
            search, next_search = tuple(next_search[1:]), next(searches, None)
        yield ReplayedCase(
            number, case, error, stored, clocks, len(rows), rows[-1][0] if rows else None, stored_appeals.get(number, ()),
            positions, search,
        )


def replayed_case(connection: Connection, kinds: KindRegistry, number: str) -> ReplayedCase:
    """One case, its fold and stored rows, read afresh (as replayed_cases gives it)."""
    rows = rows_of_case(connection, number)
    case, error, positions = _fold(kinds, rows.case[_KIND] if rows.case else None, rows.events)
    last_position = rows.events[-1][0] if rows.events else None
    return ReplayedCase(
        number, case, error, rows.case, rows.clocks, len(rows.events), last_position, rows.appeals, positions, rows.search,
    )


def compare(
    replayed: ReplayedCase, history: CalendarHistory, as_plain: Callable[[Iterable], tuple] | None = None
) -> Iterator[Difference]:
    """Every difference between one case's stored projection and its replay.

    Each clock's due date is worked out on the calendar in force when the fold last changed it if it
    is stopped, else on the book's calendar now (workflow/calendar_history.py); the stored position
    itself is not compared: where it is wrong in a way that matters, a due date differs.
    ``as_plain``: the connection's way to put stored values in plain form (storage/audit_rows.py plain_values).
    """
    as_plain = as_plain or _plain_values
    number, at = replayed.number, replayed.last_position
    if replayed.error is not None:
        yield Difference(number, "history", "events" if replayed.events else "a cases row", replayed.error, at)
        return
    case = replayed.case
    if replayed.row is None:
        yield Difference(number, "case row", None, f"{case.state} at version {case.version}", at)
        return
    main = case.clocks.get(case.due_clock)
    main_calendar = history.for_clock(main, replayed.clock_positions.get(case.due_clock)) if main else history.current
    stored_row = as_plain(replayed.row[:_SNAPSHOT])
    expected_row = case_row(case, main_calendar)
    if stored_row != expected_row:  # one comparison for the common case; field by field only to say where
        for name, stored, replayed_value in zip(CASE_ROW_COLUMNS, stored_row, expected_row):
            if stored != replayed_value:
                yield Difference(number, name, stored, replayed_value, at)
    expected_appeals = appeal_rows(case.appeals)
    if replayed.appeals != expected_appeals:
        yield Difference(number, "appeals", list(replayed.appeals), list(expected_appeals), at)
    expected_search = search_columns(case)
    if replayed.search is None:
        yield Difference(number, "search row", None, "a row", at)
    elif replayed.search != tuple(expected_search[name] for name in SEARCH_COLUMNS):
        yield Difference(number, "search", replayed.search[0], expected_search["body"], at)
    if not same_snapshot(replayed.row[_SNAPSHOT], case):
        yield Difference(number, "snapshot", "a case that differs", f"version {case.version}", at)
    for name in sorted(set(case.clocks) | set(replayed.clocks)):
        clock, row = case.clocks.get(name), replayed.clocks.get(name)
        if clock is None or row is None:
            yield Difference(number, f"clock {name}", "a row" if row else None, "a clock" if clock else None, at)
            continue
        stored_clock = as_plain(row[2:_LEDGER])
        expected_clock = clock_state_row(clock, history.for_clock(clock, replayed.clock_positions.get(name)))
        if stored_clock != expected_clock:
            for column, stored, replayed_value in zip(CLOCK_COLUMNS[2:_LEDGER], stored_clock, expected_clock):
                if stored != replayed_value:
                    yield Difference(number, f"clock {name} {column}", stored, replayed_value, at)
        if not same_ledger(row[_LEDGER], clock):
            yield Difference(number, f"clock {name} ledger", row[_LEDGER], ledger_to_json(clock), at)


def same_snapshot(text: str | None, case: Case) -> bool:
    """The stored snapshot is this case: the same text, or (a snapshot written before a field was added
    to the case, which then takes its default) the same case once read."""
    if text == case_to_json(case):  # canonical text: sorted keys
        return True
    try:
        return case_from_json(text, lambda kind: case.due_clocks) == case
    except (TypeError, ValueError, KeyError):
        return False


def same_ledger(text: str | None, clock: Clock) -> bool:
    """The stored ledger says what the clock's does (decoded: cheaper than encoding the clock's)."""
    try:
        return decode(text) == ledger_rows(clock)
    except (TypeError, ValueError):
        return False


def differences(
    connection: Connection, history: CalendarHistory, kinds: KindRegistry, progress: Callable[[int], None] | None = None,
    url: str | None = None,
) -> Iterator[Difference]:
    """Every difference in the book, case by case; ``progress`` is told of each case's events.

    ``url``: where a second process can open the book to share the replay, range by range of case
    numbers (audit/shared_ranges.py: it takes them from the highest down, this process from the lowest
    up); the differences come in the order of one process."""
    shared = SharedRanges(number_ranges(connection, _RANGES)) if url and can_fork(url) else None
    second = SecondProcess.start(url, partial(_second_part, history, kinds, shared), progress, _WHAT) if shared else None
    if second is None:
        yield from _differences_in(history, kinds, None, connection, progress)
        return
    appeals = appeals_by_case(connection)
    try:
        for _, found in shared.work(True, lambda numbers: _differences_in(history, kinds, numbers, connection, progress, second.forward, appeals)):
            second.forward()
            yield from found  # every range taken here lies below the second process's
    finally:
        found_there = second.result()
    for index in sorted(found_there):
        yield from found_there[index]


def _second_part(
    history: CalendarHistory, kinds: KindRegistry, shared: SharedRanges, connection: Connection, progress: Callable[[int], None] | None,
) -> dict[int, list[Difference]]:
    appeals = appeals_by_case(connection)
    return dict(shared.work(False, lambda numbers: _differences_in(history, kinds, numbers, connection, progress, appeals=appeals)))


def _differences_in(
    history: CalendarHistory, kinds: KindRegistry, numbers: NumberRange | None, connection: Connection,
    progress: Callable[[int], None] | None, between: Callable[[], None] | None = None,
    appeals: dict[str, tuple[tuple, ...]] | None = None,
) -> list[Difference]:
    found: list[Difference] = []
    as_plain = plain_values(connection)
    for count, replayed in enumerate(replayed_cases(connection, kinds, numbers, appeals), 1):
        found.extend(compare(replayed, history, as_plain))
        if progress is not None:
            progress(replayed.events)
        if between is not None and count % _LOOK_EVERY == 0:
            between()
    return found
