"""Office: the operations clerks, embedders and the scheduler call. One command is one transaction.

Each command loads the case (its stored snapshot) inside the transaction, lets the domain
decide, appends the event and updates the projections, and commits; a refusal rolls back
and changes nothing.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable

from sqlalchemy import select
from sqlalchemy.engine import Engine

from disclosure.audit.export import CASE_FIELDS, build_export, claimed_cases
from disclosure.audit.replay import Difference, compare, differences, replayed_cases
from disclosure.audit.rows import events_by_position
from disclosure.audit.replay import repair as repair_projection
from disclosure.audit.verify import Verification
from disclosure.audit.verify import verify as verify_book
from disclosure.storage.calendar_store import CalendarStore
from disclosure.storage.tables import CaseRow
from disclosure.storage.casebook import CaseBook
from disclosure.storage.driver_errors import translate_driver_errors
from disclosure.storage.database import (
    create_schema,
    make_engine,
    schema_exists,
    WriteConnections,
)
from disclosure.timekeeping import now as shanghai_now
from disclosure.timekeeping import today as shanghai_today
from disclosure.views import CaseView, ClockView, case_view, mask
from disclosure.workflow.calendar import CalendarOverrides, WorkCalendar, parse_date
from disclosure.workflow.case import Case, Acting, available_actions, decide, replay, try_apply
from disclosure.workflow.chain import Anchor
from disclosure.workflow.clocks import Explanation
from disclosure.workflow.errors import (
    ConcurrentChange,
    InvalidInput,
    NotFound,
    RuleViolation,
    UnknownUser,
)
from disclosure.workflow.events import Event
from disclosure.workflow.kinds import kind as kind_named
from disclosure.workflow.kinds import machine_for
from disclosure.workflow.vocabulary import ROLES, SYSTEM_ROLE, SYSTEM_USER
from disclosure.settings import DEFAULT_SETTINGS, Settings
from disclosure.storage.outbox import (
    STATUSES,
    deliveries,
    record_alerts,
    retry_deliveries,
    running_clocks_due_by,
    set_mobile,
    users_with_roles,
)
from disclosure.storage.snapshots import ledger_from_json
from disclosure.notifications.sweep import alert_json, case_alert, horizon, lapse_alert, office_reminders
from disclosure.workflow.alerts import HEADS, crossings, last_start
from disclosure.workflow.kinds.disclosure import LAPSING_CLOCKS

__all__ = ["Office", "CaseView", "ClockView", "mask"]

_log = logging.getLogger("disclosure.sweep")


@translate_driver_errors  # no database driver's exception reaches a caller (docs/errors.md)
class Office:
    """One office's case book on one database."""

    def __init__(
        self,
        engine: Engine,
        *,
        calendar: WorkCalendar | None = None,
        today: Callable[[], date] = shanghai_today,
        now: Callable[[], datetime] = shanghai_now,
        settings: Settings = DEFAULT_SETTINGS,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self._writes = WriteConnections(engine)
        # National data and any files the caller gave; the case book's own days go on top (open()).
        self.base_calendar = calendar or WorkCalendar()
        self.calendar = self.base_calendar
        self._today = today
        self._now = now
        self._office_row: tuple[str, dict[str, Any]] | None = None

    @classmethod
    def open(
        cls, url: str, *, calendar: WorkCalendar | None = None, create: bool = True, settings: Settings = DEFAULT_SETTINGS,
        **clocks,
    ) -> "Office":
        """Open (and by default create) the case book at a path or database URL."""
        if not create and "://" not in url and not Path(url).expanduser().is_file():
            raise NotFound(f"no case book at {url}; run `disclosure init` first")
        engine = make_engine(url)
        if not create and not schema_exists(engine):
            engine.dispose()
            raise NotFound(f"no case book at {url}; run `disclosure init` first")
        create_schema(engine)  # on an existing book, adds only tables a later version brought
        office = cls(engine, calendar=calendar, settings=settings, **clocks)
        office.reload_calendar()
        return office

    def reload_calendar(self) -> WorkCalendar:
        """Re-read the case book's own calendar days (another process may have loaded some)."""
        with self.engine.connect() as connection:
            stored = CalendarStore(connection).overrides()
        self.calendar = self.base_calendar if stored is None else self.base_calendar.with_overrides(stored)
        return self.calendar

    def close(self) -> None:
        self._writes.close()
        self.engine.dispose()

    def today(self) -> date:
        return self._today()

    # -- office and users ------------------------------------------------------------------

    def init(self, name: str = "政府信息公开办公室", *, admin: str = "admin", prefix: str = "", settings: dict | None = None) -> None:
        with self._writes.transaction() as connection:
            book = CaseBook(connection)
            if book.office() is not None:
                raise RuleViolation("this case book is initialised already")
            book.create_office(name, prefix, settings or {}, self._now())
            book.add_user(admin, ROLES.keys(), None, self._now())
            book.add_user(SYSTEM_USER, [SYSTEM_ROLE], None, self._now())

    def add_user(
        self, name: str, roles: Iterable[str], *, by: str | None = None, email: str | None = None, mobile: str | None = None
    ) -> None:
        roles = list(dict.fromkeys(roles))
        if not roles:
            raise InvalidInput("a user needs at least one --role")
        for role in roles:
            if role not in ROLES:
                raise InvalidInput(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
        if not name or not name.strip():
            raise InvalidInput("a user needs a name")
        with self._writes.transaction() as connection:
            book = CaseBook(connection)
            if by is not None and "admin" not in self._roles(book, by):
                raise RuleViolation(f"managing users needs the role admin; {by} does not hold it")
            if book.user(name) is not None:
                raise RuleViolation(f"user {name} exists already")
            book.add_user(name, roles, email, self._now())
            if mobile:
                set_mobile(connection, name, mobile)

    def load_calendar(self, overrides: Iterable[CalendarOverrides], *, user: str) -> dict[str, Any]:
        """Keep these years and days in the case book (admin only) and move open deadlines to match.

        Parsed files in order (a later one wins on the same day), in one transaction with every
        running or paused clock's stored due date recomputed on the new calendar.
        """
        overrides = list(overrides)
        with self._writes.transaction() as connection:
            book = CaseBook(connection)
            if "admin" not in self._roles(book, user):
                raise RuleViolation(f"loading calendar days needs the role admin; {user} does not hold it")
            store = CalendarStore(connection)
            written = sum(store.store(parsed, user=user, now=self._now()) for parsed in overrides)
            calendar = self.base_calendar.with_overrides(store.overrides())
            moved = book.reproject_open_clocks(calendar)
        self.calendar = calendar
        years = sorted({year for parsed in overrides for year in parsed.years})
        return {"years": years, "days": written, "moved": moved}

    def calendar_days(self, year: int | None = None) -> dict[str, Any]:
        """The years the office declared known and the days it keeps, with where they came from."""
        with self.engine.connect() as connection:
            store = CalendarStore(connection)
            return {"years": store.declared_years(), "days": store.listing(year)}

    def users(self) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return [
                {"name": row.name, "roles": row.roles.split(), "email": row.email}
                for row in CaseBook(connection).users()
            ]

    def _roles(self, book: CaseBook, user: str) -> frozenset[str]:
        roles = book.roles(user)
        if roles is None:
            raise UnknownUser(f"unknown user {user!r}; an admin adds users with `disclosure users add`")
        return frozenset(roles.split())

    # -- commands ------------------------------------------------------------------------------

    def _command(self, book: CaseBook, user: str, on: date | str | None) -> Acting:
        today = self.today()
        effective = today if on is None else parse_date(on, "effective date") if isinstance(on, str) else on
        settings = self._office(book)[1]
        return Acting(user, self._roles(book, user), effective, today, self.calendar, settings)

    def _office(self, book: CaseBook) -> tuple[str, dict[str, Any]]:
        """The number prefix and settings: written once, at init, so read once per Office."""
        if self._office_row is None:
            office = book.office()
            if office is None:
                return "", {}
            self._office_row = (office.number_prefix, json.loads(office.settings))
        return self._office_row

    def register(self, *, user: str, on: date | str | None = None, kind: str = "disclosure", **params: Any) -> CaseView:
        """Register a new case; returns it as stored."""
        case_kind, machine = kind_named(kind), machine_for(kind)
        with self._writes.transaction() as connection:
            book = CaseBook(connection)
            acting = self._command(book, user, on)
            # Decide before numbering, so a refusal never consumes a number.
            event = decide(case_kind, machine, None, "register", acting, params)
            number = book.next_number(self._office(book)[0], acting.on.year)
            event = replace(event, case=number)
            case = try_apply(case_kind, machine, None, event)
            book.append(None, case, event, self.calendar, self._now())
        return case_view(case, self.calendar, acting.today)

    def act(self, number: str, action: str, *, user: str, on: date | str | None = None, expected_version: int | None = None, **params: Any) -> CaseView:
        """Take one action on a case; refused actions change nothing."""
        with self._writes.transaction() as connection:
            book = CaseBook(connection)
            acting = self._command(book, user, on)
            updated = self._act_on(book, number, action, acting, params, expected_version)
        return case_view(updated, self.calendar, acting.today)

    def _act_on(
        self, book: CaseBook, number: str, action: str, acting: Acting, params: dict[str, Any],
        expected_version: int | None = None,
    ) -> Case:
        """One action inside the caller's transaction: decided, applied, appended."""
        case = self._load(book, number)
        if expected_version is not None and case.version != expected_version:
            raise ConcurrentChange(
                f"case {number} is at version {case.version}, not {expected_version}: it changed; nothing was written"
            )
        case_kind, machine = kind_named(case.kind), machine_for(case.kind)
        event = decide(case_kind, machine, case, action, acting, params)
        updated = try_apply(case_kind, machine, case, event)
        book.append(case, updated, event, self.calendar, self._now())
        return updated

    def _load(self, book: CaseBook, number: str) -> Case:
        """The case from its snapshot (kept with every event in the same transaction)."""
        case = book.snapshot(number)
        if case is None:
            raise NotFound(f"no case {number}")
        return case

    # -- queries -----------------------------------------------------------------------------------

    def case(
        self, number: str, *, today: date | None = None, as_of: date | str | None = None, version: int | None = None
    ) -> CaseView:
        """The case as it stands; or, from its events alone, as it stood on ``as_of`` or at ``version``.

        As of a date, the events effective on or before it count and overdue is judged on that day;
        at a version, overdue is judged on that event's effective date.
        """
        if as_of is None and version is None:
            with self.engine.connect() as connection:
                case = self._load(CaseBook(connection), number)
            return case_view(case, self.calendar, today or self.today())
        events = self.history(number, as_of=as_of, version=version)
        case = replay(kind_named(self._kind_of(number)), machine_for(self._kind_of(number)), events)
        judged_on = parse_date(as_of, "--as-of") if as_of is not None else events[-1].on
        return case_view(case, self.calendar, judged_on)

    def _kind_of(self, number: str) -> str:
        with self.engine.connect() as connection:
            return self._load(CaseBook(connection), number).kind

    def cases(
        self,
        *,
        state: str | None = None,
        overdue: bool = False,
        due_within: int | None = None,
        on: date | None = None,
    ) -> list[CaseView]:
        """Cases by state; ``overdue`` and ``due_within`` (working days) are judged on ``on`` (default today)."""
        today = on or self.today()
        due_by = None
        if due_within is not None:
            if due_within < 0:
                raise InvalidInput(f"--due-within must not be negative (got {due_within})")
            due_by = self.calendar.add_working_days(today, due_within).on
        with self.engine.connect() as connection:
            found = CaseBook(connection).find_cases(state=state, due_by=due_by)
        views = [case_view(case, self.calendar, today) for case in found]
        if overdue:
            views = [view for view in views if view.overdue]
        if due_within is not None:
            views = [view for view in views if view.due is not None and view.case.clock_open()]
        return views

    def actions(self, number: str, user: str, *, on: date | None = None) -> list[str]:
        with self.engine.connect() as connection:
            book = CaseBook(connection)
            acting = self._command(book, user, on)
            case = self._load(book, number)
        return available_actions(kind_named(case.kind), machine_for(case.kind), case, acting)

    def history(self, number: str, *, as_of: date | str | None = None, version: int | None = None) -> list[Event]:
        """The case's events in order; only those effective on or before ``as_of``, or up to ``version``."""
        with self.engine.connect() as connection:
            events = CaseBook(connection).events(number)
        if not events:
            raise NotFound(f"no case {number}")
        if version is not None:
            if version < 1 or version > events[-1].version:
                raise InvalidInput(f"case {number} has versions 1 to {events[-1].version}, not {version}")
            events = events[:version]
        if as_of is not None:
            day = parse_date(as_of, "--as-of")
            events = [event for event in events if event.on <= day]
            if not events:
                raise NotFound(f"case {number} was not registered yet on {day.isoformat()}")
        return events

    # -- audit -------------------------------------------------------------------------------------

    def anchor(self) -> Anchor:
        """The head of the chain (position and hash), for an auditor to keep outside the database."""
        with self.engine.connect() as connection:
            return CaseBook(connection).chain_head()

    def event_count(self) -> int:
        with self.engine.connect() as connection:
            return CaseBook(connection).event_count()

    def verify(self, anchor: Anchor | None = None, *, progress: Callable[[int], None] | None = None) -> Verification:
        """The chain intact (and, with an anchor, nothing removed after it), and every projection what the
        chain vouches for. ``progress`` is told of each event twice (walked, then its case checked)."""
        url = self.engine.url.render_as_string(hide_password=False)
        with self.engine.connect() as connection:
            return verify_book(connection, self.calendar, anchor, progress, url=url)

    def replay(self, *, progress: Callable[[int], None] | None = None) -> list[Difference]:
        """Every difference between the stored projections and the events replayed (none: all agree)."""
        with self.engine.connect() as connection:
            return list(differences(connection, self.calendar, progress))

    def repair(self, *, user: str) -> list[str]:
        """Rewrite every disagreeing projection from the events (admin only); events are never touched.

        Returns the case numbers repaired. A case whose events do not fold is refused, and nothing is written.
        """
        with self._writes.transaction() as connection:
            if "admin" not in self._roles(CaseBook(connection), user):
                raise RuleViolation(f"repairing projections needs the role admin; {user} does not hold it")
            disagreeing = [
                replayed for replayed in replayed_cases(connection) if next(compare(replayed, self.calendar), None)
            ]
            for replayed in disagreeing:
                if replayed.case is None:
                    raise RuleViolation(
                        f"case {replayed.number} cannot be rebuilt from its events ({replayed.error}); nothing was repaired"
                    )
                repair_projection(connection, self.calendar, replayed)
        return [replayed.number for replayed in disagreeing]

    def export(
        self,
        numbers: Iterable[str] = (),
        *,
        everything: bool = False,
        year: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> dict[str, Any]:
        """A self-contained history with the hashes: the given cases, every case, or the cases received in ``year``."""
        numbers = list(dict.fromkeys(numbers))
        if sum((bool(numbers), everything, year is not None)) != 1:
            raise InvalidInput("export needs case numbers, --all or --year (one of them)")
        table = CaseRow.__table__
        query = select(*(table.c[field] for field in CASE_FIELDS)).order_by(table.c.number)
        if numbers:
            query = query.where(table.c.number.in_(numbers))
        elif year is not None:
            query = query.where(table.c.received_on >= date(year, 1, 1), table.c.received_on <= date(year, 12, 31))
        with self.engine.connect() as connection:
            cases = list(claimed_cases(row._mapping for row in connection.execute(query)))
            found = {case["number"] for case in cases}
            unknown = [number for number in numbers if number not in found]
            if unknown:
                raise NotFound(f"no case {unknown[0]}")
            office = CaseBook(connection).office()
            return build_export(
                events_by_position(connection),
                (lambda number: True) if everything else found.__contains__,
                cases,
                office=office.name if office else "",
                exported_at=self._now().isoformat(timespec="seconds"),
                selection={"all": True} if everything else {"year": year} if year is not None else {"cases": numbers},
                progress=progress,
            )

    def explain(self, number: str, clock: str | None = None) -> Explanation:
        """How a clock's due date was reached (default: the clock the case's due date comes from)."""
        view = self.case(number)
        clock = clock or view.case.due_clock
        found = view.case.clocks.get(clock)
        if found is None:
            raise NotFound(f"case {number} has no {clock} clock")
        return found.explain(self.calendar)

    # -- deadlines that act ---------------------------------------------------------------------

    def sweep(self, on: date | str | None = None) -> list[dict[str, Any]]:
        """Record every threshold crossed by ``on`` (default today) once, end lapsed applicant periods,
        and queue a delivery per channel for each new alert; all in one transaction.

        Returns the alerts this run created (a second run on the same day: none).
        """
        today = self.today()
        swept_on = today if on is None else parse_date(on, "--on") if isinstance(on, str) else on
        if swept_on > today:
            raise InvalidInput(f"a sweep cannot run ahead of today ({today.isoformat()}): {swept_on.isoformat()}")
        policies = self._alert_policies()
        with self._writes.transaction() as connection:
            book = CaseBook(connection)
            if book.roles(SYSTEM_USER) is None:  # a case book made before the sweep existed
                book.add_user(SYSTEM_USER, [SYSTEM_ROLE], None, self._now())
            heads = users_with_roles(connection, "head") or users_with_roles(connection, "admin")
            registrars = users_with_roles(connection, "registrar")
            found = self._lapses(book, swept_on, registrars)
            names = sorted({name for (_, name), policy in policies.items() if policy})
            for due in running_clocks_due_by(connection, names, horizon(policies, swept_on, self.calendar)):
                policy = policies.get((due.kind, due.clock))
                clock = ledger_from_json(due.clock, due.ledger)
                for crossing in crossings(clock, policy, self.calendar, swept_on):
                    recipients = heads if crossing.audience == HEADS else [due.handler] if due.handler else registrars
                    found.append(case_alert(due, crossing, swept_on, self.calendar, recipients))
            found.extend(office_reminders(swept_on, self.calendar, users_with_roles(connection, "admin", "head")))
            created = record_alerts(connection, found, swept_on, self.settings.channels_for_alerts(), self._now())
        return [alert_json(alert) for alert in created]

    def _alert_policies(self) -> dict[tuple[str, str], Any]:
        """(kind, clock) → thresholds: the disclosure kind's from the office's settings ([alerts]),
        every other kind's from its own definition."""
        from disclosure.workflow.kinds import KINDS

        policies: dict[tuple[str, str], Any] = {}
        for known in KINDS.values():
            for name, spec in known.clock_specs.items():
                policies[(known.code, name)] = self.settings.policies.get(name) if known.code == "disclosure" else spec.policy
        return policies

    def _lapses(self, book: CaseBook, swept_on: date, registrars: list[str]) -> list:
        """Close the cases whose correction or payment period ran out before ``swept_on`` (as the user system)."""
        found = []
        last_day = swept_on - timedelta(days=1)
        for due in running_clocks_due_by(book.connection, LAPSING_CLOCKS, last_day):
            state, outcome = LAPSING_CLOCKS[due.clock]
            if due.kind != "disclosure" or due.state != state:
                continue  # the lapse is the disclosure kind's (another kind may have a clock of that name)
            case = self._load(book, due.case_number)
            # Effective the day after the last day of the period, or the case's last event if later.
            lapsed_on = max(due.due_on + timedelta(days=1), case.last_on or due.due_on)
            acting = Acting(SYSTEM_USER, frozenset({SYSTEM_ROLE}), lapsed_on, self.today(), self.calendar, self._office(book)[1])
            try:
                self._act_on(book, due.case_number, "lapse", acting, {"clock": due.clock})
            except RuleViolation as refused:
                if isinstance(refused, ConcurrentChange):
                    raise  # a failed write: the whole sweep is rolled back and tried again later
                # Refused before anything was written for this case; the others go on.
                _log.warning("case %s: the %s period was not ended: %s", due.case_number, due.clock, refused)
                continue
            started = last_start(case.clocks[due.clock])
            found.append(lapse_alert(due, started, outcome, lapsed_on, [due.handler] if due.handler else registrars))
        return found

    def set_contact(self, name: str, *, by: str, email: str | None = None, mobile: str | None = None) -> None:
        """How the channels reach a user (admin, or the user themselves)."""
        with self._writes.transaction() as connection:
            book = CaseBook(connection)
            if by != name and "admin" not in self._roles(book, by):
                raise RuleViolation(f"changing another user's contact needs the role admin; {by} does not hold it")
            if book.user(name) is None:
                raise NotFound(f"no user {name}")
            if email is not None:
                book.set_email(name, email or None)
            if mobile is not None:
                set_mobile(connection, name, mobile or None)

    def channels(self) -> dict[str, Any]:
        """The channels of the settings (secrets read from the environment), with the console always there."""
        import os

        from disclosure.notifications.channels import ConsoleChannel, build_channels

        built = build_channels(self.settings.channels, os.environ)
        return {"console": ConsoleChannel(), **built}

    def notify(self, channels: dict[str, Any] | None = None, *, limit: int | None = None) -> dict[str, list[int]]:
        """Send the deliveries that are due; returns the ids sent, failed (to be retried) and dead."""
        from disclosure.notifications.delivery import deliver_due

        report = deliver_due(self.engine, self.channels() if channels is None else channels, self.settings, self._now, limit=limit)
        return report.as_dict()

    def notifications(self, status: str | None = None) -> list[dict[str, Any]]:
        """The outbox: each alert through each channel, newest first."""
        if status is not None and status not in STATUSES:
            raise InvalidInput(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        with self.engine.connect() as connection:
            return deliveries(connection, status)

    def retry_notifications(self, ids: Iterable[int], *, user: str) -> None:
        """Make failed or dead deliveries due now (admin or head); an unknown or sent id refuses all."""
        ids = list(dict.fromkeys(ids))
        with self._writes.transaction() as connection:
            if not self._roles(CaseBook(connection), user) & {"admin", "head"}:
                raise RuleViolation(f"retrying deliveries needs the role admin or head; {user} does not hold it")
            refused = retry_deliveries(connection, ids, self._now())
            if refused:
                raise RuleViolation(f"delivery {refused[0]} does not exist or was sent already; nothing was changed")

    # -- reports ---------------------------------------------------------------------------------

    def annual_report(self, year: int):
        """The statutory annual report's tables 三 and 四 for ``year`` (balanced, or ReportImbalance)."""
        from disclosure.reports.annual import annual_report

        with self.engine.connect() as connection:
            office = CaseBook(connection).office()
            return annual_report(connection, year, office.name if office else "")

    def statistics(
        self, *, year: int | None = None, quarter: str | None = None, start: date | str | None = None,
        end: date | str | None = None, by: str | None = None,
    ) -> dict[str, Any]:
        """The operating statistics of a period (reports/stats.py says how each figure is counted)."""
        from disclosure.reports.stats import operating_statistics, period_from

        period = period_from(year, quarter, start, end)
        with self.engine.connect() as connection:
            return operating_statistics(connection, period, self.calendar, by)

    def monthly_series(
        self, *, year: int | None = None, quarter: str | None = None, start: date | str | None = None, end: date | str | None = None
    ) -> list[dict[str, Any]]:
        """Received, concluded and the on-time rate per month of a period (the chart's data)."""
        from disclosure.reports.stats import monthly_series, period_from

        with self.engine.connect() as connection:
            return monthly_series(connection, period_from(year, quarter, start, end))
