"""The hash chain over an office's events: each event's hash covers its content and the hash before it.

The content is hashed in one canonical text form, the same on every backend: the event data as
the case book stores it (JSON with sorted keys), the effective date as YYYY-MM-DD and the
recording time in UTC as ``YYYY-MM-DD HH:MM:SS.ffffff``. Editing any field, deleting, reordering
or inserting an event breaks the chain from that position on; an anchor (a position and its
hash) kept outside the database also catches the removal of the newest events. The chain has no
secret key: someone able to rewrite every later hash can forge a consistent chain, which is why
the anchor is kept elsewhere.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timezone
from typing import Any, Mapping, NamedTuple

__all__ = [
    "GENESIS",
    "Anchor",
    "canonical_data",
    "canonical_time",
    "chain_hash",
    "snapshot_hash",
    "as_utc",
    "calendar_load_hash",
    "office_log_hash",
]

# The "previous hash" of the first event.
GENESIS = "0" * 64
_SEPARATOR = "\x1e"  # ASCII record separator: cannot appear unescaped in JSON or in the other fields

_encode_data = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


class Anchor(NamedTuple):
    """A position in the chain and the hash there, kept outside the database by an auditor."""

    position: int
    hash: str

    def __str__(self) -> str:
        return f"{self.position}:{self.hash}"


def canonical_data(data: Mapping[str, Any]) -> str:
    """Event data as stored and hashed."""
    return _encode_data(data)


def as_utc(moment: datetime) -> datetime:
    """A recording time in UTC; a time without a zone is taken to be UTC already (SQLite's form)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def canonical_time(moment: datetime) -> str:
    """``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC: also the text SQLite keeps, so verify can hash it as read."""
    utc = as_utc(moment)
    if utc.year < 1000:  # strftime writes such a year unpadded, as the chain has always hashed it
        return f"{utc:%Y-%m-%d %H:%M:%S.%f}"
    # The same text as strftime's, without the C library's formatting (several times its cost in a command).
    return utc.replace(tzinfo=None).isoformat(" ", "microseconds")


def snapshot_hash(snapshot: str) -> str:
    """The hash of a case's snapshot text (canonical JSON: sorted keys)."""
    return hashlib.sha256(snapshot.encode("utf-8")).hexdigest()


def chain_hash(
    previous: str,
    case: str,
    version: int,
    type: str,
    data: str,
    user: str,
    role: str,
    on: date | str,
    recorded_at: datetime | str,
    schema: int,
    snapshot_hash: str,
    acted_by: str | None = None,
) -> str:
    """SHA-256 over the previous hash, the event's canonical content (``data`` as stored text) and the
    hash of the case's snapshot after the event (so the chain vouches for the projection it left).

    ``acted_by`` (the admin who recorded the event for ``user``) is hashed only when there is one, so
    the events recorded before anyone could act for another keep their hashes.
    Dates may be given as their canonical text already (the quick path of `audit verify`).
    """
    fields = (
        previous, case, str(version), type, data, user, role,
        on if isinstance(on, str) else on.isoformat(),
        recorded_at if isinstance(recorded_at, str) else canonical_time(recorded_at),
        str(schema), snapshot_hash,
    )
    text = _SEPARATOR.join(fields if acted_by is None else (*fields, acted_by))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def calendar_load_hash(
    previous: str,
    position: int,
    loaded_at: datetime | str,
    loaded_by: str,
    source: str,
    days: str,
    head: Anchor,
) -> str:
    """SHA-256 over the previous load's hash and one calendar load: its place among the loads, when
    and by whom, its file, its days (CalendarOverrides.canonical) and the event chain's head then.

    The loads are a chain of their own beside the events' (an office loads a few a year); naming the
    events' head ties each load to a place in the events' chain that verify checks exists.
    """
    text = _SEPARATOR.join(
        (
            previous,
            str(position),
            loaded_at if isinstance(loaded_at, str) else canonical_time(loaded_at),
            loaded_by,
            source,
            days,
            str(head.position),
            head.hash,
        )
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def office_log_hash(
    previous: str,
    position: int,
    recorded_at: datetime | str,
    user: str,
    acted_by: str | None,
    type: str,
    subject: str,
    data: str,
    head: Anchor,
) -> str:
    """SHA-256 over the previous entry's hash and one office-log entry: its place, when, by whom (and
    for whom), what (``data`` as stored canonical JSON) and the events' chain head when it was made."""
    text = _SEPARATOR.join(
        (
            previous,
            str(position),
            recorded_at if isinstance(recorded_at, str) else canonical_time(recorded_at),
            user,
            acted_by or "",
            type,
            subject,
            data,
            str(head.position),
            head.hash,
        )
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
