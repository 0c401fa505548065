"""Self-contained histories for auditors and courts, and checking one without the database.

An export holds every event of the chosen cases with its position, the hash before it and its own
hash, each case as the book showed it, the chain's head at export time and how many cases and
events it holds. `verify-export` recomputes every hash from the event's content, checks that
consecutive positions link, that each case's versions run from 1 without a gap, that no event lies
beyond the head, that an export of every case holds every position up to the head, that the counts
and the selection match what is there, and that each case folds (through the domain) to exactly
what the export claims. It needs only this package, never the database. An anchor kept from
`audit anchor` also proves the export came from the chain the auditor saw.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Iterable, Iterator

from disclosure.audit.export_form import (
    CASE_FIELDS, CSV_FIELDS, EVENT_FIELDS, EVENTS_ONLY, FORMAT, FORMAT_VERSION, ExportForm, check_form,
)
from disclosure.audit.verify_chain import located
from disclosure.workflow.case import replay
from disclosure.workflow.chain import GENESIS, Anchor, canonical_data, canonical_time, chain_hash
from disclosure.workflow.errors import DisclosureError, InvalidInput
from disclosure.workflow.events import Event
from disclosure.workflow.kinds import BUILT_IN_KINDS, KindRegistry
from disclosure.workflow.personal_data import MASKED_MARK, masked_event_data
from disclosure.workflow.messages import message_of, t

__all__ = [
    "FORMAT", "FORMAT_VERSION", "EVENT_FIELDS", "CASE_FIELDS", "ExportFinding", "build_export", "to_csv", "read_export",
    "verify_export", "masked_events",
]


@dataclass(frozen=True)
class ExportFinding:
    problem: str
    position: int | None
    case: str | None
    detail: str

    def __str__(self) -> str:
        return located(self.problem, self.position, t("the export"), self.case, self.detail)


def build_export(
    event_rows: Iterable[tuple],
    wanted: Callable[[str], bool],
    cases: Iterable[Any],
    *,
    office: str,
    exported_at: str,
    selection: dict[str, Any],
    progress: Callable[[int], None] | None = None,
    personal_data: bool = False,
) -> dict[str, Any]:
    """The export as one document, from every event row in position order (storage/audit_rows.py EVENT_COLUMNS)."""
    events, previous, head = [], GENESIS, Anchor(0, GENESIS)
    for count, row in enumerate(event_rows, start=1):
        position, number, version, event_type, data, user, role, on, recorded, schema, state, digest, by = row
        if wanted(number):
            events.append(
                {
                    "position": position, "prev_hash": previous, "hash": digest, "case": number, "version": version,
                    "type": event_type, "on": on if isinstance(on, str) else on.isoformat(), "user": user, "role": role,
                    "recorded_at": recorded if isinstance(recorded, str) else canonical_time(recorded), "schema": schema,
                    "snapshot_hash": state, "data": json.loads(data) if personal_data else _masked(json.loads(data)),
                    **({"by": by} if by is not None else {}),
                }
            )
        previous, head = digest, Anchor(position, digest)
        if progress is not None and count % 10_000 == 0:
            progress(10_000)
    claims = [dict(case) for case in cases]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "office": office,
        "exported_at": exported_at,
        "selection": selection,
        "head": {"position": head.position, "hash": head.hash},
        "case_count": len(claims),
        "event_count": len(events),
        "cases": claims,
        "events": events,
    }


def _masked(data: dict[str, Any]) -> dict[str, Any]:
    """The event's data with the applicant's name, ID number, phone and address masked, and marked so:
    its hash can no longer be recomputed from it (verify-export says how many were not)."""
    masked = masked_event_data(data, name=True)
    return data if masked is data else {**masked, MASKED_MARK: True}


def masked_events(document: dict[str, Any]) -> int:
    """How many of the export's events hold masked personal data (their hashes are not recomputed)."""
    return sum(1 for event in document["events"] if event["data"].get(MASKED_MARK) is True)


