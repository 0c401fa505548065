"""Fixing mistakes in the open, on a case of any kind: void (作废), amend (更正) and undo (撤销本人上一步).

Every kind the engine knows gets these actions and the state ``voided`` (``with_corrections``, applied
by the KindRegistry to the built-in kinds and an office's own alike). Each is an event of its own in
the chain; none deletes or rewrites one:

- ``void`` (a registrar, with a reason) asks to void a registration entered in error; ``approve-void``
  (a head other than the one who asked) voids the case: 已作废, every clock stopped, no action after it
  but the approver's own ``undo``; ``reject-void`` (a head) declines the request. The approval is the
  head's own step, recorded under the head's identity, rather than a head's name typed by the registrar.
- ``amend`` (a head, with a reason) corrects the date of an earlier step or a field of the
  registration; the case is folded again as if the step had said the corrected thing
  (workflow/corrected_history.py), and later replies' timeliness is judged again on the corrected clocks.
- ``undo``: the user's own last step, on the day it was recorded, folded away as if never taken.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Mapping

from disclosure.workflow.clocks import stop_if_active
from disclosure.workflow.corrected_history import (
    AMEND, APPROVE_VOID, CORRECTION_ACTIONS, REJECT_VOID, UNDO, VOID, changed_event, effective_events,
)
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.messages import t
from disclosure.workflow.events import Event
from disclosure.workflow.kinds.base import Action, Kind, KindMachine, State
from disclosure.workflow.kinds.disclosure_params import param_date, positive_int, required
from disclosure.workflow.kinds.registration import decide_registration
from disclosure.workflow.receipt import RAW_DATES
from disclosure.workflow.vocabulary import SYSTEM_ROLE, SYSTEM_USER

__all__ = ["VOIDED", "CORRECTION_ACTIONS", "REGISTRATION_FIELDS", "with_corrections"]

VOIDED = "voided"
# The registration's fields an amendment may correct (besides any step's effective date, ``on``): the
# registration is decided again with the corrected one, so the receipt rule and the codes still hold.
REGISTRATION_FIELDS = ("received", *RAW_DATES, "channel", "applicant", "applicant_type", "request", "id_number", "phone", "address")
_APPLICANT_KEYS = {"applicant": "name", "applicant_type": "type", "id_number": "id_number", "phone": "phone", "address": "address"}


def with_corrections(kind: Kind) -> Kind:
    """The kind with the state ``voided`` and the actions void, approve-void, reject-void, amend, undo
    (the same kind when it has them already)."""
    if kind.decide.get(UNDO) is _decide_undo:
        return kind
    taken = sorted({action.name for action in kind.actions} & set(CORRECTION_ACTIONS))
    if taken:
        raise InvalidInput(t(
            "kind {kind}: the action {action} is the engine's own (fixing mistakes); name it otherwise", kind=kind.code, action=taken[0],
        ))
    if any(state.code == VOIDED for state in kind.states):
        raise InvalidInput(t("kind {kind}: the state {state} is the engine's own (已作废); name it otherwise", kind=kind.code, state=VOIDED))
    states = tuple(state.code for state in kind.states)
    roles = tuple(dict.fromkeys(role for action in kind.actions for role in action.roles if role != SYSTEM_ROLE))
    actions = (
        Action(VOID, kind.open_states, None, ("registrar",), "申请作废", ("reason",)),
        Action(APPROVE_VOID, kind.open_states, VOIDED, ("head",), "批准作废"),
        Action(REJECT_VOID, kind.open_states, None, ("head",), "不予作废", ("reason",)),
        Action(AMEND, states, None, ("head",), "更正", ("version", "field", "value", "reason")),
        Action(UNDO, (*states, VOIDED), None, roles, "撤销本人上一步"),
    )
    amending = _Amending()
    extended = replace(
        kind,
        states=(*kind.states, State(VOIDED, "已作废", open=False)),
        actions=(*kind.actions, *actions),
        decide={**kind.decide, VOID: _decide_void, APPROVE_VOID: _decide_approve_void, REJECT_VOID: _decide_reject_void,
                AMEND: amending.decide, UNDO: _decide_undo},
        apply={**kind.apply, VOID: _apply_void, APPROVE_VOID: _apply_approve_void, REJECT_VOID: _apply_reject_void,
               AMEND: _folded_with_history, UNDO: _folded_with_history},
        guards={**kind.guards, VOID: _check_void, APPROVE_VOID: _check_approve_void, REJECT_VOID: _check_pending_void},
    )
    amending.kind = extended
    return extended


# -- void -------------------------------------------------------------------------------------


def _reason(params: Mapping[str, Any], action: str) -> str:
    reason = str(required(params, "reason", action)).strip()
    if not reason:
        raise InvalidInput(t("{action} needs --reason", action=action))
    return reason


def _check_void(case, acting) -> None:
    pending = case.facts.get("void_request")
    if pending is not None:
        raise RuleViolation(t(
            "case {number}'s voiding was asked by {by} on {on} and waits for a head (approve-void or reject-void)",
            number=case.number, by=pending["by"], on=pending["on"],
        ))


def _decide_void(case, acting, params):
    _check_void(case, acting)
    return {"reason": _reason(params, VOID)}


def _apply_void(case, event) -> None:
    case.facts["void_request"] = {"version": event.version, "on": event.on.isoformat(), "by": event.user, "reason": event.data["reason"]}


def _check_pending_void(case, acting) -> dict[str, Any]:
    pending = case.facts.get("void_request")
    if pending is None:
        raise RuleViolation(t("nobody has asked to void case {number}; a registrar asks first (void --reason)", number=case.number))
    return pending


def _check_approve_void(case, acting) -> None:
    pending = _check_pending_void(case, acting)
    if pending["by"] == acting.user:
        raise RuleViolation(t(
            "{user} asked to void case {number} and may not approve it: another head approves", user=acting.user, number=case.number,
        ))


def _decide_approve_void(case, acting, params):
    _check_approve_void(case, acting)
    pending = case.facts["void_request"]
    return {"requested_by": pending["by"], "request_version": pending["version"], "reason": pending["reason"]}


def _apply_approve_void(case, event) -> None:
    for name, clock in case.clocks.items():
        case.clocks[name] = stop_if_active(clock, event.on)
    request = case.facts.pop("void_request")
    case.facts["voided"] = {"on": event.on.isoformat(), "by": event.user, "requested_by": request["by"], "reason": request["reason"]}


def _decide_reject_void(case, acting, params):
    pending = _check_pending_void(case, acting)
    return {"requested_by": pending["by"], "reason": _reason(params, REJECT_VOID)}


def _apply_reject_void(case, event) -> None:
    case.facts.pop("void_request", None)


def _folded_with_history(case, event) -> None:
    raise RuleViolation(t(
        "{action} corrects the history of case {number}: it folds with the whole history (replay)", action=event.type, number=event.case,
    ))


# -- undo -------------------------------------------------------------------------------------


def _history(acting, action: str) -> list[Event]:
    if acting.history is None:
        raise RuleViolation(t("{action} needs the case's history, which only the case desk gives", action=action))
    return acting.history()


def _step_to_undo(case, acting) -> Event:
    """The user's own last step, recorded today, that nothing followed and that is not a registration."""
    history = _history(acting, UNDO)
    last = history[-1]
    own = next((event for event in reversed(history) if event.user == acting.user), None)
    if own is None:
        raise RuleViolation(t(
            "{user} has taken no step on case {number}; only a step of one's own is undone", user=acting.user, number=case.number,
        ))
    if own is not last:
        raise RuleViolation(t(
            "another event followed {user}'s v{own_version} {own_action} on case {number}: "
            "v{last_version} {last_action} by {last_user}; only the case's last step is undone",
            user=acting.user, own_version=own.version, own_action=own.type, number=case.number,
            last_version=last.version, last_action=last.type, last_user=last.user,
        ))
    if last.type == UNDO:
        raise RuleViolation(t("v{version} undid a step already; an undo is not undone", version=last.version))
    if last.version == 1:
        raise RuleViolation(t("a registration is not undone; a registrar asks to void case {number} (void --reason)", number=case.number))
    recorded = last.recorded_at.date() if last.recorded_at is not None else None
    if recorded != acting.today:
        raise RuleViolation(t(
            "v{version} {action} was recorded on {recorded}; a step is undone only on the day it was recorded "
            "(today is {today}); a head amends it instead",
            version=last.version, action=last.type, recorded=recorded, today=acting.today.isoformat(),
        ))
    return last


