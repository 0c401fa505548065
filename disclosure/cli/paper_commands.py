"""A case's papers: `letter`, `letters`, `attach`, `files`, `file` (docs/letters.md)."""

from __future__ import annotations

import os
from datetime import date

import click

from disclosure.cli._context import DATE, AppContext, pass_app
from disclosure.cli.output import emit, json_option
from disclosure.cli.output_files import check_output, claim_output, force_option
from disclosure.cli.render import table
from disclosure.cli.shared_options import letter_issued, letter_label, letter_lines, write_paper
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t
from disclosure.workflow.os_errors import os_problem


@click.command("letter")
@click.argument("number")
@click.argument("kind")
@click.option("--on", type=DATE, default=None, help="The letter's date (default today); not before the case's last event.")
@click.option("--out", default=None, type=click.Path(dir_okay=False), help="Also write the letter (.docx) to this file.")
@force_option()
@json_option()
@pass_app
def letter(app: AppContext, number: str, kind: str, on: date | None, out: str | None, force: bool, as_json: bool) -> None:
    """Issue a letter of KIND for case NUMBER: acknowledgement, correction, extension, consultation,
    third-party-decision, fee, reply, delivery-receipt, or its Chinese name (收到申请告知书(登记回执): also without the part
    in brackets, or that part alone). Numbered, kept, recorded."""
    # A letter that carries the applicant's address (a delivery receipt) is a sight of it: issued only by whoever may
    # reveal the case's personal data, and logged (case_papers.py; docs/letters.md "Letters that carry personal data").
    with claim_output(app, out, force) as claim:  # before the letter takes its number
        issued = app.office().issue_letter(number, kind, user=app.acting_user(), on=on)
        if claim is not None:
            with claim.writing(binary=True, recorded=letter_issued(number, issued)) as handle:
                handle.write(issued.content)
    data = {"case": number, **issued.record, "label": letter_label(issued.record["letter"]), "written_to": out}
    emit(app, as_json, data, lambda: letter_lines(number, issued, out))


@click.command("letters")
@click.argument("number")
@click.option("--check", is_flag=True, help="Render each letter again and say whether the same bytes come out, or why not.")
@json_option()
@pass_app
def letters(app: AppContext, number: str, check: bool, as_json: bool) -> None:
    """The letters issued for case NUMBER, in order."""
    office = app.office()
    if check:
        checked = office.recheck_letters(number)
        rows = [{**record, "label": letter_label(record["letter"]), "same": reason is None, "why_not": reason} for record, reason in checked]
    else:
        rows = [{**record, "label": letter_label(record["letter"])} for record in office.letters(number)]

    def lines():
        if not rows:
            return [t("case {number} has no letters", number=number)]
        return table(
            (row["number"], row["letter"], row["label"], row["on"], row["template"], row["sha256"][:12],
             *(() if not check else (t("same bytes") if row["same"] else row["why_not"],)))
            for row in rows
        )

    emit(app, as_json, rows, lines)


@click.command("attach")
@click.argument("number")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False))
@click.option("--kind", default="other", show_default=True,
              help="application 申请书, correction 补正材料, receipt 送达回证, opinion 第三方意见, other 其他 (code or label).")
@click.option("--note", default=None, help="What the file is.")
@click.option("--on", type=DATE, default=None, help="The day it was received (default today).")
@json_option()
@pass_app
def attach(app: AppContext, number: str, path: str, kind: str, note: str | None, on: date | None, as_json: bool) -> None:
    """Keep FILE with case NUMBER (by its SHA-256 in the document store; its hash and name in the chain)."""
    try:
        papers = app.settings().papers
        papers.check_size(path, os.stat(path).st_size)  # refused before reading it whole
        with open(path, "rb") as handle:  # at most one byte more than allowed: a pipe or a device has no size
            content = handle.read(papers.max_file_bytes + 1)
        if len(content) > papers.max_file_bytes:
            raise InvalidInput(t("{name} holds more than the {limit:g} MB a case's file may be ([documents] max_file_mb)",
                                 name=path, limit=papers.max_file_bytes / 1048576))
    except OSError as error:
        raise InvalidInput(t("cannot read {path}: {problem}", path=path, problem=os_problem(error))) from None
    record = app.office().attach(number, content, os.path.basename(path), kind=kind, note=note, user=app.acting_user(), on=on)
    emit(app, as_json, {"case": number, **record}, lambda: [
        t("{case}: kept file {id} {name} ({kind}, {size} bytes, sha256 {sha256}…)", case=number, id=record["id"], name=record["name"],
          kind=record["kind"], size=record["size"], sha256=record["sha256"][:12])
    ])


@click.command("files")
@click.argument("number")
@json_option()
@pass_app
def files(app: AppContext, number: str, as_json: bool) -> None:
    """The files kept with case NUMBER (its letters: `disclosure letters`)."""
    from disclosure.workflow.papers import FILE_KINDS

    rows = app.office().files(number)

    def lines():
        if not rows:
            return [t("case {number} has no files", number=number)]
        return table(
            (str(row["id"]), row["kind"], FILE_KINDS.get(row["kind"], ""), row["name"], f"{row['size']} B", row["on"],
             row["sha256"][:12], row.get("note") or "")
            for row in rows
        )

    emit(app, as_json, rows, lines)


@click.command("file")
@click.argument("number")
@click.argument("given", metavar="ID")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Where to write it.")
@force_option()
@json_option()
@pass_app
def file(app: AppContext, number: str, given: str, out: str, force: bool, as_json: bool) -> None:
    """Write a kept file (its id), or an issued letter (its number), of case NUMBER to --out, checked against its hash."""
    # A kept file, or a letter that carries the applicant's address, is a sight of their personal data: given only to
    # whoever may reveal the case's personal data, and logged (case_papers.py; docs/documents.md "Papers with personal data").
    check_output(out, db=app.db, force=force)
    record, content = app.office().file(number, given)
    write_paper(app, out, content, force)
    emit(app, as_json, {"case": number, **record, "written_to": out}, lambda: [
        t("{case}: wrote {name} ({size} bytes, hash checked) to {out}", case=number, name=record.get("name") or record.get("number"),
          size=len(content), out=out)
    ])
