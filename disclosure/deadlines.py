"""The open deadlines: one per running clock, for the calendars clerks carry (`disclosure calendar ics`).

A deadline says which case, which clock and when, and nothing of the applicant: the list goes to
phones and calendar servers the office does not control.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from disclosure.office_context import OfficeContext
from disclosure.workflow.clocks import Clock
from disclosure.workflow.errors import NotFound
from disclosure.workflow.messages import t

__all__ = ["Deadline", "Deadlines"]


@dataclass(frozen=True)
class Deadline:
    case: str
    kind: str
    kind_label: str
    state: str
    state_label: str
    clock: str
    clock_label: str
    due_on: date
    provisional: bool
    # Stays the same while the clock's period runs (pauses, extensions, a moved holiday change only the
    # date), so a calendar that imports the list again updates the entry instead of adding another.
    uid: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case, "kind": self.kind, "kind_label": self.kind_label, "state": self.state,
            "state_label": self.state_label, "clock": self.clock, "clock_label": self.clock_label,
            "due_on": self.due_on.isoformat(), "provisional": self.provisional, "uid": self.uid,
        }


class Deadlines:
    def __init__(self, context: OfficeContext) -> None:
        self._context = context

    def open_deadlines(self, *, handler: str | None = None) -> list[Deadline]:
        """The running clocks of open cases, by due date then case; ``handler``: only the cases that user handles."""
        context = self._context
        with context.storage.reading() as uow:
            context.actor(uow)
            if handler is not None and not uow.users.has_user(handler):
                raise NotFound(t("no user {handler}", handler=handler))
            office = uow.users.office()
            running = uow.cases.running_clocks(handler=handler)
        book = _book_tag(office.name if office is not None else "")
        calendar = context.calendar
        found = []
        for entry in running:
            kind = context.kinds.kind(entry.kind)
            state = kind.state(entry.state)
            due = entry.clock.due(calendar)
            if not state.open or due is None:
                continue
            found.append(Deadline(
                case=entry.case_number, kind=kind.code, kind_label=kind.label, state=state.code, state_label=state.label,
                clock=entry.clock.name, clock_label=kind.clock_label(entry.clock.name), due_on=due.on,
                provisional=due.provisional, uid=f"{entry.case_number}.{entry.clock.name}.{_period_start(entry.clock)}@{book}",
            ))
        return sorted(found, key=lambda deadline: (deadline.due_on, deadline.case, deadline.clock))


def _period_start(clock: Clock) -> int:
    """The place in the ledger of the start of the clock's current period (a clock started again later,
    say a second correction period, is another deadline; a restart continues the same one)."""
    return max(position for position, entry in enumerate(clock.ledger) if entry.action == "start")


def _book_tag(office_name: str) -> str:
    """A short tag of the office, so two offices' case 2026-0001 are two calendar entries."""
    return hashlib.sha256(office_name.encode("utf-8")).hexdigest()[:12] + ".disclosure"
