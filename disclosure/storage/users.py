"""The office's row and its users: who may act, with which roles, and how the channels reach them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import bindparam, insert, select
from sqlalchemy.engine import Connection

from disclosure.storage.driver import compiled_for
from disclosure.storage.outbox import set_mobile
from disclosure.storage.tables import OfficeRow, UserRow

__all__ = ["UserBook"]

users = UserRow.__table__
office = OfficeRow.__table__

_ROLES = select(users.c.roles).where(users.c.name == bindparam("name"))
_SELECT_USER = select(users).where(users.c.name == bindparam("name"))
_SELECT_OFFICE = select(office).where(office.c.id == 1)
_ALL_ROLES = select(users.c.name, users.c.roles).order_by(users.c.name)


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

    def roles(self, name: str) -> str | None:
        """The user's space-separated roles, or None for an unknown user (every command asks: compiled once)."""
        row = compiled_for(self.connection.dialect, _ROLES).execute(self.connection, {"name": name}).fetchone()
        return row[0] if row else None

    def all_roles(self) -> dict[str, frozenset[str]]:
        """Every user's roles, by name (one read: the sweep picks its recipients from it)."""
        return {name: frozenset(held.split()) for name, held in self.connection.execute(_ALL_ROLES)}

    def users(self) -> list:
        return list(self.connection.execute(select(users).order_by(users.c.name)))

    def add_user(self, name: str, roles: Iterable[str], email: str | None, now: datetime) -> None:
        self.connection.execute(insert(users).values(name=name, roles=" ".join(roles), email=email, created_at=now))

    def set_email(self, name: str, email: str | None) -> None:
        self.connection.execute(users.update().where(users.c.name == name).values(email=email))

    def set_mobile(self, name: str, mobile: str | None) -> None:
        set_mobile(self.connection, name, mobile)
