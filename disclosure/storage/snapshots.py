"""A case and its clocks as JSON, for the snapshot column. Standard library only, so the quick
read path of the CLI can decode a case without importing the database layer."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Callable

from disclosure.storage.json_text import decode
from disclosure.workflow.case import Case
from disclosure.workflow.clocks import Clock, ClockUnit, LedgerEntry

__all__ = ["clock_from_rows", "ledger_rows", "ledger_to_json", "ledger_from_json", "case_to_json", "case_from_json"]


_UNITS = {unit.value: unit for unit in ClockUnit}
# A clock decoded from rows keeps them: the audit compares stored ledgers with them without encoding again.
_ROWS = "_ledger_rows"


def ledger_rows(clock: Clock) -> list[list]:
    """The ledger as JSON-ready rows: [action, date text, amount, unit]."""
    rows = clock.__dict__.get(_ROWS)
    if rows is None:
        rows = clock.__dict__[_ROWS] = [
            [entry.action, entry.on.isoformat() if entry.on else None, entry.amount, entry.unit.value if entry.unit else None]
            for entry in clock.ledger
        ]
    return rows


def clock_from_rows(name: str, rows: list[list]) -> Clock:
    # tuple.__new__ skips the named tuple's Python-level __new__: clocks are decoded for every case read.
    entries = tuple(
        tuple.__new__(LedgerEntry, (action, date.fromisoformat(on) if on else None, amount, _UNITS[unit] if unit else None))
        for action, on, amount, unit in rows
    )
    clock = Clock(name, entries)
    clock.__dict__[_ROWS] = rows
    return clock


def ledger_to_json(clock: Clock) -> str:
    return json.dumps(ledger_rows(clock))


def ledger_from_json(name: str, text: str) -> Clock:
    return clock_from_rows(name, decode(text))


_CASE_DATE_FIELDS = ("received_on", "registered_on", "last_on", "replied_on", "concluded_on")
# A case's due clocks are its kind's (Case.due_clocks), given back when it is read, never stored.
_CASE_FIELDS = tuple(field.name for field in dataclasses.fields(Case) if field.name != "due_clocks")
# Sorted keys at every level: the text is a function of the case alone, so its hash (in the chain) is too.
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def case_to_json(case: Case) -> str:
    """The case as it stands, so a command need not fold the whole history again."""
    data = {name: getattr(case, name) for name in _CASE_FIELDS}
    for name in _CASE_DATE_FIELDS:
        data[name] = data[name].isoformat() if data[name] else None
    data["clocks"] = {name: ledger_rows(clock) for name, clock in case.clocks.items()}
    return _encode(data)


def case_from_json(text: str, due_clocks_of: Callable[[str], tuple[str, ...]]) -> Case:
    """The stored case; ``due_clocks_of`` gives its kind's due clocks (KindRegistry.due_clocks)."""
    data = decode(text)
    for name in _CASE_DATE_FIELDS:
        data[name] = date.fromisoformat(data[name]) if data[name] else None
    data["clocks"] = {name: clock_from_rows(name, rows) for name, rows in data["clocks"].items()}
    return Case(**data, due_clocks=due_clocks_of(data["kind"]))
