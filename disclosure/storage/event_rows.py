"""An events-table row as an Event: the one mapping, for the case book and the audit's raw streams.

Standard library only. A row read through SQLAlchemy has typed values; one read raw from SQLite's
driver (the audit streams millions) has text dates; both come out the same.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Sequence

from disclosure.workflow.chain import as_utc
from disclosure.workflow.events import Event

__all__ = ["EVENT_COLUMNS", "event_from_row"]

EVENT_COLUMNS = ("position", "case_number", "version", "type", "data", "user_name", "role", "effective_on",
                 "recorded_at", "schema_version", "snapshot_hash", "hash", "acted_by")


def event_from_row(row: Sequence) -> Event:
    """An events row in EVENT_COLUMNS order."""
    position, number, version, event_type, data, user, role, on, recorded_at, schema, state, digest, by = row
    if isinstance(recorded_at, str):
        recorded_at = datetime.fromisoformat(recorded_at)
    return Event(
        case=number, version=version, type=event_type, on=on if isinstance(on, date) else date.fromisoformat(on),
        user=user, role=role, data=json.loads(data), recorded_at=as_utc(recorded_at) if recorded_at else None,
        schema=schema, position=position, hash=digest, snapshot_hash=state, by=by,
    )
