"""What every area of the Office shares: its storage, its kinds, settings and calendar, and the clocks.

The areas (cases.py, users.py, office_calendar.py, notifications/sweeping.py, notifications/dispatch.py,
audit/operations.py, reports/operations.py) each hold one of these and open a unit of work per operation.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, Callable, Iterable

from disclosure.settings import Settings
from disclosure.views import CaseView, case_view
from disclosure.workflow.calendar import WorkCalendar, parse_date
from disclosure.workflow.case import Acting, Case
from disclosure.workflow.errors import NotFound, RuleViolation, UnknownUser
from disclosure.workflow.kinds import KindRegistry

__all__ = ["OfficeContext"]


class OfficeContext:
    def __init__(
        self, storage, *, kinds: KindRegistry, settings: Settings, calendar: WorkCalendar,
        today: Callable[[], date], now: Callable[[], datetime],
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

    def roles(self, uow, user: str) -> frozenset[str]:
        roles = uow.users.roles(user)
        if roles is None:
            raise UnknownUser(f"unknown user {user!r}; an admin adds users with `disclosure users add`")
        return frozenset(roles.split())

    def require_role(self, uow, user: str, roles: Iterable[str], doing: str) -> None:
        """Refuse unless ``user`` holds one of ``roles`` (``doing``: what needs them, for the message)."""
        roles = tuple(roles)
        if not self.roles(uow, user) & set(roles):
            raise RuleViolation(f"{doing} needs the role {' or '.join(roles)}; {user} does not hold it")

    def office_row(self, uow) -> tuple[str, dict[str, Any]]:
        """The number prefix and settings: written once, at init, so read once per Office."""
        if self._office_row is None:
            office = uow.users.office()
            if office is None:
                return "", {}
            self._office_row = (office.number_prefix, json.loads(office.settings))
        return self._office_row

    def acting(self, uow, user: str, on: date | str | None) -> Acting:
        today = self.today()
        effective = today if on is None else parse_date(on, "effective date")
        return Acting(user, self.roles(uow, user), effective, today, self.calendar, self.office_row(uow)[1])

    def load(self, uow, number: str) -> Case:
        """The case from its snapshot (kept with every event in the same transaction)."""
        case = uow.cases.snapshot(number)
        if case is None:
            raise NotFound(f"no case {number}")
        return case

    def view(self, case: Case, today: date) -> CaseView:
        return case_view(case, self.kinds.kind(case.kind), self.calendar, today)
