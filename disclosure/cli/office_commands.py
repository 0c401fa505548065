"""`disclosure init` and `disclosure users …`."""

from __future__ import annotations

import os
from contextlib import suppress

import click

from disclosure.cli._context import AppContext, CodeChoice, pass_app
from disclosure.cli.output import emit, json_option, note
from disclosure.cli.render import indented, office_time, table
from disclosure.private_files import book_folder_warnings, sqlite_book_files, sqlite_book_path
from disclosure.workflow.messages import say, t
from disclosure.workflow.vocabulary import ROLES, SYSTEM_ROLE, SYSTEM_ROLE_LABEL


@click.command("init")
@click.option("--office", "office_name", default="政府信息公开办公室", show_default=True, help="The office's name.")
@click.option("--admin", default=None, help="The first user's name; your login acts as them, holding every role (default: --user, else your login).")
@click.option("--prefix", default="", help="Case number prefix, e.g. GK gives GK2026-0001.")
@click.option("--correction-days", type=int, default=None, help="Default correction period in working days (15).")
@click.option("--setting", "assignments", multiple=True, metavar="NAME=VALUE",
              help="An office setting a kind reads, e.g. petition_unit=workdays; repeatable.")
@json_option(help=None)
@pass_app
def init(
    app: AppContext, office_name: str, admin: str | None, prefix: str, correction_days: int | None, assignments: tuple[str, ...],
    as_json: bool,
) -> None:
    """Create the case book and its first user (the admin holds every role; your login acts as them)."""
    settings = {}
    for assignment in assignments:
        name, sign, value = assignment.partition("=")
        if not sign or not name.strip():
            raise click.BadParameter(say(t("expected NAME=VALUE, got {assignment!r}", assignment=assignment)), param_hint="--setting")
        settings[name.strip()] = value.strip()
    if correction_days is not None:
        if correction_days <= 0:
            raise click.BadParameter(say(t("must be positive")), param_hint="--correction-days")
        settings["correction_days"] = correction_days
    book = sqlite_book_path(app.db)
    created = book is not None and not book.exists()
    try:
        admin = app.office(create=True).init(office_name, admin=admin or app.acting_user(), prefix=prefix, settings=settings)
    except BaseException:
        if created:  # a refused init leaves no book behind: the same init, corrected, starts afresh
            app.close()
            for leftover in sqlite_book_files(app.db):
                with suppress(FileNotFoundError):
                    os.unlink(leftover)
        raise
    emit(
        app, as_json, {"office": office_name, "admin": admin, "prefix": prefix, "db": app.db},
        lambda: [t("initialised {db}: {office}; admin {admin} holds every role", db=app.db, office=office_name, admin=admin)],
    )
    for warning in book_folder_warnings(app.db, app.settings().files):
        note(app, {"warning": warning}, t("disclosure: warning: {warning}", warning=warning))


@click.group("users")
def users() -> None:
    """The office's users and their roles (登记员, 承办人, 审查员, 负责人, 审计员, 管理员)."""


@users.command("add")
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True, type=CodeChoice(ROLES), help="Repeatable.")
@click.option("--email", default=None, help="Where e-mail alerts go.")
@click.option("--mobile", default=None, help="For @-mentions by the WeCom and DingTalk group robots.")
@click.option("--login", default=None, help="The OS or PostgreSQL login that acts as this user (default: the name).")
@json_option(help=None)
@pass_app
def users_add(
    app: AppContext, name: str, roles: tuple[str, ...], email: str | None, mobile: str | None, login: str | None, as_json: bool
) -> None:
    """Add a user (needs the admin role)."""
    roles = tuple(dict.fromkeys(roles))  # a role given twice is held once, and said once
    app.office().add_user(name, roles, email=email, mobile=mobile, login=login)
    emit(
        app, as_json, {"name": name, "login": login or name, "roles": list(roles), "email": email, "mobile": mobile},
        lambda: [t("added {name} (login {login}): {roles}", name=name, login=login or name, roles=_role_text(roles))],
    )


def _role_text(roles) -> str:
    labels = {**ROLES, SYSTEM_ROLE: SYSTEM_ROLE_LABEL}
    return ", ".join(f"{role} {labels.get(role, '')}" for role in roles)


@users.command("roles")
@click.argument("name")
@click.option("--add", "added", multiple=True, type=CodeChoice(ROLES), help="Grant this role; repeatable.")
@click.option("--remove", "removed", multiple=True, type=CodeChoice(ROLES), help="Revoke this role; repeatable.")
@json_option(help=None)
@pass_app
def users_roles(app: AppContext, name: str, added: tuple[str, ...], removed: tuple[str, ...], as_json: bool) -> None:
    """Grant or revoke a user's roles (needs the admin role; the last admin keeps theirs)."""
    roles = app.office().change_roles(name, add=added, remove=removed)
    emit(app, as_json, {"name": name, "roles": roles}, lambda: [f"{name}: {_role_text(roles)}"])


