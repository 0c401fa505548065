"""The office's row and its users as SQLAlchemy Core writes and the rarer reads (storage/users.py's UserBook
hands these over; its everyday reads are compiled ahead)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import insert, select, text
from sqlalchemy.engine import Connection

from disclosure.storage.outbox import contacts, set_mobile
from disclosure.storage.tables import OfficeRow, UserRow

users = UserRow.__table__
office = OfficeRow.__table__

# A disabled user is sent no alerts.


def create_office(connection: Connection, name: str, prefix: str, settings: dict[str, Any], now: datetime) -> None:
    connection.execute(insert(office).values(id=1, name=name, number_prefix=prefix, settings=json.dumps(settings), created_at=now))


def database_login(connection: Connection) -> str:
    return connection.execute(text("SELECT session_user")).scalar_one()


def owns_book(connection: Connection) -> bool:
    return bool(connection.execute(text(
        "SELECT pg_has_role(session_user, tableowner, 'USAGE') FROM pg_tables WHERE tablename = 'events' "
        "AND schemaname = current_schema()"
    )).scalar())


def all_users(connection: Connection) -> list:
    return list(connection.execute(select(users).order_by(users.c.name)))


def add_user(connection: Connection, name: str, login: str | None, roles: Iterable[str], email: str | None, now: datetime) -> None:
    connection.execute(
        insert(users).values(name=name, login=login, roles=" ".join(roles), email=email, disabled=False, created_at=now)
    )


def user(connection: Connection, name: str):
    return connection.execute(select(users).where(users.c.name == name)).first()


def user_with_login(connection: Connection, login: str):
    return connection.execute(select(users).where(users.c.login == login)).first()


def set_user(connection: Connection, name: str, **values) -> None:
    connection.execute(users.update().where(users.c.name == name).values(**values))


def mobiles(connection: Connection) -> dict[str, str]:
    return {name: mobile for name, (_, mobile) in contacts(connection, [row.name for row in all_users(connection)]).items() if mobile}


def set_user_mobile(connection: Connection, name: str, mobile: str | None) -> None:
    set_mobile(connection, name, mobile)
