"""The letters an office sends ([GK] 30–39; issue 17): their kinds, which action each accompanies, and
whether a case allows one now, including what the law requires a reply to say.

A letter is the law's record of a step that faces the applicant or a third party: the event in the book
says the step was taken, the letter is how it was told. Rendering is disclosure/letters/'s.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from disclosure.workflow.corrections import VOIDED
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.messages import t
from disclosure.workflow.events import Event
from disclosure.workflow.kinds.disclosure_reply_grounds import REASONED_FAMILIES
from disclosure.workflow.vocabulary import code_named, outcome_family

__all__ = [
    "LETTER_KINDS", "LETTER_FOR_ACTION", "ANY_KIND_LETTERS", "THIRD_PARTY_LETTERS",
    "letter_kind_code", "letter_for_action", "check_letter", "missing_reply_content", "last_event",
    "case_letters", "letters_to_deliver",
]

LETTER_KINDS: Mapping[str, str] = {
    "acknowledgement": "收到申请告知书(登记回执)",
    "correction": "补正告知书",
    "extension": "延期答复告知书",
    "consultation": "征求第三方意见函",
    "third-party-decision": "第三方决定公开告知书",
    "fee": "收费通知书",
    "reply": "答复告知书",
    "delivery-receipt": "送达回证",
}

# The letters every kind of case may send: any registration is acknowledged, any letter delivered.
ANY_KIND_LETTERS = frozenset({"acknowledgement", "delivery-receipt"})

# Addressed to the consulted third party, not to the applicant.
THIRD_PARTY_LETTERS = frozenset({"consultation", "third-party-decision"})

# The action whose event a letter accompanies (``advance … --letter``). The notice to a third party of a
# release over its objection may go with the head's decision or with the recorded notice, which is the
# letter's sending: both give it.
LETTER_FOR_ACTION: Mapping[str, str] = {
    "register": "acknowledgement",
    "request-correction": "correction",
    "extend": "extension",
    "consult": "consultation",
    "public-interest-release": "third-party-decision",
    "notify-third-party": "third-party-decision",
    "notify-fee": "fee",
    "reply": "reply",
}

# A legal basis names its article: 第十四条, 第三十六条第（四）项, 第16条.
_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条")

# The outcomes whose information is public elsewhere: the reply says where to obtain it ([GK] 39 ¶2).
_PUBLIC_ELSEWHERE = frozenset({"declined.publication"})


def _accepted_codes() -> str:
    return ", ".join(f"{code} ({label})" for code, label in LETTER_KINDS.items())


def _label_forms() -> list[tuple[str, str]]:
    """Each letter kind's label as a clerk may type it: whole, and, for one with a part in brackets,
    without that part and that part alone, in its brackets or not (收到申请告知书(登记回执): 收到申请告知书,
    登记回执, (登记回执))."""
    forms = []
    for code, label in LETTER_KINDS.items():
        forms.append((code, label))
        head, bracket, rest = label.partition("(")
        part = rest[:-1].strip()
        if bracket and rest.endswith(")") and head.strip() and part:
            forms += [(code, head.strip()), (code, part), (code, f"({part})")]
    return forms


def letter_kind_code(given: str) -> str:
    """The letter kind's code, given the code or its Chinese label, whole or, where the label has a part in
    brackets, without it or that part alone (each only while no other letter kind is called so)."""
    # Typed with the full-width brackets of Chinese text or the ASCII ones of the label: the same kind.
    typed = str(given).strip().replace("（", "(").replace("）", ")")
    forms = _label_forms()
    code = code_named(typed, forms)
    if code is None:
        raise InvalidInput(t("unknown letter kind {given!r}; expected one of {codes}", given=given, codes=_accepted_codes()))
    return code


def letter_for_action(action: str) -> str:
    """The letter that accompanies an action's event."""
    name = action.replace("_", "-")
    if name not in LETTER_FOR_ACTION:
        raise RuleViolation(t(
            "action {action} has no letter; letters go with {actions}", action=name, actions=", ".join(LETTER_FOR_ACTION),
        ))
    return LETTER_FOR_ACTION[name]


def last_event(events: Iterable[Event], event_type: str) -> Event | None:
    """The case's latest event of that type, None when it has none."""
    found = None
    for event in events:
        if event.type == event_type:
            found = event
    return found


def case_letters(case) -> list[dict[str, Any]]:
    """The letters issued on the case, in issue order, each with its kind under ``kind`` (the case keeps
    it under ``letter``) beside its version, date, number, template and sha256."""
    return [{**issued, "kind": issued.get("kind") or issued.get("letter")} for issued in getattr(case, "letters", None) or []]


def letters_to_deliver(case) -> list[dict[str, Any]]:
    """The letters a delivery receipt names: those issued since the case's last receipt to the addressee
    of the latest of them (the applicant, or the consulted third party)."""
    since: list[dict[str, Any]] = []
    for issued in case_letters(case):
        since = [] if issued["kind"] == "delivery-receipt" else [*since, issued]
    if not since:
        return []
    to_third_party = since[-1]["kind"] in THIRD_PARTY_LETTERS
    return [issued for issued in since if (issued["kind"] in THIRD_PARTY_LETTERS) == to_third_party]


