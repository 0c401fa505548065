"""disclosure: a case-workflow engine for government-information applications, petitions and suggestions."""

from disclosure.workflow.calendar import DayKind, Due, WorkCalendar
from disclosure.workflow.errors import (
    CalendarFileError,
    ClockError,
    DisclosureError,
    InvalidInput,
    RuleViolation,
)

__all__ = [
    "WorkCalendar",
    "Due",
    "DayKind",
    "DisclosureError",
    "InvalidInput",
    "CalendarFileError",
    "RuleViolation",
    "ClockError",
]
