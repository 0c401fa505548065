"""In-memory storage for the Office's area services: the same repositories as storage/unit_of_work.py,
held in dictionaries, with a unit of work that commits by keeping its changes and rolls back by
restoring what it copied. Tests of the areas' own logic (cases, users, the sweep) run on it in
milliseconds; the database's part is proved by the integration tests."""

from __future__ import annotations

import copy
import json
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, Callable, Iterable, Iterator

from disclosure.storage.casebook_core import RunningClock
from disclosure.storage.outbox_rows import ClockDue, StoredAlert
from disclosure.storage.snapshots import ledger_to_json
from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.case import Case
from disclosure.workflow.clocks import ClockStatus
from disclosure.workflow.corrections import VOIDED
from disclosure.workflow.errors import ConcurrentChange
from disclosure.workflow.events import Event
from disclosure.workflow.identity import BookUser, Identity
from disclosure.workflow.office_log import LogEntry


@dataclass
class _Book:
    office: SimpleNamespace | None = None
    users: dict[str, SimpleNamespace] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    events: dict[str, list[Event]] = field(default_factory=dict)
    # The due date while the due clock runs or waits (the cases row's open_due_on).
    open_due_on: dict[str, date | None] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    alerts: dict[str, StoredAlert] = field(default_factory=dict)
    recorded: list[Event] = field(default_factory=list)  # every event, in the order recorded
    log: list[LogEntry] = field(default_factory=list)


class MemoryCases:
    def __init__(self, book: _Book) -> None:
        self._book = book

    def next_number(self, prefix: str, year: int) -> str:
        series = f"{prefix}{year}"
        self._book.counters[series] = self._book.counters.get(series, 0) + 1
        return f"{series}-{self._book.counters[series]:04d}"

    def ask_ahead_for(self, number: str) -> None:
        pass  # nothing travels: the book is in memory

    def ask_ahead_for_number(self, prefix: str, year: int) -> None:
        pass

    def snapshot(self, number: str) -> Case | None:
        found = self._book.cases.get(number)
        return found.copy() if found is not None else None

    def events(self, number: str) -> list[Event]:
        return list(self._book.events.get(number, []))

    def append(self, previous: Case | None, case: Case, event: Event, calendar: WorkCalendar, now: datetime) -> None:
        stored = self._book.cases.get(case.number)
        if (stored.version if stored is not None else 0) != (previous.version if previous is not None else 0):
            raise ConcurrentChange(f"case {case.number} changed while you were acting; nothing was written")
        self._book.cases[case.number] = case.copy()
        recorded = replace(event, recorded_at=now)
        self._book.events.setdefault(case.number, []).append(recorded)
        self._book.recorded.append(recorded)
        due = case.due(calendar)
        self._book.open_due_on[case.number] = due.on if due is not None and case.clock_open() else None

    def newest_event_not_by(self, user: str) -> Event | None:
        return next((event for event in reversed(self._book.recorded) if event.user != user), None)

    def applications_in_month(self, kind: str, applicant, day: date) -> list:
        return [
            (number, case.received_on, dict(case.applicant)) for number, case in sorted(self._book.cases.items())
            if case.kind == kind and (case.received_on.year, case.received_on.month) == (day.year, day.month)
            and (case.applicant.get("name") == applicant.get("name")
                 or (applicant.get("id_number") and case.applicant.get("id_number") == applicant.get("id_number")))
        ]

    def running_clocks(self, *, handler: str | None = None) -> list[RunningClock]:
        return [
            RunningClock(number, case.kind, case.state, case.handler, clock)
            for number, case in sorted(self._book.cases.items()) if handler is None or case.handler == handler
            for _, clock in sorted(case.clocks.items()) if clock.status is ClockStatus.RUNNING
        ]

    def find_cases(
        self, *, state: str | None = None, due_by: date | None = None, due_before: date | None = None,
        kind: str | None = None, handler: str | None = None, channel: str | None = None,
        received_from: date | None = None, received_to: date | None = None, limit: int | None = None,
        after: str | None = None,
    ) -> list[Case]:
        open_due = self._book.open_due_on
        found = [
            case.copy() for number, case in sorted(self._book.cases.items())
            if (after is None or number > after)
            and (case.state == state if state is not None else case.state != VOIDED)
            and all(value is None or getattr(case, name) == value for name, value in
                    (("kind", kind), ("handler", handler), ("channel", channel)))
            and (received_from is None or case.received_on >= received_from)
            and (received_to is None or case.received_on <= received_to)
            and (due_by is None or (open_due[number] is not None and open_due[number] <= due_by))
            and (due_before is None or (open_due[number] is not None and open_due[number] < due_before))
        ]
        return found if limit is None else found[:limit]


