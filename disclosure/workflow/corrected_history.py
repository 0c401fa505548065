"""A case's history as corrected: amendments applied to the steps they amend, undone steps left out.

An ``amend`` or ``undo`` event does not extend the case the way a step does; it says what its
history should have been. Folding one therefore folds the case again from its registration over the
corrected steps (``CorrectedFold``), so that replaying the recorded events always gives the case the
case desk stored, and nothing recorded is ever rewritten: the original step stays in the chain
beside the amendment that corrects it. workflow/corrections.py decides these events.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, Callable, Iterable, Mapping

from disclosure.workflow.events import Event
from disclosure.workflow.personal_data import PERSONAL_FIELDS, mask

__all__ = ["AMEND", "UNDO", "VOID", "APPROVE_VOID", "REJECT_VOID", "REFOLDING", "CORRECTION_ACTIONS", "effective_events", "changed_event", "CorrectedFold"]

AMEND = "amend"
UNDO = "undo"
VOID, APPROVE_VOID, REJECT_VOID = "void", "approve-void", "reject-void"
# The events that correct the history rather than add a step to it.
REFOLDING = (AMEND, UNDO)
# Every kind's actions that fix mistakes (workflow/corrections.py): commands of their own, never a next step.
CORRECTION_ACTIONS = (VOID, APPROVE_VOID, REJECT_VOID, AMEND, UNDO)


def changed_event(event: Event, change: Mapping[str, Any]) -> Event:
    """The event as an amendment's change says it should have read: ``on`` its date, ``data`` keys over its data."""
    on = date.fromisoformat(change["on"]) if "on" in change else event.on
    return replace(event, on=on, data={**event.data, **change.get("data", {})})


def effective_events(events: Iterable[Event], upgrade: Callable[[Event], Event] = lambda event: event) -> list[Event]:
    """The steps a case is folded from: every recorded event but the corrections and the steps undone,
    each as the amendments recorded after it say (an amendment is applied to the data at its type's
    current version, hence ``upgrade``). An undone amendment amends nothing."""
    events = list(events)
    undone = {event.data["version"] for event in events if event.type == UNDO}
    effective: list[Event] = []
    for event in events:
        if event.version in undone or event.type == UNDO:
            continue
        if event.type == AMEND:
            changes = event.data["changes"]
            effective = [changed_event(step, changes[str(step.version)]) if str(step.version) in changes else step
                         for step in effective]
            continue
        effective.append(upgrade(event))
    return effective


def correction_record(event: Event) -> dict[str, Any]:
    """What ``show`` lists of a correction in force (``facts.corrections``): who made it, when, to which
    step, how and why."""
    data = event.data
    record = {"version": event.version, "type": event.type, "on": event.on.isoformat(), "user": event.user,
              "of_version": data["version"], "of_type": data.get("type")}
    if event.type == AMEND:
        # The applicant's own fields are masked here as wherever a case is shown; the case keeps the value.
        shown = mask if data["field"] in PERSONAL_FIELDS else (lambda value: value)
        record.update(field=data["field"], value=shown(data["value"]), previous=shown(data["previous"]), reason=data["reason"])
    return record


class CorrectedFold:
    """Folds a case event by event (``apply_step``: case.py's ``apply``), keeping the recorded events so
    that a correction folds the case again over the corrected steps."""

    def __init__(self, apply_step: Callable[[Any, Event], Any], upgrade: Callable[[Event], Event]) -> None:
        self._apply_step = apply_step
        self._upgrade = upgrade
        self._recorded: list[Event] = []

    def add(self, case: Any, event: Event) -> Any:
        self._recorded.append(event)
        if event.type not in REFOLDING:
            return self._apply_step(case, event)
        case = None
        for step in effective_events(self._recorded, self._upgrade):
            if case is not None:
                case.version = step.version - 1  # the steps' versions have gaps where corrections and undone steps were
            case = self._apply_step(case, step)
        case.version = event.version
        undone = {recorded.data["version"] for recorded in self._recorded if recorded.type == UNDO}
        in_force = [recorded for recorded in self._recorded if recorded.type in REFOLDING and recorded.version not in undone]
        case.facts["corrections"] = [correction_record(correction) for correction in in_force]
        case.notes.extend(
            {"version": correction.version, "on": correction.on.isoformat(), "user": correction.user, "note": correction.data["note"]}
            for correction in in_force if correction.data.get("note")
        )
        return case
