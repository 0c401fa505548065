"""`disclosure db …`: the case book as a whole (its schema's revision, upgrading it)."""

from __future__ import annotations

import click

from disclosure.cli._context import AppContext, pass_app
from disclosure.cli.output import emit, json_option
from disclosure.cli.render import counted
from disclosure.workflow.messages import t


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
            return [t("{db}: no case book yet (this version's schema: {head})", db=app.db, head=found["head"])]
        verdict = t("current") if found["current"] else (
            t("behind: `disclosure db upgrade` applies {revisions}", revisions=", ".join(found["pending"])) if found["pending"]
            else t("ahead: written by a newer version of disclosure")
        )
        return [t("{db}: schema {revision}, this version's {head}: {verdict}", db=app.db, revision=found["revision"], head=found["head"], verdict=verdict)]

    emit(app, as_json, found, lines)


@db_group.command("upgrade")
@click.option("--dry-run", is_flag=True, help="Say what would be applied; change nothing.")
@json_option()
@pass_app
def upgrade(app: AppContext, dry_run: bool, as_json: bool) -> None:
    """Bring the book to this version's schema, in one transaction (back it up first)."""
    from disclosure.maintenance import upgrade_book

    applied = upgrade_book(app.db, dry_run=dry_run, kinds=app.kinds())
    emit(app, as_json, {"dry_run": dry_run, "revisions": applied}, lambda: [_upgraded(app.db, applied, dry_run)])


def _upgraded(db: str, applied: list[str], dry_run: bool):
    if not applied:
        return t("{db}: already current", db=db)
    revisions = ", ".join(applied)
    return t("{db}: would apply {revisions}", db=db, revisions=revisions) if dry_run else t("{db}: applied {revisions}", db=db, revisions=revisions)


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
        events = counted(made["events"], t("1 event"), t("{count} events", count=made["events"]))
        return t("{file}: integrity ok; intact: {events}, head {head}", file=made["file"], events=events, head=made["head"])
    if made["format"] == "pg_dump":
        return t("{file}: pg_dump written and read back by pg_restore", file=made["file"])
    return t("{file}: integrity ok; schema {schema}: verify it after `disclosure db upgrade`", file=made["file"], schema=made["schema"])


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
    lines = [t("-- The roles of {clerk_role} (clerks) and {admin_role} (admins); run as the book's owner.",
               clerk_role=made["clerk_role"], admin_role=made["admin_role"])]
    lines += [f"{statement};" for statement in made["statements"]]
    return lines + [t("-- {line}", line=line) for line in _next_steps(made)]


def _applied(made: dict) -> list[str]:
    lines = [t("{clerk_role} and {admin_role}: privileges set on {count} tables",
               clerk_role=made["clerk_role"], admin_role=made["admin_role"], count=len(made["tables"]))]
    if made["append_only"]:
        lines.append(t("append-only (UPDATE, DELETE, TRUNCATE refused but to the owner): {tables}", tables=", ".join(made["append_only"])))
    for group, logins in made["members"].items():
        lines.append(t("{group} granted to: {logins}", group=group, logins=", ".join(logins) if logins else t("no one yet")))
    return lines + _next_steps(made)


def _next_steps(made: dict) -> list[str]:
    return [
        t("each clerk connects with a login of their own: GRANT {role} TO <login>;", role=made["clerk_role"]),
        t("each admin's login: GRANT {role} TO <login>;", role=made["admin_role"]),
    ]
