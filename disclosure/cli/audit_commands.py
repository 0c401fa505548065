"""`disclosure audit …`: the chain's head, verification, replay and repair, exports."""

from __future__ import annotations

import click

from disclosure.cli._context import AppContext, pass_app
from disclosure.cli.output import emit, json_option, note
from disclosure.cli.output_files import claim_output, force_option
from disclosure.cli.progress import progress_bar
from disclosure.cli.render import counted, office_time, shown, table, to_json
from disclosure.cli.shared_options import personal_data_logged
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t


@click.group("audit")
def audit_group() -> None:
    """Auditors' tools: the tamper-evident chain of events, replay, exports (审计)."""


def parse_anchor(text: str, option: str = "--anchor"):
    from disclosure.workflow.chain import Anchor

    position, _, digest = text.strip().partition(":")
    digest = digest.lower()  # a hash copied from a tool that prints it in capitals is the same hash
    if (not position.isascii() or not position.isdigit() or int(position) < 1 or len(digest) != 64
            or any(c not in "0123456789abcdef" for c in digest)):
        raise InvalidInput(t(
            "{option} {text!r} is not POS:HASH (a position and a 64-digit hex hash, as `audit anchor` prints)", option=option, text=text,
        ))
    return Anchor(int(position), digest)


@audit_group.command("anchor")
@click.option("--log", "of_log", is_flag=True, help="The office log's head instead (users' changes, sights of personal data).")
@json_option()
@pass_app
def anchor(app: AppContext, of_log: bool, as_json: bool) -> None:
    """The chain's head (position and hash): keep it outside the database, in the annual report say.
    With --log, the office log's head, kept the same way (`audit verify --log-anchor`)."""
    office = app.office()
    head = office.log_anchor() if of_log else office.anchor()
    emit(app, as_json, {"position": head.position, "hash": head.hash, "anchor": str(head)}, lambda: [str(head)])


def _problem(finding) -> dict | None:
    """A finding of verify or verify-export, as --json prints it."""
    if finding is None:
        return None
    return {"kind": finding.problem, "position": finding.position, "case": finding.case, "detail": finding.detail}


def _verdict(finding, intact: str) -> list[str]:
    """A finding of verify or verify-export, as text: the intact line, or the first problem."""
    if finding is None:
        return [intact]
    if finding.problem == "corrupt":
        return [t("CORRUPT 文件已损坏: {finding}", finding=str(finding))]
    return [t("BROKEN 已被篡改: {finding}", finding=str(finding))]


@audit_group.command("verify")
@click.option("--anchor", "anchor_text", default=None, help="POS:HASH from `audit anchor`: also catches removed newest events.")
@click.option("--log-anchor", "log_anchor_text", default=None,
              help="POS:HASH from `audit anchor --log`: also catches removed newest office-log entries.")
@json_option()
@pass_app
def verify(app: AppContext, anchor_text: str | None, log_anchor_text: str | None, as_json: bool) -> None:
    """Exit 0 when every event is intact and every projection agrees with the events; else exit 1, naming the first problem."""
    anchor = parse_anchor(anchor_text) if anchor_text else None
    log_anchor = parse_anchor(log_anchor_text, "--log-anchor") if log_anchor_text else None
    office = app.office()
    with progress_bar(2 * office.event_count(), t("verifying")) as progress:  # each event walked, then checked
        result = office.verify(anchor, progress=progress, log_anchor=log_anchor)
    finding = result.finding
    events = _events(result.events)
    intact = (
        t("intact: {events} in one chain, 1 case agrees with its events; head {head}", events=events, head=str(result.head))
        if result.cases == 1 else
        t("intact: {events} in one chain, {cases} cases agree with their events; head {head}", events=events, cases=result.cases, head=str(result.head))
    )
    emit(
        app, as_json,
        {"intact": result.intact, "events": result.events, "cases": result.cases, "head": str(result.head),
         "problem": _problem(finding)},
        lambda: _verdict(finding, intact),
    )
    if finding is not None:
        raise click.exceptions.Exit(1)


