"""The exceptions the engine raises, one tree so callers can catch at the depth they need.

    DisclosureError                 anything the engine refuses, with a one-line message
    ├── InvalidInput                malformed or out-of-range input (a usage error: CLI exit 2)
    │   └── CalendarFileError       an override file that cannot be read or is malformed
    ├── RuleViolation               a rule of the statute or the workflow refuses it (CLI exit 1)
    │   ├── ClockError              an operation the deadline clock cannot take in its state
    │   ├── ConcurrentChange        the case changed between reading and writing; nothing was written
    │   └── UnknownUser             the acting user is not registered in the office
    └── NotFound                    no such case (CLI exit 1)

Later layers add their own branches under these two (storage conflicts are rule
violations: the case changed under the clerk).
"""

from __future__ import annotations

__all__ = [
    "DisclosureError",
    "InvalidInput",
    "CalendarFileError",
    "RuleViolation",
    "ClockError",
    "ConcurrentChange",
    "UnknownUser",
    "NotFound",
]


class DisclosureError(Exception):
    """Base of every error the engine raises on purpose."""

    exit_code = 1


class InvalidInput(DisclosureError, ValueError):
    """Input that is malformed or out of range, whatever the state of any case."""

    exit_code = 2


class CalendarFileError(InvalidInput):
    """A calendar override file that is missing, unreadable or malformed."""


class RuleViolation(DisclosureError):
    """The input is well formed but a rule forbids it now."""

    exit_code = 1


class ClockError(RuleViolation):
    """A clock operation that does not fit the clock's state (pausing a paused clock, say)."""


class ConcurrentChange(RuleViolation):
    """Someone else changed the case between reading and writing; nothing was written."""


class UnknownUser(RuleViolation):
    """The acting user is not one of the office's users."""


class NotFound(DisclosureError):
    """No case (or user) by that name."""

    exit_code = 1
