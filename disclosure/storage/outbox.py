"""The outbox's rows: alerts recorded once, and their deliveries claimed, retried and settled.

Alerts and their deliveries are written in the sweep's transaction. Delivery claims rows in a short
transaction of its own (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so schedulers sharing a database
never take the same row; SQLite's write lock serialises claims), sends outside any transaction, and
records the result in another. A claimed row carries a lease: if its sender dies, the row comes
due again when the lease ends (delivery is at least once; never lost).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Collection, Iterable, Sequence

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine

from disclosure.storage.database import write_transaction
from disclosure.storage.outbox_rows import DEAD, FAILED, PENDING, SENDING, SENT, STATUSES, StoredAlert
from disclosure.storage.sql_runner import as_date
from disclosure.storage.tables import AlertRow, CaseRow, ContactRow, DeliveryRow, UserRow
from disclosure.workflow.chain import as_utc

__all__ = [
    "StoredAlert",
    "Claimed",
    "DueBatch",
    "users_with_roles",
    "contacts",
    "applicant_names",
    "set_mobile",
    "claim_deliveries",
    "settle_delivery",
    "claim_due_deliveries",
    "record_delivery_attempt",
    "deliveries",
    "retry_deliveries",
    "PENDING",
    "SENDING",
    "SENT",
    "FAILED",
    "DEAD",
    "STATUSES",
]


alerts = AlertRow.__table__
deliveries_table = DeliveryRow.__table__
cases = CaseRow.__table__
users = UserRow.__table__
user_contacts = ContactRow.__table__


@dataclass(frozen=True)
class Claimed:
    id: int
    channel: str
    attempts: int
    alert: StoredAlert


@dataclass(frozen=True)
class DueBatch:
    """Deliveries claimed together, with what their sending reads: the recipients' contacts by user
    name, and the applicants' names by case number (only of the deliveries that asked for them)."""

    claimed: list[Claimed]
    contacts: dict[str, tuple[str | None, str | None]]
    applicant_names: dict[str, str]


def users_with_roles(connection: Connection, *roles: str) -> list[str]:
    """The users holding any of these roles, by name."""
    found = []
    for name, held in connection.execute(select(users.c.name, users.c.roles).order_by(users.c.name)):
        if set(held.split()) & set(roles):
            found.append(name)
    return found


