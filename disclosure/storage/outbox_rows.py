"""The rows a sweep reads and writes (a clock due, an alert), apart from storage/outbox.py's Core statements:
a sweep runs the statements compiled ahead (storage/statements.py) and imports no SQLAlchemy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["ClockDue", "StoredAlert", "PENDING", "SENDING", "SENT", "FAILED", "DEAD", "STATUSES"]

# A delivery's states: pending → sending → sent, or failed (tried again) → dead (storage/outbox.py).
PENDING, SENDING, SENT, FAILED, DEAD = "pending", "sending", "sent", "failed", "dead"
STATUSES = (PENDING, SENDING, SENT, FAILED, DEAD)


@dataclass(frozen=True)
class ClockDue:
    case_number: str
    clock: str
    due_on: date
    ledger: str
    handler: str | None
    kind: str
    state: str


@dataclass(frozen=True)
class StoredAlert:
    """An alert as the sweep records it (``recipients`` are user names)."""

    key: str
    case_number: str | None
    clock: str
    started: int
    threshold: str
    due_on: date | None
    recipients: tuple[str, ...]
    subject: str
    text: str

