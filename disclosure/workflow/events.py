"""Events: the record of what was done to a case, and the only thing replay reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Mapping

__all__ = ["Event"]


@dataclass(frozen=True)
class Event:
    """One step of a case. ``data`` holds everything replay needs (settings are resolved into it)."""

    case: str
    version: int
    type: str
    on: date
    user: str
    role: str
    data: Mapping[str, Any] = field(default_factory=dict)
    recorded_at: datetime | None = None
    schema: int = 1
    # Where the case book put it in the office's chain (None until stored).
    position: int | None = None
    hash: str | None = None
    snapshot_hash: str | None = None
    # The admin who recorded it for ``user`` (acting for them); None when the user acted themselves.
    by: str | None = None
