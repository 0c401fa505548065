"""The clerks' command line: parse, call the library, render. Errors are one line on stderr.

Exit codes: 0 success; 1 a rule refuses; 2 a usage error (bad date, bad number, bad file). With --json (before or
after the command) an error is one line of JSON instead, {"error": {"code": …, "message": …}}, with the same exit code.
"""

from __future__ import annotations

import sys

import click

from disclosure.cli._context import AppContext
from disclosure.cli.language import chosen_language, lang_option, spoken
from disclosure.cli.output import json_line
from disclosure.workflow.errors import DisclosureError
from disclosure.workflow.messages import message_of, say, t

__all__ = ["main", "root"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--calendar",
    "calendar_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    envvar="DISCLOSURE_CALENDAR",
    help="Calendar override file (TOML); repeatable. Also DISCLOSURE_CALENDAR, paths separated by the OS path separator.",
)
@click.option("--db", default="disclosure.db", envvar="DISCLOSURE_DB", show_default=True, help="SQLite file or database URL.")
@click.option(
    "--user", envvar="DISCLOSURE_USER",
    help="Act for this user (an admin's login only; default: the user whose login you are). Also DISCLOSURE_USER.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (every command that prints data).")
@click.option(
    "--config", type=click.Path(dir_okay=False), envvar="DISCLOSURE_CONFIG", default=None,
    help="Settings file (default: disclosure.toml beside the case book). Also DISCLOSURE_CONFIG.",
)
@click.option(
    "--kinds", "kind_files", multiple=True, type=click.Path(dir_okay=False),
    help="An office's own kind of case (TOML); repeatable. Also DISCLOSURE_KINDS, paths separated by the OS path separator.",
)
@lang_option
@click.pass_context
def root(
    ctx: click.Context, calendar_files: tuple[str, ...], db: str, user: str | None, as_json: bool, config: str | None,
    kind_files: tuple[str, ...],
) -> None:
    """disclosure: government-information cases on the Chinese working-day calendar."""
    from disclosure.kind_files import kind_paths_from_env

    kind_files = kind_files or tuple(kind_paths_from_env())
    # main hands in the AppContext it reads an error's form from; a caller of root (click's test runner) may not.
    app = ctx.ensure_object(AppContext)
    app.calendar_files, app.db, app.user, app.config, app.kind_files = calendar_files, db, user, config, kind_files
    app.json = app.json or as_json


def _register_commands() -> None:
    from disclosure.cli.audit_commands import audit_group
    from disclosure.cli.calendar_commands import calendar_group
    from disclosure.cli.db_commands import db_group
    from disclosure.cli.kind_commands import KIND_COMMANDS
    from disclosure.cli.ledger_commands import LEDGER_COMMANDS
    from disclosure.cli.notification_commands import NOTIFICATION_COMMANDS
    from disclosure.cli.report_commands import REPORT_COMMANDS
    from disclosure.cli.case_commands import CASE_COMMANDS
    from disclosure.cli.correction_commands import CORRECTION_COMMANDS
    from disclosure.cli.office_commands import OFFICE_COMMANDS
    from disclosure.cli.paper_commands import PAPER_COMMANDS

    root.add_command(calendar_group)
    root.add_command(audit_group)
    root.add_command(db_group)
    for command in (
        *OFFICE_COMMANDS, *CASE_COMMANDS, *PAPER_COMMANDS, *CORRECTION_COMMANDS, *NOTIFICATION_COMMANDS, *REPORT_COMMANDS,
        *KIND_COMMANDS, *LEDGER_COMMANDS,
    ):
        root.add_command(command)


_register_commands()


def _asks_for_json(argv: list[str], app: AppContext) -> bool:
    """Whether errors are JSON: the global or the command's --json was parsed, or (a usage error may stop
    parsing before it is reached) the word --json stands among the options."""
    if app.json:
        return True
    options = argv[: argv.index("--")] if "--" in argv else argv
    return "--json" in options


def _usage_code(error: click.ClickException) -> str:
    return "usage" if isinstance(error, click.UsageError) else "file" if isinstance(error, click.FileError) else "command"


def _fail(code: str, message: str, status: int, *, as_json: bool) -> int:
    message = say(message).replace("\n", " ")
    if as_json:
        click.echo(json_line({"error": {"code": code, "message": message}}), err=True)
    else:
        click.echo(say(t("disclosure: error: {message}", message=message)), err=True)
    return status


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns (and exits with) the process status."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    app = AppContext()

    def fail(code: str, message: str, status: int) -> int:
        return _fail(code, message, status, as_json=_asks_for_json(arguments, app))

    with spoken(root, chosen_language(arguments)):
        code = _run(arguments, app, fail)
    if argv is None:
        sys.exit(code)
    return code


def _run(arguments: list[str], app: AppContext, fail) -> int:
    try:
        result = root.main(args=arguments, prog_name="disclosure", standalone_mode=False, obj=app)
        code = result if isinstance(result, int) else 0
    except click.exceptions.Exit as stop:
        code = stop.exit_code
    except click.ClickException as error:
        code = fail(_usage_code(error), error.format_message(), error.exit_code)
    except click.Abort:
        code = fail("aborted", t("aborted"), 1)
    except DisclosureError as error:
        code = fail(error.error_code, message_of(error), error.exit_code)
    except Exception as error:
        # SQLAlchemy is imported only by commands that open the database; keep start-up light.
        database_errors = sys.modules.get("sqlalchemy.exc")
        if database_errors is None or not isinstance(error, database_errors.SQLAlchemyError):
            raise
        cause = getattr(error, "orig", None) or error
        code = fail("storage", t("database: {problem}", problem=str(cause).splitlines()[0]), 1)
    except KeyboardInterrupt:
        code = fail("interrupted", t("interrupted"), 130)
    return code
