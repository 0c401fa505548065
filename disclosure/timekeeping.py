"""The one place that asks the system for the date: offices work in Asia/Shanghai time.

Everything else takes "today" from here (or as an argument), so tests freeze time
with freezegun and an embedder can pass its own.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

__all__ = ["OFFICE_TIMEZONE", "today", "now"]

OFFICE_TIMEZONE = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    return datetime.now(OFFICE_TIMEZONE)


def today() -> date:
    return now().date()
