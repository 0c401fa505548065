"""The clerks' command line: parse, call the library, render. Errors are one line on stderr.

Exit codes: 0 success; 1 a rule refuses; 2 a usage error (bad date, bad number, bad file). With --json (before or
after the command) an error is one line of JSON instead, {"error": {"code": …, "message": …}}, with the same exit code.
"""

from __future__ import annotations

import os
import sys

import click

from disclosure.cli._context import AppContext
from disclosure.cli.language import chosen_language, lang_option, spoken
from disclosure.cli.lazy_group import CommandEntry, LazyGroup
from disclosure.workflow.errors import DisclosureError
from disclosure.workflow.messages import message_of, say, t

__all__ = ["main", "root", "COMMANDS"]

# Every command of `disclosure`: its name, where it is defined, and its help text word for word (what
# `disclosure --help` lists without importing the command's module; tests/cli/test_lazy_commands.py checks each
# line against the command itself, and that no command is missing). A new command is one line here; a command of
# a group (calendar, audit, db, users, ...) is the group's, in the group's module.
# Set, an unexpected error is raised with its traceback rather than said in one line.
DEBUG_VARIABLE = "DISCLOSURE_DEBUG"

COMMANDS = (
    CommandEntry("init", "disclosure.cli.office_commands:init",
                 "Create the case book and its first user (the admin holds every role; your login acts as them)."),
    CommandEntry("users", "disclosure.cli.office_commands:users",
                 "The office's users and their roles (登记员, 承办人, 审查员, 负责人, 审计员, 管理员)."),
    CommandEntry("whoami", "disclosure.cli.office_commands:whoami",
                 "Who you act as: your login, its book user, and the user --user has you act for."),
    CommandEntry("register", "disclosure.cli.case_commands:register",
                 "Register a case (an application by default); prints the case number."),
    CommandEntry("show", "disclosure.cli.case_commands:show",
                 "A case as it stands (or stood): state, due date, clocks. Personal data masked unless revealed."),
    CommandEntry("list", "disclosure.cli.case_commands:list_cases",
                 "Cases, filtered: every filter given holds. By number, a page at a time (--limit, --after)."),
    CommandEntry("search", "disclosure.cli.case_commands:search",
                 "Cases whose number, applicant's name, request or notes hold TEXT (any length, Chinese or not), or the" "\n    "
                 "cases of the applicant whose ID number TEXT is (15 or 18 characters, exactly). By number; names masked."),
    CommandEntry("actions", "disclosure.cli.case_commands:actions",
                 "What the current user may do now."),
    CommandEntry("advance", "disclosure.cli.case_commands:advance",
                 "Take ACTION on case NUMBER."),
    CommandEntry("history", "disclosure.cli.case_commands:history",
                 "Every event of a case, in order (up to a day or a version). Personal data masked unless revealed."),
    CommandEntry("explain", "disclosure.cli.case_commands:explain",
                 "How the current due date was reached."),
    CommandEntry("letter", "disclosure.cli.paper_commands:letter",
                 "Issue a letter of KIND for case NUMBER: acknowledgement, correction, extension, consultation," "\n    "
                 "third-party-decision, fee, reply, delivery-receipt, or its Chinese name (收到申请告知书(登记回执): also without the part" "\n    "
                 "in brackets, or that part alone). Numbered, kept, recorded."),
    CommandEntry("letters", "disclosure.cli.paper_commands:letters",
                 "The letters issued for case NUMBER, in order."),
    CommandEntry("attach", "disclosure.cli.paper_commands:attach",
                 "Keep FILE with case NUMBER (by its SHA-256 in the document store; its hash and name in the chain)."),
    CommandEntry("files", "disclosure.cli.paper_commands:files",
                 "The files kept with case NUMBER (its letters: `disclosure letters`)."),
    CommandEntry("file", "disclosure.cli.paper_commands:file",
                 "Write a kept file (its id), or an issued letter (its number), of case NUMBER to --out, checked against its hash."),
    CommandEntry("void", "disclosure.cli.correction_commands:void",
                 "Ask to void case NUMBER, a registration entered in error (申请作废; a registrar). A head approves it (approve-void)."),
    CommandEntry("approve-void", "disclosure.cli.correction_commands:approve_void",
                 "Void case NUMBER as a registrar asked (批准作废; a head, not the one who asked): 已作废, kept in the chain."),
    CommandEntry("reject-void", "disclosure.cli.correction_commands:reject_void",
                 "Decline a request to void case NUMBER (不予作废; a head)."),
    CommandEntry("amend", "disclosure.cli.correction_commands:amend",
                 "Correct a date or field of an earlier step of case NUMBER (更正; a head): dates and clocks are counted again."),
    CommandEntry("undo", "disclosure.cli.correction_commands:undo",
                 "Undo your own last step on case NUMBER, the day you recorded it (撤销本人上一步)."),
    CommandEntry("sweep", "disclosure.cli.notification_commands:sweep",
                 "Record every deadline threshold crossed (once), and end lapsed correction and fee periods."),
    CommandEntry("notify", "disclosure.cli.notification_commands:notify",
                 "Send the alerts that are due through their channels (failures are retried later)."),
    CommandEntry("notifications", "disclosure.cli.notification_commands:notifications",
                 "The outbox: each alert through each channel (待发送, 已发送, 待重试, 已放弃)."),
    CommandEntry("scheduler", "disclosure.cli.notification_commands:scheduler",
                 "The daemon that sweeps and delivers."),
    CommandEntry("report", "disclosure.cli.report_commands:report_group",
                 "Reports: the statutory annual report (年度报告) and operating statistics."),
    CommandEntry("kinds", "disclosure.cli.kind_commands:kinds_group",
                 "The kinds of case: built in (disclosure, petition, suggestion) and the office's own."),
    CommandEntry("ledger", "disclosure.cli.ledger_commands:ledger_group",
                 "The register of applications (台账): export a year, import an office's sheet, the template."),
    CommandEntry("calendar", "disclosure.cli.calendar_commands:calendar_group",
                 "Working days, holidays and make-up working days (节假日与调休)."),
    CommandEntry("audit", "disclosure.cli.audit_commands:audit_group",
                 "Auditors' tools: the tamper-evident chain of events, replay, exports (审计)."),
    CommandEntry("db", "disclosure.cli.db_commands:db_group",
                 "The case book as a whole: its schema, upgrades."),
)



@click.group(cls=LazyGroup, table=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
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
        from disclosure.cli.output import json_line

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
        try:
            code = _run(arguments, app, fail)
        finally:
            app.close()
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
        if database_errors is not None and isinstance(error, database_errors.SQLAlchemyError):
            cause = getattr(error, "orig", None) or error
            code = fail("storage", t("database: {problem}", problem=str(cause).splitlines()[0]), 1)
        elif os.environ.get(DEBUG_VARIABLE):
            raise
        else:
            # Stored data that does not read (a book edited behind the engine's back) or a fault of the
            # program: one line for the clerk, the traceback for whoever sets DISCLOSURE_DEBUG.
            detail = " ".join(str(error).split())[:200] or type(error).__name__
            code = fail("unexpected", t("unexpected {problem}: {detail}; if the case book was changed outside the program, "
                                        "`disclosure audit verify` says where (DISCLOSURE_DEBUG=1 shows the traceback)",
                                        problem=type(error).__name__, detail=detail), 70)
    except KeyboardInterrupt:
        code = fail("interrupted", t("interrupted"), 130)
    return code
