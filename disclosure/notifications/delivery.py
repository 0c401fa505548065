"""Delivery: deliveries that are due claimed from the outbox, sent through their channels, settled.

At least once and never lost: a row is claimed under a lease in a short transaction, sent outside
any transaction (a slow mail server holds no lock a clerk waits for), then marked sent, or failed
with its next attempt after an exponential backoff, or dead after the configured number of
attempts. A sender that dies between sending and settling leaves the row to come due again when
its lease ends: the alert may then arrive twice, never not at all.

Each channel's text is composed at sending (composing.py): the applicant's name only in an e-mail
the office allows it in, read from the case then.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Mapping

from disclosure.notifications.composing import channels_that_may_name_the_applicant, with_applicant
from disclosure.notifications.message import DeliveryError, Message, Recipient
from disclosure.settings import Settings
from disclosure.storage.database import Engine
from disclosure.storage.outbox import Claimed, claim_due_deliveries, record_delivery_attempt

__all__ = ["DeliveryReport", "backoff", "deliver_due"]

log = logging.getLogger("disclosure.notifications")


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)  # to be tried again
    dead: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[int]]:
        return {"sent": self.sent, "failed": self.failed, "dead": self.dead}


def backoff(attempts: int, settings: Settings) -> timedelta:
    """The wait before the next attempt after ``attempts`` failed ones: doubling, capped."""
    seconds = settings.backoff_seconds * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.backoff_max_seconds))


def _message(
    claimed: Claimed, reached: Mapping[str, tuple[str | None, str | None]], applicant: str | None
) -> Message:
    alert = claimed.alert
    recipients = tuple(Recipient(name, *reached.get(name, (None, None))) for name in alert.recipients)
    return Message(subject=alert.subject, text=with_applicant(alert.text, applicant), recipients=recipients, key=alert.key)


def _send(claimed: Claimed, message: Message, channels: Mapping[str, object]) -> str | None:
    """None when sent, else the one-line reason (never a secret: the channels keep them out)."""
    channel = channels.get(claimed.channel)
    if channel is None:
        return f"channel {claimed.channel} is not configured"
    try:
        channel.send(message)
    except DeliveryError as error:
        return str(error)
    except Exception as error:  # a channel's bug must not lose the row: it is retried and reported
        return f"{claimed.channel}: {type(error).__name__}"
    return None


def deliver_due(
    engine: Engine,
    channels: Mapping[str, object],
    settings: Settings,
    now: Callable[[], datetime],
    *,
    limit: int | None = None,
) -> DeliveryReport:
    """Send every delivery that is due (at most ``limit``), in claimed batches."""
    report = DeliveryReport()
    batch = settings.batch
    lease = timedelta(seconds=settings.lease_seconds)
    naming = channels_that_may_name_the_applicant(channels, settings)
    handled = 0
    while limit is None or handled < limit:
        size = batch if limit is None else min(batch, limit - handled)
        due = claim_due_deliveries(engine, now(), lease, size, naming_applicants=naming)
        if not due.claimed:
            break
        handled += len(due.claimed)
        for item in due.claimed:
            applicant = due.applicant_names.get(item.alert.case_number or "") if item.channel in naming else None
            problem = _send(item, _message(item, due.contacts, applicant), channels)
            if problem is None:
                record_delivery_attempt(engine, item.id, sent_at=now())
                report.sent.append(item.id)
                log.info("sent alert %s through %s", item.alert.key, item.channel)
            elif item.attempts >= settings.max_attempts:
                record_delivery_attempt(engine, item.id, error=problem)
                report.dead.append(item.id)
                log.error("gave up on alert %s through %s after %d attempts: %s",
                          item.alert.key, item.channel, item.attempts, problem)
            else:
                record_delivery_attempt(engine, item.id, error=problem, retry_at=now() + backoff(item.attempts, settings))
                report.failed.append(item.id)
                log.warning("alert %s through %s failed (attempt %d): %s", item.alert.key, item.channel, item.attempts, problem)
    return report
