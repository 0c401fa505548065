"""`disclosure init` and `disclosure users …`."""

from __future__ import annotations

import click

from disclosure.cli._context import AppContext, CodeChoice, pass_app
from disclosure.cli.output import emit, json_option, note
from disclosure.cli.render import table
from disclosure.private_files import book_folder_warnings
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
            raise click.BadParameter(f"expected NAME=VALUE, got {assignment!r}", param_hint="--setting")
        settings[name.strip()] = value.strip()
    if correction_days is not None:
        if correction_days <= 0:
            raise click.BadParameter("must be positive", param_hint="--correction-days")
        settings["correction_days"] = correction_days
    admin = app.office(create=True).init(office_name, admin=admin or app.acting_user(), prefix=prefix, settings=settings)
    emit(
        app, as_json, {"office": office_name, "admin": admin, "prefix": prefix, "db": app.db},
        lambda: [f"initialised {app.db}: {office_name}; admin {admin} holds every role"],
    )
    for warning in book_folder_warnings(app.db, app.settings().files):
        note(app, {"warning": warning}, f"disclosure: warning: {warning}")


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
    app.office().add_user(name, roles, email=email, mobile=mobile, login=login)
    emit(
        app, as_json, {"name": name, "login": login or name, "roles": list(roles), "email": email, "mobile": mobile},
        lambda: [f"added {name} (login {login or name}): " + ", ".join(f"{role} {ROLES[role]}" for role in roles)],
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
    emit(app, as_json, {"name": name, "disabled": True}, lambda: [f"{name} disabled"])


@users.command("enable")
@click.argument("name")
@json_option(help=None)
@pass_app
def users_enable(app: AppContext, name: str, as_json: bool) -> None:
    """Enable a disabled user again (needs the admin role)."""
    app.office().enable_user(name)
    emit(app, as_json, {"name": name, "disabled": False}, lambda: [f"{name} enabled"])


@users.command("login")
@click.argument("name")
@click.argument("login")
@json_option(help=None)
@pass_app
def users_login(app: AppContext, name: str, login: str, as_json: bool) -> None:
    """Set which OS or PostgreSQL login acts as user NAME (needs the admin role)."""
    app.office().set_login(name, login)
    emit(app, as_json, {"name": name, "login": login}, lambda: [f"{name}: login {login}"])


@users.command("show")
@click.argument("name")
@json_option(help=None)
@pass_app
def users_show(app: AppContext, name: str, as_json: bool) -> None:
    """One user: login, roles, contacts, and the office-log entries that changed them."""
    user = app.office().user(name)

    def lines():
        yield f"{user['name']}  login {user['login'] or '-'}" + ("  停用 DISABLED" if user["disabled"] else "")
        yield f"  roles  {_role_text(user['roles'])}"
        yield f"  email  {user['email'] or '-'}   mobile {user['mobile'] or '-'}"
        for line in table(
            (f"#{change['position']}", change["recorded_at"][:19], change["type"], change["label"],
             change["user"] + (f" (by {change['acted_by']})" if change["acted_by"] else ""),
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
    emit(app, as_json, found, lambda: [
        (f"login {found['login']}" if found["login"] else f"user {found['vouched_user']} (vouched by the embedding system)")
        + f" → {found['acting_by'] or found['user']}"
        + (f", acting for {found['user']}" if found["acting_by"] else "") + f": {_role_text(found['roles'])}"
    ])


@users.command("contact")
@click.argument("name")
@click.option("--email", default=None, help="Where e-mail alerts go (\"\" clears it).")
@click.option("--mobile", default=None, help="For the group robots' @-mentions (\"\" clears it).")
@json_option(help=None)
@pass_app
def users_contact(app: AppContext, name: str, email: str | None, mobile: str | None, as_json: bool) -> None:
    """Set how alerts reach a user (an admin, or the user themselves)."""
    if email is None and mobile is None:
        raise click.UsageError("give --email or --mobile")
    app.office().set_contact(name, email=email, mobile=mobile)
    changed = {field: value or None for field, value in (("email", email), ("mobile", mobile)) if value is not None}
    emit(app, as_json, {"name": name, **changed}, lambda: [f"contact of {name} updated"])


@users.command("list")
@json_option(help=None)
@pass_app
def users_list(app: AppContext, as_json: bool) -> None:
    """The users and their roles."""
    rows = app.office().users()
    emit(app, as_json, rows, lambda: table(
        (row["name"], row["login"] or "-", _role_text(row["roles"]), "停用 DISABLED" if row["disabled"] else "") for row in rows
    ))


OFFICE_COMMANDS = (init, users, whoami)