@users.command("disable")
@click.argument("name")
@json_option(help=None)
@pass_app
def users_disable(app: AppContext, name: str, as_json: bool) -> None:
    """Disable a user: they can do nothing until enabled (needs the admin role; never the last admin)."""
    app.office().disable_user(name)
    emit(app, as_json, {"name": name, "disabled": True}, lambda: [t("{name} disabled", name=name)])


@users.command("enable")
@click.argument("name")
@json_option(help=None)
@pass_app
def users_enable(app: AppContext, name: str, as_json: bool) -> None:
    """Enable a disabled user again (needs the admin role)."""
    app.office().enable_user(name)
    emit(app, as_json, {"name": name, "disabled": False}, lambda: [t("{name} enabled", name=name)])


@users.command("login")
@click.argument("name")
@click.argument("login")
@json_option(help=None)
@pass_app
def users_login(app: AppContext, name: str, login: str, as_json: bool) -> None:
    """Set which OS or PostgreSQL login acts as user NAME (needs the admin role)."""
    app.office().set_login(name, login)
    emit(app, as_json, {"name": name, "login": login}, lambda: [t("{name}: login {login}", name=name, login=login)])


@users.command("show")
@click.argument("name")
@json_option(help=None)
@pass_app
def users_show(app: AppContext, name: str, as_json: bool) -> None:
    """One user: login, roles, contacts, and the office-log entries that changed them."""
    user = app.office().user(name)

    def lines():
        login = user["login"] or "-"
        yield t("{name}  login {login}  停用 DISABLED", name=user["name"], login=login) if user["disabled"] else t(
            "{name}  login {login}", name=user["name"], login=login)
        yield indented(t("roles  {roles}", roles=_role_text(user["roles"])))
        yield indented(t("email  {email}   mobile {mobile}", email=user["email"] or "-", mobile=user["mobile"] or "-"))
        for line in table(
            (f"#{change['position']}", office_time(change["recorded_at"]), change["type"], change["label"],
             t("{user} (by {acted_by})", user=change["user"], acted_by=change["acted_by"]) if change["acted_by"] else change["user"],
             ", ".join(f"{key}={value}" for key, value in sorted(change["data"].items())))
            for change in user["changes"]
        ):
            yield "  " + line

    emit(app, as_json, user, lines)


@click.command("whoami")
@json_option(help=None)
@pass_app
def whoami(app: AppContext, as_json: bool) -> None:
    """Who you act as: your login, its book user, and the user --user has you act for."""
    found = app.office(create=False).whoami()
    emit(app, as_json, found, lambda: [_who(found)])


def _who(found: dict):
    """`whoami`'s line: who the login is, the user it acts as (and for), and their roles."""
    who = t("login {login}", login=found["login"]) if found["login"] else t(
        "user {user} (vouched by the embedding system)", user=found["vouched_user"])
    roles = _role_text(found["roles"])
    if found["acting_by"]:
        return t("{who} → {acting_by}, acting for {user}: {roles}", who=who, acting_by=found["acting_by"], user=found["user"], roles=roles)
    return t("{who} → {user}: {roles}", who=who, user=found["user"], roles=roles)


@users.command("contact")
@click.argument("name")
@click.option("--email", default=None, help="Where e-mail alerts go (\"\" clears it).")
@click.option("--mobile", default=None, help="For the group robots' @-mentions (\"\" clears it).")
@json_option(help=None)
@pass_app
def users_contact(app: AppContext, name: str, email: str | None, mobile: str | None, as_json: bool) -> None:
    """Set how alerts reach a user (an admin, or the user themselves)."""
    if email is None and mobile is None:
        raise click.UsageError(t("give --email or --mobile"))
    app.office().set_contact(name, email=email, mobile=mobile)
    changed = {field: value or None for field, value in (("email", email), ("mobile", mobile)) if value is not None}
    emit(app, as_json, {"name": name, **changed}, lambda: [t("contact of {name} updated", name=name)])


@users.command("list")
@json_option(help=None)
@pass_app
def users_list(app: AppContext, as_json: bool) -> None:
    """The users and their roles."""
    rows = app.office().users()
    emit(app, as_json, rows, lambda: table(
        (row["name"], row["login"] or "-", _role_text(row["roles"]), t("停用 DISABLED") if row["disabled"] else "") for row in rows
    ))
