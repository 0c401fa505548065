"""A case's papers: the letters the office issued and the files it keeps, each an event in the case's chain.

Papers belong to every kind of case and move no case along its graph: recording one changes only
the case's list of letters or files (and its last event's date). The content itself lives in the
office's document store, named by its SHA-256; the event holds the hash, so the chain vouches for
the file and `audit verify` can tell a missing or altered one.
"""

from __future__ import annotations

from typing import Any, Mapping

from disclosure.workflow.errors import InvalidInput, NotFound, RuleViolation
from disclosure.workflow.messages import t
from disclosure.workflow.effective_date import check_effective_date
from disclosure.workflow.events import Event
from disclosure.workflow.vocabulary import any_of_roles, require_code

__all__ = [
    "LETTER_ISSUED", "FILE_ATTACHED", "PAPER_EVENTS", "PAPER_ROLES", "FILE_KINDS",
    "file_kind_code", "paper_event", "apply_paper", "find_file", "holds_personal_data",
]

LETTER_ISSUED = "letter-issued"
FILE_ATTACHED = "file-attached"
PAPER_EVENTS = (LETTER_ISSUED, FILE_ATTACHED)
# Whoever works on cases sends their letters and keeps their papers; an auditor or an admin only reads.
PAPER_ROLES = ("registrar", "handler", "reviewer", "head")
# What a paper event is, said in a sentence ("issuing a letter needs the role …").
_DOING = {LETTER_ISSUED: t("issuing a letter"), FILE_ATTACHED: t("keeping a file")}

FILE_KINDS: Mapping[str, str] = {
    "application": "申请书",
    "correction": "补正材料",
    "receipt": "送达回证",
    "opinion": "第三方意见",
    "other": "其他",
}

# What each paper keeps in the case (the rest of the event's data stays in the history).
# A letter's ``personal_data``: the fields of the applicant's personal data it carries (letters/fields.py), recorded
# since letters are sights of it; a letter recorded before has none of the key.
_LETTER_KEYS = ("letter", "number", "template", "sha256", "size", "personal_data")
_FILE_KEYS = ("kind", "name", "sha256", "size", "note")


def file_kind_code(given: str) -> str:
    """A file kind's code, given as its code or its Chinese label."""
    return require_code(FILE_KINDS, given, t("file kind"))


def paper_event(case: Any, acting: Any, event_type: str, data: Mapping[str, Any]) -> Event:
    """The event recording a paper on ``case``: dated as any action (not in the future, not before the
    case's last event), by a user who works on cases."""
    if event_type not in PAPER_EVENTS:
        raise InvalidInput(t("{type} is not a paper", type=event_type))
    check_effective_date(acting.on, acting.today, case.last_on)
    role = next((role for role in PAPER_ROLES if role in acting.roles), None)
    if role is None:
        raise RuleViolation(t(
            "{type} needs the role {roles}; {user} holds none of them", type=_DOING[event_type], roles=any_of_roles(PAPER_ROLES), user=acting.user,
        ))
    return Event(
        case=case.number, version=case.version + 1, type=event_type, on=acting.on, user=acting.user, role=role,
        data=dict(data), by=acting.by,
    )


def apply_paper(case: Any, event: Event) -> None:
    """Fold a paper's event into the case: its letter or file joins the case's list, numbered in order."""
    base = {"version": event.version, "on": event.on.isoformat()}
    if event.type == LETTER_ISSUED:
        case.letters.append({**base, **{key: event.data[key] for key in _LETTER_KEYS if key in event.data}})
    else:
        record = {key: event.data[key] for key in _FILE_KEYS if event.data.get(key) is not None}
        case.files.append({"id": len(case.files) + 1, **base, **record})


def find_file(case: Any, given: str) -> dict[str, Any]:
    """A case's file or letter by its id (``3``), a letter's number, or a prefix of its SHA-256 (at least 8)."""
    given = str(given).strip()
    if given.isdigit():
        for record in case.files:
            if record["id"] == int(given):
                return record
    for record in case.letters:
        if record["number"] == given:
            return record
    if len(given) >= 8:
        found = [record for record in (*case.files, *case.letters) if record["sha256"].startswith(given.lower())]
        if len({record["sha256"] for record in found}) == 1:
            return found[0]
    raise NotFound(t("case {number} has no file or letter {given!r} (see `disclosure files {number}`)", number=case.number, given=given))


def holds_personal_data(record: Mapping[str, Any]) -> bool:
    """Whether a case's paper (a record of ``case.letters`` or ``case.files``) holds the applicant's personal data, so
    that giving it is a sight of it: a letter that carries some (its ``personal_data``, recorded when it was issued);
    a letter issued before letters recorded it, which may; and every kept file, whose content the engine does not
    read: an application form, a correction, a signed receipt give the applicant's ID number, phone or address."""
    if "letter" not in record:
        return True
    carried = record.get("personal_data")
    return carried is None or bool(carried)
