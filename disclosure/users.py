"""The office's set-up and its users: who may act, with which roles, and how the channels reach them.

Every change to a user is an entry in the office log (workflow/office_log.py) written in the same
transaction as the users table it changes, by the actor the identity resolves to.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from disclosure.office_context import OfficeContext
from disclosure.workflow.errors import InvalidInput, NotFound, RuleViolation
from disclosure.workflow.identity import Actor
from disclosure.workflow.messages import t
from disclosure.workflow.office_settings import checked_office_settings
from disclosure.workflow.office_log import USER_ENTRIES
from disclosure.workflow.vocabulary import ROLES, SYSTEM_ROLE, SYSTEM_USER

__all__ = ["Users"]


# Enough to catch a typo that would send a handler's alerts nowhere: an address with one @ and a dotted
# domain; a mobile of digits (a leading + and spaces or hyphens between them allowed), 6 to 20 of them.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_MOBILE = re.compile(r"\+?[0-9](?:[ -]?[0-9]){5,19}")


def _checked_contact(email: str | None, mobile: str | None) -> None:
    """Refuse an e-mail address or mobile number that cannot be one (empty: none, which clears it)."""
    if email and not _EMAIL.fullmatch(email):
        raise InvalidInput(t("{email!r} is not an e-mail address (name@example.gov.cn)", email=email))
    if mobile and not _MOBILE.fullmatch(mobile):
        raise InvalidInput(t("{mobile!r} is not a mobile number (digits, such as 13800000000)", mobile=mobile))


def _checked_roles(roles: Iterable[str]) -> list[str]:
    roles = list(dict.fromkeys(roles))
    for role in roles:
        if role not in ROLES:
            raise InvalidInput(t("unknown role {role!r}; expected one of {roles}", role=role, roles=", ".join(ROLES)))
    return roles


class Users:
    def __init__(self, context: OfficeContext) -> None:
        self._context = context

    def init(self, name: str, *, admin: str | None, prefix: str, settings: dict | None) -> str:
        """The book's office row, its first admin (the identity's login maps to them) and the system user."""
        context, now = self._context, self._context.now()
        if not name or not name.strip():
            raise InvalidInput(t("the office needs a name (--office)"))
        settings = checked_office_settings(settings or {}, context.kinds)
        with context.storage.writing() as uow:
            if uow.users.office() is not None:
                raise RuleViolation(t("this case book is initialised already"))
            identity = context.identity(uow)
            admin = admin or identity.user or identity.login
            if not admin or not admin.strip() or admin == SYSTEM_USER:
                raise InvalidInput(t("the first admin needs a name other than {system}", system=SYSTEM_USER))
            login = identity.login if identity.user is None else admin
            uow.users.create_office(name.strip(), prefix, settings, now)
            actor = Actor(admin, frozenset(ROLES))
            self._add(uow, actor, admin, login, list(ROLES), None, None)
            self._add(uow, actor, SYSTEM_USER, None, [SYSTEM_ROLE], None, None)
        return admin

    def _add(self, uow, actor: Actor, name: str, login: str | None, roles: list[str], email: str | None, mobile: str | None) -> None:
        uow.users.add_user(name, login, roles, email, self._context.now())
        if mobile:
            uow.users.set_mobile(name, mobile)
        data = {"login": login, "roles": roles, **({"email": email} if email else {}), **({"mobile": mobile} if mobile else {})}
        self._context.log(uow, actor, "user-added", name, data)

    def add_user(
        self, name: str, roles: Iterable[str], *, by: str | None, email: str | None, mobile: str | None,
        login: str | None = None,
    ) -> None:
        roles = _checked_roles(roles)
        if not roles:
            raise InvalidInput(t("a user needs at least one --role"))
        if not name or not name.strip():
            raise InvalidInput(t("a user needs a name"))
        login = name if login is None else login
        if not login.strip():
            raise InvalidInput(t("a login cannot be empty"))
        _checked_contact(email, mobile)
        with self._context.storage.writing() as uow:
            actor = self._context.require_role(uow, by, ["admin"], t("managing users"))
            if uow.users.has_user(name):
                raise RuleViolation(t("user {name} exists already", name=name))
            self._check_login_free(uow, login)
            self._add(uow, actor, name, login, roles, email, mobile)

    @staticmethod
    def _check_login_free(uow, login: str) -> None:
        holder = uow.users.user_with_login(login)
        if holder is not None:
            raise RuleViolation(t("the login {login} is user {holder_name}'s already", login=login, holder_name=holder.name))

    def _managed(self, uow, name: str, by: str | None) -> tuple[Actor, Any]:
        """The admin changing user ``name``, and that user's row."""
        actor = self._context.require_role(uow, by, ["admin"], t("managing users"))
        row = uow.users.user(name)
        if row is None:
            raise NotFound(t("no user {name}", name=name))
        if name == SYSTEM_USER:
            raise RuleViolation(t("{system} is the scheduler's user; it is not managed", system=SYSTEM_USER))
        return actor, row

    @staticmethod
    def _check_an_admin_remains(uow, name: str, losing_admin: bool) -> None:
        if not losing_admin:
            return
        admins = [row.name for row in uow.users.users() if "admin" in row.roles.split() and not row.disabled]
        if admins == [name]:
            raise RuleViolation(t("{name} is the last admin; make another user admin first", name=name))

    def change_roles(self, name: str, *, add: Iterable[str] = (), remove: Iterable[str] = (), by: str | None) -> list[str]:
        """Grant ``add`` and revoke ``remove``; the user's roles after."""
        add, remove = _checked_roles(add), _checked_roles(remove)
        if not add and not remove:
            raise InvalidInput(t("give --add or --remove"))
        if set(add) & set(remove):
            raise InvalidInput(t("the role {role} is both added and removed", role=sorted(set(add) & set(remove))[0]))
        with self._context.storage.writing() as uow:
            actor, row = self._managed(uow, name, by)
            held = row.roles.split()
            granted = [role for role in add if role not in held]
            revoked = [role for role in remove if role in held]
            after = [role for role in held if role not in revoked] + granted
            if not after:
                raise RuleViolation(t("{name} would hold no role; disable the user instead", name=name))
            self._check_an_admin_remains(uow, name, "admin" in revoked and not row.disabled)
            if granted:
                self._context.log(uow, actor, "roles-granted", name, {"roles": granted})
            if revoked:
                self._context.log(uow, actor, "roles-revoked", name, {"roles": revoked})
            if granted or revoked:
                uow.users.set_roles(name, after)
            return after

    def set_disabled(self, name: str, disabled: bool, *, by: str | None) -> None:
        with self._context.storage.writing() as uow:
            actor, row = self._managed(uow, name, by)
            if bool(row.disabled) == disabled:
                raise RuleViolation(t("user {name} is disabled already",
                                      name=name) if disabled else t("user {name} is enabled already",
                                                                                                       name=name))
            self._check_an_admin_remains(uow, name, disabled and "admin" in row.roles.split())
            uow.users.set_disabled(name, disabled)
            self._context.log(uow, actor, "user-disabled" if disabled else "user-enabled", name, {})

    def set_login(self, name: str, login: str, *, by: str | None) -> None:
        """Which OS or PostgreSQL login acts as ``name`` (admin only)."""
        if not login or not login.strip():
            raise InvalidInput(t("a login cannot be empty"))
        with self._context.storage.writing() as uow:
            actor, row = self._managed(uow, name, by)
            if row.login == login:
                return
            self._check_login_free(uow, login)
            # The last admin's own login moved elsewhere: the person at the keyboard could manage no one again.
            identity = self._context.identity(uow)
            moving_own = identity.user is None and row.login == identity.login
            self._check_an_admin_remains(uow, name, moving_own and "admin" in row.roles.split() and not row.disabled)
            uow.users.set_login(name, login)
            self._context.log(uow, actor, "login-set", name, {"login": login})

    def whoami(self) -> dict[str, Any]:
        with self._context.storage.reading() as uow:
            identity = self._context.identity(uow)
            actor = self._context.actor(uow)
        return {"login": identity.login, "vouched_user": identity.user, "user": actor.name, "roles": sorted(actor.roles), "acting_by": actor.by}

    def users(self) -> list[dict[str, Any]]:
        with self._context.storage.reading() as uow:
            self._context.actor(uow)
            return [_user_dict(row) for row in uow.users.users()]

    def user(self, name: str) -> dict[str, Any]:
        """One user, with their contacts and the log entries that made them so (oldest first)."""
        with self._context.storage.reading() as uow:
            self._context.actor(uow)
            row = uow.users.user(name)
            if row is None:
                raise NotFound(t("no user {name}", name=name))
            changes = [
                {"position": entry.position, "type": entry.type, "label": USER_ENTRIES[entry.type],
                 "user": entry.user, "acted_by": entry.by, "recorded_at": entry.recorded_at.isoformat(), "data": dict(entry.data)}
                for entry in uow.log.entries(USER_ENTRIES, subject=name)
            ]
            return {**_user_dict(row), "mobile": uow.users.mobiles().get(name), "changes": changes}

    def set_contact(self, name: str, *, by: str | None, email: str | None, mobile: str | None) -> None:
        _checked_contact(email, mobile)
        with self._context.storage.writing() as uow:
            actor = self._context.actor(uow, by)
            if actor.name != name and "admin" not in actor.roles:
                raise RuleViolation(t("changing another user's contact needs the role admin; {actor_name} does not hold "
                                      "it",
                                      actor_name=actor.name))
            if not uow.users.has_user(name):
                raise NotFound(t("no user {name}", name=name))
            changed: dict[str, Any] = {}
            if email is not None:
                uow.users.set_email(name, email or None)
                changed["email"] = email or None
            if mobile is not None:
                uow.users.set_mobile(name, mobile or None)
                changed["mobile"] = mobile or None
            self._context.log(uow, actor, "contact-changed", name, changed)


def _user_dict(row) -> dict[str, Any]:
    return {"name": row.name, "login": row.login, "roles": row.roles.split(), "email": row.email, "disabled": bool(row.disabled)}