def to_csv(document: dict[str, Any]) -> str:
    """The events, one per row (data as canonical JSON); the cases' claimed states are not in a CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for event in document["events"]:
        writer.writerow([canonical_data(event["data"]) if field == "data" else event.get(field) or "" if field == "by" else event[field] for field in CSV_FIELDS])
    return buffer.getvalue()


def read_export(text: str) -> dict[str, Any]:
    """A JSON or CSV export, as one document; a malformed file is one InvalidInput line."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise InvalidInput(t("the export is not valid JSON: {error}", error=error)) from None
        except RecursionError:
            raise InvalidInput(t("the export is not valid JSON: it nests deeper than any export")) from None
        if isinstance(document, dict) and document.get("format_version") == EVENTS_ONLY:
            raise InvalidInput(t("the export has format_version 'csv', which only a CSV file may have"))
        return _checked(document)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:  # a field past the csv module's limit, say
        raise InvalidInput(t("the CSV export cannot be read: {error}", error=error)) from None
    if not rows or tuple(rows[0]) not in (CSV_FIELDS, EVENT_FIELDS):
        raise InvalidInput(t("the CSV export must start with the header {header}", header=",".join(CSV_FIELDS)))
    fields = tuple(rows[0])
    events = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(fields):
            raise InvalidInput(t("CSV line {line} has {count} fields, not {wanted}", line=line, count=len(row), wanted=len(fields)))
        event = dict(zip(fields, row))
        if "by" in event:
            event["by"] = event["by"] or None
        try:
            for field in ("position", "version", "schema"):
                event[field] = int(event[field])
            event["data"] = json.loads(event["data"])
        except ValueError as error:
            raise InvalidInput(t("CSV line {line}: {error}", line=line, error=error)) from None
        except RecursionError:
            raise InvalidInput(t("CSV line {line}: the data nests deeper than any event's", line=line)) from None
        events.append(event)
    return _checked({"format": FORMAT, "format_version": EVENTS_ONLY, "events": events})


def _checked(document: Any) -> dict[str, Any]:
    """The document read, once it is well formed and all its text is text (a JSON escape may make a lone surrogate)."""
    check_form(document)
    try:
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(t("the export is malformed: {detail}", detail=t("it holds a character that is not Unicode text (a lone surrogate)"))) from None
    return document


def _event_from_export(item: dict) -> Event:
    """An exported event (the document's form, not a table row) as the domain's Event."""
    return Event(
        case=item["case"], version=item["version"], type=item["type"], on=date.fromisoformat(item["on"]),
        user=item["user"], role=item["role"], data=item["data"], schema=item["schema"],
    )


def _claimed(case: Any) -> dict[str, Any]:
    return {
        "number": case.number, "kind": case.kind, "state": case.state, "outcome": case.outcome, "version": case.version,
        "handler": case.handler, "replied_on": case.replied_on.isoformat() if case.replied_on else None,
        "on_time": case.reply_on_time,
    }


def verify_export(
    document: dict[str, Any], anchor: Anchor | None = None, *, kinds: KindRegistry = BUILT_IN_KINDS
) -> tuple[int, ExportFinding | None]:
    """How many events were checked, and the first problem (None: the export is intact).

    A malformed document is an InvalidInput (export_form.py), as is an anchor this export cannot be
    checked against. ``kinds``: the kinds the claimed cases are folded with (an office's own among them)."""
    form = check_form(document)
    events = sorted(document["events"], key=lambda event: event["position"])
    by_case: dict[str, list[dict]] = {}
    checks = (
        _chain_findings(events, by_case, anchor),
        _head_findings(document, form, events, anchor),
        _count_findings(document, form, events, by_case),
        _claim_findings(document, form, by_case, kinds),
    )
    for findings in checks:
        finding = next(findings, None)
        if finding is not None:
            return len(events), finding
    return len(events), None


def _chain_findings(events: list[dict], by_case: dict[str, list[dict]], anchor: Anchor | None) -> Iterator[ExportFinding]:
    """Each event against its hash, the links between consecutive positions, each case's versions (filling by_case)."""
    previous_position, previous_hash = None, None
    for event in events:
        position, number = event["position"], event["case"]
        computed = None if event["data"].get(MASKED_MARK) is True else chain_hash(
            event["prev_hash"], number, event["version"], event["type"], canonical_data(event["data"]),
            event["user"], event["role"], event["on"], event["recorded_at"], event["schema"], event["snapshot_hash"],
            event.get("by"),
        )
        if computed is not None and computed != event["hash"]:
            yield ExportFinding("changed", position, number, t("the event does not match its hash"))
        if position == 1 and event["prev_hash"] != GENESIS:
            yield ExportFinding("forged", position, number, t("the first event does not start the chain"))
        if previous_position is not None and position == previous_position + 1 and event["prev_hash"] != previous_hash:
            yield ExportFinding("out of order", position, number, t("the event does not link to the one before it"))
        if previous_position == position:
            yield ExportFinding("forged", position, number, t("two events at one position"))
        versions = by_case.setdefault(number, [])
        if event["version"] != len(versions) + 1:
            yield ExportFinding("missing", position, number, t("case {number} has version {version} after {count}", number=number, version=event["version"], count=len(versions)))
        versions.append(event)
        if anchor is not None and position == anchor.position and event["hash"] != anchor.hash:
            yield ExportFinding("changed", position, number, t("the hash at the anchor's position is not the anchor's"))
        previous_position, previous_hash = position, event["hash"]


