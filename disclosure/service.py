"""Office: the operations clerks, embedders and the scheduler call. One operation is one transaction.

The Office is a facade: each operation is answered by the area that owns it (cases.py, users.py,
office_calendar.py, notifications/sweeping.py and dispatch.py, audit/operations.py,
reports/operations.py), all sharing one OfficeContext (storage, kinds, settings, calendar, clocks).
"""

from __future__ import annotations

import importlib
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from disclosure.settings import DEFAULT_SETTINGS, Settings
from disclosure.storage.driver_errors import translate_driver_errors
from disclosure.storage.unit_of_work import SqlStorage
from disclosure.timekeeping import now as shanghai_now
from disclosure.timekeeping import today as shanghai_today
from disclosure.office_context import OfficeContext
from disclosure.views import CaseView, ClockView, mask
from disclosure.workflow.calendar import CalendarOverrides, WorkCalendar
from disclosure.workflow.errors import InvalidInput, NotFound
from disclosure.workflow.identity import Identity
from disclosure.workflow.input_bounds import SEARCH_LIMIT
from disclosure.workflow.kinds import BUILT_IN_KINDS, KindRegistry
from disclosure.workflow.messages import t
from disclosure.workflow.text import checks_text_arguments

if TYPE_CHECKING:
    from disclosure.audit.replay import Difference
    from disclosure.audit.verify import Verification
    from disclosure.case_papers import IssuedLetter
    from disclosure.deadlines import Deadline
    from disclosure.storage.database import Engine
    from disclosure.workflow.chain import Anchor
    from disclosure.workflow.clocks import Explanation
    from disclosure.workflow.events import Event

__all__ = ["Office", "CaseView", "ClockView", "mask"]


class _Area:
    """One area of the Office, made on first use (its module imported then): a clerk's command loads its own only."""

    def __init__(self, module: str, name: str, *, with_cases: bool = False) -> None:
        self.module, self.name, self.with_cases = module, name, with_cases

    def __set_name__(self, owner, attribute: str) -> None:
        self.attribute = attribute

    def __get__(self, office, owner=None):
        if office is None:
            return self
        area_class = getattr(importlib.import_module(self.module), self.name)
        area = area_class(office._context, office._cases) if self.with_cases else area_class(office._context)
        office.__dict__[self.attribute] = area  # found there from now on, before this descriptor
        return area


def _context_on(
    connections, *, calendar: WorkCalendar | None, today: Callable[[], date], now: Callable[[], datetime],
    settings: Settings, kinds: KindRegistry, user: str | None,
) -> OfficeContext:
    """What an Office's areas share, on these connections (storage/unit_of_work.py SqlStorage's)."""
    return OfficeContext(
        SqlStorage(connections, kinds.due_clocks), kinds=kinds, settings=settings, calendar=calendar or WorkCalendar(),
        today=today, now=now, identity=None if user is None else Identity(user=user),
    )