def contacts(connection: Connection, names: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
    """name → (email, mobile) for the users among ``names``."""
    wanted = sorted(set(names))
    if not wanted:
        return {}
    statement = (
        select(users.c.name, users.c.email, user_contacts.c.mobile)
        .join_from(users, user_contacts, user_contacts.c.user_name == users.c.name, isouter=True)
        .where(users.c.name.in_(wanted))
    )
    return {name: (email, mobile) for name, email, mobile in connection.execute(statement)}


def applicant_names(connection: Connection, case_numbers: Iterable[str]) -> dict[str, str]:
    """case number → the applicant's name as the case records it now."""
    wanted = sorted(set(case_numbers))
    if not wanted:
        return {}
    statement = select(cases.c.number, cases.c.applicant_name).where(cases.c.number.in_(wanted))
    return {number: name for number, name in connection.execute(statement)}


def set_mobile(connection: Connection, name: str, mobile: str | None) -> None:
    connection.execute(user_contacts.delete().where(user_contacts.c.user_name == name))
    if mobile:
        connection.execute(user_contacts.insert().values(user_name=name, mobile=mobile))


def _alert_from_row(row) -> StoredAlert:
    return StoredAlert(
        key=row.key, case_number=row.case_number, clock=row.clock, started=row.started, threshold=row.threshold,
        due_on=as_date(row.due_on), recipients=tuple(json.loads(row.recipients)), subject=row.subject, text=row.text,
    )


def claim_deliveries(connection: Connection, now: datetime, lease: timedelta, limit: int) -> list[Claimed]:
    """Take up to ``limit`` deliveries that are due (pending, failed, or sending with a lapsed lease)."""
    moment = as_utc(now)
    due = (
        select(deliveries_table.c.id)
        .where(deliveries_table.c.status.in_((PENDING, FAILED, SENDING)), deliveries_table.c.next_attempt_at <= moment)
        .order_by(deliveries_table.c.next_attempt_at, deliveries_table.c.id)
        .limit(limit)
    )
    if connection.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = [row[0] for row in connection.execute(due)]
    if not ids:
        return []
    connection.execute(
        update(deliveries_table)
        .where(deliveries_table.c.id.in_(ids))
        .values(status=SENDING, attempts=deliveries_table.c.attempts + 1, next_attempt_at=moment + lease)
    )
    statement = (
        select(deliveries_table.c.id, deliveries_table.c.channel, deliveries_table.c.attempts, alerts)
        .join_from(deliveries_table, alerts, alerts.c.id == deliveries_table.c.alert_id)
        .where(deliveries_table.c.id.in_(ids))
        .order_by(deliveries_table.c.next_attempt_at, deliveries_table.c.id)
    )
    return [Claimed(row.id, row.channel, row.attempts, _alert_from_row(row)) for row in connection.execute(statement)]


def settle_delivery(
    connection: Connection, delivery_id: int, *, sent_at: datetime | None = None, error: str | None = None,
    retry_at: datetime | None = None,
) -> None:
    """Sent (``sent_at``), failed and to be retried (``error``, ``retry_at``), or dead (``error`` only)."""
    if sent_at is not None:
        values = {"status": SENT, "sent_at": as_utc(sent_at), "last_error": None}
    elif retry_at is not None:
        values = {"status": FAILED, "last_error": error, "next_attempt_at": as_utc(retry_at)}
    else:
        values = {"status": DEAD, "last_error": error}
    connection.execute(
        update(deliveries_table).where(deliveries_table.c.id == delivery_id, deliveries_table.c.status == SENDING).values(**values)
    )


def claim_due_deliveries(
    engine: Engine, now: datetime, lease: timedelta, limit: int, *, naming_applicants: Collection[str] = ()
) -> DueBatch:
    """``claim_deliveries``, the contacts of the claimed alerts' recipients, and the applicants' names of
    the claimed deliveries through the channels ``naming_applicants``, in a short transaction of their own."""
    with write_transaction(engine) as connection:
        claimed = claim_deliveries(connection, now, lease, limit)
        reached = contacts(connection, {name for item in claimed for name in item.alert.recipients})
        named = {item.alert.case_number for item in claimed if item.channel in naming_applicants and item.alert.case_number}
        return DueBatch(claimed, reached, applicant_names(connection, named))


def record_delivery_attempt(
    engine: Engine, delivery_id: int, *, sent_at: datetime | None = None, error: str | None = None,
    retry_at: datetime | None = None,
) -> None:
    """``settle_delivery`` in a transaction of its own (one per attempt, after the sending)."""
    with write_transaction(engine) as connection:
        settle_delivery(connection, delivery_id, sent_at=sent_at, error=error, retry_at=retry_at)


def deliveries(connection: Connection, status: str | None = None) -> list[dict]:
    """The outbox, newest alerts first."""
    statement = (
        select(
            deliveries_table.c.id, deliveries_table.c.channel, deliveries_table.c.status, deliveries_table.c.attempts,
            deliveries_table.c.next_attempt_at, deliveries_table.c.last_error, deliveries_table.c.sent_at,
            alerts.c.key, alerts.c.case_number, alerts.c.clock, alerts.c.threshold, alerts.c.due_on,
            alerts.c.recipients, alerts.c.swept_on,
        )
        .join_from(deliveries_table, alerts, alerts.c.id == deliveries_table.c.alert_id)
        .order_by(deliveries_table.c.id.desc())
    )
    if status is not None:
        statement = statement.where(deliveries_table.c.status == status)
    return [dict(row._mapping) for row in connection.execute(statement)]


def retry_deliveries(connection: Connection, ids: Sequence[int], now: datetime) -> list[int]:
    """Make failed or dead deliveries due now (sent ones stay sent); returns the ids not found or not retriable."""
    rows = connection.execute(
        select(deliveries_table.c.id, deliveries_table.c.status).where(deliveries_table.c.id.in_(list(ids)))
    ).all()
    retriable = [row.id for row in rows if row.status in (FAILED, DEAD, PENDING)]
    if retriable:
        connection.execute(
            update(deliveries_table)
            .where(deliveries_table.c.id.in_(retriable))
            .values(status=PENDING, attempts=0, next_attempt_at=as_utc(now))
        )
    return sorted(set(ids) - set(retriable))
