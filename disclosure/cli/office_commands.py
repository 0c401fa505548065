"""`disclosure init` and `disclosure users …`."""

from __future__ import annotations

import click

from disclosure.cli._context import AppContext, pass_app
from disclosure.cli.output import emit, json_option
from disclosure.private_files import book_folder_warnings
from disclosure.workflow.vocabulary import ROLES, SYSTEM_ROLE, SYSTEM_ROLE_LABEL


@click.command("init")
@click.option("--office", "office_name", default="政府信息公开办公室", show_default=True, help="The office's name.")
@click.option("--admin", default=None, help="The first user, holding every role (default: the acting user).")
@click.option("--prefix", default="", help="Case number prefix, e.g. GK gives GK2026-0001.")
@click.option("--correction-days", type=int, default=None, help="Default correction period in working days (15).")
@click.option("--setting", "assignments", multiple=True, metavar="NAME=VALUE",
              help="An office setting a kind reads, e.g. petition_unit=workdays; repeatable.")
@pass_app
def init(
    app: AppContext, office_name: str, admin: str | None, prefix: str, correction_days: int | None, assignments: tuple[str, ...]
) -> None:
    """Create the case book and its first user (the admin holds every role)."""
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
    admin = admin or app.acting_user()
    app.office(create=True).init(office_name, admin=admin, prefix=prefix, settings=settings)
    emit(
        app, False, {"office": office_name, "admin": admin, "prefix": prefix, "db": app.db},
        lambda: [f"initialised {app.db}: {office_name}; admin {admin} holds every role"],
    )
    for warning in book_folder_warnings(app.db, app.settings().files):
        click.echo(f"disclosure: warning: {warning}", err=True)


@click.group("users")
def users() -> None:
    """The office's users and their roles (登记员, 承办人, 审查员, 负责人, 审计员, 管理员)."""


@users.command("add")
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(list(ROLES)), help="Repeatable.")
@click.option("--email", default=None, help="Where e-mail alerts go.")
@click.option("--mobile", default=None, help="For @-mentions by the WeCom and DingTalk group robots.")
@pass_app
def users_add(app: AppContext, name: str, roles: tuple[str, ...], email: str | None, mobile: str | None) -> None:
    """Add a user (needs the admin role)."""
    app.office().add_user(name, roles, by=app.acting_user(), email=email, mobile=mobile)
    emit(
        app, False, {"name": name, "roles": list(roles), "email": email, "mobile": mobile},
        lambda: [f"added {name}: " + ", ".join(f"{role} {ROLES[role]}" for role in roles)],
    )


@users.command("contact")
@click.argument("name")
@click.option("--email", default=None, help="Where e-mail alerts go (\"\" clears it).")
@click.option("--mobile", default=None, help="For the group robots' @-mentions (\"\" clears it).")
@pass_app
def users_contact(app: AppContext, name: str, email: str | None, mobile: str | None) -> None:
    """Set how alerts reach a user (an admin, or the user themselves)."""
    if email is None and mobile is None:
        raise click.UsageError("give --email or --mobile")
    app.office().set_contact(name, by=app.acting_user(), email=email, mobile=mobile)
    click.echo(f"contact of {name} updated")


@users.command("list")
@json_option(help=None)
@pass_app
def users_list(app: AppContext, as_json: bool) -> None:
    """The users and their roles."""
    rows = app.office().users()
    labels = {**ROLES, SYSTEM_ROLE: SYSTEM_ROLE_LABEL}
    emit(app, as_json, rows, lambda: (
        f"{row['name']:<16} " + ", ".join(f"{role} {labels.get(role, '')}" for role in row["roles"]) for row in rows
    ))


OFFICE_COMMANDS = (init, users)
