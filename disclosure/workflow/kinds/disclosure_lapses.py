"""The disclosure kind's endings by lapse ([GK] 30; [FEE]): the applicant's period runs out and the
engine ends the case (the sweep, as the system user); a head may undo that ending (``reinstate``)."""

from __future__ import annotations

from typing import Mapping

from disclosure.workflow.clocks import Clock, ClockStatus
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.kinds.disclosure_params import required
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import CLOCK_LABELS, code_named

__all__ = ["LAPSING_CLOCKS", "decide_lapse", "check_reinstate", "decide_reinstate"]

# The applicant's periods whose lapse ends the case, with the outcome it ends in ([GK] 30; [FEE]).
LAPSING_CLOCKS: Mapping[str, tuple[str, str]] = {
    "correction": ("correction", "other.no_correction"),
    "payment": ("fee_pending", "other.fee_unpaid"),
}
# A lapse read back from the outcome it left: outcome → (the lapsed clock, the state it ended the case from).
_LAPSED_BY_OUTCOME: Mapping[str, tuple[str, str]] = {
    outcome: (clock, state) for clock, (state, outcome) in LAPSING_CLOCKS.items()
}


def decide_lapse(case, acting, params):
    name = required(params, "clock", "lapse")
    name = code_named(str(name), [(clock, CLOCK_LABELS[clock]) for clock in LAPSING_CLOCKS]) or name  # or its label, 补正期限
    if name not in LAPSING_CLOCKS:
        raise InvalidInput(t("only the applicant's periods lapse ({clocks}), not {name!r}", clocks=", ".join(LAPSING_CLOCKS), name=name))
    state, outcome = LAPSING_CLOCKS[name]
    if case.state != state:
        raise RuleViolation(t(
            "the {name} period lapses only in state {state}; case {number} is {current}", name=name, state=state, number=case.number, current=case.state,
        ))
    clock = case.clocks.get(name)
    due = clock.due(acting.calendar) if clock is not None and clock.status is ClockStatus.RUNNING else None
    if due is None or acting.on <= due.on:
        last_day = due.on.isoformat() if due else t("not running")
        raise RuleViolation(t(
            "the {name} period has not lapsed on {on} (its last day: {last_day})", name=name, on=acting.on.isoformat(), last_day=last_day,
        ))
    return {"clock": name, "outcome": outcome, "due_on": due.on.isoformat()}


def _lapse_to_undo(case) -> tuple[str, str, dict[str, Clock]]:
    """The lapse ``reinstate`` undoes: the lapsed clock, the state the case was ended from, and the clocks
    the lapse stopped, without that stop. A case closed with an engine outcome was closed by its lapse,
    its last event (only an archive, which leaves ``closed``, can follow); the lapse falls after the
    day its period started, so the clocks stopped on its date are the ones it stopped."""
    ending = _LAPSED_BY_OUTCOME.get(case.outcome) if case.state == "closed" else None
    if ending is None or case.concluded_on is None:
        if case.outcome:
            raise RuleViolation(t(
                "reinstate undoes an ending by lapse; case {number} is {state} ({outcome})", number=case.number, state=case.state, outcome=case.outcome,
            ))
        raise RuleViolation(t("reinstate undoes an ending by lapse; case {number} is {state}", number=case.number, state=case.state))
    lapsed_on, (clock, state) = case.concluded_on, ending
    restored = {name: Clock(name, found.ledger[:-1]) for name, found in case.clocks.items()
                if found.ledger and (found.ledger[-1].action, found.ledger[-1].on) == ("stop", lapsed_on)}
    if clock not in restored:
        raise RuleViolation(t(
            "case {number}'s {clock} clock was not stopped by a lapse on {lapsed_on}", number=case.number, clock=clock, lapsed_on=lapsed_on.isoformat(),
        ))
    return clock, state, restored


def check_reinstate(case, acting) -> None:
    _lapse_to_undo(case)


def decide_reinstate(case, acting, params):
    clock, state, restored = _lapse_to_undo(case)
    reason = str(required(params, "reason", "reinstate"))
    # Undone, the lapse leaves the case as its last event before the lapse left it: the undoing is
    # dated from that event (not from the lapse, which a wrong clock may have put in the future) to
    # the lapsed period's last day (after it, the period did run out: that lapse stands).
    before = max(entry.on for found in {**case.clocks, **restored}.values() for entry in found.ledger if entry.on)
    due = restored[clock].due(acting.calendar)
    if acting.on < before:
        raise RuleViolation(t(
            "the effective date {on} is before the case's last event before the lapse, on {before}", on=acting.on.isoformat(), before=before.isoformat(),
        ))
    if due is not None and acting.on > due.on:
        raise RuleViolation(t(
            "the {clock} period's last day was {due}, so on {on} it had run out; reinstate takes effect on a day it still ran ({before} to {due})",
            clock=clock, due=due.on.isoformat(), on=acting.on.isoformat(), before=before.isoformat(),
        ))
    return {
        "clock": clock, "state": state, "outcome": case.outcome, "lapsed_on": case.concluded_on.isoformat(),
        "clocks": sorted(restored), "reason": reason,
    }