@checks_text_arguments  # no NUL or undecodable text reaches either backend (docs/errors.md)
@translate_driver_errors  # no database driver's exception reaches a caller (docs/errors.md)
class Office:
    """One office's case book on one database."""

    def __init__(
        self, engine: Engine, *, calendar: WorkCalendar | None = None, today: Callable[[], date] = shanghai_today,
        now: Callable[[], datetime] = shanghai_now, settings: Settings = DEFAULT_SETTINGS, kinds: KindRegistry = BUILT_IN_KINDS,
        user: str | None = None,
    ) -> None:
        """``user``: the book user an embedding system authenticated itself (its responsibility; docs/security.md);
        without one, the PostgreSQL login (``session_user``) or the OS login, mapped to the user with that login."""
        from disclosure.storage.database import EngineConnections

        self._wire(_context_on(
            EngineConnections(engine), calendar=calendar, today=today, now=now, settings=settings, kinds=kinds, user=user,
        ))

    _cases = _Area("disclosure.cases", "Cases")
    _users = _Area("disclosure.users", "Users")
    _calendar = _Area("disclosure.office_calendar", "OfficeCalendar")
    _sweeper = _Area("disclosure.notifications.sweeping", "Sweeper", with_cases=True)
    _dispatch = _Area("disclosure.notifications.dispatch", "Dispatch")
    _deadlines = _Area("disclosure.deadlines", "Deadlines")
    _finder = _Area("disclosure.case_finder", "CaseFinder")
    _papers = _Area("disclosure.case_papers", "CasePapers", with_cases=True)
    _audit = _Area("disclosure.audit.operations", "Auditing")
    _reports = _Area("disclosure.reports.operations", "Reporting")
    _ledger = _Area("disclosure.ledger.import_rows", "Ledger", with_cases=True)

    def _wire(self, context: OfficeContext) -> None:
        self._context = context

    @property
    def engine(self) -> "Engine":
        """A SQLAlchemy engine on the case book (on a SQLite book, made when first asked for, with its own connections)."""
        return self._context.storage.engine

    @classmethod
    def open(
        cls, url: str, *, calendar: WorkCalendar | None = None, create: bool = True, settings: Settings = DEFAULT_SETTINGS,
        kinds: KindRegistry = BUILT_IN_KINDS, user: str | None = None, **clocks,
    ) -> "Office":
        """Open (and by default create) the case book at a path or database URL, as ``user`` (see ``__init__``)."""
        if "://" not in url and Path(url).expanduser().is_dir():
            raise InvalidInput(t("{url} is a folder, not a case book: name a file in it (--db {example})",
                                 url=url, example=str(Path(url) / "disclosure.db")))
        if not create and "://" not in url and not Path(url).expanduser().is_file():
            raise NotFound(t("no case book at {url}; run `disclosure init` first", url=url))
        if "://" not in url:
            return cls._open_sqlite(str(Path(url).expanduser()), create=create, calendar=calendar, settings=settings,
                                    kinds=kinds, user=user, **clocks)
        from disclosure.storage.database import make_engine
        from disclosure.storage.schema import prepare

        engine = make_engine(url, settings.waits, settings.files)
        try:
            prepare(engine, create=create, url=url)  # a book of an older or newer schema: one line saying what to do
        except Exception:
            engine.dispose()
            raise
        office = cls(engine, calendar=calendar, settings=settings, kinds=kinds, user=user, **clocks)
        office.reload_calendar()
        return office

    @classmethod
    def _open_sqlite(
        cls, path: str, *, create: bool, calendar: WorkCalendar | None, settings: Settings, kinds: KindRegistry,
        user: str | None, today: Callable[[], date] = shanghai_today, now: Callable[[], datetime] = shanghai_now,
    ) -> "Office":
        """A SQLite book on its own sqlite3 connections (storage/sqlite_connections.py): a book at this version's
        schema opens with one read; any other is created, stamped or refused by storage/schema.py first."""
        from disclosure.storage.sqlite_connections import SqliteConnections, is_current_book

        if not is_current_book(path):
            from disclosure.storage.database import make_engine
            from disclosure.storage.schema import prepare

            engine = make_engine(path, settings.waits, settings.files)
            try:
                prepare(engine, create=create, url=path)
            finally:
                engine.dispose()
        office = object.__new__(cls)
        office._wire(_context_on(
            SqliteConnections(path, settings.waits, settings.files), calendar=calendar, today=today, now=now,
            settings=settings, kinds=kinds, user=user,
        ))
        office.reload_calendar()
        return office

    settings = property(lambda self: self._context.settings, lambda self, value: setattr(self._context, "settings", value))
    kinds = property(lambda self: self._context.kinds)
    base_calendar = property(lambda self: self._context.base_calendar, doc="National data and the caller's files.")
    calendar = property(lambda self: self._context.calendar, doc="base_calendar with the case book's own days on top.")

    def acting_as(self, identity: Identity | str) -> "Office":
        """This office, for operations done as ``identity`` (a book user's name an embedder authenticated,
        or an Identity); it shares the database and calendar with this one."""
        twin = object.__new__(type(self))
        twin._wire(self._context.with_identity(Identity(user=identity) if isinstance(identity, str) else identity))
        return twin

    def acting_for(self, user: str | None) -> "Office":
        """This office, with operations that name no user done for ``user``: allowed only when the identity is
        an admin's (the events record both names). The CLI's ``--user``."""
        twin = object.__new__(type(self))
        twin._wire(self._context.with_acting_for(user))
        return twin

    def whoami(self) -> dict[str, Any]:
        """The identity, the book user it maps to, and the user operations act for."""
        return self._users.whoami()

    def today(self) -> date:
        return self._context.today()

    def close(self) -> None:
        self._context.storage.close()

    # -- office, users, calendar ----------------------------------------------------------------

    def init(self, name: str = "政府信息公开办公室", *, admin: str | None = "admin", prefix: str = "", settings: dict | None = None) -> str:
        """Create the office; its first admin (default: named as the login) is the identity's login. Returns the admin's name."""
        return self._users.init(name, admin=admin, prefix=prefix, settings=settings)

    def add_user(
        self, name: str, roles: Iterable[str], *, by: str | None = None, email: str | None = None, mobile: str | None = None,
        login: str | None = None,
    ) -> None:
        """Add a user (admin only); ``login`` (default: the name) is the OS or PostgreSQL login that acts as them."""
        self._users.add_user(name, roles, by=by, email=email, mobile=mobile, login=login)

    def users(self) -> list[dict[str, Any]]:
        return self._users.users()

    def user(self, name: str) -> dict[str, Any]:
        """One user: login, roles, contacts, disabled, and the office-log entries that changed them."""
        return self._users.user(name)

    def change_roles(self, name: str, *, add: Iterable[str] = (), remove: Iterable[str] = (), by: str | None = None) -> list[str]:
        """Grant and revoke roles (admin only; the last admin keeps theirs); the roles after."""
        return self._users.change_roles(name, add=add, remove=remove, by=by)

    def disable_user(self, name: str, *, by: str | None = None) -> None:
        """A disabled user can do nothing (admin only; never the last admin)."""
        self._users.set_disabled(name, True, by=by)

    def enable_user(self, name: str, *, by: str | None = None) -> None:
        self._users.set_disabled(name, False, by=by)

    def set_login(self, name: str, login: str, *, by: str | None = None) -> None:
        """Which OS or PostgreSQL login acts as the user (admin only)."""
        self._users.set_login(name, login, by=by)

    def set_contact(self, name: str, *, by: str | None = None, email: str | None = None, mobile: str | None = None) -> None:
        """How the channels reach a user (admin, or the user themselves)."""
        self._users.set_contact(name, by=by, email=email, mobile=mobile)

    def reload_calendar(self) -> WorkCalendar:
        """Re-read the case book's own calendar days (another process may have loaded some)."""
        return self._calendar.reload()

    def load_calendar(self, overrides: Iterable[CalendarOverrides], *, user: str | None = None) -> dict[str, Any]:
        """Keep these years and days (admin only; a later file wins a day) and move open deadlines to match."""
        return self._calendar.load(overrides, user=user)

    def calendar_days(self, year: int | None = None) -> dict[str, Any]:
        return self._calendar.days(year)

    # -- cases ------------------------------------------------------------------------------------

    def register(self, *, user: str | None = None, on: date | str | None = None, kind: str = "disclosure", **params: Any) -> CaseView:
        """Register a new case; returns it as stored."""
        return self._cases.register(user=user, on=on, kind=kind, **params)

    def act(self, number: str, action: str, *, user: str | None = None, on: date | str | None = None, expected_version: int | None = None, **params: Any) -> CaseView:
        """Take one action on a case; refused actions change nothing."""
        return self._cases.act(number, action, user=user, on=on, expected_version=expected_version, **params)

    # -- a case's papers: letters and files (case_papers.py, docs/letters.md) -------------------------

    def register_with_letter(self, *, user: str | None = None, on: date | str | None = None, kind: str = "disclosure", **params: Any) -> tuple[CaseView, IssuedLetter]:
        """Register and issue the acknowledgement letter in one transaction."""
        return self._papers.register_with_letter(user=user, on=on, kind=kind, **params)

    def act_with_letter(self, number: str, action: str, *, user: str | None = None, on: date | str | None = None, expected_version: int | None = None, **params: Any) -> tuple[CaseView, IssuedLetter]:
        """Take an action and issue the letter that goes with it (workflow/letters.py LETTER_FOR_ACTION): both or neither."""
        return self._papers.act_with_letter(number, action, user=user, on=on, expected_version=expected_version, **params)

    def issue_letter(self, number: str, letter_kind: str, *, user: str | None = None, on: date | str | None = None) -> IssuedLetter:
        """Issue a letter of ``letter_kind`` (a code or its label) for the case as it stands: numbered, kept, recorded."""
        return self._papers.issue_letter(number, letter_kind, user=user, on=on)

    def letters(self, number: str) -> list[dict[str, Any]]:
        return self._papers.letters(number)

    def recheck_letters(self, number: str) -> list[tuple[dict[str, Any], str | None]]:
        """Each issued letter rendered again: None where the same bytes come out, else the reason they differ."""
        return self._papers.recheck_letters(number)

    def attach(self, number: str, content: bytes, name: str, *, kind: str = "other", note: str | None = None, user: str | None = None, on: date | str | None = None) -> dict[str, Any]:
        """Keep a file with the case (content-addressed in the document store, its hash in the chain)."""
        return self._papers.attach(number, content, name, kind=kind, note=note, user=user, on=on)

    def files(self, number: str) -> list[dict[str, Any]]:
        return self._papers.files(number)

    def file(self, number: str, given: str) -> tuple[dict[str, Any], bytes]:
        """A kept file or issued letter (its id, letter number or hash prefix) and its content, checked against its hash."""
        return self._papers.file(number, given)

    # -- fixing mistakes (workflow/corrections.py): each an event of its own ----------------------------

    def void(self, number: str, *, reason: str, user: str | None = None) -> CaseView:
        """Ask to void a registration entered in error (a registrar); a head approves or rejects it."""
        return self._cases.act(number, "void", user=user, reason=reason)

    def approve_void(self, number: str, *, user: str | None = None) -> CaseView:
        """Void the case as asked (a head other than the one who asked): 已作废, left out of reports and listings."""
        return self._cases.act(number, "approve-void", user=user)

    def reject_void(self, number: str, *, reason: str, user: str | None = None) -> CaseView:
        return self._cases.act(number, "reject-void", user=user, reason=reason)

    def amend(self, number: str, *, version: int, field: str, value: str, reason: str, user: str | None = None) -> CaseView:
        """Correct the date (``field="on"``) or a registration's field of the step at ``version`` (a head)."""
        return self._cases.act(number, "amend", user=user, version=version, field=field, value=value, reason=reason)

    def undo(self, number: str, *, user: str | None = None) -> CaseView:
        """Undo the user's own last step on the case, on the day it was recorded."""
        return self._cases.act(number, "undo", user=user)

    def case(self, number: str, *, today: date | None = None, as_of: date | str | None = None, version: int | None = None, reveal: str | None = None) -> CaseView:
        """The case as it stands; or, replayed from its events, as it stood on ``as_of`` or at ``version``.
        Its personal data is masked unless ``reveal`` gives the reason a permitted user sees it (logged)."""
        return self._cases.case(number, today=today, as_of=as_of, version=version, reveal=reveal)

    def cases(
        self, *, state: str | None = None, overdue: bool = False, due_within: int | None = None, on: date | None = None,
        kind: str | None = None, handler: str | None = None, channel: str | None = None,
        received_from: date | str | None = None, received_to: date | str | None = None, limit: int | None = None,
        after: str | None = None,
    ) -> list[CaseView]:
        """Cases by state, kind, handler, channel (codes or labels) and receipt dates (inclusive), every filter
        given holding; ``overdue`` and ``due_within`` (working days) are judged on ``on`` (default today). By
        number: at most ``limit`` (None: every one), after the number ``after`` (the next page)."""
        return self._cases.cases(
            state=state, overdue=overdue, due_within=due_within, on=on, kind=kind, handler=handler, channel=channel,
            received_from=received_from, received_to=received_to, limit=limit, after=after,
        )

    def search(
        self, text: str, *, kind: str | None = None, state: str | None = None, limit: int = SEARCH_LIMIT,
        on: date | None = None,
    ) -> list[CaseView]:
        """The cases whose number, applicant's name, request or notes hold ``text``, or whose applicant's ID
        number it is; by number, at most ``limit``, personal data masked; voided ones only with ``state``."""
        return self._finder.search(text, kind=kind, state=state, limit=limit, on=on)

    def open_deadlines(self, *, handler: str | None = None) -> list[Deadline]:
        """One deadline per running clock of an open case (``handler``: only that user's cases), no personal data."""
        return self._deadlines.open_deadlines(handler=handler)

    def actions(self, number: str, user: str | None = None, *, on: date | None = None) -> list[str]:
        return self._cases.actions(number, user, on=on)

    def history(self, number: str, *, as_of: date | str | None = None, version: int | None = None, reveal: str | None = None) -> list[Event]:
        """The case's events in order; only those effective on or before ``as_of``, or up to ``version``.
        Personal data masked unless revealed, as in ``case``."""
        return self._cases.history(number, as_of=as_of, version=version, reveal=reveal)

    def explain(self, number: str, clock: str | None = None) -> Explanation:
        """How a clock's due date was reached (default: the clock the case's due date comes from)."""
        return self._cases.explain(number, clock)

    # -- the ledger (台账): the register of applications, out and in ------------------------------

    def ledger(self, year: int, *, reveal: str | None = None) -> dict[str, Any]:
        """The applications received in ``year`` as the office's register (``title``, ``rows``), in the order
        received; applicants' names masked unless ``reveal`` gives a permitted user's reason (logged)."""
        return self._ledger.rows(year, reveal=reveal)

    def import_ledger(
        self, path: str | Path, *, mapping: str | Path | None = None, dry_run: bool = False, user: str | None = None,
    ) -> dict[str, Any]:
        """An office's register (XLSX or CSV) as cases with their history, all rows or none (a registrar);
        rows brought in before are skipped. ``dry_run``: every row's problems and steps, nothing written."""
        return self._ledger.import_sheet(path, mapping=mapping, dry_run=dry_run, user=user)

    # -- deadlines that act, and the outbox -------------------------------------------------------

    def sweep(self, on: date | str | None = None, *, confirm: bool = False) -> list[dict[str, Any]]:
        """Every threshold crossed by ``on`` (default today) recorded once and lapsed periods ended; the new
        alerts. Ending a case more than 3 days after the newest event a person recorded needs ``confirm``."""
        return self._sweeper.sweep(on, confirm=confirm)

    def channels(self) -> dict[str, Any]:
        return self._dispatch.channels()

    def notify(self, channels: dict[str, Any] | None = None, *, limit: int | None = None) -> dict[str, list[int]]:
        """Send the deliveries that are due; returns the ids sent, failed (to be retried) and dead."""
        return self._dispatch.notify(channels, limit=limit)

    def notifications(self, status: str | None = None) -> list[dict[str, Any]]:
        """The outbox: each alert through each channel, newest first."""
        return self._dispatch.notifications(status)

    def retry_notifications(self, ids: Iterable[int], *, user: str | None = None) -> None:
        """Make failed or dead deliveries due now (admin or head); an unknown or sent id refuses all."""
        self._dispatch.retry(ids, user=user)

    # -- audit ---------------------------------------------------------------------------------

    def anchor(self) -> Anchor:
        """The head of the chain (position and hash), for an auditor to keep outside the database."""
        return self._audit.anchor()

    def event_count(self) -> int:
        return self._audit.event_count()

    def log_anchor(self) -> Anchor:
        """The office log's head (position and hash), kept outside the database beside ``anchor``."""
        return self._audit.log_anchor()

    def verify(self, anchor: Anchor | None = None, *, progress: Callable[[int], None] | None = None, log_anchor: Anchor | None = None) -> Verification:
        """The chains intact (nothing removed after ``anchor``, nor from the office log after ``log_anchor``)
        and every projection what it vouches for."""
        return self._audit.verify(anchor, progress=progress, log_anchor=log_anchor)

    def replay(self, *, progress: Callable[[int], None] | None = None) -> list[Difference]:
        """Every difference between the stored projections and the events replayed (none: all agree)."""
        return self._audit.replay(progress=progress)

    def repair(self, *, user: str | None = None, progress: Callable[[int], None] | None = None) -> list[str]:
        """Rewrite every disagreeing projection from the events (admin only); the case numbers repaired.
        ``progress`` is told of each case's events as the book is replayed."""
        return self._audit.repair(user=user, progress=progress)

    def export(self, numbers: Iterable[str] = (), *, everything: bool = False, year: int | None = None, progress: Callable[[int], None] | None = None, with_personal_data: str | None = None) -> dict[str, Any]:
        """A self-contained history with the hashes: the given cases, every case, or those received in ``year``.
        Applicants' personal data masked unless ``with_personal_data`` gives a permitted user's reason (logged)."""
        return self._audit.export(numbers, everything=everything, year=year, progress=progress, with_personal_data=with_personal_data)

    def export_documents(self, document: dict[str, Any]) -> dict[str, bytes]:
        """The letters and files an export (made with its personal data) names, by SHA-256: what `--with-files` zips."""
        return self._audit.export_documents(document)

    def access_log(self, *, case: str | None = None, user: str | None = None) -> list[dict[str, Any]]:
        """Who saw whose personal data, when and why (auditors, heads, admins): what 个人信息保护法 asks an office to show."""
        return self._audit.access_log(case=case, user=user)

    # -- reports ---------------------------------------------------------------------------------

    def annual_report(self, year: int, *, parts=None, recount: bool = False):
        """The whole annual report of ``year``: the published one when the year is published (unless
        ``recount``), else counted now with the office's ``parts`` (an OfficeParts, or a TOML or XLSX file's path)
        for 一, 二, 五 and 六; tables 三 and 四 balanced (or ReportImbalance)."""
        return self._reports.annual_report(year, parts=parts, recount=recount)

    def compare_annual_report(self, year: int, *, parts=None) -> dict[str, Any]:
        """The published report of ``year``, a recount, and every figure or text where they differ."""
        return self._reports.compare_annual_report(year, parts=parts)

    def publish_annual_report(self, year: int, *, parts=None, user: str | None = None):
        """Freeze ``year``'s whole report (a head or an admin, once the year is over, once): an office-log entry."""
        return self._reports.publish_annual_report(year, parts=parts, user=user)

    def statistics(self, *, year: int | None = None, quarter: str | None = None, start: date | str | None = None, end: date | str | None = None, by: str | None = None, kind: str | None = None) -> dict[str, Any]:
        """The operating statistics of a period, each kind of case apart (``kind``: only that one; ``by``:
        handler within each kind); reports/stats.py says how each figure is counted."""
        return self._reports.statistics(year=year, quarter=quarter, start=start, end=end, by=by, kind=kind)

    def monthly_series(self, *, year: int | None = None, quarter: str | None = None, start: date | str | None = None, end: date | str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        """Received, concluded and the on-time rate per month of a period, of one kind's cases (the
        chart's data; applications for government information unless ``kind`` says otherwise)."""
        return self._reports.monthly_series(year=year, quarter=quarter, start=start, end=end, kind=kind)