def _decide_undo(case, acting, params):
    undone = _step_to_undo(case, acting)
    return {"version": undone.version, "type": undone.type}


# -- amend ------------------------------------------------------------------------------------


def _registration_params(data: Mapping[str, Any]) -> dict[str, Any]:
    """The registration's parameters as its data records them, for deciding it again."""
    applicant = data["applicant"]
    receipt = data.get("receipt") or {}
    params: dict[str, Any] = {
        "channel": data.get("channel") or None, "request": data["request"],
        **{param: applicant[key] for param, key in _APPLICANT_KEYS.items() if applicant.get(key)},
        **{name: receipt[name] for name in RAW_DATES if receipt.get(name)},
    }
    if receipt.get("rule", "given") == "given":
        params["received"] = data["received_on"]
    return params


class _Amending:
    """The amend decision, which folds the corrected history: it knows its kind (set once built) and
    builds the kind's machine when first needed."""

    kind: Kind

    def __init__(self) -> None:
        self._machine: KindMachine | None = None

    def _fold(self) -> Callable[[Any, Event], Any]:
        from disclosure.workflow.case import apply  # case.py folds with workflow/corrected_history.py, which this feeds

        if self._machine is None:
            self._machine = KindMachine(self.kind)
        return lambda case, event: apply(self.kind, self._machine, case, event)

    def decide(self, case, acting, params):
        history = _history(acting, AMEND)
        version = positive_int(required(params, "version", AMEND), "--version")
        field = str(required(params, "field", AMEND)).strip().replace("-", "_")
        value = str(required(params, "value", AMEND)).strip()
        reason = _reason(params, AMEND)
        effective = effective_events(history, self.kind.upgrade)
        target = next((step for step in effective if step.version == version), None)
        if target is None:
            raise _not_amendable(case, history, version)
        if target.user == SYSTEM_USER:  # a lapse's date is the rule's (the day after the period), not a person's record
            raise RuleViolation(t(
                "v{version} {action} was taken by the engine on the day its rule fixes; it is not amended (a head "
                "takes back a wrong lapse with reinstate)", version=version, action=target.type,
            ))
        previous, change = self._change(target, field, value, acting)
        if changed_event(target, change) == target:
            raise RuleViolation(t(
                "v{version} {action} says {field} {value} already", version=version, action=target.type, field=field, value=value,
            ))
        corrected = [changed_event(step, change) if step.version == version else step for step in effective]
        _check_order(corrected, acting.today, self.kind.undoes)
        changes = {str(version): change, **self._timeliness_judged_again(corrected, acting, version, change)}
        return {"version": version, "type": target.type, "field": field, "value": value, "previous": previous,
                "reason": reason, "changes": changes}

    def _change(self, target: Event, field: str, value: str, acting) -> tuple[str | None, dict[str, Any]]:
        """The value the step had, and the change that corrects it (``on`` and/or ``data``)."""
        creating = target.version == 1
        if field == "on":
            day = param_date(value, "--value")
            change: dict[str, Any] = {"on": day.isoformat()}
            if creating:  # the receipt dates may not come after the registration
                change["data"] = self._registration(target, {}, replace(acting, on=day))
            return target.on.isoformat(), change
        if field not in REGISTRATION_FIELDS:
            raise InvalidInput(t(
                "amend corrects a step's date (on) or a registration's field ({fields}), not {field!r}",
                fields=", ".join(REGISTRATION_FIELDS), field=field,
            ))
        if not creating:
            raise InvalidInput(t(
                "{field} is a field of the registration (v1); v{version} is a {action}",
                field=field, version=target.version, action=target.type,
            ))
        recorded = _registration_params(target.data)
        previous = target.data["received_on"] if field == "received" else recorded.get(field)
        return previous, {"data": self._registration(target, {field: value}, replace(acting, on=target.on))}

    def _registration(self, target: Event, corrected: Mapping[str, Any], acting) -> dict[str, Any]:
        params = {**_registration_params(target.data), **corrected}
        if set(corrected) & (set(RAW_DATES) - {"submitted_on"}):  # a channel's date fixes the receipt date, not the one given
            params.pop("received", None)
        return decide_registration(acting, params, self.kind.applicant_types, channel_required=bool(target.data.get("channel")))

    def _timeliness_judged_again(self, corrected: list[Event], acting, version: int, change: Mapping[str, Any]) -> dict[str, Any]:
        """Each later reply's due date and timeliness (``due_on``, ``on_time``, judged when it was decided) on
        the corrected clocks: the changes to record beside the amended step's."""
        fold, case, changes = self._fold(), None, {}
        try:
            for step in corrected:
                if case is not None:
                    _check_lapse_still_due(case, step, acting.calendar)
                    judged = _timeliness(case, step, acting.calendar)
                    if judged:
                        own = dict(change) if step.version == version else {}
                        changes[str(step.version)] = {**own, "data": {**own.get("data", {}), **judged}}
                        step = changed_event(step, {"data": judged})
                    case.version = step.version - 1
                case = fold(case, step)
        except (KeyError, ValueError, TypeError) as error:
            raise RuleViolation(t(
                "the amended history of case {number} does not fold: {error}", number=corrected[0].case, error=error,
            )) from None
        return changes


