"""A case's projection: the columns of its cases row and of its clock rows, derived from the case.

The write path stores them; the audit compares them with what the events replay to.
"""

from __future__ import annotations

from typing import Any

from disclosure.storage.snapshots import ledger_to_json
from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.case import Case
from disclosure.workflow.clocks import Clock

__all__ = ["case_columns", "clock_columns"]


def case_columns(case: Case, calendar: WorkCalendar) -> dict[str, Any]:
    """The cases row but the version and snapshot (the due date is the reply clock's)."""
    applicant = case.applicant
    reply_due = case.due(calendar)  # an unchanged clock is shared with the case as loaded, and keeps its answer
    return {
        "due_on": reply_due.on if reply_due else None,
        "provisional": bool(reply_due and reply_due.provisional),
        "number": case.number,
        "kind": case.kind,
        "state": case.state,
        "outcome": case.outcome,
        "applicant_name": applicant.get("name", ""),
        "applicant_type": applicant.get("type", ""),
        "id_number": applicant.get("id_number"),
        "phone": applicant.get("phone"),
        "address": applicant.get("address"),
        "channel": case.channel or "",
        "request": case.request or "",
        "received_on": case.received_on,
        "registered_on": case.registered_on,
        "replied_on": case.replied_on,
        "concluded_on": case.concluded_on,
        "on_time": case.reply_on_time,
        "handler": case.handler,
    }


def clock_columns(clock: Clock, calendar: WorkCalendar) -> dict[str, Any]:
    """A clock row but its keys (case and name)."""
    due = clock.due(calendar)
    return {
        "status": clock.status.value,
        "due_on": due.on if due else None,
        "provisional": bool(due and due.provisional),
        "ledger": ledger_to_json(clock),
    }
