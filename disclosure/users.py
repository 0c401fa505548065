"""The office's set-up and its users: who may act, with which roles, and how the channels reach them."""

from __future__ import annotations

from typing import Any, Iterable

from disclosure.office_context import OfficeContext
from disclosure.workflow.errors import InvalidInput, NotFound, RuleViolation
from disclosure.workflow.vocabulary import ROLES, SYSTEM_ROLE, SYSTEM_USER

__all__ = ["Users"]


class Users:
    def __init__(self, context: OfficeContext) -> None:
        self._context = context

    def init(self, name: str, *, admin: str, prefix: str, settings: dict | None) -> None:
        now = self._context.now()
        with self._context.storage.writing() as uow:
            if uow.users.office() is not None:
                raise RuleViolation("this case book is initialised already")
            uow.users.create_office(name, prefix, settings or {}, now)
            uow.users.add_user(admin, ROLES.keys(), None, now)
            uow.users.add_user(SYSTEM_USER, [SYSTEM_ROLE], None, now)

    def add_user(
        self, name: str, roles: Iterable[str], *, by: str | None, email: str | None, mobile: str | None
    ) -> None:
        roles = list(dict.fromkeys(roles))
        if not roles:
            raise InvalidInput("a user needs at least one --role")
        for role in roles:
            if role not in ROLES:
                raise InvalidInput(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
        if not name or not name.strip():
            raise InvalidInput("a user needs a name")
        with self._context.storage.writing() as uow:
            if by is not None:
                self._context.require_role(uow, by, ["admin"], "managing users")
            if uow.users.user(name) is not None:
                raise RuleViolation(f"user {name} exists already")
            uow.users.add_user(name, roles, email, self._context.now())
            if mobile:
                uow.users.set_mobile(name, mobile)

    def users(self) -> list[dict[str, Any]]:
        with self._context.storage.reading() as uow:
            return [{"name": row.name, "roles": row.roles.split(), "email": row.email} for row in uow.users.users()]

    def set_contact(self, name: str, *, by: str, email: str | None, mobile: str | None) -> None:
        with self._context.storage.writing() as uow:
            if by != name and "admin" not in self._context.roles(uow, by):
                raise RuleViolation(f"changing another user's contact needs the role admin; {by} does not hold it")
            if uow.users.user(name) is None:
                raise NotFound(f"no user {name}")
            if email is not None:
                uow.users.set_email(name, email or None)
            if mobile is not None:
                uow.users.set_mobile(name, mobile or None)
