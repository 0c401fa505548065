"""The one place that asks the system for the date: offices work in Asia/Shanghai time.

Everything else takes "today" from here (or as an argument), so tests freeze time
with freezegun and an embedder can pass its own.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

__all__ = ["OFFICE_TIMEZONE", "today", "now", "in_office_time"]

OFFICE_TIMEZONE = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    return datetime.now(OFFICE_TIMEZONE)


def today() -> date:
    return now().date()


def in_office_time(moment: datetime) -> datetime:
    """A recording time (UTC; naive as SQLite keeps it) as the office's clock showed it."""
    from disclosure.workflow.chain import as_utc

    return as_utc(moment).astimezone(OFFICE_TIMEZONE)
