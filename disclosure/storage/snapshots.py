"""A case and its clocks as JSON, for the snapshot column. Standard library only, so the quick
read path of the CLI can decode a case without importing the database layer."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

from disclosure.workflow.case import Case
from disclosure.workflow.clocks import Clock, ClockUnit, LedgerEntry

__all__ = ["ledger_to_json", "ledger_from_json", "case_to_json", "case_from_json"]


def _ledger_rows(clock: Clock) -> list[list]:
    return [
        [entry.action, entry.on.isoformat() if entry.on else None, entry.amount, entry.unit.value if entry.unit else None]
        for entry in clock.ledger
    ]


def _clock_from_rows(name: str, rows: list[list]) -> Clock:
    entries = tuple(
        LedgerEntry(action, date.fromisoformat(on) if on else None, amount, ClockUnit(unit) if unit else None)
        for action, on, amount, unit in rows
    )
    return Clock(name, entries)


def ledger_to_json(clock: Clock) -> str:
    return json.dumps(_ledger_rows(clock))


def ledger_from_json(name: str, text: str) -> Clock:
    return _clock_from_rows(name, json.loads(text))


_CASE_DATE_FIELDS = ("received_on", "registered_on", "last_on", "replied_on", "concluded_on")
_CASE_FIELDS = tuple(field.name for field in dataclasses.fields(Case))
# Sorted keys at every level: the text is a function of the case alone, so its hash (in the chain) is too.
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def case_to_json(case: Case) -> str:
    """The case as it stands, so a command need not fold the whole history again."""
    data = {name: getattr(case, name) for name in _CASE_FIELDS}
    for name in _CASE_DATE_FIELDS:
        data[name] = data[name].isoformat() if data[name] else None
    data["clocks"] = {name: _ledger_rows(clock) for name, clock in case.clocks.items()}
    return _encode(data)


def case_from_json(text: str) -> Case:
    data = json.loads(text)
    for name in _CASE_DATE_FIELDS:
        data[name] = date.fromisoformat(data[name]) if data[name] else None
    data["clocks"] = {name: _clock_from_rows(name, rows) for name, rows in data["clocks"].items()}
    return Case(**data)
