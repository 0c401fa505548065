"""`disclosure db …`: the case book as a whole (its schema's revision, upgrading it)."""

from __future__ import annotations

import click

from disclosure.cli._context import AppContext, pass_app
from disclosure.cli.output import emit, json_option
from disclosure.cli.render import counted


@click.group("db")
def db_group() -> None:
    """The case book as a whole: its schema, upgrades."""


@db_group.command("status")
@json_option()
@pass_app
def status(app: AppContext, as_json: bool) -> None:
    """The book's schema revision and this version's; what an upgrade would apply."""
    from disclosure.maintenance import schema_status

    found = schema_status(app.db)

    def lines():
        if found["revision"] is None:
            return [f"{app.db}: no case book yet (this version's schema: {found['head']})"]
        verdict = "current" if found["current"] else (
            f"behind: `disclosure db upgrade` applies {', '.join(found['pending'])}" if found["pending"]
            else "ahead: written by a newer version of disclosure"
        )
        return [f"{app.db}: schema {found['revision']}, this version's {found['head']}: {verdict}"]

    emit(app, as_json, found, lines)


@db_group.command("upgrade")
@click.option("--dry-run", is_flag=True, help="Say what would be applied; change nothing.")
@json_option()
@pass_app
def upgrade(app: AppContext, dry_run: bool, as_json: bool) -> None:
    """Bring the book to this version's schema, in one transaction (back it up first)."""
    from disclosure.maintenance import upgrade_book

    applied = upgrade_book(app.db, dry_run=dry_run, kinds=app.kinds())
    verb = "would apply" if dry_run else "applied"
    emit(app, as_json, {"dry_run": dry_run, "revisions": applied},
         lambda: [f"{app.db}: {verb} {', '.join(applied)}" if applied else f"{app.db}: already current"])


@db_group.command("backup")
@click.argument("file", type=click.Path(dir_okay=False))
@json_option()
@pass_app
def backup(app: AppContext, file: str, as_json: bool) -> None:
    """A consistent copy of the book while clerks work, checked once written (SQLite; PostgreSQL: pg_dump)."""
    from disclosure.maintenance import backup_book

    made = backup_book(app.db, file, app.settings().files, app.settings().papers)
    emit(app, as_json, made, lambda: [_checked(made)])


@db_group.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@json_option()
@pass_app
def restore(app: AppContext, file: str, as_json: bool) -> None:
    """Make a SQLite backup FILE a case book again at --db, a new path (never over an existing file)."""
    from disclosure.maintenance import restore_book

    made = restore_book(file, app.db, app.settings().files, app.settings().papers)
    emit(app, as_json, made, lambda: [_checked(made)])


def _checked(made: dict) -> str:
    if made["verified"]:
        return f"{made['file']}: integrity ok; intact: {counted(made['events'], 'event')}, head {made['head']}"
    if made["format"] == "pg_dump":
        return f"{made['file']}: pg_dump written and read back by pg_restore"
    return f"{made['file']}: integrity ok; schema {made['schema']}: verify it after `disclosure db upgrade`"


@db_group.command("roles")
@click.option("--clerk-role", default="disclosure_clerk", show_default=True, help="The group role every clerk's login joins.")
@click.option("--admin-role", default="disclosure_admin", show_default=True, help="The group role admins' logins join (it holds the clerk group).")
@click.option("--apply", "apply", is_flag=True, help="Run the statements (connected through --db as the book's owner); else print them.")
@json_option()
@pass_app
def roles(app: AppContext, clerk_role: str, admin_role: str, apply: bool, as_json: bool) -> None:
    """Least privilege on a shared PostgreSQL book: the SQL creating a clerk and an admin group role."""
    from disclosure.maintenance import book_roles

    made = book_roles(app.db, clerk=clerk_role, admin=admin_role, apply=apply)
    emit(app, as_json, made, lambda: _applied(made) if apply else _script(made))


def _script(made: dict) -> list[str]:
    lines = [f"-- The roles of {made['clerk_role']} (clerks) and {made['admin_role']} (admins); run as the book's owner."]
    lines += [f"{statement};" for statement in made["statements"]]
    return lines + [f"-- {line}" for line in _next_steps(made)]


def _applied(made: dict) -> list[str]:
    lines = [f"{made['clerk_role']} and {made['admin_role']}: privileges set on {len(made['tables'])} tables"]
    if made["append_only"]:
        lines.append(f"append-only (UPDATE, DELETE, TRUNCATE refused but to the owner): {', '.join(made['append_only'])}")
    for group, logins in made["members"].items():
        lines.append(f"{group} granted to: {', '.join(logins) if logins else 'no one yet'}")
    return lines + _next_steps(made)


def _next_steps(made: dict) -> list[str]:
    return [
        f"each clerk connects with a login of their own: GRANT {made['clerk_role']} TO <login>;",
        f"each admin's login: GRANT {made['admin_role']} TO <login>;",
    ]
