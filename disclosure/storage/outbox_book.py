"""The outbox as a repository of one transaction: the clocks a sweep reads and the alerts it records (statements
compiled ahead: a sweep imports no SQLAlchemy), and the deliveries clerks look at and retry (storage/outbox.py's)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable, Sequence

from disclosure.storage.outbox_rows import PENDING, ClockDue, StoredAlert
from disclosure.storage.session import Session
from disclosure.storage.sql_runner import as_date
from disclosure.workflow.chain import as_utc


__all__ = ["OutboxBook"]


def _outbox():
    from disclosure.storage import outbox  # SQLAlchemy Core: loaded by the operations that need it

    return outbox


@dataclass
class OutboxBook:
    session: Session

    @property
    def connection(self):
        return self.session.connection

    def running_clocks_due_by(self, names: Iterable[str], due_by: date) -> list[ClockDue]:
        """Running clocks of these names due on or before ``due_by`` (a range of the status and due-date index),
        by due date, case and clock."""
        wanted = set(names)
        rows = self.session.sql.all("running_clocks_due_by", {"running": "running", "due_by": due_by})
        return [ClockDue(number, name, as_date(due_on), ledger, handler, kind, state)
                for number, name, due_on, ledger, handler, kind, state in rows if name in wanted]

    def record_alerts(
        self, found: Sequence[StoredAlert], swept_on: date, channels: Sequence[str], now: datetime
    ) -> list[StoredAlert]:
        """Insert the alerts not recorded before, with a pending delivery per channel; returns the new ones."""
        sql, moment, created = self.session.sql, as_utc(now), []
        for alert in found:
            row = sql.one("insert_alert", {
                "key": alert.key, "case_number": alert.case_number, "clock": alert.clock, "started": alert.started,
                "threshold": alert.threshold, "due_on": alert.due_on, "swept_on": swept_on,
                "recipients": json.dumps(list(alert.recipients), ensure_ascii=False),
                "subject": alert.subject, "text": alert.text, "created_at": moment,
            })
            if row is None:  # recorded by an earlier sweep
                continue
            created.append(alert)
            for channel in channels:
                sql.run("insert_delivery", {"alert_id": row[0], "channel": channel, "status": PENDING, "attempts": 0,
                                            "next_attempt_at": moment})
        return created

    def deliveries(self, status: str | None = None) -> list[dict]:
        return _outbox().deliveries(self.connection, status)

    def retry_deliveries(self, ids: Sequence[int], now: datetime) -> list[int]:
        return _outbox().retry_deliveries(self.connection, ids, now)
