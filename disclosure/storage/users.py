"""The office's row and its users: who may act, with which roles, and how the channels reach them.

The reads every command makes (the office's row, the acting users) run statements compiled ahead
(storage/sql_runner.py); the rest are storage/users_core.py's, in SQLAlchemy Core.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from disclosure.storage.session import Session
from disclosure.workflow.identity import BookUser, Identity

__all__ = ["UserBook"]

_OfficeRow = namedtuple("_OfficeRow", "name number_prefix settings")


def _core():
    from disclosure.storage import users_core

    return users_core


@dataclass
class UserBook:
    session: Session

    @property
    def connection(self):
        return self.session.connection

    def office(self) -> _OfficeRow | None:
        row = self.session.sql.one("office")
        return _OfficeRow(*row) if row is not None else None

    def has_user(self, name: str) -> bool:
        return self.session.sql.one("user_named", {"name": name}) is not None

    def user(self, name: str):
        """The user's row, or None."""
        return _core().user(self.connection, name)

    def identified(self, identity: Identity, wanted: str | None) -> dict[str, BookUser]:
        """The identity's own user and ``wanted``'s, by name (workflow/identity.py resolve_actor reads them)."""
        if identity.user is not None:
            rows = self.session.sql.all("users_by_name", {"user": identity.user, "wanted": wanted})
        else:
            rows = self.session.sql.all("users_by_login", {"login": identity.login, "wanted": wanted})
        return {name: BookUser(name, login, frozenset(roles.split()), bool(disabled)) for name, login, roles, disabled in rows}

    def database_login(self) -> str | None:
        """The PostgreSQL login this connection is (``session_user``); None on SQLite, which has no logins."""
        if self.session.dialect != "postgresql":
            return None
        return _core().database_login(self.connection)

    def owns_book(self) -> bool:
        """Whether this PostgreSQL login owns the events table (the owner migrates and repairs)."""
        return _core().owns_book(self.connection)

    def create_office(self, name: str, prefix: str, settings: dict[str, Any], now: datetime) -> None:
        _core().create_office(self.connection, name, prefix, settings, now)

    def all_roles(self) -> dict[str, frozenset[str]]:
        """Every enabled user's roles, by name (one read: the sweep picks its recipients from it)."""
        return {name: frozenset(held.split()) for name, held in self.session.sql.all("all_roles", {"disabled": False})}

    def users(self) -> list:
        return _core().all_users(self.connection)

    def add_user(self, name: str, login: str | None, roles: Iterable[str], email: str | None, now: datetime) -> None:
        _core().add_user(self.connection, name, login, roles, email, now)

    def user_with_login(self, login: str):
        return _core().user_with_login(self.connection, login)

    def set_roles(self, name: str, roles: Iterable[str]) -> None:
        _core().set_user(self.connection, name, roles=" ".join(roles))

    def set_disabled(self, name: str, disabled: bool) -> None:
        _core().set_user(self.connection, name, disabled=disabled)

    def set_login(self, name: str, login: str | None) -> None:
        _core().set_user(self.connection, name, login=login)

    def set_email(self, name: str, email: str | None) -> None:
        _core().set_user(self.connection, name, email=email)

    def mobiles(self) -> dict[str, str]:
        """Every user's mobile kept for the group robots, by name."""
        return _core().mobiles(self.connection)

    def set_mobile(self, name: str, mobile: str | None) -> None:
        _core().set_user_mobile(self.connection, name, mobile)
