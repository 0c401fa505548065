"""The exceptions the engine raises, one tree so callers can catch at the depth they need.

    DisclosureError                 anything the engine refuses, with a one-line message
    ├── InvalidInput                malformed or out-of-range input (a usage error: CLI exit 2)
    │   └── CalendarFileError       an override file that cannot be read or is malformed
    ├── RuleViolation               a rule of the statute or the workflow refuses it (CLI exit 1)
    │   ├── ClockError              an operation the deadline clock cannot take in its state
    │   ├── ConcurrentChange        the case changed between reading and writing; nothing was written
    │   └── UnknownUser             the acting user is not registered in the office
    ├── NotFound                    no such case (CLI exit 1)
    └── StorageError                the database failed or refused a statement (CLI exit 1)
        ├── BookLocked              another writer holds the case book's lock past the wait
        ├── StorageUnavailable      the case book cannot be opened or its server reached
        └── BookNotCurrent          the book's schema is older or newer than this version's

Later layers add their own branches under these (storage conflicts on a case's version
are rule violations: the case changed under the clerk). Storage errors are raised by
disclosure/storage/driver_errors.py, which translates every database driver error, so
no SQLAlchemy, sqlite3 or psycopg exception reaches a caller (docs/errors.md).
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
    "StorageError",
    "BookLocked",
    "StorageUnavailable",
    "BookNotCurrent",
]


class DisclosureError(Exception):
    """Base of every error the engine raises on purpose."""

    exit_code = 1
    # The machine name `--json` prints with an error (docs/clerk.md): scripts branch on it, so it never changes.
    error_code = "refused"


class InvalidInput(DisclosureError, ValueError):
    """Input that is malformed or out of range, whatever the state of any case."""

    exit_code = 2
    error_code = "invalid_input"


class CalendarFileError(InvalidInput):
    """A calendar override file that is missing, unreadable or malformed."""

    error_code = "calendar_file"


class RuleViolation(DisclosureError):
    """The input is well formed but a rule forbids it now."""

    exit_code = 1
    error_code = "rule_violation"


class ClockError(RuleViolation):
    """A clock operation that does not fit the clock's state (pausing a paused clock, say)."""

    error_code = "clock"


class ConcurrentChange(RuleViolation):
    """Someone else changed the case between reading and writing; nothing was written."""

    error_code = "concurrent_change"


class UnknownUser(RuleViolation):
    """The acting user is not one of the office's users."""

    error_code = "unknown_user"


class NotFound(DisclosureError):
    """No case (or user) by that name."""

    exit_code = 1
    error_code = "not_found"


class StorageError(DisclosureError):
    """The database failed or refused a statement (a missing table, a broken constraint, a full disk).

    The original driver exception is the ``__cause__``; the message is one line.
    """

    exit_code = 1
    error_code = "storage"


class BookLocked(StorageError):
    """Another writer held the case book's lock for longer than the wait (SQLite busy, PostgreSQL lock
    timeout or deadlock); nothing was written, and trying again later may succeed."""

    error_code = "book_locked"


class StorageUnavailable(StorageError):
    """The case book cannot be opened (no such file or directory, a bad URL) or its server cannot be reached."""

    error_code = "storage_unavailable"


class BookNotCurrent(StorageError):
    """The case book's schema is not this version's: older (run `disclosure db upgrade`) or newer (use the
    newer version). Nothing was read or written."""

    error_code = "book_not_current"
