"""The kind ``disclosure``: an application for government information (依申请公开), STATUTE.md §2.

Each action has a ``decide`` function (guards and parameters → event data, with
every setting resolved into the data so that replay needs no settings) and an
``apply`` function (event data → case). A ``check`` hook holds the guard that
needs no parameters (Kind.guards), which ``actions`` uses to tell what a user may do now.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from disclosure.workflow.alerts import DEFAULT_POLICIES
from disclosure.workflow.clocks import OPEN_STATUSES, Clock, ClockStatus
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.kinds import disclosure_apply as applied
from disclosure.workflow.kinds.disclosure_consult import (
    consult_v1_to_v2,
    consult_v2_to_v3,
    decide_consult,
    check_opinion_request_received,
    decide_opinion_request_received,
    decide_receive_opinion,
    check_public_interest_release,
    decide_public_interest_release,
    check_notify_third_party,
    decide_notify_third_party,
    check_third_party_release,
)
from disclosure.workflow.kinds.disclosure_fees import (
    decide_notify_fee,
    notify_fee_v1_to_v2,
    notify_fee_v2_to_v3,
    check_fee_notice_received,
    decide_fee_notice_received,
    decide_receive_payment,
)
from disclosure.workflow.kinds.disclosure_lapses import LAPSING_CLOCKS, check_reinstate, decide_lapse, decide_reinstate
from disclosure.workflow.kinds.disclosure_params import STATUTORY_PERIODS, param_date, periods, positive_int, required
from disclosure.workflow.kinds.disclosure_reply_grounds import reply_grounds
from disclosure.workflow.kinds.registration import REGISTER_PARAMS, decide_registration
from disclosure.workflow.kinds.spec import BUILT_IN_SOURCE, kind_from_definition
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import (
    APPEAL_RESULTS,
    APPEAL_TYPES,
    APPLICANT_TYPES,
    CLOCK_LABELS,
    DELIVERY_METHODS,
    ENGINE_OUTCOMES,
    OUTCOMES,
    SYSTEM_ROLE,
    require_code,
)

__all__ = ["DISCLOSURE", "DISCLOSURE_DEFINITION", "STATUTORY_PERIODS", "LAPSING_CLOCKS", "OPEN"]

def _clock(name: str, period: str) -> dict[str, Any]:
    """A clock of the definition: its length the statutory period's, its alerts the office's defaults
    (workflow/alerts.py DEFAULT_POLICIES; the office's [alerts] settings change them)."""
    policy = DEFAULT_POLICIES[name]
    alerts: Any = False if policy is None else dict(vars(policy))
    return {"label": CLOCK_LABELS[name], "unit": "workdays", "length": STATUTORY_PERIODS[period], "alerts": alerts}


# The kind as data, in the same form as any configured kind (workflow/kinds/spec.py); each action's
# rules are Python hooks (below), because a table cannot say them.
_STATES = [
    {"code": "registered", "label": "已登记"},
    {"code": "correction", "label": "待补正"},
    {"code": "processing", "label": "办理中"},
    {"code": "consultation", "label": "征求意见中"},
    {"code": "fee_pending", "label": "待缴费"},
    {"code": "review", "label": "保密审查中"},
    {"code": "cleared", "label": "审查通过"},
    {"code": "replied", "label": "已答复", "open": False},
    {"code": "delivered", "label": "已送达", "open": False},
    {"code": "closed", "label": "已终止", "open": False},
    {"code": "archived", "label": "已归档", "open": False},
]
OPEN = tuple(state["code"] for state in _STATES if state.get("open", True))

DISCLOSURE_DEFINITION: Mapping[str, Any] = {
    "code": "disclosure",
    "label": "政府信息公开申请",
    "initial": "registered",
    "states": _STATES,
    "clocks": {
        "reply": _clock("reply", "reply_days"),  # [GK] 33: 20 working days, not the office's to change
        "correction_notice": _clock("correction_notice", "correction_notice_days"),
        "correction": {**_clock("correction", "correction_days"), "length_setting": "correction_days"},
        "opinion": _clock("opinion", "opinion_days"),
        "payment": _clock("payment", "payment_days"),
    },
    "outcomes": dict(OUTCOMES),
    "event_versions": {"consult": 3, "notify-fee": 3},
    "due_clocks": ["reply"],
    "actions": [
        {"name": "register", "label": "登记", "to": "registered", "roles": ["registrar"], "hook": "register"},
        {"name": "assign", "label": "分办", "from": ["registered"], "to": "processing", "roles": ["registrar", "head"], "hook": "assign"},
        {"name": "request-correction", "label": "补正告知", "from": ["registered", "processing"], "to": "correction", "roles": ["handler"], "hook": "request-correction"},
        # Back to the state the correction was asked from, which the event's data names: a case asked
        # before assignment returns to registered and waits for its handler (one edge cannot say two).
        {"name": "receive-correction", "label": "收到补正", "from": ["correction"], "roles": ["registrar", "handler"], "hook": "receive-correction"},
        {"name": "reassign", "label": "改派承办人", "from": list(OPEN), "roles": ["registrar", "head"], "hook": "reassign"},
        {"name": "consult", "label": "征求意见", "from": ["processing"], "to": "consultation", "roles": ["handler"], "hook": "consult"},
        # The opinion period runs from the day the consulted party receives the request ([GK] 32).
        {"name": "opinion-request-received", "label": "征求意见书送达", "from": ["consultation"], "roles": ["registrar", "handler"], "hook": "opinion-request-received"},
        {"name": "receive-opinion", "label": "收到意见", "from": ["consultation"], "to": "processing", "roles": ["handler"], "hook": "receive-opinion"},
        # Releasing what a third party objected to: the head's decision in the public interest, then the
        # written notice to the third party, before the release ([GK] 32).
        {"name": "public-interest-release", "label": "公共利益决定公开", "from": ["processing"], "roles": ["head"], "hook": "public-interest-release"},
        {"name": "notify-third-party", "label": "告知第三方", "from": ["processing"], "roles": ["registrar", "handler"], "hook": "notify-third-party"},
        {"name": "notify-fee", "label": "收费通知", "from": ["processing"], "to": "fee_pending", "roles": ["handler"], "hook": "notify-fee"},
        # The payment period runs from the day the applicant receives the fee notice ([FEE]).
        {"name": "fee-notice-received", "label": "收费通知送达", "from": ["fee_pending"], "roles": ["registrar", "handler"], "hook": "fee-notice-received"},
        {"name": "receive-payment", "label": "收到缴费", "from": ["fee_pending"], "to": "processing", "roles": ["handler"], "hook": "receive-payment"},
        {"name": "extend", "label": "延期答复", "from": list(OPEN), "roles": ["head"], "hook": "extend"},
        {"name": "delay-reply", "label": "确定延迟答复期限", "from": list(OPEN), "roles": ["head"], "hook": "delay-reply"},
        {"name": "submit-review", "label": "提交保密审查", "from": ["processing"], "to": "review", "roles": ["handler"], "hook": "submit-review"},
        {"name": "approve-review", "label": "审查通过", "from": ["review"], "to": "cleared", "roles": ["reviewer"], "hook": "approve-review"},
        {"name": "return-review", "label": "审查退回", "from": ["review"], "to": "processing", "roles": ["reviewer"], "hook": "return-review"},
        {"name": "reply", "label": "答复", "from": ["cleared", "processing"], "to": "replied", "roles": ["handler"], "hook": "reply"},
        {"name": "deliver", "label": "送达", "from": ["replied"], "to": "delivered", "roles": ["registrar", "handler"], "hook": "deliver"},
        {"name": "withdraw", "label": "撤回申请", "from": list(OPEN), "to": "closed", "roles": ["registrar"], "hook": "withdraw"},
        {"name": "archive", "label": "归档", "from": ["delivered", "closed"], "to": "archived", "roles": ["registrar"], "hook": "archive"},
        # Any handling may be appealed ([GK] 51), a missing reply most often: every state.
        {"name": "record-appeal", "label": "登记复议诉讼", "from": [state["code"] for state in _STATES], "roles": ["registrar", "head"], "hook": "record-appeal"},
        # A new reply ordered by an appeal ([GK] 51): of a case replied to, or of one ended without a
        # reply (a lapse, a withdrawal), which may have no handler yet and then names one.
        {"name": "reopen", "label": "重新答复", "from": ["delivered", "archived", "closed"], "to": "processing", "roles": ["head"], "hook": "reopen"},
        # The engine's own ending when the applicant's period lapses (the sweep, as the user system).
        {"name": "lapse", "label": "逾期终止", "from": ["correction", "fee_pending"], "to": "closed", "roles": [SYSTEM_ROLE], "hook": "lapse"},
        # A head undoes that ending. It leads back to the state the lapse ended the case from, which the
        # event's data names (one edge of the graph cannot say two destinations).
        {"name": "reinstate", "label": "撤销逾期终止", "from": ["closed"], "roles": ["head"], "hook": "reinstate"},
    ],
}

# -- decide: guards and parameters → event data ----------------------------------------


def _decide_register(case, acting, params):
    data = decide_registration(acting, params, APPLICANT_TYPES, channel_required=True)
    settings = periods(acting.settings)
    # A row brought in from an office's ledger (disclosure/ledger) is recognised by this key, so that
    # importing the same sheet again creates nothing.
    ledger_key = {"ledger_key": str(params["ledger_key"])} if params.get("ledger_key") else {}
    return {
        **data,
        "reply_days": int(settings["reply_days"]),
        "correction_notice_days": int(settings["correction_notice_days"]),
        **ledger_key,
    }


def _decide_assign(case, acting, params):
    return {"to": str(required(params, "to", "assign"))}


def _check_request_correction(case, acting):
    # A snapshot from before the round was recorded: a correction clock on a case never reopened was asked in this round.
    asked = case.correction_round == case.reopened or (
        case.correction_round is None and case.reopened == 0 and "correction" in case.clocks
    )
    if asked:
        raise RuleViolation(t(
            "case {number} has had its correction notice; [GK] 30 asks for every correction at once (a reopened case may ask again)",
            number=case.number,
        ))


def _decide_request_correction(case, acting, params):
    _check_request_correction(case, acting)
    settings = periods(acting.settings)
    period = positive_int(params.get("period", settings["correction_days"]), "--period")
    notice = case.clocks.get("correction_notice")
    notice_due = notice.due(acting.calendar) if notice else None
    late = notice_due is not None and acting.on > notice_due.on
    return {"period": period, "late": late, "round": case.reopened}


def _decide_receive_correction(case, acting, params):
    # Only assign gives a handler, and only from registered: a case without one was asked from registered.
    return {"state": "registered" if case.handler is None else "processing"}


def _check_reassign(case, acting):
    if case.handler is None:
        raise RuleViolation(t("case {number} has no handler yet; assign gives it one", number=case.number))


def _decide_reassign(case, acting, params):
    _check_reassign(case, acting)
    to = str(required(params, "to", "reassign"))
    if to == case.handler:
        raise RuleViolation(t("{user} already handles case {number}", user=to, number=case.number))
    return {"from": case.handler, "to": to}


def _check_extend(case, acting):
    if case.extended:
        raise RuleViolation(t("the reply period has been extended once already; [GK] 33 allows one extension"))
    reply = case.clocks.get("reply")
    if reply is None or reply.status not in OPEN_STATUSES:
        raise RuleViolation(t("extend needs a running or paused reply clock"))
    passed = _reply_due_passed(reply, acting)
    if passed is not None:
        raise RuleViolation(t("the reply was due on {due}; an extension must be decided before the due date passes", due=passed))


def _reply_due_passed(reply: Clock, acting) -> str | None:
    """The reply's due date (ISO) when the effective date is after it, else None."""
    due = reply.due(acting.calendar)
    return due.on.isoformat() if due is not None and acting.on > due.on else None


def _decide_extend(case, acting, params):
    _check_extend(case, acting)
    settings = periods(acting.settings)
    days = positive_int(required(params, "days", "extend"), "--days")
    if days > int(settings["extension_max_days"]):
        raise RuleViolation(t("an extension may be at most {most} working days (got {days})", most=settings["extension_max_days"], days=days))
    counted = case.clocks["reply"].working_days_later(days, acting.calendar, acting.on)
    # A reopened case's clock counts calendar days: the same working days, as the days its ledger adds.
    return {"days": days} if counted == days else {"days": days, "clock_days": counted}


def _check_delay_reply(case, acting):
    if case.delayed_reply is not None:
        raise RuleViolation(t(
            "case {number}'s reply period was set longer on {on} already ([GK] 35)", number=case.number, on=case.delayed_reply["on"],
        ))
    reply = case.clocks.get("reply")
    if reply is None or reply.status is not ClockStatus.RUNNING:
        raise RuleViolation(t("delay-reply needs a running reply clock"))
    passed = _reply_due_passed(reply, acting)
    if passed is not None:
        raise RuleViolation(t("the reply was due on {due}; a longer period must be set before the due date passes", due=passed))


def _decide_delay_reply(case, acting, params):
    _check_delay_reply(case, acting)
    reason = str(required(params, "reason", "delay-reply"))
    asked = param_date(required(params, "due", "delay-reply"), "--due")
    current = case.clocks["reply"].due(acting.calendar).on
    if asked <= current:
        raise RuleViolation(t("the new due date {due} must be after the current one, {current}", due=asked.isoformat(), current=current.isoformat()))
    # A last day on a rest day moves to the next working day ([MFD] 203); the clock gains the working days
    # between the two due dates (a reopened case's calendar-day clock, the calendar days that reach the same date).
    due = acting.calendar.roll_forward(current, asked).on
    working = positive_int(acting.calendar.working_days_between(current, due), t("the working days added"))
    days = case.clocks["reply"].working_days_later(working, acting.calendar, acting.on)
    return {"days": days, "due": due.isoformat(), "previous_due": current.isoformat(), "reason": reason}


def _check_approve_review(case, acting):
    if case.review_submitted_by == acting.user:
        raise RuleViolation(t("{user} submitted this reply for review and may not approve it (separation of duties, 保密审查)", user=acting.user))


def _decide_approve_review(case, acting, params):
    _check_approve_review(case, acting)
    return {"submitted_by": case.review_submitted_by}


def _decide_return_review(case, acting, params):
    note = required(params, "note", "return-review")
    return {"reason": str(note)}


def _decide_reply(case, acting, params):
    outcome = require_code(OUTCOMES, required(params, "outcome", "reply"), t("outcome"))
    check_third_party_release(case, outcome)
    if outcome in ENGINE_OUTCOMES:
        raise RuleViolation(t("{outcome} is set by the engine when a period lapses, not by a reply", outcome=outcome))
    if case.state != "cleared" and outcome in ("granted", "partial"):
        raise RuleViolation(t("a reply that releases information ({outcome}) needs a cleared confidentiality review (保密审查)", outcome=outcome))
    if outcome == "unavailable.still_unclear":
        correction = case.clocks.get("correction")
        if correction is None:
            raise RuleViolation(t(
                "unavailable.still_unclear follows a correction asked for and answered or lapsed ([GK] 30); case {number} has none",
                number=case.number,
            ))
        if correction.status is not ClockStatus.STOPPED:
            raise RuleViolation(t(
                "unavailable.still_unclear follows a correction asked for and answered or lapsed ([GK] 30); case {number} has one still open",
                number=case.number,
            ))
    reply = case.clocks.get("reply")
    due = reply.due(acting.calendar) if reply else None
    data: dict[str, Any] = {"outcome": outcome, **reply_grounds(outcome, params)}
    if due is not None:
        data["due_on"] = due.on.isoformat()
        data["on_time"] = acting.on <= due.on
    return data


def _decide_deliver(case, acting, params):
    return {"method": require_code(DELIVERY_METHODS, required(params, "method", "deliver"), t("delivery method"))}


def _decide_record_appeal(case, acting, params):
    result = require_code(APPEAL_RESULTS, required(params, "result", "record-appeal"), t("appeal result"))
    if params.get("appeal") is not None:
        number = positive_int(params["appeal"], "--appeal")
        if number > len(case.appeals):
            raise InvalidInput(t("case {number} has no appeal {appeal}", number=case.number, appeal=number))
        existing = case.appeals[number - 1]
        if existing["result"] != "pending":
            raise RuleViolation(t("appeal {appeal} was decided ({result}) and cannot change", appeal=number, result=existing["result"]))
        if params.get("type") not in (None, existing["type"]):
            raise InvalidInput(t("appeal {appeal} is a {type}, not a {given}", appeal=number, type=existing["type"], given=params["type"]))
        return {"appeal": number, "type": existing["type"], "result": result}
    appeal_type = require_code(APPEAL_TYPES, required(params, "type", "record-appeal"), t("appeal type"))
    data = {"appeal": len(case.appeals) + 1, "type": appeal_type, "result": result}
    # What is appealed: the reply or ending the case has, or (an open case) the reply it lacks.
    if case.outcome is not None:
        return {**data, "against": case.outcome}
    return {**data, "against": "no_reply", "reply_overdue": case.overdue(acting.calendar, acting.on)}


def _decide_reopen(case, acting, params):
    due = param_date(required(params, "due", "reopen"), "--due")
    if due <= acting.on:
        raise InvalidInput(t("the new due date {due} must be after {on}", due=due.isoformat(), on=acting.on.isoformat()))
    if case.handler is not None:
        if params.get("to"):
            raise InvalidInput(t(
                "{handler} handles case {number}; reopen names a handler only for a case without one (reassign after)",
                handler=case.handler, number=case.number,
            ))
        return {"due": due.isoformat()}
    # Reopened into 办理中, the case needs someone to reply: one ended before assignment names its handler here.
    return {"due": due.isoformat(), "to": str(required(params, "to", "reopen"))}


def _no_data(case, acting, params):
    return {}


_HOOKS: Mapping[str, Mapping[str, Any]] = {
    "register": {
        "decide": _decide_register, "apply": applied.apply_register,
        "options": (*REGISTER_PARAMS, "ledger_key"),
    },
    "assign": {"decide": _decide_assign, "apply": applied.apply_assign, "options": ("to",)},
    "request-correction": {
        "decide": _decide_request_correction, "apply": applied.apply_request_correction, "options": ("period",),
        "check": _check_request_correction,
    },
    "receive-correction": {"decide": _decide_receive_correction, "apply": applied.apply_receive_correction},
    "reassign": {"decide": _decide_reassign, "apply": applied.apply_reassign, "check": _check_reassign, "options": ("to",)},
    "consult": {"decide": decide_consult, "apply": applied.apply_consult, "options": ("party", "name")},
    "opinion-request-received": {
        "decide": decide_opinion_request_received, "apply": applied.apply_opinion_request_received,
        "check": check_opinion_request_received,
    },
    "receive-opinion": {
        "decide": decide_receive_opinion, "apply": applied.apply_receive_opinion, "options": ("opinion", "consent", "reason"),
    },
    "public-interest-release": {
        "decide": decide_public_interest_release, "apply": applied.apply_public_interest_release,
        "check": check_public_interest_release, "options": ("reason",),
    },
    "notify-third-party": {
        "decide": decide_notify_third_party, "apply": applied.apply_notify_third_party, "check": check_notify_third_party,
    },
    "notify-fee": {"decide": decide_notify_fee, "apply": applied.apply_notify_fee, "options": ("pages", "scale", "amount")},
    "fee-notice-received": {
        "decide": decide_fee_notice_received, "apply": applied.apply_fee_notice_received, "check": check_fee_notice_received,
    },
    "receive-payment": {"decide": decide_receive_payment, "apply": applied.apply_receive_payment},
    "extend": {"decide": _decide_extend, "apply": applied.apply_extend, "check": _check_extend, "options": ("days",)},
    "delay-reply": {
        "decide": _decide_delay_reply, "apply": applied.apply_delay_reply, "check": _check_delay_reply, "options": ("due", "reason"),
    },
    "submit-review": {"decide": _no_data, "apply": applied.apply_submit_review},
    "approve-review": {"decide": _decide_approve_review, "apply": applied.nothing, "check": _check_approve_review},
    "return-review": {"decide": _decide_return_review, "apply": applied.apply_return_review},
    "reply": {"decide": _decide_reply, "apply": applied.apply_reply, "options": ("outcome", "reason", "basis", "available_at")},
    "deliver": {"decide": _decide_deliver, "apply": applied.apply_deliver, "options": ("method",)},
    "withdraw": {"decide": _no_data, "apply": applied.apply_withdraw},
    "archive": {"decide": _no_data, "apply": applied.nothing},
    "record-appeal": {
        "decide": _decide_record_appeal, "apply": applied.apply_record_appeal, "options": ("type", "result", "appeal"),
    },
    "reopen": {"decide": _decide_reopen, "apply": applied.apply_reopen, "options": ("due", "to")},
    "lapse": {"decide": decide_lapse, "apply": applied.apply_lapse, "options": ("clock",)},
    "reinstate": {
        "decide": decide_reinstate, "apply": applied.apply_reinstate, "options": ("reason",),
        "check": check_reinstate,
    },
}

_UPGRADES = {
    ("consult", 1): consult_v1_to_v2, ("notify-fee", 1): notify_fee_v1_to_v2,
    ("consult", 2): consult_v2_to_v3, ("notify-fee", 2): notify_fee_v2_to_v3,
}

DISCLOSURE = replace(
    kind_from_definition(DISCLOSURE_DEFINITION, source=BUILT_IN_SOURCE, hooks=_HOOKS),
    upgrades=_UPGRADES, lapses=LAPSING_CLOCKS, office_alerts=True, undoes={"reinstate": "lapse"},
)
