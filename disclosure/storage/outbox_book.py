"""The outbox as a repository of one transaction: the clocks a sweep reads, the alerts it records,
and the deliveries clerks look at and retry (the statements are storage/outbox.py's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable, Sequence

from typing import TYPE_CHECKING

from disclosure.storage.session import Session

if TYPE_CHECKING:
    from disclosure.storage.outbox import ClockDue, StoredAlert

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
        return _outbox().running_clocks_due_by(self.connection, names, due_by)

    def record_alerts(
        self, found: Sequence[StoredAlert], swept_on: date, channels: Sequence[str], now: datetime
    ) -> list[StoredAlert]:
        return _outbox().record_alerts(self.connection, found, swept_on, channels, now)

    def deliveries(self, status: str | None = None) -> list[dict]:
        return _outbox().deliveries(self.connection, status)

    def retry_deliveries(self, ids: Sequence[int], now: datetime) -> list[int]:
        return _outbox().retry_deliveries(self.connection, ids, now)
