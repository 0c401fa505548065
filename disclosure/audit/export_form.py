"""What an export must look like before its hashes can be checked: a malformed one is one InvalidInput line.

An export is read from a file anyone may have edited, so nothing in it is trusted to have the right
type: the checks here run before any hash is computed or any event folded, so `verify-export` never
stops on a traceback. What is well formed but wrong (a hash that does not match, a missing head, a
claim the events do not give) is a finding of `verify_export`, not an error here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from disclosure.workflow.chain import Anchor
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = [
    "FORMAT", "FORMAT_VERSION", "EVENTS_ONLY", "EVENT_FIELDS", "CSV_FIELDS", "CASE_FIELDS", "ExportForm", "check_form",
]

FORMAT = "disclosure-audit-export"
# 2: the export carries its case and event counts. 1 (before them) is still read, except a --year
# export: nothing in it would show a case cut from it. 3: an event recorded by an admin for its user
# names them (``by``), and personal data may be masked (its event's data then holds "_masked").
FORMAT_VERSION = 3
EVENTS_ONLY = "csv"  # the form read_export gives a CSV export: events only, no head, no claims
EVENT_FIELDS = (
    "position", "prev_hash", "hash", "case", "version", "type", "on", "user", "role", "recorded_at", "schema",
    "snapshot_hash", "data",
)
# ``by`` only where an admin recorded the event for its user (and in every row of a CSV of format 3).
OPTIONAL_EVENT_FIELDS = ("by",)
CSV_FIELDS = (*EVENT_FIELDS, "by")
# What the export claims each case stands at: fields that do not depend on the holiday calendar.
CASE_FIELDS = ("number", "kind", "state", "outcome", "version", "handler", "replied_on", "on_time")

_NUMBERS = ("position", "version", "schema")
_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class ExportForm:
    """What the checks of verify_export need to know about a well-formed export."""

    version: int | str
    head: Anchor | None  # None: no head (a CSV export never has one; a JSON export without one is broken)
    selection: dict[str, Any] | None  # None for a CSV export

    @property
    def events_only(self) -> bool:
        return self.version == EVENTS_ONLY


def _is_count(value: Any, least: int) -> bool:
    return type(value) is int and value >= least  # bool is an int to Python, never a count here


def _is_hash(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX


def _malformed(detail: str) -> InvalidInput:
    return InvalidInput(t("the export is malformed: {detail}", detail=detail))


def _check_event(index: int, event: Any) -> None:
    where = t("event {index} of the export", index=index)
    if not isinstance(event, dict):
        raise _malformed(t("{where} is not an object", where=where))
    missing = [field for field in EVENT_FIELDS if field not in event]
    if missing:
        raise _malformed(t("{where} lacks {fields}", where=where, fields=", ".join(missing)))
    unknown = sorted(set(event) - set(EVENT_FIELDS) - set(OPTIONAL_EVENT_FIELDS))
    if unknown:
        raise _malformed(t("{where} has fields an export does not have: {fields}", where=where, fields=", ".join(map(str, unknown))))
    for field in _NUMBERS:
        if not _is_count(event[field], 1):
            raise _malformed(t("{where} has {field} {value!r}, not a positive whole number", where=where, field=field, value=event[field]))
    for field in ("prev_hash", "hash", "case", "type", "on", "user", "role", "recorded_at", "snapshot_hash"):
        if not isinstance(event[field], str):
            raise _malformed(t("{where} has {field} {value!r}, not text", where=where, field=field, value=event[field]))
    if event.get("by") is not None and not isinstance(event["by"], str):
        raise _malformed(t("{where} has {field} {value!r}, not text", where=where, field="by", value=event["by"]))
    if not isinstance(event["data"], dict):
        raise _malformed(t("{where} has data that is not an object", where=where))
    try:
        date.fromisoformat(event["on"])
    except ValueError:
        raise _malformed(t("{where} has on {value!r}, not a date YYYY-MM-DD", where=where, value=event["on"])) from None


def _head(document: dict[str, Any]) -> Anchor | None:
    if "head" not in document:
        return None
    head = document["head"]
    if not isinstance(head, dict) or not _is_count(head.get("position"), 0) or not _is_hash(head.get("hash")):
        raise _malformed(t("its head is not a position and a 64-digit hex hash"))
    return Anchor(head["position"], head["hash"])


def _selection(document: dict[str, Any]) -> dict[str, Any]:
    selection = document.get("selection")
    well_formed = isinstance(selection, dict) and len(selection) == 1 and (
        selection.get("all") is True
        or _is_count(selection.get("year"), 1)
        or (isinstance(selection.get("cases"), list) and all(isinstance(number, str) for number in selection["cases"]))
    )
    if not well_formed:
        raise _malformed(t('its selection is not one of {all}, {year}, {cases}', all='{"all": true}', year='{"year": Y}', cases='{"cases": [...]}'))
    return selection


def check_form(document: Any) -> ExportForm:
    """The export's form, or InvalidInput naming the first thing that is not as an export writes it."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(t("the file is not a {format} document", format=FORMAT))
    version = document.get("format_version")
    if not (version == EVENTS_ONLY or (type(version) is int and 1 <= version <= FORMAT_VERSION)):
        raise InvalidInput(
            t("the export has format_version {version!r}; this version of disclosure reads 1 to {latest}", version=version, latest=FORMAT_VERSION)
        )
    events = document.get("events")
    if not isinstance(events, list):
        raise _malformed(t("it has no list of events"))
    for index, event in enumerate(events, start=1):
        _check_event(index, event)
    if version == EVENTS_ONLY:
        return ExportForm(version, None, None)
    cases = document.get("cases")
    if not isinstance(cases, list):
        raise _malformed(t("it has no list of cases"))
    for index, claim in enumerate(cases, start=1):
        if not isinstance(claim, dict) or not isinstance(claim.get("number"), str):
            raise _malformed(t("case {index} of the export is not an object with a number", index=index))
        if not isinstance(claim.get("kind", ""), str):
            raise _malformed(t("case {number} has kind {kind!r}, not text", number=claim["number"], kind=claim["kind"]))
    for count in ("case_count", "event_count"):
        if count in document and not _is_count(document[count], 0):
            raise _malformed(t("its {count} {value!r} is not a whole number", count=count, value=document[count]))
    selection = _selection(document)
    if version == 1 and "year" in selection:
        raise InvalidInput(
            t("this is a format 1 export of a year: it carries no case count, so a case cut from it could not be "
              "found; export the year again")
        )
    return ExportForm(version, _head(document), selection)
