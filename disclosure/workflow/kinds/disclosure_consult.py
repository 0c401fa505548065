"""The disclosure kind's consultations ([GK] 32, 34): the request for an opinion, its receipt, the
answer, and the head's public-interest release over a third party's objection with the notice to it."""

from __future__ import annotations

from typing import Any

from disclosure.workflow.clocks import ClockStatus
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.kinds.disclosure_params import STATUTORY_PERIODS, periods, required
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import code_named

__all__ = [
    "consult_v1_to_v2", "consult_v2_to_v3",
    "OPINIONS", "decide_consult", "check_opinion_request_received", "decide_opinion_request_received",
    "decide_receive_opinion", "check_public_interest_release", "decide_public_interest_release",
    "check_notify_third_party", "decide_notify_third_party", "check_third_party_release",
]


def decide_consult(case, acting, params):
    party = required(params, "party", "consult")
    if party not in ("third_party", "agency"):
        raise InvalidInput(t("unknown party {party!r}; expected third_party or agency", party=party))
    settings = periods(acting.settings)
    data = {"party": party, "days": int(settings["opinion_days"])}
    if params.get("name"):
        data["name"] = str(params["name"])
    return data


def check_opinion_request_received(case, acting):
    if case.facts.get("opinion_request_received_on"):
        raise RuleViolation(t(
            "the consulted party's receipt of the request was recorded on {on}; the opinion period runs from it",
            on=case.facts["opinion_request_received_on"],
        ))
    opinion = case.clocks.get("opinion")
    if opinion is not None and opinion.status is ClockStatus.RUNNING:
        raise RuleViolation(t("the opinion period of this consultation already runs (from the request, as recorded before 2026)"))


def decide_opinion_request_received(case, acting, params):
    check_opinion_request_received(case, acting)
    return {"days": int(case.facts.get("opinion_days", STATUTORY_PERIODS["opinion_days"]))}


# The consulted party's answer ([GK] 32, 34): agreed, objected, or no answer within the period.
OPINIONS = {"agree": "同意公开", "object": "不同意公开", "none": "逾期未答复"}


def _opinion(params) -> str:
    """The answer, given as --opinion (a code or its label: 同意公开 is agree) or in the older spelling
    --consent yes / no (agree / object); both only when they say the same (no answer is never a consent)."""
    opinion, consent = params.get("opinion"), params.get("consent")
    if opinion is None and consent is None:
        raise InvalidInput(t("receive-opinion needs --opinion (agree, object or none)"))
    if opinion is not None:
        code = code_named(str(opinion), OPINIONS.items())
        if code is None:
            raise InvalidInput(t("--opinion must be agree, object or none (got {opinion!r})", opinion=opinion))
    if consent is None:
        return code
    if consent not in ("yes", "no", True, False):
        raise InvalidInput(t("--consent must be yes or no (got {consent!r})", consent=consent))
    said = "agree" if consent in ("yes", True) else "object"
    if opinion is not None and code != said:
        raise InvalidInput(t(
            "--consent {consent} is --opinion {said}, and --opinion says {opinion}: give --opinion alone",
            consent="yes" if said == "agree" else "no", said=said, opinion=code,
        ))
    return said


def decide_receive_opinion(case, acting, params):
    opinion = _opinion(params)
    party = case.facts.get("consulted_party")
    data: dict[str, Any] = {"opinion": opinion}
    if party:
        data["party"] = party
    if opinion == "none":
        # Silence is an answer only once the period has run out, and the period runs from the receipt.
        opinion_clock = case.clocks.get("opinion")
        due = opinion_clock.due(acting.calendar) if opinion_clock and opinion_clock.status is ClockStatus.RUNNING else None
        if due is None:
            raise RuleViolation(t(
                "no answer can be recorded before the opinion period runs: record the party's receipt of the request first (opinion-request-received)"
            ))
        if acting.on <= due.on:
            raise RuleViolation(t(
                "the opinion period runs to {due}; no answer is recorded after that day, not on {on}", due=due.on.isoformat(), on=acting.on.isoformat(),
            ))
        data["period_ended_on"] = due.on.isoformat()
    if params.get("reason"):
        data["reason"] = str(params["reason"])
    return data


def check_public_interest_release(case, acting):
    if not case.facts.get("third_party_objected"):
        raise RuleViolation(t("a public-interest decision answers a third party's objection; none was recorded on this case"))
    if case.facts.get("public_interest_decided_on"):
        raise RuleViolation(t("the head decided on {on} to release in the public interest", on=case.facts["public_interest_decided_on"]))


def decide_public_interest_release(case, acting, params):
    check_public_interest_release(case, acting)
    return {"reason": str(required(params, "reason", "public-interest-release"))}


def check_notify_third_party(case, acting):
    if not case.facts.get("public_interest_decided_on"):
        raise RuleViolation(t("the third party is told of a decision to release in the public interest; the head has made none"))
    if case.facts.get("third_party_notified_on"):
        raise RuleViolation(t("the third party was told of the decision on {on}", on=case.facts["third_party_notified_on"]))


def decide_notify_third_party(case, acting, params):
    check_notify_third_party(case, acting)
    return {}


def check_third_party_release(case, outcome):
    """Information a third party objected to is released only in the public interest, the third party
    told first ([GK] 32); a partial release withholds what it objected to."""
    if outcome != "granted" or not case.facts.get("third_party_objected"):
        return
    if not case.facts.get("public_interest_decided_on"):
        raise RuleViolation(t(
            "the third party objected: releasing everything needs the head's public-interest decision "
            "(public-interest-release) and the notice to the third party (notify-third-party)"
        ))
    if not case.facts.get("third_party_notified_on"):
        raise RuleViolation(t("the third party must be told of the public-interest decision before the release (notify-third-party)"))


# -- event schema versions of consult


def consult_v1_to_v2(data: dict) -> dict:
    # Version 1 did not record the opinion period: it was always the statutory 15 working days.
    return {"days": 15, **data}


def consult_v2_to_v3(data: dict) -> dict:
    # Version 2 started the opinion period on the day of the request; version 3 starts it when the
    # party's receipt is recorded (opinion-request-received). Old requests keep the day they counted from.
    return {**data, "period_from_request": True}
