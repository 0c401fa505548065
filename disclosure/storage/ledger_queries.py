"""What the ledger (台账, disclosure/ledger) reads: a year's cases in the order received, the row keys
of the ledger rows already brought in, and the registration facts of the cases a sheet's 案件编号 name."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Callable, Iterable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from disclosure.storage.snapshots import case_from_json
from disclosure.storage.tables import CaseRow, EventRow
from disclosure.workflow.case import Case
from disclosure.workflow.corrections import VOIDED

__all__ = ["cases_received", "ledger_keys", "cases_numbered"]

cases = CaseRow.__table__
events = EventRow.__table__

_NUMBERS_AT_ONCE = 500  # numbers in one IN (…): well under SQLite's and PostgreSQL's bound parameters
_LEDGER_KEY = "ledger_key"  # the register event's data field workflow/kinds/disclosure.py records


def cases_received(
    connection: Connection, kind: str, first: date, last: date, due_clocks_of: Callable[[str], tuple[str, ...]],
) -> list[Case]:
    """The cases of ``kind`` received from ``first`` to ``last``, by receipt date, then number; not a
    voided one (a registration entered in error, which the office's register does not list)."""
    query = (
        select(cases.c.snapshot)
        .where(cases.c.kind == kind, cases.c.received_on >= first, cases.c.received_on <= last, cases.c.state != VOIDED)
        .order_by(cases.c.received_on, cases.c.number)
    )
    return [case_from_json(text, due_clocks_of) for text in connection.execute(query).scalars()]


def ledger_keys(connection: Connection) -> dict[str, str]:
    """Each ledger row key a registration recorded → the case it created."""
    query = select(events.c.case_number, events.c.data).where(
        events.c.type == "register", events.c.data.like(f'%"{_LEDGER_KEY}"%')
    )
    found = {}
    for number, data in connection.execute(query):
        key = json.loads(data).get(_LEDGER_KEY)
        if key:
            found[str(key)] = number
    return found


def cases_numbered(connection: Connection, numbers: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The cases of the book with these numbers, any kind and state (a voided one too) → what their
    registration recorded: ``kind``, ``state``, ``received_on``, ``applicant`` (the name), ``applicant_type``,
    ``channel`` and ``request``. A number naming no case is not in the result."""
    wanted = sorted(set(numbers))
    found: dict[str, dict[str, Any]] = {}
    columns = (cases.c.number, cases.c.kind, cases.c.state, cases.c.received_on, cases.c.applicant_name,
               cases.c.applicant_type, cases.c.channel, cases.c.request)
    for start in range(0, len(wanted), _NUMBERS_AT_ONCE):
        query = select(*columns).where(cases.c.number.in_(wanted[start:start + _NUMBERS_AT_ONCE]))
        for number, kind, state, received_on, name, applicant_type, channel, request in connection.execute(query):
            found[number] = {
                "kind": kind, "state": state, "received_on": received_on, "applicant": name,
                "applicant_type": applicant_type, "channel": channel, "request": request,
            }
    return found
