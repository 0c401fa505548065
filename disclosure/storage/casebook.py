"""The case book: rows to domain objects and back, inside one connection's transaction."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable, Mapping

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from disclosure.storage.case_search import INSERT_SEARCH, UPDATE_SEARCH, find_by_text, search_row_values, write_search
from disclosure.storage.driver import compiled_for
from disclosure.storage.event_rows import EVENT_COLUMNS, event_from_row
from disclosure.storage.projection import APPEAL_COLUMNS, appeal_rows, case_columns, clock_columns
from disclosure.storage.snapshots import case_from_json, case_to_json, ledger_from_json
from disclosure.storage.tables import AppealRow, CaseRow, ClockRow, CounterRow, EventRow
from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.calendar_history import CalendarHistory
from disclosure.workflow.case import Case
from disclosure.workflow.clocks import Clock
from disclosure.workflow.corrections import VOIDED
from disclosure.workflow.chain import GENESIS, Anchor, as_utc, canonical_data, chain_hash, snapshot_hash
from disclosure.workflow.errors import ConcurrentChange, StorageError
from disclosure.workflow.events import Event
from disclosure.workflow.messages import t

__all__ = ["CaseBook", "RunningClock"]

cases = CaseRow.__table__
events = EventRow.__table__
clocks = ClockRow.__table__
appeals_table = AppealRow.__table__
counters = CounterRow.__table__


def _next_number_statement(upsert):
    # One atomic statement: two registrations racing for the first number of a year cannot collide.
    return (
        upsert(counters)
        .values(series=bindparam("series"), last=1)
        .on_conflict_do_update(index_elements=[counters.c.series], set_={"last": counters.c.last + 1})
        .returning(counters.c.last)
    )


_UPDATE_CASE = update(cases).where(
    and_(cases.c.number == bindparam("b_number"), cases.c.version == bindparam("expected_version"))
)
# Set by every command; any other column is set only when its value changed, because SQLite
# rewrites an index's pages whenever one of its columns is in the SET list, changed or not.
_ALWAYS_SET = ("version", "snapshot")


@functools.lru_cache(maxsize=None)
def _update_case(changed: tuple[str, ...]):
    """The update of these columns, one statement object per column set (so it compiles once)."""
    return _UPDATE_CASE.values({name: bindparam(name) for name in changed + _ALWAYS_SET})


# The statements every command runs, built once and compiled once per dialect (see driver.py).
_SNAPSHOT = select(cases.c.snapshot).where(cases.c.number == bindparam("number"))
_INSERT_CASE = insert(cases)
_INSERT_EVENT = insert(events).values(
    case_number=bindparam("case_number"), version=bindparam("version"), type=bindparam("type"),
    data=bindparam("data"), user_name=bindparam("user_name"), role=bindparam("role"),
    effective_on=bindparam("effective_on"), recorded_at=bindparam("recorded_at"),
    schema_version=bindparam("schema_version"), position=bindparam("position"), hash=bindparam("hash"),
    snapshot_hash=bindparam("snapshot_hash"), acted_by=bindparam("acted_by"),
)
_CHAIN_HEAD = select(events.c.position, events.c.hash).order_by(events.c.position.desc()).limit(1)
_INSERT_CLOCK = insert(clocks).values(
    case_number=bindparam("clock_case"), name=bindparam("clock_name"),
    status=bindparam("status"), due_on=bindparam("due_on"), provisional=bindparam("provisional"), ledger=bindparam("ledger"),
    changed_at_position=bindparam("changed_at_position"),
)
_UPDATE_CLOCK = (
    update(clocks)
    .where(and_(clocks.c.case_number == bindparam("clock_case"), clocks.c.name == bindparam("clock_name")))
    .values(
        status=bindparam("status"), due_on=bindparam("due_on"), provisional=bindparam("provisional"), ledger=bindparam("ledger"),
        changed_at_position=bindparam("changed_at_position"),
    )
)
_DELETE_CLOCK = delete(clocks).where(and_(clocks.c.case_number == bindparam("clock_case"), clocks.c.name == bindparam("clock_name")))
_NEXT_NUMBER_BY_DIALECT = {"sqlite": _next_number_statement(sqlite.insert), "postgresql": _next_number_statement(postgresql.insert)}


@dataclass(frozen=True)
class RunningClock:
    case_number: str
    kind: str
    state: str
    handler: str | None
    clock: Clock


@dataclass
class CaseBook:
    connection: Connection
    # The kind's due clocks for a case of a kind (KindRegistry.due_clocks): stored cases are read with them.
    due_clocks_of: Callable[[str], tuple[str, ...]]
    _cursor: Any = None

    def _run(self, statement, values: Mapping[str, Any]):
        """A prepared statement on the driver's cursor, inside this connection's transaction."""
        if self._cursor is None:
            self._cursor = self.connection.connection.cursor()
        return compiled_for(self.connection.dialect, statement).execute(self.connection, values, self._cursor)

    # -- numbering ------------------------------------------------------------------------

    def next_number(self, prefix: str, year: int) -> str:
        """Readable and unique per office and year; the counter row serialises concurrent registrations."""
        return f"{prefix}{year}-{self.next_in_series(f'{prefix}{year}'):04d}"

    def next_in_series(self, series: str) -> int:
        """The series' next number: in the writing transaction, so a command that fails leaves no gap."""
        statement = _NEXT_NUMBER_BY_DIALECT[self.connection.dialect.name]
        return self._run(statement, {"series": series}).fetchone()[0]

    # -- cases and events -------------------------------------------------------------------

    def events(self, number: str) -> list[Event]:
        rows = self.connection.execute(
            select(*(events.c[name] for name in EVENT_COLUMNS)).where(events.c.case_number == number).order_by(events.c.version)
        )
        return [event_from_row(row) for row in rows]

    def snapshot(self, number: str) -> Case | None:
        row = self._run(_SNAPSHOT, {"number": number}).fetchone()
        return case_from_json(row[0], self.due_clocks_of) if row and row[0] else None

    def append(
        self,
        previous: Case | None,
        case: Case,
        event: Event,
        calendar: WorkCalendar,
        now: datetime,
    ) -> None:
        """Write the event and the projections it changes; a version already taken means a concurrent change.

        ``previous`` is the case as loaded, so only the clocks the event changed are written (and only
        their due dates are worked out: a clock keeps its answer for a calendar).
        """
        columns = case_columns(case, calendar)
        always = {"version": case.version, "snapshot": case_to_json(case)}
        integrity_error = self.connection.dialect.loaded_dbapi.IntegrityError
        try:
            if previous is None:
                self._run(_INSERT_CASE, {**columns, **always})
            else:
                before = case_columns(previous, calendar)
                changed = {name: value for name, value in columns.items() if before[name] != value}
                moved = self._run(
                    _update_case(tuple(changed)),
                    {**changed, **always, "b_number": case.number, "expected_version": previous.version},
                )
                if moved.rowcount != 1:
                    raise ConcurrentChange(t("case {number} changed while you were acting; nothing was written", number=case.number))
            position = self._append_event(event, now, snapshot_hash(always["snapshot"]))
            self._write_search(previous, case)
            self._write_clocks(previous, case, calendar, position)
            if (previous.appeals if previous is not None else []) != case.appeals:
                write_appeals(self.connection, case)
        except integrity_error:
            raise ConcurrentChange(t("case {number} changed while you were acting; nothing was written", number=case.number)) from None

    def damage(self) -> str | None:
        """The first problem SQLite's quick check finds in the file (None: none, or not SQLite).

        A damaged page the chain never reads (a user's row, an index) would otherwise go unnoticed."""
        if self.connection.dialect.name != "sqlite":
            return None
        try:
            lines = [row[0] for row in self.connection.exec_driver_sql("PRAGMA quick_check").fetchall()]
        except StorageError as error:  # a page the check itself cannot read (storage/driver_errors.py)
            return str(error).removeprefix("database: ")
        return None if lines == ["ok"] else "; ".join(lines[:3])

    def newest_event_not_by(self, user: str) -> Event | None:
        """The most recently recorded event of anyone but ``user`` (None in a book without one): read
        back from the head of the chain, so it stops at the first such event."""
        row = self.connection.execute(
            select(*(events.c[name] for name in EVENT_COLUMNS))
            .where(events.c.user_name != user).order_by(events.c.position.desc()).limit(1)
        ).fetchone()
        return event_from_row(row) if row is not None else None

    def event_count(self) -> int:
        return self.connection.execute(select(func.count()).select_from(events)).scalar_one()

    def chain_head(self) -> Anchor:
        """The newest event's position and hash (position 0 and the genesis hash in an empty book)."""
        row = self._run(_CHAIN_HEAD, {}).fetchone()
        return Anchor(row[0], row[1]) if row else Anchor(0, GENESIS)

    def _append_event(self, event: Event, now: datetime, state: str) -> int:
        """At the head of the chain (its position returned): the command holds the write lock, so the head
        cannot move meanwhile."""
        head = self.chain_head()
        data = canonical_data(event.data)
        recorded_at = as_utc(now)
        self._run(
            _INSERT_EVENT,
            {
                "position": head.position + 1,
                "case_number": event.case,
                "version": event.version,
                "type": event.type,
                "data": data,
                "user_name": event.user,
                "role": event.role,
                "effective_on": event.on,
                "recorded_at": recorded_at,
                "schema_version": event.schema,
                "snapshot_hash": state,
                "acted_by": event.by,
                "hash": chain_hash(
                    head.hash, event.case, event.version, event.type, data, event.user, event.role,
                    event.on, recorded_at, event.schema, state, event.by,
                ),
            },
        )
        return head.position + 1

    def _write_search(self, previous: Case | None, case: Case) -> None:
        """The case's search row, when what `search` matches changed (a registration, a note, an amendment)."""
        if previous is None:
            self._run(INSERT_SEARCH, search_row_values(case))
        elif _searched(previous) != _searched(case):
            self._run(UPDATE_SEARCH, search_row_values(case))

    def _write_clocks(self, previous: Case | None, case: Case, calendar: WorkCalendar, position: int) -> None:
        before = previous.clocks if previous is not None else {}
        for name, clock in case.clocks.items():
            if before.get(name) == clock:
                continue
            values = {
                "clock_case": case.number, "clock_name": name, **clock_columns(clock, calendar), "changed_at_position": position,
            }
            self._run(_UPDATE_CLOCK if name in before else _INSERT_CLOCK, values)
        for name in before.keys() - case.clocks.keys():  # started by a step since undone (workflow/corrections.py)
            self._run(_DELETE_CLOCK, {"clock_case": case.number, "clock_name": name})

    def rewrite_projection(self, case: Case, history: CalendarHistory, clock_positions: Mapping[str, int]) -> None:
        """Rewrite one case's row, clock rows and appeal rows from the case (a repair); events are never touched.

        ``clock_positions``: the event that last changed each clock (the fold's); each clock is judged on
        the calendar in force then if stopped, else on today's, so a stopped clock keeps its due date."""
        main = case.clocks.get(case.due_clock)
        calendar = history.for_clock(main, clock_positions.get(case.due_clock)) if main else history.current
        values = {**case_columns(case, calendar), "version": case.version, "snapshot": case_to_json(case)}
        exists = self.connection.execute(select(cases.c.number).where(cases.c.number == case.number)).first()
        if exists is None:
            self.connection.execute(insert(cases).values(**values))
        else:
            self.connection.execute(update(cases).where(cases.c.number == case.number).values(**values))
        self.connection.execute(delete(clocks).where(clocks.c.case_number == case.number))
        for name, clock in case.clocks.items():
            position = clock_positions[name]
            self.connection.execute(insert(clocks).values(
                case_number=case.number, name=name, **clock_columns(clock, history.for_clock(clock, position)),
                changed_at_position=position,
            ))
        write_appeals(self.connection, case)
        write_search(self.connection, case)

    def reproject_open_clocks(
        self, calendar: WorkCalendar, *, after: tuple[str, str] | None = None, limit: int | None = None,
    ) -> tuple[list[dict[str, Any]], tuple[str, str] | None]:
        """Recompute the stored due dates of running or paused clocks on ``calendar``, in (case, clock) order.

        A holiday added later moves open deadlines; stopped clocks keep the judgement made when they
        stopped. ``after`` and ``limit``: only the clocks past that (case, clock), at most that many (a
        batch). Returns the clocks whose due date moved, and the last (case, clock) read (None: none left
        after it).
        """
        query = (
            select(clocks.c.case_number, clocks.c.name, clocks.c.due_on, clocks.c.provisional, clocks.c.ledger, cases.c.kind)
            .join_from(clocks, cases, cases.c.number == clocks.c.case_number)
            .where(clocks.c.status.in_(("running", "paused")))
            .order_by(clocks.c.case_number, clocks.c.name)
        )
        if after is not None:
            query = query.where(or_(
                clocks.c.case_number > after[0], and_(clocks.c.case_number == after[0], clocks.c.name > after[1])
            ))
        if limit is not None:
            query = query.limit(limit)
        rows = self.connection.execute(query).all()
        moved = []
        for row in rows:
            due = ledger_from_json(row.name, row.ledger).due(calendar)
            due_on, provisional = (due.on, due.provisional) if due else (None, False)
            if (due_on, provisional) == (row.due_on, bool(row.provisional)):
                continue
            self.connection.execute(
                update(clocks)
                .where(and_(clocks.c.case_number == row.case_number, clocks.c.name == row.name))
                .values(due_on=due_on, provisional=provisional)
            )
            # An open clock among the kind's due clocks is the case's (disclosure: the reply clock), and open.
            if row.name in self.due_clocks_of(row.kind):
                self.connection.execute(
                    update(cases).where(cases.c.number == row.case_number)
                    .values(due_on=due_on, provisional=provisional, open_due_on=due_on)
                )
            moved.append({"case": row.case_number, "clock": row.name, "was": row.due_on, "now": due_on, "provisional": provisional})
        more = limit is not None and len(rows) == limit
        return moved, ((rows[-1].case_number, rows[-1].name) if more else None)

    def applications_in_month(self, kind: str, applicant: Mapping[str, Any], day: date) -> list[tuple[str, date, dict[str, Any]]]:
        """(number, received on, applicant) of the cases of ``kind`` received in ``day``'s calendar month whose
        applicant has the same identity number or the same name: the candidates the domain then judges
        (workflow/fees.py ``same_applicant``)."""
        first = day.replace(day=1)
        after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        alike = [cases.c.applicant_name == str(applicant.get("name") or "")]
        if applicant.get("id_number"):
            alike.append(cases.c.id_number == str(applicant["id_number"]))
        query = (
            select(cases.c.number, cases.c.received_on, cases.c.applicant_name, cases.c.id_number, cases.c.phone, cases.c.address)
            .where(cases.c.kind == kind, cases.c.received_on >= first, cases.c.received_on < after, or_(*alike))
            .order_by(cases.c.received_on, cases.c.number)
        )
        return [
            (row.number, row.received_on,
             {"name": row.applicant_name, "id_number": row.id_number, "phone": row.phone, "address": row.address})
            for row in self.connection.execute(query)
        ]

    def running_clocks(self, *, handler: str | None = None) -> list["RunningClock"]:
        """The running clocks with their case's number, kind, state and handler, in (case, clock) order
        (``handler``: only that handler's cases). Nothing of the applicant is read."""
        query = (
            select(clocks.c.case_number, clocks.c.name, clocks.c.ledger, cases.c.kind, cases.c.state, cases.c.handler)
            .join_from(clocks, cases, cases.c.number == clocks.c.case_number)
            .where(clocks.c.status == "running")
            .order_by(clocks.c.case_number, clocks.c.name)
        )
        if handler is not None:
            query = query.where(cases.c.handler == handler)
        return [
            RunningClock(row.case_number, row.kind, row.state, row.handler, ledger_from_json(row.name, row.ledger))
            for row in self.connection.execute(query)
        ]

    def find_cases(
        self, *, state: str | None = None, due_by: date | None = None, due_before: date | None = None,
        kind: str | None = None, handler: str | None = None, channel: str | None = None,
        received_from: date | None = None, received_to: date | None = None,
    ) -> list[Case]:
        """Cases by their projection columns, read from their snapshots (one query; only the cases that
        match are decoded); a voided case only when its state is asked for. ``due_by``, ``due_before``:
        cases whose due clock runs or waits with its due date on or before, or before, that day (the
        open due dates' partial index). The other filters: equal to, or (the receipt dates) within, all of them."""
        query = select(cases.c.snapshot).order_by(cases.c.number)
        query = query.where(cases.c.state == state if state is not None else cases.c.state != VOIDED)
        for column, value in ((cases.c.kind, kind), (cases.c.handler, handler), (cases.c.channel, channel)):
            if value is not None:
                query = query.where(column == value)
        if received_from is not None:
            query = query.where(cases.c.received_on >= received_from)
        if received_to is not None:
            query = query.where(cases.c.received_on <= received_to)
        if due_by is not None or due_before is not None:
            # Said outright, so that SQLite takes the partial index rather than the number's order.
            query = query.where(cases.c.open_due_on.is_not(None))
        if due_by is not None:
            query = query.where(cases.c.open_due_on <= due_by)
        if due_before is not None:
            query = query.where(cases.c.open_due_on < due_before)
        return [case_from_json(text, self.due_clocks_of) for text in self.connection.execute(query).scalars()]


    def search(self, query: str, *, kind: str | None = None, state: str | None = None, limit: int) -> list[Case]:
        """The cases whose number, applicant's name, request or notes hold ``query`` (or whose ID number it is)."""
        return find_by_text(self.connection, query, kind=kind, state=state, limit=limit, due_clocks_of=self.due_clocks_of)


def _searched(case: Case) -> tuple:
    """What the search row is made of (cheaper to compare than the row)."""
    return case.applicant.get("name"), case.request, case.notes


def appeal_table_rows(number: str, appeals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The appeals table's rows of a case, from its appeal records (a Case's or a decoded snapshot's)."""
    rows = [{"case_number": number, **dict(zip(APPEAL_COLUMNS, row))} for row in appeal_rows(appeals)]
    for row in rows:
        row["filed_on"] = date.fromisoformat(row["filed_on"])
        row["decided_on"] = date.fromisoformat(row["decided_on"]) if row["decided_on"] else None
    return rows


def write_appeals(connection, case: Case) -> None:
    """Replace the case's appeal rows (appeals change rarely: a case has a handful at most)."""
    connection.execute(appeals_table.delete().where(appeals_table.c.case_number == case.number))
    rows = appeal_table_rows(case.number, case.appeals)
    if rows:
        connection.execute(appeals_table.insert(), rows)