def missing_reply_content(case, office: Mapping[str, str] | None) -> list[str]:
    """What [GK] 36–39 require of this case's reply and the reply does not have: reasons and a legal basis
    naming its article for anything not given, where to obtain information public elsewhere, and the
    responsible office with its contact (when ``office``, the fields the letter will carry, is given)."""
    missing = []
    outcome = case.outcome or ""
    grounds = case.reply_reasons or {}
    if outcome_family(outcome) in REASONED_FAMILIES:
        if not str(grounds.get("reason") or "").strip():
            missing.append(t("the reason for {outcome} (理由)", outcome=outcome))
        basis = str(grounds.get("basis") or "").strip()
        if not basis:
            missing.append(t("the legal basis for {outcome} (法律依据)", outcome=outcome))
        elif not _ARTICLE.search(basis):
            missing.append(t("the article of the legal basis {basis!r} (法律依据的条款)", basis=basis))
    if outcome in _PUBLIC_ELSEWHERE and not str(grounds.get("available_at") or "").strip():
        missing.append(t("where to obtain the information (获取途径, the reply's available_at)"))
    if office is not None:
        for field, label in (("name", "名称"), ("contact", "联系人"), ("phone", "联系电话")):
            if not str(office.get(field) or "").strip():
                missing.append(t("the responsible office's {field} ({label}) in disclosure.toml [office]", field=field, label=label))
    return missing


def _listed(items: list[str]) -> str:
    """The items as one message, "; " between them, each said in the reader's language."""
    listed = items[0]
    for item in items[1:]:
        listed = t("{earlier}; {later}", earlier=listed, later=item)
    return listed


def _refuse(kind: str, case, why: str) -> RuleViolation:
    return RuleViolation(t(
        "no {kind} letter ({label}) for case {number}: {why}", kind=kind, label=LETTER_KINDS[kind], number=case.number, why=why,
    ))


def _note(event: Event | None) -> str:
    return str(event.data.get("note") or "").strip() if event is not None else ""


def _why_not_correction(case, events, office) -> str | None:
    request = last_event(events, "request-correction")
    if request is None:
        return t("no correction was asked for ([GK] 30)")
    if not _note(request):
        return t("the letter names everything to correct ([GK] 30), and the request-correction recorded none (its --note)")
    return None


def _why_not_extension(case, events, office) -> str | None:
    if not case.extended:
        return t("its reply period was not extended ([GK] 33)")
    if not _note(last_event(events, "extend")):
        return t("the letter gives the extension's reason, and the extend recorded none (its --note)")
    return None


def _why_not_consultation(case, events, office) -> str | None:
    if not any(event.type == "consult" and event.data.get("party") == "third_party" for event in events):
        return t("no third party was consulted ([GK] 32)")
    return None


def _why_not_third_party_decision(case, events, office) -> str | None:
    if not case.facts.get("public_interest_decided_on"):
        return t("the head has not decided to release over a third party's objection (public-interest-release, [GK] 32)")
    return None


def _why_not_fee(case, events, office) -> str | None:
    return t("no fee was notified (notify-fee)") if last_event(events, "notify-fee") is None else None


def _why_not_reply(case, events, office) -> str | None:
    if case.outcome is None or case.replied_on is None:
        return t("it has not been replied to")
    missing = missing_reply_content(case, office)
    return t("[GK] 36–39 require {missing}", missing=_listed(missing)) if missing else None


def _why_not_delivery_receipt(case, events, office) -> str | None:
    if not case_letters(case):
        return t("it has no letter issued to deliver")
    if not letters_to_deliver(case):
        return t("every letter issued is on a delivery receipt already")
    return None


_WHY_NOT = {
    "correction": _why_not_correction,
    "extension": _why_not_extension,
    "consultation": _why_not_consultation,
    "third-party-decision": _why_not_third_party_decision,
    "fee": _why_not_fee,
    "reply": _why_not_reply,
    "delivery-receipt": _why_not_delivery_receipt,
}


def check_letter(kind: str, case, events: Iterable[Event], office: Mapping[str, str] | None = None) -> None:
    """Refuse (RuleViolation, one line) a letter the case does not allow now. ``events`` are the case's;
    ``office`` the office fields the letter will carry, against which a reply's content is checked too."""
    kind = letter_kind_code(kind)
    if case.state == VOIDED:
        raise _refuse(kind, case, t("it is voided (已作废), a registration entered in error"))
    if kind not in ANY_KIND_LETTERS and case.kind != "disclosure":
        raise _refuse(kind, case, t("it is a letter of applications for government information, and this is a {kind} case", kind=case.kind))
    why_not = _WHY_NOT.get(kind)
    reason = why_not(case, list(events), office) if why_not else None
    if reason:
        raise _refuse(kind, case, reason)
