"""Self-contained histories for auditors and courts, and checking one without the database.

An export holds every event of the chosen cases with its position, the hash before it and its own
hash, plus each case as the book showed it. `verify-export` recomputes every hash from the
event's content, checks that consecutive positions link, that each case's versions run from 1
without a gap, and that each case folds (through the domain) to the state the export claims. It
needs only this package, never the database. An anchor kept from `audit anchor` also proves the
export came from the chain the auditor saw.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Iterable, Iterator

from disclosure.workflow.case import replay
from disclosure.workflow.chain import GENESIS, Anchor, canonical_data, canonical_time, chain_hash
from disclosure.workflow.errors import DisclosureError, InvalidInput
from disclosure.workflow.events import Event
from disclosure.workflow.kinds import BUILT_IN_KINDS, KindRegistry

__all__ = ["FORMAT", "EVENT_FIELDS", "CASE_FIELDS", "ExportFinding", "build_export", "to_csv", "read_export", "verify_export"]

FORMAT = "disclosure-audit-export"
EVENT_FIELDS = (
    "position", "prev_hash", "hash", "case", "version", "type", "on", "user", "role", "recorded_at", "schema",
    "snapshot_hash", "data",
)
# What the export claims each case stands at: fields that do not depend on the holiday calendar.
CASE_FIELDS = ("number", "kind", "state", "outcome", "version", "handler", "replied_on", "on_time")


@dataclass(frozen=True)
class ExportFinding:
    problem: str
    position: int | None
    case: str | None
    detail: str

    def __str__(self) -> str:
        where = f"position {self.position}" if self.position is not None else "the export"
        return f"{self.problem} at {where}" + (f" (case {self.case})" if self.case else "") + f": {self.detail}"


def build_export(
    event_rows: Iterable[tuple],
    wanted: Callable[[str], bool],
    cases: Iterable[Any],
    *,
    office: str,
    exported_at: str,
    selection: dict[str, Any],
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """The export as one document, from every event row in position order (storage/audit_rows.py EVENT_COLUMNS)."""
    events, previous, head = [], GENESIS, Anchor(0, GENESIS)
    for count, row in enumerate(event_rows, start=1):
        position, number, version, event_type, data, user, role, on, recorded, schema, state, digest = row
        if wanted(number):
            events.append(
                {
                    "position": position, "prev_hash": previous, "hash": digest, "case": number, "version": version,
                    "type": event_type, "on": on if isinstance(on, str) else on.isoformat(), "user": user, "role": role,
                    "recorded_at": recorded if isinstance(recorded, str) else canonical_time(recorded), "schema": schema,
                    "snapshot_hash": state, "data": json.loads(data),
                }
            )
        previous, head = digest, Anchor(position, digest)
        if progress is not None and count % 10_000 == 0:
            progress(10_000)
    return {
        "format": FORMAT,
        "format_version": 1,
        "office": office,
        "exported_at": exported_at,
        "selection": selection,
        "head": {"position": head.position, "hash": head.hash},
        "cases": [dict(case) for case in cases],
        "events": events,
    }


def to_csv(document: dict[str, Any]) -> str:
    """The events, one per row (data as canonical JSON); the cases' claimed states are not in a CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EVENT_FIELDS)
    for event in document["events"]:
        writer.writerow([canonical_data(event["data"]) if field == "data" else event[field] for field in EVENT_FIELDS])
    return buffer.getvalue()


def read_export(text: str) -> dict[str, Any]:
    """A JSON or CSV export, as one document; a malformed file is one InvalidInput line."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise InvalidInput(f"the export is not valid JSON: {error}") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise InvalidInput(f"the file is not a {FORMAT} document")
        return document
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != EVENT_FIELDS:
        raise InvalidInput(f"the CSV export must start with the header {','.join(EVENT_FIELDS)}")
    events = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(EVENT_FIELDS):
            raise InvalidInput(f"CSV line {line} has {len(row)} fields, not {len(EVENT_FIELDS)}")
        event = dict(zip(EVENT_FIELDS, row))
        try:
            for field in ("position", "version", "schema"):
                event[field] = int(event[field])
            event["data"] = json.loads(event["data"])
        except ValueError as error:
            raise InvalidInput(f"CSV line {line}: {error}") from None
        events.append(event)
    return {"format": FORMAT, "events": events, "cases": []}


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

    ``kinds``: the kinds the claimed cases are folded with (an office's own among them)."""
    events = sorted(document["events"], key=lambda event: event["position"])
    by_case: dict[str, list[dict]] = {}
    previous_position, previous_hash = None, None
    for event in events:
        position, number = event["position"], event["case"]
        try:
            computed = chain_hash(
                event["prev_hash"], number, event["version"], event["type"], canonical_data(event["data"]),
                event["user"], event["role"], event["on"], event["recorded_at"], event["schema"], event["snapshot_hash"],
            )
        except (KeyError, TypeError) as error:
            return len(events), ExportFinding("changed", position, number, f"the event lacks a field: {error}")
        if computed != event["hash"]:
            return len(events), ExportFinding("changed", position, number, "the event does not match its hash")
        if position == 1 and event["prev_hash"] != GENESIS:
            return len(events), ExportFinding("forged", position, number, "the first event does not start the chain")
        if previous_position is not None and position == previous_position + 1 and event["prev_hash"] != previous_hash:
            return len(events), ExportFinding("out of order", position, number, "the event does not link to the one before it")
        if previous_position == position:
            return len(events), ExportFinding("forged", position, number, "two events at one position")
        versions = by_case.setdefault(number, [])
        if event["version"] != len(versions) + 1:
            return len(events), ExportFinding(
                "missing", position, number, f"case {number} has version {event['version']} after {len(versions)}"
            )
        versions.append(event)
        if anchor is not None and position == anchor.position and event["hash"] != anchor.hash:
            return len(events), ExportFinding("changed", position, number, "the hash at the anchor's position is not the anchor's")
        previous_position, previous_hash = position, event["hash"]
    head = document.get("head")
    if anchor is not None and head is not None and head["position"] == anchor.position and head["hash"] != anchor.hash:
        return len(events), ExportFinding("changed", anchor.position, None, "the export's head is not the anchor")
    for claimed in document.get("cases", []):
        number = claimed["number"]
        try:
            code = claimed.get("kind", "disclosure")
            case = replay(kinds.kind(code), kinds.machine(code), [_event_from_export(item) for item in by_case.get(number, [])])
        except DisclosureError as error:
            return len(events), ExportFinding("projection", None, number, f"the events do not fold: {error}")
        if case is None:
            return len(events), ExportFinding("missing", None, number, "the export claims a case it has no events for")
        replayed = _claimed(case)
        for field in CASE_FIELDS:
            if claimed.get(field) != replayed[field]:
                return len(events), ExportFinding(
                    "projection", None, number, f"{field} is given as {claimed.get(field)!r} but the events give {replayed[field]!r}"
                )
    return len(events), None


def claimed_cases(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Cases rows as the export states them (CASE_FIELDS, dates as text)."""
    for row in rows:
        yield {
            field: (row[field].isoformat() if isinstance(row[field], date) else row[field]) for field in CASE_FIELDS
        }
