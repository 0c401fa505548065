"""The case book: rows to domain objects and back, inside one unit of work's transaction.

The everyday reads and writes (a registration, a step, a case, a listing, a search) run the statements
compiled ahead (storage/sql_runner.py), so a clerk's command does not import SQLAlchemy; the rarer ones
(a repair, a calendar's reprojection, the sweep's reads) are storage/casebook_core.py's, in Core.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable, Mapping

from disclosure.storage.case_search import find_by_text, search_row_values
from disclosure.storage.event_rows import event_from_row
from disclosure.storage.projection import appeal_rows, appeal_table_rows, case_columns, clock_columns, clock_state_columns
from disclosure.storage.session import Session
from disclosure.storage.snapshots import case_from_json, case_to_json
from disclosure.storage.sql_runner import as_date
from disclosure.storage.tallies import REPLY_CLOCK, Changes, case_facts, step_changes
from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.calendar_history import CalendarHistory
from disclosure.workflow.case import Case
from disclosure.workflow.chain import GENESIS, Anchor, as_utc, canonical_data, chain_hash, snapshot_hash
from disclosure.workflow.corrections import VOIDED
from disclosure.workflow.errors import ConcurrentChange
from disclosure.workflow.events import Event
from disclosure.workflow.messages import t

__all__ = ["CaseBook", "events_head"]


def events_head(sql) -> Anchor:
    """The newest event's position and hash (position 0 and the genesis hash in an empty book), read with
    ``sql`` (the unit's SqlRunner): where a step's event is chained, and what an office-log entry records."""
    return _head_of(sql.one("chain_head"))


def _series(prefix: str, year: int) -> str:
    """A year's numbering series: the number asked for ahead must be the one the registration takes."""
    return f"{prefix}{year}"


def _number_and_head(series: str) -> tuple[tuple[str, dict[str, Any]], ...]:
    """The queries of a registration's number and of the chain's head it will append at, in the order sent."""
    return ("next_number", {"series": series}), ("chain_head", {})


def _head_of(row) -> Anchor:
    """The chain's head from a (position, hash) read, which an empty book leaves empty or null."""
    return Anchor(row[0], row[1]) if row and row[0] is not None else Anchor(0, GENESIS)


@dataclass
class CaseBook:
    session: Session
    # The kind's due clocks for a case of a kind (KindRegistry.due_clocks): stored cases are read with them.
    due_clocks_of: Callable[[str], tuple[str, ...]]
    # The chain's head as last read or written in this unit: read with the case a step loads, moved by each
    # append. Valid in a writing unit only, which holds the book's write lock from its first statement.
    _head: Anchor | None = None

    @property
    def sql(self):
        return self.session.sql

    @property
    def connection(self):
        """SQLAlchemy's connection in this transaction (made on first use)."""
        return self.session.connection

    # -- numbering ------------------------------------------------------------------------

    def next_number(self, prefix: str, year: int) -> str:
        """Readable and unique per office and year; the counter row serialises concurrent registrations."""
        series = _series(prefix, year)
        return f"{series}-{self.next_in_series(series):04d}"

    def ask_ahead_for_number(self, prefix: str, year: int) -> None:
        """The number ``next_number`` will take, and the chain's head, asked for with what the command asks
        first (who acts): on PostgreSQL one round trip for all. Only for a registration that will be numbered
        (should it fail first, its transaction, and the number taken, are rolled back)."""
        for name, values in _number_and_head(_series(prefix, year)):
            self.sql.ask_ahead(name, values)

    def next_in_series(self, series: str) -> int:
        """The series' next number: in the writing transaction, so a command that fails leaves no gap."""
        if self._head is not None:
            return self.sql.one("next_number", {"series": series})[0]
        # The chain's head, which the registration's event needs next, asked for with the number: on
        # PostgreSQL one round trip for both.
        (number,), head = self.sql.each_one(*_number_and_head(series))
        self._head = _head_of(head)
        return number

    # -- cases and events -------------------------------------------------------------------

    def events(self, number: str) -> list[Event]:
        return [event_from_row(row) for row in self.sql.all("case_events", {"number": number})]

    def ask_ahead_for(self, number: str) -> None:
        """The case and the chain's head that ``snapshot`` will read, asked for with what the command asks
        first (who acts, which changes neither): on PostgreSQL one round trip for both."""
        self.sql.ask_ahead("case_and_head", {"number": number})

    def snapshot(self, number: str) -> Case | None:
        snapshot, position, digest = self.sql.one("case_and_head", {"number": number})
        self._head = _head_of((position, digest))
        return case_from_json(snapshot, self.due_clocks_of) if snapshot else None

    def append(self, previous: Case | None, case: Case, event: Event, calendar: WorkCalendar, now: datetime) -> None:
        """Write the event and the projections it changes; a version already taken means a concurrent change.

        ``previous`` is the case as loaded, so only the clocks the event changed are written (and only
        their due dates are worked out: a clock keeps its answer for a calendar).
        """
        columns = case_columns(case, calendar)
        before = case_columns(previous, calendar) if previous is not None else None
        tallied = self._tally_changes(previous, before, case, columns, event, calendar)
        always = {"version": case.version, "snapshot": case_to_json(case)}
        head = self._head or self.chain_head()
        event_row = self._event_row(event, now, snapshot_hash(always["snapshot"]), head)
        position = event_row["position"]
        self.sql.refuse_integrity_errors_with(lambda: self._changed_meanwhile(case))
        try:
            if previous is None:
                self.sql.write("insert_case", {**columns, **always})
                self.sql.write("insert_event", event_row)
            else:
                # Any other column only when its value changed: SQLite rewrites an index's pages whenever
                # one of its columns is in the SET list, changed or not.
                changed = [name for name, value in columns.items() if before[name] != value]
                update = (*changed, *always)
                values = {**{name: columns[name] for name in changed}, **always, "b_number": case.number,
                          "expected_version": previous.version}
                if self.sql.dialect == "postgresql":  # the version's check travels with the event
                    self.sql.update_case_with_event(update, {**values, **event_row})
                elif self.sql.update_case(update, values).rowcount != 1:  # read now: the cursor is reused
                    raise self._changed_meanwhile(case)
                else:
                    self.sql.write("insert_event", event_row)
            self._head = Anchor(position, event_row["hash"])
            self._write_search(previous, case)
            self._write_clocks(previous, case, calendar, position)
            if (previous.appeals if previous is not None else []) != case.appeals:
                self._write_appeals(case)
            for (measure, day, kind, handler, detail), (count, amount) in tallied.items():
                self.sql.write("add_tally", {"measure": measure, "day": day, "kind": kind, "handler": handler,
                                             "detail": detail, "count": count, "fen": amount})
        except self.sql.integrity_error:
            raise self._changed_meanwhile(case) from None

    def _tally_changes(
        self, previous: Case | None, before: dict[str, Any] | None, case: Case, columns: dict[str, Any], event: Event,
        calendar: WorkCalendar,
    ) -> Changes:
        """What the step changes in the reports' tallies (storage/tallies.py)."""
        clock = case.clocks.get(REPLY_CLOCK)

        def stored_days() -> int | None:
            row = self.sql.one("reply_clock_days", {"clock_case": case.number, "clock_name": REPLY_CLOCK})
            return row[0] if row else None

        return step_changes(
            case_facts(before, previous.facts, appeal_rows(previous.appeals)) if previous is not None else None,
            case_facts(columns, case.facts, appeal_rows(case.appeals)),
            event,
            reply_clock_changed=previous is None or previous.clocks.get(REPLY_CLOCK) != clock,
            stored_days=stored_days,
            new_days=lambda: clock_state_columns(clock, calendar)["working_days"] if clock is not None else None,
            # A case with only its registration has no step the tallies count (an assignment's usual case): not read.
            recorded=lambda: self.events(case.number) if previous is not None and previous.version > 1 else [],
        )

    def _changed_meanwhile(self, case: Case) -> ConcurrentChange:
        """A version already taken: the unit is rolled back, and the head this book last wrote is no longer so."""
        self._head = None
        return ConcurrentChange(t("case {number} changed while you were acting; nothing was written", number=case.number))

    def chain_head(self) -> Anchor:
        return events_head(self.sql)

    def _event_row(self, event: Event, now: datetime, state: str, head: Anchor) -> dict[str, Any]:
        """The event's row at the head of the chain: the command holds the write lock, so the head cannot
        move meanwhile."""
        data = canonical_data(event.data)
        recorded_at = as_utc(now)
        return {
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
        }

    def _write_search(self, previous: Case | None, case: Case) -> None:
        """The case's search row, when what `search` matches changed (a registration, a note, an amendment)."""
        if previous is None:
            self.sql.write("insert_search", search_row_values(case))
        elif _searched(previous) != _searched(case):
            self.sql.write("update_search", search_row_values(case))

    def _write_appeals(self, case: Case) -> None:
        """Replace the case's appeal rows (appeals change rarely: a case has a handful at most)."""
        self.sql.write("delete_appeals", {"case_number": case.number})
        self.sql.run_each("insert_appeal", appeal_table_rows(case.number, case.appeals))

    def _write_clocks(self, previous: Case | None, case: Case, calendar: WorkCalendar, position: int) -> None:
        before = previous.clocks if previous is not None else {}
        for name, clock in case.clocks.items():
            if before.get(name) == clock:
                continue
            values = {
                "clock_case": case.number, "clock_name": name, **clock_columns(clock, calendar), "changed_at_position": position,
            }
            self.sql.write("update_clock" if name in before else "insert_clock", values)
        for name in before.keys() - case.clocks.keys():  # started by a step since undone (workflow/corrections.py)
            self.sql.write("delete_clock", {"clock_case": case.number, "clock_name": name})

    def applications_in_month(self, kind: str, applicant: Mapping[str, Any], day: date) -> list[tuple[str, date, dict[str, Any]]]:
        """(number, received on, applicant) of the cases of ``kind`` received in ``day``'s calendar month whose
        applicant has the same identity number or the same name: the candidates the domain then judges
        (workflow/fees.py ``same_applicant``)."""
        first = day.replace(day=1)
        after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        values = {"kind": kind, "first": first, "after": after, "name": str(applicant.get("name") or "")}
        if applicant.get("id_number"):
            condition, values["id_number"] = "same_name_or_id", str(applicant["id_number"])
        else:
            condition = "same_name"
        return [
            (number, as_date(received_on), {"name": name, "id_number": id_number, "phone": phone, "address": address})
            for number, received_on, name, id_number, phone, address in self.sql.filtered("same_applicant", [condition], values)
        ]

    def find_cases(
        self, *, state: str | None = None, due_by: date | None = None, due_before: date | None = None,
        kind: str | None = None, handler: str | None = None, channel: str | None = None,
        received_from: date | None = None, received_to: date | None = None, limit: int | None = None,
        after: str | None = None,
    ) -> list[Case]:
        """Cases by their projection columns, read from their snapshots (one query; only the cases that
        match are decoded), by number; a voided case only when its state is asked for. ``due_by``, ``due_before``:
        cases whose due clock runs or waits with its due date on or before, or before, that day (the
        open due dates' partial index). The other filters: equal to, or (the receipt dates) within, all of them.
        ``limit``: at most this many; ``after``: only numbers after this one (the next page)."""
        given = {
            "kind": kind, "handler": handler, "channel": channel, "received_from": received_from, "received_to": received_to,
            "due_by": due_by, "due_before": due_before, "after": after,
        }
        values = {name: value for name, value in given.items() if value is not None}
        conditions = list(values)
        if state is not None:
            conditions = ["handler_in_state" if name == "handler" else name for name in conditions]
            conditions.append("state")
            values["state"] = state
        else:
            conditions.append("not_voided")
            values["voided"] = VOIDED
        if due_by is not None or due_before is not None:
            conditions.append("due_open")
        if limit is not None:
            values["limit"] = limit
        query = "find_cases" if limit is None else "find_cases_page"
        return [case_from_json(text, self.due_clocks_of) for (text,) in self.sql.filtered(query, conditions, values)]

    def search(self, query: str, *, kind: str | None = None, state: str | None = None, limit: int) -> list[Case]:
        """The cases whose number, applicant's name, request or notes hold ``query`` (or whose ID number it is)."""
        return find_by_text(self.sql, query, kind=kind, state=state, limit=limit, due_clocks_of=self.due_clocks_of)

    # -- the rarer ones, in SQLAlchemy Core (storage/casebook_core.py) ------------------------

    def newest_event_not_by(self, user: str) -> Event | None:
        from disclosure.storage.casebook_core import newest_event_not_by

        return newest_event_not_by(self.connection, user)

    def event_count(self) -> int:
        from disclosure.storage.casebook_core import event_count

        return event_count(self.connection)

    def damage(self) -> str | None:
        from disclosure.storage.casebook_core import damage

        return damage(self.connection)

    def rewrite_projection(self, case: Case, history: CalendarHistory, clock_positions: Mapping[str, int]) -> None:
        """A repair: the case's row, clocks, appeals and search row rewritten from the case (events never touched)."""
        from disclosure.storage.casebook_core import rewrite_projection

        rewrite_projection(self.connection, case, history, clock_positions)
        self._write_appeals(case)
        search = search_row_values(case)
        if self.sql.run("update_search", search).rowcount == 0:
            self.sql.run("insert_search", search)

    def reproject_open_clocks(
        self, calendar: WorkCalendar, *, after: tuple[str, str] | None = None, limit: int | None = None,
    ) -> tuple[list[dict[str, Any]], tuple[str, str] | None]:
        from disclosure.storage.casebook_core import reproject_open_clocks

        return reproject_open_clocks(self.connection, self.due_clocks_of, calendar, after=after, limit=limit)

    def running_clocks(self, *, handler: str | None = None) -> list:
        from disclosure.storage.casebook_core import running_clocks

        return running_clocks(self.connection, handler=handler)


def _searched(case: Case) -> tuple:
    """What the search row is made of (cheaper to compare than the row)."""
    return case.applicant.get("name"), case.request, case.notes