@audit_group.command("replay")
@click.option("--repair", is_flag=True, help="Rewrite disagreeing projections from the events (admin; asks first).")
@click.option("--yes", is_flag=True, help="With --repair: do not ask.")
@json_option()
@pass_app
def replay(app: AppContext, repair: bool, yes: bool, as_json: bool) -> None:
    """Rebuild every case from its events alone and list where the stored projections differ (exit 1 when any
    is left standing)."""
    from disclosure.audit.verify_tallies import TALLIES

    office = app.office()
    with progress_bar(office.event_count(), t("replaying")) as progress:
        found = office.replay(progress=progress)
    repaired: list[str] = []
    if repair and found:
        cases = sorted({difference.case for difference in found} - {TALLIES})
        question = counted(
            len(cases), t("rewrite the projections of 1 case from their events?"),
            t("rewrite the projections of {count} cases from their events?", count=len(cases)),
        ) if cases else t("rewrite the reports' tallies, counted again from the case rows?")
        if not yes and not click.confirm(shown(question), err=True):
            raise click.Abort()
        with progress_bar(office.event_count(), t("repairing")) as progress:
            repaired = office.repair(user=app.acting_user(), progress=progress)

    def lines():
        yield from map(str, found)
        if not found:
            yield t("every projection agrees with its events")
        elif repaired:
            numbers = [number for number in repaired if number != TALLIES]
            if numbers:
                yield counted(
                    len(numbers), t("repaired 1 case: {numbers}", numbers=", ".join(numbers)),
                    t("repaired {count} cases: {numbers}", count=len(numbers), numbers=", ".join(numbers)),
                )
            if TALLIES in repaired:
                yield t("rewrote the reports' tallies, counted again from the case rows")

    differences = [{"case": d.case, "field": d.field, "stored": d.stored, "replayed": d.replayed} for d in found]
    emit(app, as_json, {"differences": differences, "repaired": repaired}, lines)
    if found and not repaired:
        raise click.exceptions.Exit(1)  # differences left standing, as verify exits 1 on a finding



