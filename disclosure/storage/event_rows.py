"""An events-table row as an Event: the one mapping, for the case book and the audit's raw streams.

Standard library only. A row read through SQLAlchemy has typed values; one read raw from SQLite's
driver (the audit streams millions) has text dates; both come out the same.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Sequence

from disclosure.storage.json_text import decode
from disclosure.workflow.chain import as_utc
from disclosure.workflow.events import Event

__all__ = ["EVENT_COLUMNS", "event_from_row"]

EVENT_COLUMNS = ("position", "case_number", "version", "type", "data", "user_name", "role", "effective_on",
                 "recorded_at", "schema_version", "snapshot_hash", "hash", "acted_by")


# Every field an Event has, at its default: a row's values go over these, straight into the instance's
# __dict__ (a frozen dataclass's __init__ sets each field through object.__setattr__, which the audit,
# reading millions of rows, would pay for every one).
_FROM_ROW = ("case", "version", "type", "on", "user", "role", "data", "recorded_at", "schema", "position", "hash", "snapshot_hash", "by")
_EVENT_DEFAULTS = {field.name: field.default for field in dataclasses.fields(Event) if field.default is not dataclasses.MISSING}
_EVENT_FACTORIES = {  # a field added to Event later, with a factory, gets its own value in each event
    field.name: field.default_factory for field in dataclasses.fields(Event)
    if field.name not in _FROM_ROW and field.default_factory is not dataclasses.MISSING
}
_new_event = object.__new__


def event_from_row(row: Sequence) -> Event:
    """An events row in EVENT_COLUMNS order."""
    position, number, version, event_type, data, user, role, on, recorded_at, schema, state, digest, by = row
    if isinstance(recorded_at, str):
        recorded_at = datetime.fromisoformat(recorded_at)
    event = _new_event(Event)
    fields = event.__dict__
    fields.update(_EVENT_DEFAULTS)
    for name, factory in _EVENT_FACTORIES.items():
        fields[name] = factory()
    fields.update(
        case=number, version=version, type=event_type, on=on if isinstance(on, date) else date.fromisoformat(on),
        user=user, role=role, data=decode(data), recorded_at=as_utc(recorded_at) if recorded_at else None,
        schema=schema, position=position, hash=digest, snapshot_hash=state, by=by,
    )
    return event