class MemoryUsers:
    def __init__(self, book: _Book) -> None:
        self._book = book

    def office(self):
        return self._book.office

    def create_office(self, name: str, prefix: str, settings: dict[str, Any], now: datetime) -> None:
        self._book.office = SimpleNamespace(name=name, number_prefix=prefix, settings=json.dumps(settings))

    def user(self, name: str):
        return self._book.users.get(name)

    def has_user(self, name: str) -> bool:
        return name in self._book.users

    def all_roles(self) -> dict[str, frozenset[str]]:
        return {name: frozenset(row.roles.split()) for name, row in sorted(self._book.users.items()) if not row.disabled}

    def users(self) -> list:
        return [row for _, row in sorted(self._book.users.items())]

    def add_user(self, name: str, login: str | None, roles: Iterable[str], email: str | None, now: datetime) -> None:
        self._book.users[name] = SimpleNamespace(name=name, login=login, roles=" ".join(roles), email=email, mobile=None, disabled=False)

    def identified(self, identity: Identity, wanted: str | None) -> dict[str, BookUser]:
        return {
            row.name: BookUser(row.name, row.login, frozenset(row.roles.split()), row.disabled)
            for row in self._book.users.values()
            if row.name == wanted or (row.name == identity.user if identity.user is not None else row.login == identity.login)
        }

    def database_login(self) -> str | None:
        return None

    def user_with_login(self, login: str):
        return next((row for row in self._book.users.values() if row.login == login), None)

    def set_roles(self, name: str, roles: Iterable[str]) -> None:
        self._book.users[name].roles = " ".join(roles)

    def set_disabled(self, name: str, disabled: bool) -> None:
        self._book.users[name].disabled = disabled

    def set_login(self, name: str, login: str | None) -> None:
        self._book.users[name].login = login

    def mobiles(self) -> dict[str, str]:
        return {name: row.mobile for name, row in self._book.users.items() if row.mobile}

    def set_email(self, name: str, email: str | None) -> None:
        self._book.users[name].email = email

    def set_mobile(self, name: str, mobile: str | None) -> None:
        self._book.users[name].mobile = mobile


class MemoryLog:
    def __init__(self, book: _Book) -> None:
        self._book = book

    def append(self, entry: LogEntry, now: datetime) -> int:
        self._book.log.append(replace(entry, recorded_at=now, position=len(self._book.log) + 1))
        return len(self._book.log)

    def entries(self, types: Iterable[str] | None = None, *, subject: str | None = None, user: str | None = None):
        return [
            entry for entry in self._book.log
            if (types is None or entry.type in types) and (subject is None or entry.subject == subject)
            and (user is None or user in (entry.user, entry.by))
        ]


class MemoryCalendar:
    """An office that keeps no calendar days of its own."""

    def overrides(self):
        return None


class MemoryOutbox:
    def __init__(self, book: _Book, calendar: Callable[[], WorkCalendar]) -> None:
        self._book = book
        self._calendar = calendar

    def running_clocks_due_by(self, names: Iterable[str], due_by: date) -> list[ClockDue]:
        wanted, found = set(names), []
        for number, case in sorted(self._book.cases.items()):
            for name, clock in sorted(case.clocks.items()):
                due = clock.due(self._calendar()) if clock.status is ClockStatus.RUNNING and name in wanted else None
                if due is not None and due.on <= due_by:
                    found.append(ClockDue(number, name, due.on, ledger_to_json(clock), case.handler, case.kind,
                                          case.state))
        return sorted(found, key=lambda due: (due.due_on, due.case_number, due.clock))

    def record_alerts(self, found, swept_on: date, channels, now: datetime) -> list[StoredAlert]:
        created = [alert for alert in found if alert.key not in self._book.alerts]
        self._book.alerts.update((alert.key, alert) for alert in created)
        return created


@dataclass
class MemoryUnitOfWork:
    cases: MemoryCases
    users: MemoryUsers
    calendar: MemoryCalendar
    outbox: MemoryOutbox
    log: MemoryLog

    def end_ahead(self) -> None:
        """Nothing to send ahead: the unit's changes are kept when its block ends, as before."""


class MemoryStorage:
    """Units of work on dictionaries: a write keeps its changes when its block ends, and none when it raises."""

    def __init__(self, calendar: Callable[[], WorkCalendar]) -> None:
        self.book = _Book()
        self._calendar = calendar

    def _unit(self) -> MemoryUnitOfWork:
        book = self.book
        return MemoryUnitOfWork(
            MemoryCases(book), MemoryUsers(book), MemoryCalendar(), MemoryOutbox(book, self._calendar), MemoryLog(book)
        )

    @contextmanager
    def writing(self) -> Iterator[MemoryUnitOfWork]:
        saved = copy.deepcopy(self.book)
        try:
            yield self._unit()
        except BaseException:
            self.book.__dict__.update(saved.__dict__)
            raise

    @contextmanager
    def reading(self) -> Iterator[MemoryUnitOfWork]:
        yield self._unit()

    def close(self) -> None:
        pass


def memory_office(today: date, now: datetime, users: Iterable[tuple[str, list[str]]]):
    """An office's context on a MemoryStorage with the built-in kinds, initialised by ``admin`` with these
    (name, roles) users, and its Users and Cases areas."""
    from disclosure.cases import Cases
    from disclosure.office_context import OfficeContext
    from disclosure.settings import DEFAULT_SETTINGS
    from disclosure.users import Users
    from disclosure.workflow.kinds import BUILT_IN_KINDS

    context = OfficeContext(
        None, kinds=BUILT_IN_KINDS, settings=DEFAULT_SETTINGS, calendar=WorkCalendar(), today=lambda: today, now=lambda: now,
    )
    context.storage = MemoryStorage(lambda: context.calendar)
    people, cases = Users(context), Cases(context)
    people.init("某区政府信息公开办公室", admin="admin", prefix="", settings=None)
    for name, roles in users:
        people.add_user(name, roles, by="admin", email=None, mobile=None)
    return context, people, cases