@audit_group.command("export")
@click.argument("numbers", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Every case.")
@click.option("--year", type=int, default=None, help="The cases received in this year.")
@click.option("--format", "file_format", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--out", default=None, help="Write here, readable by you only (default: standard output); a new file unless --force.")
@click.option("--with-personal-data", "personal_data", is_flag=True,
              help="Applicants' names, ID numbers, phones, addresses unmasked (registrars, heads, auditors; needs --reason).")
@click.option("--reason", default=None, help="Why the personal data leaves the book (kept in the access log).")
@click.option("--with-files", is_flag=True,
              help="A zip at --out holding the JSON and every letter and file the events name (needs --with-personal-data).")
@force_option()
@json_option(help="Say what was written to --out as JSON (the export itself is --format).")
@pass_app
def export(
    app: AppContext, numbers: tuple[str, ...], everything: bool, year: int | None, file_format: str, out: str | None, force: bool,
    personal_data: bool, reason: str | None, with_files: bool, as_json: bool,
) -> None:
    """Write a self-contained history with the hashes, checkable by `audit verify-export` without the database.

    Personal data is masked unless --with-personal-data (then the masked events' hashes can be recomputed too)."""
    from disclosure.audit.export import to_csv

    if reason is not None and not personal_data:
        raise click.UsageError(t("--reason goes with --with-personal-data"))
    if personal_data and not (reason or "").strip():
        raise click.UsageError(t("--with-personal-data needs --reason: why the personal data leaves the book (it is logged)"))
    if with_files and (out is None or file_format != "json" or not personal_data):
        raise click.UsageError(t(
            "--with-files writes a zip: it needs --out, the json format, and --with-personal-data (the documents hold it)"
        ))
    # Claimed before the work, which may be long, and before personal data is logged as exported.
    with claim_output(app, out, force) as claim:
        office = app.office()
        with progress_bar(office.event_count(), t("exporting")) as progress:
            document = office.export(numbers, everything=everything, year=year, progress=progress, with_personal_data=reason if personal_data else None)
        text = to_csv(document) if file_format == "csv" else to_json(document) + "\n"
        if claim is None:
            click.echo(text, nl=False)
            return
        documents = office.export_documents(document) if with_files else None
        with claim.writing(binary=with_files, recorded=personal_data_logged() if personal_data else None) as handle:
            if documents is None:
                handle.write(text)
            else:
                from disclosure.audit.export_files import write_export_zip

                write_export_zip(handle, text, documents)
    events, cases = len(document["events"]), len(document["cases"])
    of_cases = counted(cases, t("1 case"), t("{count} cases", count=cases))
    if documents is None:
        kept = ""
    else:
        kept = counted(len(documents), t(" and 1 document"), t(" and {count} documents", count=len(documents)))
    note(app, {"exported": {"events": events, "cases": cases, "format": "zip" if with_files else file_format, "out": out,
                            **({} if documents is None else {"documents": len(documents)})}},
         t("exported {events} of {cases}{kept} to {out}", events=_events(events), cases=of_cases, kept=kept, out=out))


@audit_group.command("verify-export")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--anchor", "anchor_text", default=None, help="POS:HASH from `audit anchor`.")
@json_option()
@pass_app
def verify_export_command(app: AppContext, path: str, anchor_text: str | None, as_json: bool) -> None:
    """Check an export without the database: hashes, links, versions, and each case's claimed state. Exit 1 when broken."""
    from disclosure.audit.export import masked_events, read_export, verify_export

    import zipfile

    from disclosure.audit.export_files import documents_problem, read_export_zip
    from disclosure.audit.verify_chain import Finding

    anchor = parse_anchor(anchor_text) if anchor_text else None
    documents = None
    try:
        if zipfile.is_zipfile(path):
            text, documents = read_export_zip(path)
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(t("cannot read {path}: {problem}", path=path, problem=str(error))) from None
    document = read_export(text)
    # An export may hold cases of the office's own kinds: their states are folded too.
    checked, finding = verify_export(document, anchor, kinds=app.kinds())
    if finding is None and documents is not None:
        problem = documents_problem(document, documents)
        finding = None if problem is None else Finding("document", None, None, problem)
    masked = masked_events(document)
    hashed = checked - masked
    # Each count's message is made apart: a message inside another's arguments is not found by the catalog's extraction.
    hashed_text = counted(hashed, t("1 hash"), t("{count} hashes", count=hashed))
    hashes = t("every hash and link checked") if not masked else t(
        "every link and {hashes} checked ({masked} with masked personal data cannot be: export --with-personal-data to check them)",
        hashes=hashed_text, masked=masked,
    )
    if "cases" in document:
        cases, head = len(document["cases"]), document.get("head")  # a missing head is the finding
        found = dict(events=_events(checked), hashes=hashes, head=f"{head and head['position']}:{head and head['hash']}")
        intact = (
            t("intact: {events}, {hashes}; 1 case agrees with its events; head {head}", **found) if cases == 1
            else t("intact: {events}, {hashes}; {cases} cases agree with their events; head {head}", cases=cases, **found)
        )
    else:
        cases, head = None, None
        intact = t("intact: {events}, {hashes} (a CSV export holds no head or cases to check)", events=_events(checked), hashes=hashes)
    emit(
        app, as_json,
        {"intact": finding is None, "events": checked, "masked": masked, "cases": cases,
         "head": None if head is None else f"{head['position']}:{head['hash']}", "problem": _problem(finding)},
        lambda: _verdict(finding, intact),
    )
    if finding is not None:
        raise click.exceptions.Exit(1)


@audit_group.command("access")
@click.option("--case", "number", default=None, help="Only sights of this case's personal data.")
@click.option("--user", "seen_by", default=None, help="Only sights by this user.")
@json_option()
@pass_app
def access(app: AppContext, number: str | None, seen_by: str | None, as_json: bool) -> None:
    """Who saw whose personal data, when and why (auditors, heads, admins; the office log keeps it in the chain)."""
    entries = app.office().access_log(case=number, user=seen_by)

    def lines():
        if not entries:
            yield _no_sight(number, seen_by)
        yield from table(
            (f"#{entry['position']}", office_time(entry["recorded_at"]), entry["label"], entry["via"],
             t("{user} (by {acted_by})", user=entry["user"], acted_by=entry["acted_by"]) if entry["acted_by"] else entry["user"],
             t("every case") if entry["all_cases"] else ", ".join(entry["cases"]), t("理由 reason: {reason}", reason=entry["reason"]))
            for entry in entries
        )

    emit(app, as_json, entries, lines)


def _events(count: int):
    return counted(count, t("1 event"), t("{count} events", count=count))


def _no_sight(number: str | None, seen_by: str | None):
    if number and seen_by:
        return t("no sight of personal data recorded for case {number} by {user}", number=number, user=seen_by)
    if number:
        return t("no sight of personal data recorded for case {number}", number=number)
    if seen_by:
        return t("no sight of personal data recorded by {user}", user=seen_by)
    return t("no sight of personal data recorded")