def _check_lapse_still_due(case, step: Event, calendar) -> None:
    """A lapse the engine took stands only if its period had run out before it, on the corrected history too
    (an earlier step's date amended may give the applicant longer: the case must not stay ended meanwhile)."""
    if step.user != SYSTEM_USER or step.type != "lapse" or "clock" not in step.data:
        return
    clock = case.clocks.get(step.data["clock"])
    due = clock.due(calendar) if clock is not None else None
    if due is None or step.on <= due.on:
        raise RuleViolation(t(
            "amended so, case {number}'s {clock} period would still run on {on}, when the engine ended it (v{version} "
            "lapse; its last day would be {last_day}): a head takes the lapse back with reinstate first",
            number=step.case, clock=step.data["clock"], on=step.on.isoformat(), version=step.version,
            last_day=due.on.isoformat() if due is not None else "-",
        ))


def _timeliness(case, step: Event, calendar) -> dict[str, Any]:
    """A reply's due date and timeliness judged again on the case before it, where they differ from its data."""
    if "on_time" not in step.data or "due_on" not in step.data:
        return {}
    due = case.due(calendar)
    if due is None:
        return {}
    judged = {"due_on": due.on.isoformat(), "on_time": step.on <= due.on}
    return judged if any(step.data[key] != value for key, value in judged.items()) else {}


