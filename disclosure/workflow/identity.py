"""Who acts: the book user a login (or an embedding system) vouches for, and the user they act for.

A name typed on a command line vouches for nothing. The person at the keyboard is the book user whose
``login`` is the OS login (a SQLite book) or the PostgreSQL login (``session_user``), or the user an
embedding system authenticated itself. Only an admin may act *for* another user; the event then records
both names. No login is the system user: the sweep acts as it through its own code path only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from disclosure.workflow.errors import RuleViolation, UnknownUser
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import SYSTEM_USER

__all__ = ["Identity", "BookUser", "Actor", "resolve_actor", "PERSONAL_DATA_ROLES", "may_reveal"]

# Who may see a case's personal data unmasked (with a reason, which the office log keeps): registrars
# (they take applications in), heads and auditors; a handler only for the cases they handle.
PERSONAL_DATA_ROLES = frozenset({"registrar", "head", "auditor"})


@dataclass(frozen=True)
class Identity:
    """What vouches for the person: a login the book maps to a user, or a user an embedder authenticated."""

    login: str | None = None
    user: str | None = None

    def __str__(self) -> str:
        return f"login {self.login}" if self.user is None else f"user {self.user}"


@dataclass(frozen=True)
class BookUser:
    name: str
    login: str | None
    roles: frozenset[str]
    disabled: bool = False


@dataclass(frozen=True)
class Actor:
    """The user an operation is done as; ``by`` is the admin who did it for them (None: themselves)."""

    name: str
    roles: frozenset[str]
    by: str | None = None


def _unknown_user(name: str | None) -> str:
    return t("unknown user {user!r}; an admin adds users with `disclosure users add`", user=name)


def _principal(identity: Identity, users: Mapping[str, BookUser]) -> BookUser:
    if identity.user is not None:
        found = users.get(identity.user)
        if found is None:
            raise UnknownUser(_unknown_user(identity.user))
        return found
    for user in users.values():
        if identity.login is not None and user.login == identity.login:  # no login is the system user's
            return user
    raise UnknownUser(t(
        "the login {login!r} is no user of this case book; an admin adds it with "
        "`disclosure users add NAME --role ROLE --login {login}`",
        login=identity.login,
    ))


def resolve_actor(identity: Identity, users: Mapping[str, BookUser], wanted: str | None) -> Actor:
    """The actor for ``identity`` acting as ``wanted`` (None: as themselves), or why not.

    ``users`` holds at least the identity's own user and ``wanted``'s, by name, when they exist.
    """
    principal = _principal(identity, users)
    if principal.disabled:
        raise RuleViolation(t("user {user} is disabled", user=principal.name))
    if wanted is None or wanted == principal.name:
        return Actor(principal.name, principal.roles)
    if "admin" not in principal.roles:
        raise RuleViolation(t("logged in as {user}, not {wanted}; only an admin acts for another user", user=principal.name, wanted=wanted))
    if wanted == SYSTEM_USER:
        raise RuleViolation(t("no one acts for {system}: it is the scheduler's, through its own commands", system=SYSTEM_USER))
    target = users.get(wanted)
    if target is None:
        raise UnknownUser(_unknown_user(wanted))
    if target.disabled:
        raise RuleViolation(t("user {user} is disabled", user=target.name))
    return Actor(target.name, target.roles, by=principal.name)


def may_reveal(actor: Actor, handler: str | None) -> bool:
    """Whether the actor may see a case's personal data unmasked (the case's handler, or a permitted role)."""
    return bool(actor.roles & PERSONAL_DATA_ROLES) or (handler is not None and handler == actor.name)
