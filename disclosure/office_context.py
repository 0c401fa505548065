"""What every area of the Office shares: its storage, its kinds, settings and calendar, and the clocks.

The areas (cases.py, users.py, office_calendar.py, notifications/sweeping.py, notifications/dispatch.py,
audit/operations.py, reports/operations.py) each hold one of these and open a unit of work per operation.
"""

from __future__ import annotations

import copy
import json
from datetime import date, datetime
from typing import Any, Callable, Iterable

from disclosure.settings import Settings
from disclosure.views import CaseView, case_view
from disclosure.workflow.calendar import WorkCalendar, parse_date
from disclosure.workflow.case import Acting, Case
from disclosure.logins import os_login
from disclosure.workflow.errors import NotFound, RuleViolation
from disclosure.workflow.identity import Actor, Identity, resolve_actor
from disclosure.workflow.kinds import KindRegistry
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import any_of_roles
from disclosure.workflow.office_log import LogEntry

__all__ = ["OfficeContext"]


class OfficeContext:
    def __init__(
        self, storage, *, kinds: KindRegistry, settings: Settings, calendar: WorkCalendar,
        today: Callable[[], date], now: Callable[[], datetime], identity: Identity | None = None,
    ) -> None:
        self.storage = storage  # storage/unit_of_work.py SqlStorage, or an in-memory one in tests
        self.kinds = kinds
        self.settings = settings
        # National data and any files the caller gave; the case book's own days go on top (OfficeCalendar.reload).
        self.base_calendar = calendar
        self.calendar = calendar
        self.today = today
        self.now = now
        self._office_row: tuple[str, dict[str, Any]] | None = None
        # Who is at the keyboard; None until first asked: then the database login (PostgreSQL) or the OS login.
        self._identity = identity
        self.acting_for: str | None = None  # the user operations act for when they name none

    def with_identity(self, identity: Identity) -> "OfficeContext":
        twin = copy.copy(self)
        twin._identity, twin.acting_for = identity, None
        return twin

    def with_acting_for(self, user: str | None) -> "OfficeContext":
        twin = copy.copy(self)
        twin.acting_for = user
        return twin

    def identity(self, uow) -> Identity:
        if self._identity is None:
            self._identity = Identity(login=uow.users.database_login() or os_login())
        return self._identity

    def actor(self, uow, user: str | None = None) -> Actor:
        """The known, enabled user this operation is done as: the identity's own, or ``user`` (or the
        office's ``acting_for``) when the identity is an admin's (workflow/identity.py)."""
        wanted = user if user is not None else self.acting_for
        identity = self.identity(uow)
        return resolve_actor(identity, uow.users.identified(identity, wanted), wanted)

    def require_role(self, uow, user: str | None, roles: Iterable[str], doing: str) -> Actor:
        """The actor, refused unless they hold one of ``roles`` (``doing``: what needs them, for the message)."""
        roles = tuple(roles)
        actor = self.actor(uow, user)
        if not actor.roles & set(roles):
            raise RuleViolation(t("{doing} needs the role {roles}; {actor_name} does not hold it",
                                  doing=doing, roles=any_of_roles(roles), actor_name=actor.name))
        return actor

    def log(self, uow, actor: Actor, entry_type: str, subject: str, data: dict[str, Any]) -> None:
        """One entry at the end of the office log, by ``actor``."""
        uow.log.append(LogEntry(entry_type, actor.name, subject, data, actor.by), self.now())

    def office_row(self, uow) -> tuple[str, dict[str, Any]]:
        """The number prefix and settings: written once, at init, so read once per Office."""
        if self._office_row is None:
            office = uow.users.office()
            if office is None:
                return "", {}
            self._office_row = (office.number_prefix, json.loads(office.settings))
        return self._office_row

    def known_number_prefix(self) -> str | None:
        """The office's number prefix if this Office has read it already (a registration then asks for its
        number with its first query)."""
        return self._office_row[0] if self._office_row is not None else None

    def effective_date(self, on: date | str | None, today: date | None = None) -> date:
        """The date an action takes effect: ``on``, checked, or today."""
        if on is not None:
            return parse_date(on, "effective date")
        return today if today is not None else self.today()

    def acting(self, uow, user: str | None, on: date | str | None) -> Acting:
        today = self.today()
        effective = self.effective_date(on, today)
        actor = self.actor(uow, user)
        return Acting(actor.name, actor.roles, effective, today, self.calendar, self.office_row(uow)[1], by=actor.by)

    def load(self, uow, number: str) -> Case:
        """The case from its snapshot (kept with every event in the same transaction)."""
        case = uow.cases.snapshot(number)
        if case is None:
            raise NotFound(t("no case {number}", number=number))
        return case

    def view(self, case: Case, today: date, *, revealed: bool = False) -> CaseView:
        return case_view(case, self.kinds.kind(case.kind), self.calendar, today, revealed=revealed)
