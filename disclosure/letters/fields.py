"""What a letter template may name: the fields of one letter, from the case as it stands and its events.

Every letter has every top-level field. A group that belongs to another kind of letter (``fee`` on a
reply, say) is empty, so a template tests it with ``{% if fee %}``; docs/letters.md lists them all.
Of the applicant, a letter has the name and the address only (it is addressed to them): never the ID number
or the phone. The address is personal data (workflow/personal_data.py, masked wherever a case is shown), so a
letter whose template prints it carries it (PERSONAL_LETTER_FIELDS, personal_data_carried): issuing such a
letter, or fetching it again, is a sight of it (case_papers.py, docs/security.md).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Iterable, Mapping

from disclosure.letters.rendering import Section
from disclosure.workflow.calendar import Due, WorkCalendar
from disclosure.workflow.events import Event
from disclosure.workflow.fees import SCALES
from disclosure.workflow.kinds.base import Kind
from disclosure.workflow.kinds.disclosure_consult import OPINIONS
from disclosure.workflow.letters import LETTER_KINDS, THIRD_PARTY_LETTERS, last_event, letter_kind_code, letters_to_deliver
from disclosure.workflow.vocabulary import CHANNELS, DELIVERY_METHODS, outcome_family

__all__ = [
    "letter_fields", "chinese_date", "OUTCOME_FAMILIES", "REMEDIES", "SECTIONS", "PERSONAL_LETTER_FIELDS", "personal_data_carried",
]

OUTCOME_FAMILIES: Mapping[str, str] = {
    "granted": "予以公开",
    "partial": "部分公开",
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "declined": "不予处理",
    "other": "其他",
}

# The applicant's remedies against a reply ([GK] 51; 行政复议法 第二十条, 行政诉讼法 第四十六条).
REMEDIES: Mapping[str, int] = {"reconsideration_days": 60, "litigation_months": 6}

# The groups of fields that only some letters have, by the letter kind that fills each.
SECTIONS: Mapping[str, str] = {
    "correction": "correction",
    "extension": "extension",
    "consultation": "consultation",
    "decision": "third-party-decision",
    "fee": "fee",
    "reply": "reply",
    "delivery": "delivery-receipt",
}


# The fields that hold the applicant's personal data (workflow/personal_data.py PERSONAL_FIELDS: the ID number,
# phone and address; the name is shown unmasked), by the datum each holds. Every letter has ``applicant.address``;
# the delivery receipt's ``delivery.place`` is the address too, when the receipt goes to the applicant.
PERSONAL_LETTER_FIELDS: Mapping[str, str] = {"applicant.address": "address", "delivery.place": "address"}


def personal_data_carried(fields: Mapping[str, Any], read: Iterable[str]) -> tuple[str, ...]:
    """The personal-data fields (PERSONAL_LETTER_FIELDS) a letter of ``fields`` carries when its template reads
    ``read`` (rendering.py fields_named): each one the template reads, by its name or through its group used
    whole, that is not empty. None: the letter shows nothing a mask would hide."""
    read = set(read)
    carried = []
    for path in PERSONAL_LETTER_FIELDS:
        group, name = path.split(".", 1)
        if path in read or group in read:
            value = (fields.get(group) or {}).get(name)
            if str(value or "").strip():
                carried.append(path)
    return tuple(carried)


def chinese_date(day: date | str | None) -> str:
    """2026年12月1日 (GB/T 9704 dates in Arabic numerals, without leading zeros); "" for none."""
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return f"{day.year}年{day.month}月{day.day}日"


def _due_text(due: Due | None) -> str:
    if due is None:
        return ""
    # A year whose holidays are not yet published was counted on weekends only ([GK] 30's working days).
    return chinese_date(due.on) + ("（暂定，以当年节假日安排为准）" if due.provisional else "")


def _yuan(amount: Any) -> str:
    return "" if amount in (None, "") else f"{Decimal(str(amount)):.2f}"


def _note(event: Event | None) -> str:
    return str(event.data.get("note") or "").strip() if event is not None else ""


def _clock_due(case, name: str, calendar: WorkCalendar) -> str:
    clock = case.clocks.get(name)
    return _due_text(clock.due(calendar)) if clock is not None else ""


def _correction(case, events: list[Event], calendar: WorkCalendar) -> dict[str, Any]:
    request = last_event(events, "request-correction")
    return {
        "items": _note(request),
        # A paragraph each: a line break typed in the note would print as a space in Word.
        "item_lines": [line.strip() for line in _note(request).splitlines() if line.strip()],
        "asked_on": chinese_date(request.on),
        "period_days": request.data.get("period"),
        "due_on": _clock_due(case, "correction", calendar),
    }


def _extension(case, events: list[Event], calendar: WorkCalendar) -> dict[str, Any]:
    extend = last_event(events, "extend")
    return {"days": extend.data.get("days"), "reason": _note(extend), "decided_on": chinese_date(extend.on),
            "due_on": _clock_due(case, "reply", calendar)}


def _third_party_consulted(events: list[Event]) -> Event | None:
    """The latest consultation of a third party (a later one of an agency does not replace it)."""
    consulted = [event for event in events if event.type == "consult" and event.data.get("party") == "third_party"]
    return consulted[-1] if consulted else None


def _third_party_name(events: list[Event]) -> str:
    consult = _third_party_consulted(events)
    name = consult.data.get("name") if consult is not None else None
    return str(name or "第三方")  # consulted without a name recorded: addressed by its role


def _consultation(case, events: list[Event]) -> dict[str, Any]:
    consult = _third_party_consulted(events)
    return {"party_name": _third_party_name(events), "asked_on": chinese_date(consult.on),
            "days": consult.data.get("days"), "reason": _note(consult), "request": case.request or ""}


def _decision(case, events: list[Event]) -> dict[str, Any]:
    opinion = last_event(events, "receive-opinion")
    return {
        "party_name": _third_party_name(events),
        "decided_on": chinese_date(case.facts.get("public_interest_decided_on")),
        "reason": str(case.facts.get("public_interest_reason") or ""),
        "opinion_label": OPINIONS.get(str(case.facts.get("opinion")), ""),
        "objection": str(opinion.data.get("reason") or "") if opinion is not None else "",
        "request": case.request or "",
    }


def _fee(events: list[Event], office: Mapping[str, str]) -> dict[str, Any]:
    notice = last_event(events, "notify-fee")
    data = notice.data
    scale = data.get("scale", "")
    if scale == "page":
        quantity = f"{data['pages']}页"
    elif scale == "item":
        year, month = str(data["month"]).split("-")
        quantity = f"{year}年{int(month)}月第{data['position']}件"
    else:  # a notice from before the scales were recorded gave its sum only
        quantity = ""
    return {
        "scale": scale, "scale_label": SCALES.get(scale, ""), "quantity": quantity,
        "pages": data.get("pages"), "month": data.get("month", ""), "position": data.get("position"),
        "scale_amount": _yuan(data.get("scale_amount", data.get("amount"))), "amount": _yuan(data.get("amount")),
        "reduced": data.get("scale_amount") not in (None, data.get("amount")),
        "days": data.get("days"), "notified_on": chinese_date(notice.on), "payment": office.get("payment", ""),
    }


def _reply(case, outcome_labels: Mapping[str, str]) -> dict[str, Any]:
    grounds = case.reply_reasons or {}
    family = outcome_family(case.outcome)
    return {
        "outcome": case.outcome, "outcome_label": outcome_labels.get(case.outcome, case.outcome),
        "family": family, "family_label": OUTCOME_FAMILIES.get(family, family),
        "replied_on": chinese_date(case.replied_on),
        "reason": grounds.get("reason", ""), "basis": grounds.get("basis", ""), "available_at": grounds.get("available_at", ""),
    }


def _delivery(case, events: list[Event], issued_on: date) -> dict[str, Any]:
    letters = letters_to_deliver(case)
    to_third_party = bool(letters) and letters[-1]["kind"] in THIRD_PARTY_LETTERS
    return {
        "recipient": _third_party_name(events) if to_third_party else case.applicant.get("name", ""),
        "letters": [Section("delivery.letters[]", {
            "kind": letter["kind"], "label": LETTER_KINDS.get(letter["kind"], letter["kind"]),
            "number": letter.get("number", ""), "issued_on": chinese_date(letter.get("on")),
        }) for letter in letters],
        "method_label": DELIVERY_METHODS.get(case.delivery_method or "", ""),
        "place": "" if to_third_party else str(case.applicant.get("address") or ""),
        "prepared_on": chinese_date(issued_on),
    }


def letter_fields(
    kind: str, case, events: Iterable[Event], *, number: str, issued_on: date, office: Mapping[str, str],
    labels: Kind, calendar: WorkCalendar,
) -> dict[str, Any]:
    """The Jinja context of one letter. ``labels`` is the case's Kind (its label, outcome labels and event
    upgrades); ``office`` the office fields (name, address, phone, contact, seal, payment, reconsideration,
    court); ``calendar`` counts the due dates the letter states."""
    kind = letter_kind_code(kind)
    events = [labels.upgrade(event) for event in events]
    outcome_labels = labels.outcome_labels
    filled = {
        "correction": lambda: _correction(case, events, calendar),
        "extension": lambda: _extension(case, events, calendar),
        "consultation": lambda: _consultation(case, events),
        "third-party-decision": lambda: _decision(case, events),
        "fee": lambda: _fee(events, office),
        "reply": lambda: _reply(case, outcome_labels),
        "delivery-receipt": lambda: _delivery(case, events, issued_on),
    }
    sections = {name: Section(name, filled[letter]() if letter == kind else None) for name, letter in SECTIONS.items()}
    addressee = _third_party_name(events) if kind in THIRD_PARTY_LETTERS else case.applicant.get("name", "")
    return {
        "letter": Section("letter", {"code": kind, "label": LETTER_KINDS[kind]}),
        "number": number,
        "issued_on": chinese_date(issued_on),
        "office": Section("office", office),
        "addressee": addressee,
        "applicant": Section("applicant", {"name": case.applicant.get("name", ""), "address": str(case.applicant.get("address") or "")}),
        "case": Section("case", {
            "number": case.number, "kind": case.kind, "kind_label": labels.label, "request": case.request or "",
            "received_on": chinese_date(case.received_on), "registered_on": chinese_date(case.registered_on),
            "channel": case.channel or "", "channel_label": CHANNELS.get(case.channel or "", ""),
        }),
        "due_on": _due_text(case.due(calendar)),
        "remedies": Section("remedies", REMEDIES),
        **sections,
    }
