"""The office log's rows: appended at the end of their own chain, read back as LogEntry.

An entry is appended by compiled statements (storage/sql_runner.py: revealing a case's personal data
writes one inside a clerk's command); the log is read back in SQLAlchemy Core.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Iterator

from disclosure.storage.casebook import events_head
from disclosure.storage.session import Session
from disclosure.workflow.chain import GENESIS, Anchor, as_utc, canonical_data, office_log_hash
from disclosure.workflow.office_log import EVERYONE, LogEntry

__all__ = ["OfficeLog", "LOG_COLUMNS"]

LOG_COLUMNS = ("position", "recorded_at", "user_name", "acted_by", "type", "subject", "data", "head_position", "head_hash", "hash")


def _statements():
    from sqlalchemy import or_, select

    from disclosure.storage.tables import OfficeLogRow

    log = OfficeLogRow.__table__
    return log, or_, select(*(log.c[name] for name in LOG_COLUMNS)).order_by(log.c.position)


@dataclass
class OfficeLog:
    session: Session

    def append(self, entry: LogEntry, now: datetime) -> int:
        """At the end of the log (the caller holds the write lock, so neither chain's head can move)."""
        last = self.head()
        position, previous = last.position + 1, last.hash
        head = events_head(self.session.sql)
        recorded_at, data = as_utc(now), canonical_data(entry.data)
        self.session.sql.write("insert_log", {
            "position": position, "recorded_at": recorded_at, "user_name": entry.user, "acted_by": entry.by,
            "type": entry.type, "subject": entry.subject, "data": data, "head_position": head.position, "head_hash": head.hash,
            "hash": office_log_hash(previous, position, recorded_at, entry.user, entry.by, entry.type, entry.subject, data, head),
        })
        return position

    def head(self) -> Anchor:
        """The newest entry's position and hash (0 and GENESIS for an empty log)."""
        last = self.session.sql.one("log_head")
        return Anchor(last[0], last[1]) if last else Anchor(0, GENESIS)

    def rows(self) -> list[tuple]:
        """Every row in LOG_COLUMNS order, by position (for `audit verify`)."""
        _, _, rows = _statements()
        return [tuple(row) for row in self.session.connection.execute(rows)]

    def entries(
        self, types: Iterable[str] | None = None, *, subject: str | None = None, user: str | None = None
    ) -> Iterator[LogEntry]:
        if types is not None and subject is None and user is None and len(types := list(types)) == 1:
            # One type's entries (a report's publications): compiled ahead, no SQLAlchemy needed.
            yield from (self._entry(row) for row in self.session.sql.all("log_entries_of_type", {"type": types[0]}))
            return
        log, or_, statement = _statements()
        if types is not None:
            statement = statement.where(log.c.type.in_(list(types)))
        if subject is not None:
            # An export of every case saw this case's data too.
            statement = statement.where(or_(log.c.subject == subject, log.c.subject == EVERYONE, log.c.data.like('%"cases"%')))
        if user is not None:
            statement = statement.where(or_(log.c.user_name == user, log.c.acted_by == user))
        for row in self.session.connection.execute(statement):
            entry = self._entry(row)
            if subject is None or entry.subject in (subject, EVERYONE) or subject in entry.data.get("cases", ()):
                yield entry

    @staticmethod
    def _entry(row) -> LogEntry:
        position, recorded_at, user_name, by, entry_type, entry_subject, data, *_ = row
        return LogEntry(
            entry_type, user_name, entry_subject, json.loads(data), by,
            as_utc(datetime.fromisoformat(recorded_at) if isinstance(recorded_at, str) else recorded_at), position,
        )
