"""The case book: rows to domain objects and back, inside one connection's transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable, Mapping

from sqlalchemy import and_, bindparam, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from disclosure.storage.snapshots import case_from_json, case_to_json, ledger_to_json
from disclosure.storage.tables import CaseRow, ClockRow, CounterRow, EventRow, OfficeRow, UserRow
from disclosure.workflow.calendar import Due
from disclosure.workflow.case import Case
from disclosure.workflow.errors import ConcurrentChange
from disclosure.workflow.events import Event

__all__ = ["CaseBook"]

cases = CaseRow.__table__
events = EventRow.__table__
clocks = ClockRow.__table__
users = UserRow.__table__
office = OfficeRow.__table__
counters = CounterRow.__table__


# Built once: SQLAlchemy then reuses their compiled form instead of rebuilding bound values per call.
_SELECT_SNAPSHOT = select(cases.c.snapshot).where(cases.c.number == bindparam("number"))
_INSERT_CASE = insert(cases)
_UPDATE_CASE = update(cases).where(
    and_(cases.c.number == bindparam("b_number"), cases.c.version == bindparam("expected_version"))
)
_INSERT_EVENT = insert(events)
_INSERT_CLOCK = insert(clocks).values(
    case_number=bindparam("clock_case"), name=bindparam("clock_name"),
    status=bindparam("status"), due_on=bindparam("due_on"), provisional=bindparam("provisional"), ledger=bindparam("ledger"),
)
_UPDATE_CLOCK = (
    update(clocks)
    .where(and_(clocks.c.case_number == bindparam("clock_case"), clocks.c.name == bindparam("clock_name")))
    .values(status=bindparam("status"), due_on=bindparam("due_on"), provisional=bindparam("provisional"), ledger=bindparam("ledger"))
)
_SELECT_USER = select(users).where(users.c.name == bindparam("name"))
_SELECT_OFFICE = select(office).where(office.c.id == 1)


def _event_from_row(row) -> Event:
    return Event(
        case=row.case_number,
        version=row.version,
        type=row.type,
        on=row.effective_on,
        user=row.user_name,
        role=row.role,
        data=json.loads(row.data),
        recorded_at=row.recorded_at,
        schema=row.schema_version,
    )


@dataclass
class CaseBook:
    connection: Connection

    # -- office and users -------------------------------------------------------------

    def office(self):
        return self.connection.execute(_SELECT_OFFICE).first()

    def create_office(self, name: str, prefix: str, settings: dict[str, Any], now: datetime) -> None:
        self.connection.execute(
            insert(office).values(id=1, name=name, number_prefix=prefix, settings=json.dumps(settings), created_at=now)
        )

    def user(self, name: str):
        return self.connection.execute(_SELECT_USER, {"name": name}).first()

    def users(self) -> list:
        return list(self.connection.execute(select(users).order_by(users.c.name)))

    def add_user(self, name: str, roles: Iterable[str], email: str | None, now: datetime) -> None:
        self.connection.execute(insert(users).values(name=name, roles=" ".join(roles), email=email, created_at=now))

    # -- numbering ------------------------------------------------------------------------

    def next_number(self, prefix: str, year: int) -> str:
        """Readable and unique per office and year; the counter row serialises concurrent registrations."""
        series = f"{prefix}{year}"
        if self.connection.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert
        # One atomic statement: two registrations racing for the first number of a year cannot collide.
        statement = (
            upsert(counters)
            .values(series=series, last=1)
            .on_conflict_do_update(index_elements=[counters.c.series], set_={"last": counters.c.last + 1})
            .returning(counters.c.last)
        )
        last = self.connection.execute(statement).scalar_one()
        return f"{prefix}{year}-{last:04d}"

    # -- cases and events -------------------------------------------------------------------

    def events(self, number: str) -> list[Event]:
        rows = self.connection.execute(
            select(events).where(events.c.case_number == number).order_by(events.c.version)
        )
        return [_event_from_row(row) for row in rows]

    def snapshot(self, number: str) -> Case | None:
        text = self.connection.execute(_SELECT_SNAPSHOT, {"number": number}).scalar_one_or_none()
        return case_from_json(text) if text else None

    def append(
        self,
        previous: Case | None,
        case: Case,
        event: Event,
        dues: Mapping[str, Due | None],
        now: datetime,
    ) -> None:
        """Write the event and the projections it changes; a version already taken means a concurrent change.

        ``previous`` is the case as loaded, so only the clocks the event changed are written.
        """
        projection = _case_projection(case, dues.get("reply"))
        try:
            if previous is None:
                self.connection.execute(_INSERT_CASE, projection)
            else:
                moved = self.connection.execute(_UPDATE_CASE, {**projection, "b_number": case.number, "expected_version": previous.version})
                if moved.rowcount != 1:
                    raise ConcurrentChange(f"case {case.number} changed while you were acting; nothing was written")
            self.connection.execute(
                _INSERT_EVENT,
                {
                    "case_number": event.case,
                    "version": event.version,
                    "type": event.type,
                    "data": json.dumps(event.data, ensure_ascii=False, sort_keys=True),
                    "user_name": event.user,
                    "role": event.role,
                    "effective_on": event.on,
                    "recorded_at": now,
                    "schema_version": event.schema,
                },
            )
            self._write_clocks(previous, case, dues)
        except IntegrityError:
            raise ConcurrentChange(f"case {case.number} changed while you were acting; nothing was written") from None

    def _write_clocks(self, previous: Case | None, case: Case, dues: Mapping[str, Due | None]) -> None:
        before = previous.clocks if previous is not None else {}
        for name, clock in case.clocks.items():
            if before.get(name) == clock:
                continue
            due = dues[name]
            values = {
                "clock_case": case.number,
                "clock_name": name,
                "status": clock.status.value,
                "due_on": due.on if due else None,
                "provisional": bool(due and due.provisional),
                "ledger": ledger_to_json(clock),
            }
            if name in before:
                self.connection.execute(_UPDATE_CLOCK, values)
            else:
                self.connection.execute(_INSERT_CLOCK, {**values, "case_number": case.number, "name": name})

    def find_cases(self, *, state: str | None = None, due_by: date | None = None) -> list[Case]:
        """Cases by their projection columns, read from their snapshots (one query)."""
        query = select(cases.c.snapshot).order_by(cases.c.number)
        if state is not None:
            query = query.where(cases.c.state == state)
        if due_by is not None:
            query = query.where(cases.c.due_on <= due_by)
        return [case_from_json(text) for text in self.connection.execute(query).scalars()]


def _case_projection(case: Case, due: Due | None) -> dict[str, Any]:
    applicant = case.applicant
    return {
        "number": case.number,
        "kind": case.kind,
        "state": case.state,
        "outcome": case.outcome,
        "applicant_name": applicant.get("name", ""),
        "applicant_type": applicant.get("type", ""),
        "id_number": applicant.get("id_number"),
        "phone": applicant.get("phone"),
        "address": applicant.get("address"),
        "channel": case.channel or "",
        "request": case.request or "",
        "received_on": case.received_on,
        "registered_on": case.registered_on,
        "due_on": due.on if due else None,
        "provisional": bool(due and due.provisional),
        "replied_on": case.replied_on,
        "concluded_on": case.concluded_on,
        "on_time": case.reply_on_time,
        "handler": case.handler,
        "version": case.version,
        "snapshot": case_to_json(case),
    }