def _not_amendable(case, history: list[Event], version: int) -> Exception:
    recorded = next((event for event in history if event.version == version), None)
    if recorded is None:
        return InvalidInput(t(
            "case {number} has versions 1 to {last}, not {version}", number=case.number, last=len(history), version=version,
        ))
    if recorded.type in (AMEND, UNDO):
        return RuleViolation(t("v{version} is an {action}, a correction; amend corrects a step", version=version, action=recorded.type))
    return RuleViolation(t("v{version} {action} was undone; there is nothing to amend", version=version, action=recorded.type))


def _check_order(steps: list[Event], today, undoing: Mapping[str, str]) -> None:
    """The corrected steps' dates: none in the future, none before the step before it (but a step that
    undoes the one before it, dated from the step before that: ``reinstate``)."""
    for before, step in zip([None, *steps], steps):
        if step.on > today:
            raise RuleViolation(t(
                "the amended date {on} is in the future (today is {today})", on=step.on.isoformat(), today=today.isoformat(),
            ))
        if before is not None and step.on < before.on and step.type not in undoing:
            raise RuleViolation(t(
                "the amendment puts v{version} {action} on {on}, before v{before_version} {before_action} on {before_on}",
                version=step.version, action=step.type, on=step.on.isoformat(),
                before_version=before.version, before_action=before.type, before_on=before.on.isoformat(),
            ))