def _head_findings(document: dict, form: ExportForm, events: list[dict], anchor: Anchor | None) -> Iterator[ExportFinding]:
    """The head is there and ends the events; an export of every case holds every position up to it; the anchor is checked."""
    head = form.head
    if head is None and not form.events_only:
        yield ExportFinding("missing", None, None, t("the export has no head (the chain's position and hash when it was made)"))
        return
    positions = {event["position"]: event for event in events}
    if anchor is not None and anchor.position not in positions and (head is None or head.position != anchor.position):
        where = t("it has no head") if head is None else t("its head is at position {position}", position=head.position)
        raise InvalidInput(t(
            "the anchor {position}:… cannot be checked against this export: it holds no event at position "
            "{position} and {where}; use an anchor at the export's head, or an export of every case",
            position=anchor.position, where=where,
        ))
    if head is None:
        return
    if anchor is not None and head.position == anchor.position and head.hash != anchor.hash:
        yield ExportFinding("changed", anchor.position, None, t("the export's head is not the anchor"))
    if events and events[-1]["position"] > head.position:
        last = events[-1]
        yield ExportFinding("forged", last["position"], last["case"], t("the event lies beyond the export's head (position {position})", position=head.position))
    at_head = positions.get(head.position)
    if at_head is not None and at_head["hash"] != head.hash:
        yield ExportFinding("changed", head.position, at_head["case"], t("the export's head is not the hash of the event at its position"))
    if form.selection.get("all"):
        gap = next((position for position in range(1, head.position + 1) if position not in positions), None)
        if gap is not None:
            yield ExportFinding("missing", gap, None, t("an export of every case lacks the event at this position"))


def _count_findings(document: dict, form: ExportForm, events: list[dict], by_case: dict[str, list[dict]]) -> Iterator[ExportFinding]:
    """The counts and the selection against the claims and events the export holds; an event for every claim and back."""
    if form.events_only:
        return
    claims = document["cases"]
    for count, held in (("case_count", len(claims)), ("event_count", len(events))):
        if form.version >= 2 and count not in document:
            yield ExportFinding("missing", None, None, t("the export does not say how many it holds ({count})", count=count))
        stated = document.get(count, held)
        if stated != held:
            yield ExportFinding(
                "missing" if held < stated else "forged", None, None,
                t("the export says it holds {stated} cases but holds {held}", stated=stated, held=held) if count == "case_count"
                else t("the export says it holds {stated} events but holds {held}", stated=stated, held=held),
            )
    claimed: set[str] = set()
    for claim in claims:
        if claim["number"] in claimed:
            yield ExportFinding("forged", None, claim["number"], t("the export claims the case twice"))
        claimed.add(claim["number"])
    named = form.selection.get("cases")
    if named is not None:
        for number in named:
            if number not in claimed:
                yield ExportFinding("missing", None, number, t("the selection names the case but the export holds no claim for it"))
        for number in sorted(claimed - set(named)):
            yield ExportFinding("forged", None, number, t("the export claims a case its selection does not name"))
    for number, versions in by_case.items():
        if number not in claimed:
            yield ExportFinding("missing", versions[0]["position"], number, t("the export holds the case's events but no claim of its state"))


def _claim_findings(document: dict, form: ExportForm, by_case: dict[str, list[dict]], kinds: KindRegistry) -> Iterator[ExportFinding]:
    """Each claim has exactly the claimed fields, and each agrees, value and type, with its case folded from the events."""
    if form.events_only:
        return
    for claimed in document["cases"]:
        number = claimed["number"]
        missing = [field for field in CASE_FIELDS if field not in claimed]
        unknown = sorted(set(claimed) - set(CASE_FIELDS))
        if missing or unknown:
            detail = (
                t("the claim lacks {fields}", fields=", ".join(missing)) if missing
                else t("the claim gives {fields}, which an export does not claim", fields=", ".join(unknown))
            )
            yield ExportFinding("projection", None, number, detail)
        try:
            code = claimed["kind"]
            case = replay(kinds.kind(code), kinds.machine(code), [_event_from_export(item) for item in by_case.get(number, [])])
        except DisclosureError as error:
            yield ExportFinding("projection", None, number, t("the events do not fold: {error}", error=message_of(error)))
            continue
        except (KeyError, TypeError, ValueError, AttributeError) as error:  # event data a kind cannot read
            problem = f"{type(error).__name__}: {error}"
            yield ExportFinding("projection", None, number, t("the events do not fold: {error}", error=problem))
            continue
        if case is None:
            yield ExportFinding("missing", None, number, t("the export claims a case it has no events for"))
            continue
        replayed = _claimed(case)
        for field in CASE_FIELDS:
            given = claimed[field]
            if type(given) is not type(replayed[field]) or given != replayed[field]:  # on_time 1 is not True
                yield ExportFinding(
                    "projection", None, number, t("{field} is given as {given!r} but the events give {replayed!r}", field=field, given=given, replayed=replayed[field])
                )


def claimed_cases(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Cases rows as the export states them (CASE_FIELDS, dates as text)."""
    for row in rows:
        yield {
            field: (row[field].isoformat() if isinstance(row[field], date) else row[field]) for field in CASE_FIELDS
        }
