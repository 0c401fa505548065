"""What the ledger (台账, disclosure/ledger) reads: a year's cases in the order received, and the row
keys of the ledger rows already brought in."""

from __future__ import annotations

import json
from datetime import date
from typing import Callable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from disclosure.storage.snapshots import case_from_json
from disclosure.storage.tables import CaseRow, EventRow
from disclosure.workflow.case import Case
from disclosure.workflow.corrections import VOIDED

__all__ = ["cases_received", "ledger_keys"]

cases = CaseRow.__table__
events = EventRow.__table__

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
