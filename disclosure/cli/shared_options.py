"""Options and their checks that commands of more than one module share: issuing an action's letter with it
(register, advance; cli/paper_commands.py issues one alone), and revealing personal data (show, history,
ledger export). Kept apart from the command modules so that running one command imports no other's module."""

from __future__ import annotations

import click

from disclosure.cli._context import AppContext
from disclosure.cli.output_files import claim_output, force_option, output_file
from disclosure.workflow.messages import t

__all__ = [
    "letter_label", "letter_line", "letter_issued", "write_paper", "letter_options", "with_letter", "view_with_letter", "letter_lines",
    "reveal_options", "reveal_reason", "personal_data_logged",
]


def letter_label(code: str) -> str:
    from disclosure.workflow.letters import LETTER_KINDS

    return LETTER_KINDS.get(code, "")


def letter_line(number: str, record: dict) -> str:
    return t(
        "{case}: issued {number} {letter} {label} on {on} (sha256 {sha256}…), kept in the document store",
        case=number, number=record["number"], letter=record["letter"], label=letter_label(record["letter"]), on=record["on"],
        sha256=record["sha256"][:12],
    )


def letter_issued(number: str, issued) -> str:
    """What stands when an issued letter could not be written to its file: the letter, and how to write it again."""
    return t("letter {letter} of case {case} was issued all the same: `disclosure file {case} {letter} --out FILE` writes it",
             case=number, letter=issued.record["number"])


def write_paper(app: AppContext, out: str, content: bytes, force: bool, option: str = "--out") -> None:
    with output_file(out, db=app.db, force=force, files=app.settings().files, binary=True, option=option) as handle:
        handle.write(content)


def letter_options(function):
    """`--letter` and `--letter-out` for a command whose action has a letter (register, advance)."""
    function = force_option("Replace the --letter-out file if it exists.")(function)
    function = click.option("--letter-out", default=None, type=click.Path(dir_okay=False), help="Write that letter (.docx) to this file too.")(function)
    return click.option(
        "--letter", is_flag=True,
        help="Issue the action's letter in the same step (register: acknowledgement; reply: the reply letter; …).",
    )(function)


def with_letter(app: AppContext, letter: bool, out: str | None, force: bool, plain, lettered, recorded):
    """The command's view, and its letter when asked for (both or neither), written to ``out`` if given.

    ``out`` is claimed before the action is taken, so a file that cannot be written refuses the command
    with nothing recorded; ``recorded(view, issued)`` says what stands if the writing fails after all."""
    if out is not None and not letter:
        raise click.UsageError(t("--letter-out goes with --letter"))
    if not letter:
        return plain(), None
    with claim_output(app, out, force, option="--letter-out") as claim:
        view, issued = lettered()
        if claim is not None:
            with claim.writing(binary=True, recorded=recorded(view, issued)) as handle:
                handle.write(issued.content)
    return view, issued


def view_with_letter(data: dict, issued, out: str | None) -> dict:
    return data if issued is None else {**data, "letter": {**issued.record, "label": letter_label(issued.record["letter"]), "written_to": out}}


def letter_lines(number: str, issued, out: str | None) -> list[str]:
    if issued is None:
        return []
    return [letter_line(number, issued.record)] + ([t("written to {out}", out=out)] if out else [])


def reveal_options(function):
    function = click.option("--reason", default=None, help="Why you reveal it (kept in the office's access log).")(function)
    return click.option(
        "--reveal", is_flag=True,
        help="Show personal data unmasked: the case's handler, registrars, heads and auditors, with --reason.",
    )(function)


def reveal_reason(reveal: bool, reason: str | None) -> str | None:
    if reason is not None and not reveal:
        raise click.UsageError(t("--reason goes with --reveal"))
    if reveal and not (reason or "").strip():
        raise click.UsageError(t("--reveal needs --reason: why you look at the personal data (it is logged)"))
    return reason if reveal else None


def personal_data_logged() -> str:
    """What stands when an export of personal data could not be written: the office log's entry of it."""
    return t("the office log records the personal data as exported all the same")
