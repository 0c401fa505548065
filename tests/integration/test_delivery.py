"""Delivery from the outbox on both backends: sent once, retried with backoff, dead after the last
attempt, retried by hand, and never lost (a sender that vanishes mid-delivery leaves the row due)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from disclosure.notifications.channels import RecordingChannel
from disclosure.service import Office
from disclosure.settings import Settings
from disclosure.storage.database import write_transaction
from disclosure.storage.outbox import claim_deliveries
from disclosure.workflow.errors import InvalidInput, RuleViolation

from tests.integration.conftest import TODAY, register

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    """A settable "now" for the outbox's timings."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def outbox(office, database_url):
    """An office with one alert queued for the channel "recording" (reply due soon, case 2025-0001)."""
    number = register(office, phone="13800000000").number
    office.act(number, "assign", user="reg", on="2025-09-29", to="han")
    office.set_contact("han", by="admin", email="han@example.gov.cn", mobile="13900000001")
    clock = Clock()
    settings = Settings(delivery_channels=("recording",), max_attempts=3, backoff_seconds=60, lease_seconds=300)
    book = Office.open(database_url, today=lambda: TODAY, now=clock, settings=settings)
    assert len(book.sweep("2025-10-27")) == 1
    yield book, clock
    book.close()


def _status(office):
    return [(row["status"], row["attempts"], row["last_error"]) for row in office.notifications()]


def test_an_alert_is_sent_once_with_the_recipients_contacts(outbox):
    office, _ = outbox
    channel = RecordingChannel()
    assert office.notify({"recording": channel}) == {"sent": [1], "failed": [], "dead": []}
    (message,) = channel.sent
    assert message.subject == "【即将到期】2025-0001 答复期限 2025-10-30（剩余 3 个工作日）"
    assert "案件编号：2025-0001" in message.text and "到期日：2025-10-30" in message.text
    assert "张三" not in message.text  # the alert names no applicant: group channels read it as it is
    assert [(r.name, r.email, r.mobile) for r in message.recipients] == [("han", "han@example.gov.cn", "13900000001")]
    assert message.key == "2025-0001/reply/0/due_soon"
    assert office.notify({"recording": channel}) == {"sent": [], "failed": [], "dead": []}
    assert len(channel.sent) == 1 and _status(office) == [("sent", 1, None)]


def test_failures_back_off_exponentially_and_nothing_is_lost(outbox):
    office, clock = outbox
    channel = RecordingChannel(fail_times=2)
    assert office.notify({"recording": channel})["failed"] == [1]
    assert _status(office)[0][:2] == ("failed", 1)
    assert office.notify({"recording": channel})["failed"] == []  # not due for 60 s
    clock.advance(59)
    assert office.notify({"recording": channel}) == {"sent": [], "failed": [], "dead": []}
    clock.advance(1)
    assert office.notify({"recording": channel})["failed"] == [1]  # second failure: wait 120 s
    clock.advance(119)
    assert office.notify({"recording": channel})["sent"] == []
    clock.advance(1)
    assert office.notify({"recording": channel})["sent"] == [1]
    assert len(channel.sent) == 1 and _status(office) == [("sent", 3, None)]


def test_a_delivery_is_dead_after_the_last_attempt_and_can_be_retried_by_hand(outbox):
    office, clock = outbox
    broken = RecordingChannel(fail_times=10)
    for wait in (0, 60, 120):
        clock.advance(wait)
        office.notify({"recording": broken})
    assert [row[:2] for row in _status(office)] == [("dead", 3)]
    assert office.notifications("dead")[0]["last_error"]
    clock.advance(3600)
    assert office.notify({"recording": broken})["failed"] == []  # dead rows are left alone
    with pytest.raises(RuleViolation, match="admin or head"):
        office.retry_notifications([1], user="han")
    office.retry_notifications([1], user="admin")
    working = RecordingChannel()
    assert office.notify({"recording": working})["sent"] == [1]
    with pytest.raises(RuleViolation, match="delivery 1 does not exist or was sent already"):
        office.retry_notifications([1], user="admin")


def test_a_channel_that_is_not_configured_fails_and_says_so(outbox):
    office, _ = outbox
    assert office.notify({})["failed"] == [1]
    assert _status(office) == [("failed", 1, "channel recording is not configured")]


def test_a_sender_that_vanishes_leaves_the_delivery_due_when_its_lease_ends(outbox):
    office, clock = outbox
    with write_transaction(office.engine) as connection:
        (claimed,) = claim_deliveries(connection, clock(), timedelta(seconds=300), 10)  # then the process dies
    channel = RecordingChannel()
    assert office.notify({"recording": channel})["sent"] == []  # leased
    clock.advance(301)
    assert office.notify({"recording": channel})["sent"] == [claimed.id]


def test_listing_refuses_an_unknown_status(outbox):
    office, _ = outbox
    with pytest.raises(InvalidInput, match="unknown status 'lost'"):
        office.notifications("lost")
