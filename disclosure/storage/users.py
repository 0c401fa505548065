"""The office's row and its users: who may act, with which roles, and how the channels reach them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import bindparam, false, insert, or_, select, text
from sqlalchemy.engine import Connection

from disclosure.storage.driver import compiled_for
from disclosure.storage.outbox import contacts, set_mobile
from disclosure.storage.tables import OfficeRow, UserRow
from disclosure.workflow.identity import BookUser, Identity

__all__ = ["UserBook"]

users = UserRow.__table__
office = OfficeRow.__table__

_SELECT_USER = select(users).where(users.c.name == bindparam("name"))
_SELECT_OFFICE = select(office).where(office.c.id == 1)
# A disabled user is sent no alerts.
_ALL_ROLES = select(users.c.name, users.c.roles).where(users.c.disabled == false()).order_by(users.c.name)
_IDENTITY_COLUMNS = (users.c.name, users.c.login, users.c.roles, users.c.disabled)
# The identity's own user and the user it acts for, in one read (every command asks).
_BY_LOGIN = select(*_IDENTITY_COLUMNS).where(or_(users.c.login == bindparam("login"), users.c.name == bindparam("wanted")))
_BY_NAME = select(*_IDENTITY_COLUMNS).where(or_(users.c.name == bindparam("user"), users.c.name == bindparam("wanted")))


@dataclass
class UserBook:
    connection: Connection

    def office(self):
        return self.connection.execute(_SELECT_OFFICE).first()

    def create_office(self, name: str, prefix: str, settings: dict[str, Any], now: datetime) -> None:
        self.connection.execute(
            insert(office).values(id=1, name=name, number_prefix=prefix, settings=json.dumps(settings), created_at=now)
        )

    def user(self, name: str):
        return self.connection.execute(_SELECT_USER, {"name": name}).first()

    def identified(self, identity: Identity, wanted: str | None) -> dict[str, BookUser]:
        """The identity's own user and ``wanted``'s, by name (workflow/identity.py resolve_actor reads them)."""
        if identity.user is not None:
            statement, values = _BY_NAME, {"user": identity.user, "wanted": wanted}
        else:
            statement, values = _BY_LOGIN, {"login": identity.login, "wanted": wanted}
        rows = compiled_for(self.connection.dialect, statement).execute(self.connection, values).fetchall()
        return {name: BookUser(name, login, frozenset(roles.split()), bool(disabled)) for name, login, roles, disabled in rows}

    def database_login(self) -> str | None:
        """The PostgreSQL login this connection is (``session_user``); None on SQLite, which has no logins."""
        if self.connection.dialect.name != "postgresql":
            return None
        return self.connection.execute(text("SELECT session_user")).scalar_one()

    def owns_book(self) -> bool:
        """Whether this PostgreSQL login owns the events table (the owner migrates and repairs)."""
        return bool(self.connection.execute(text(
            "SELECT pg_has_role(session_user, tableowner, 'USAGE') FROM pg_tables WHERE tablename = 'events' "
            "AND schemaname = current_schema()"
        )).scalar())

    def all_roles(self) -> dict[str, frozenset[str]]:
        """Every user's roles, by name (one read: the sweep picks its recipients from it)."""
        return {name: frozenset(held.split()) for name, held in self.connection.execute(_ALL_ROLES)}

    def users(self) -> list:
        return list(self.connection.execute(select(users).order_by(users.c.name)))

    def add_user(self, name: str, login: str | None, roles: Iterable[str], email: str | None, now: datetime) -> None:
        self.connection.execute(
            insert(users).values(name=name, login=login, roles=" ".join(roles), email=email, disabled=False, created_at=now)
        )

    def user_with_login(self, login: str):
        return self.connection.execute(select(users).where(users.c.login == login)).first()

    def set_roles(self, name: str, roles: Iterable[str]) -> None:
        self.connection.execute(users.update().where(users.c.name == name).values(roles=" ".join(roles)))

    def set_disabled(self, name: str, disabled: bool) -> None:
        self.connection.execute(users.update().where(users.c.name == name).values(disabled=disabled))

    def set_login(self, name: str, login: str | None) -> None:
        self.connection.execute(users.update().where(users.c.name == name).values(login=login))

    def mobiles(self) -> dict[str, str]:
        """Every user's mobile kept for the group robots, by name."""
        return {name: mobile for name, (_, mobile) in contacts(self.connection, [row.name for row in self.users()]).items() if mobile}

    def set_email(self, name: str, email: str | None) -> None:
        self.connection.execute(users.update().where(users.c.name == name).values(email=email))

    def set_mobile(self, name: str, mobile: str | None) -> None:
        set_mobile(self.connection, name, mobile)
