"""A case as people and embedders see it: derived facts (overdue, due dates) computed, personal data masked.

Imports only the domain, so the command line can show a case without loading the database layer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from disclosure.workflow.calendar import Due, WorkCalendar
from disclosure.workflow.case import Case
from disclosure.workflow.kinds.base import Kind
from disclosure.workflow.personal_data import mask, masked_applicant
from disclosure.workflow.receipt import described_receipt
from disclosure.workflow.vocabulary import APPLICANT_TYPES, CHANNELS, OUTCOMES

__all__ = ["CaseView", "ClockView", "case_view", "mask"]


@dataclass(frozen=True)
class ClockView:
    name: str
    status: str
    due_on: date | None
    provisional: bool
    remaining: int | None


@dataclass(frozen=True)
class CaseView:
    """A case as it stands, with what is derived from today (overdue) computed, not stored."""

    case: Case
    due: Due | None
    overdue: bool
    calendar: WorkCalendar
    kind: Kind
    # Whether its personal data shows unmasked: only when a permitted user revealed it with a reason,
    # which the office log records (Office.case(..., reveal=REASON)).
    revealed: bool = False
    # The applicant's name masked too (张*): a search by name lists other people's cases of that name.
    name_masked: bool = False

    @functools.cached_property
    def clocks(self) -> tuple[ClockView, ...]:
        """Every clock with its due date and what is left (worked out when first asked)."""
        return tuple(
            ClockView(name, clock.status.value, due.on if due else None, bool(due and due.provisional), clock.remaining(self.calendar))
            for name, clock in sorted(self.case.clocks.items())
            for due in (clock.due(self.calendar),)
        )

    @functools.cached_property
    def running_clock(self) -> ClockView | None:
        """The clock counting now, whose last day the office must mind next: the case's due clock when it
        runs, else the running clock due first (the correction period, while the reply clock waits
        for the corrected application); None when none runs (every clock paused or stopped)."""
        running = [clock for clock in self.clocks if clock.status == "running" and clock.due_on is not None]
        for clock in running:
            if clock.name == self.case.due_clock:
                return clock
        return min(running, key=lambda clock: clock.due_on, default=None)

    @property
    def state_label(self) -> str:
        return self.kind.state(self.case.state).label

    @property
    def number(self) -> str:
        return self.case.number

    @property
    def state(self) -> str:
        return self.case.state

    def to_dict(self) -> dict[str, Any]:
        case = self.case
        applicant = dict(case.applicant) if self.revealed else masked_applicant(case.applicant, name=self.name_masked)
        kind = self.kind
        return {
            "number": case.number,
            "kind": case.kind,
            "kind_label": kind.label,
            "state": case.state,
            "state_label": self.state_label,
            "outcome": case.outcome,
            "outcome_label": kind.outcome_labels.get(case.outcome) or OUTCOMES.get(case.outcome) if case.outcome else None,
            "applicant": applicant,
            "applicant_type": applicant.get("type"),
            "applicant_type_label": kind.applicant_types.get(applicant.get("type", "")) or APPLICANT_TYPES.get(applicant.get("type", "")),
            "channel": case.channel,
            "channel_label": CHANNELS.get(case.channel or ""),
            "request": case.request,
            "received_on": case.received_on.isoformat() if case.received_on else None,
            "receipt": described_receipt(case.receipt, case.channel),
            "due_clock": case.due_clock,
            "due_on": self.due.on.isoformat() if self.due else None,
            "provisional": bool(self.due and self.due.provisional),
            "running_clock": self._running_clock_dict(),
            "overdue": self.overdue,
            "replied_on": case.replied_on.isoformat() if case.replied_on else None,
            "on_time": case.reply_on_time,
            "handler": case.handler,
            "extended": case.extended,
            "appeals": list(case.appeals),
            "reply_reasons": dict(case.reply_reasons),
            "delayed_reply": dict(case.delayed_reply) if case.delayed_reply else None,
            "facts": dict(case.facts),
            "letters": [dict(letter) for letter in case.letters],
            "files": [dict(record) for record in case.files],
            "version": case.version,
            "clocks": [
                {
                    "name": clock.name,
                    "label": kind.clock_label(clock.name),
                    "due_on": clock.due_on.isoformat() if clock.due_on else None,
                    "status": clock.status,
                    "provisional": clock.provisional,
                    "remaining": clock.remaining,
                }
                for clock in self.clocks
            ],
        }

    def _running_clock_dict(self) -> dict[str, Any] | None:
        running = self.running_clock
        if running is None:
            return None
        return {"name": running.name, "label": self.kind.clock_label(running.name), "due_on": running.due_on.isoformat(),
                "provisional": running.provisional}


def case_view(case: Case, kind: Kind, calendar: WorkCalendar, today: date, *, revealed: bool = False) -> CaseView:
    """``kind``: the case's kind, whose labels the view shows."""
    due = case.due(calendar)
    return CaseView(case=case, due=due, overdue=case.is_overdue(due, today), calendar=calendar, kind=kind, revealed=revealed)

