"""Alerts reaching real servers on loopback through the outbox, and the scheduler daemon: retries
after a server down, an HTTP 500 or a timeout with nothing lost; the jobs on working days; a clean
stop on SIGTERM and SIGINT; two schedulers on one database delivering each alert exactly once."""

from __future__ import annotations

import re
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from disclosure.notifications.channels import SmtpChannel, WebhookChannel
from disclosure.notifications.scheduler import OfficeScheduler
from disclosure.service import Office
from disclosure.settings import Settings

from tests.integration.channel_servers import Reply, closed_port, http_server, smtp_server
from tests.integration.conftest import TODAY, register

SHANGHAI = ZoneInfo("Asia/Shanghai")
DISCLOSURE = Path(sys.executable).parent / "disclosure"


class Now:
    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def queued(office, database_url):
    """One alert (case 2025-0001's reply due soon, to han) queued for the channel "out"."""
    number = register(office).number
    office.act(number, "assign", user="reg", on="2025-09-29", to="han")
    office.set_contact("han", by="admin", email="han@example.gov.cn")
    now = Now()
    book = Office.open(database_url, today=lambda: TODAY, now=now, settings=Settings(delivery_channels=("out",)))
    assert len(book.sweep("2025-10-27")) == 1
    yield book, now
    book.close()


def _statuses(office):
    return [(row["status"], row["attempts"]) for row in office.notifications()]


def test_a_webhook_that_answers_500_then_200_gets_the_alert_once_delivered(queued):
    office, now = queued
    with http_server() as server:
        channel = {"out": WebhookChannel("out", server.url("/hook"), secret="s3cret", timeout=2.0)}
        server.reply = Reply(status=500)
        assert office.notify(channel)["failed"] == [1]
        assert "HTTP 500" in office.notifications()[0]["last_error"]
        server.reply = Reply()
        now.moment += timedelta(seconds=60)
        assert office.notify(channel)["sent"] == [1]
        assert [request.json()["key"] for request in server.received] == ["2025-0001/reply/0/due_soon"] * 2
        assert _statuses(office) == [("sent", 2)]


def test_a_webhook_that_times_out_is_retried_later(queued):
    office, now = queued
    with http_server() as server:
        channel = {"out": WebhookChannel("out", server.url(), timeout=0.3)}
        server.reply = Reply(delay=2.0)
        began = time.monotonic()
        assert office.notify(channel)["failed"] == [1]
        assert time.monotonic() - began < 1.5
        assert "timed out" in office.notifications()[0]["last_error"]
        server.reply = Reply()
        now.moment += timedelta(seconds=60)
        assert office.notify(channel)["sent"] == [1]


def test_a_mail_server_that_is_down_then_up_gets_the_alert(queued):
    office, now = queued
    down = {"out": SmtpChannel("out", "127.0.0.1", closed_port(), "gk@example.gov.cn", timeout=1.0)}
    assert office.notify(down)["failed"] == [1]
    with smtp_server() as (port, mailbox):
        up = {"out": SmtpChannel("out", "127.0.0.1", port, "gk@example.gov.cn", timeout=2.0)}
        assert office.notify(up)["sent"] == []  # not due yet: backoff
        now.moment += timedelta(seconds=60)
        assert office.notify(up)["sent"] == [1]
    (mail,) = mailbox.received
    assert mail.rcpt_tos == ["han@example.gov.cn"]
    assert mail.message["Subject"] == "【即将到期】2025-0001 答复期限 2025-10-30（剩余 3 个工作日）"
    assert mail.message["X-Disclosure-Alert"] == "2025-0001/reply/0/due_soon"
    assert _statuses(office) == [("sent", 2)]


# -- the scheduler ------------------------------------------------------------------------------


def test_the_sweep_job_runs_on_working_days_only(office, database_url):
    register(office).number  # the correction-notice clock alone: due 2025-10-13, overdue long since
    saturday = Office.open(database_url, today=lambda: date(2026, 11, 21))
    monday = Office.open(database_url, today=lambda: date(2026, 11, 23))
    try:
        OfficeScheduler(saturday).sweep()
        assert saturday.notifications() == []
        OfficeScheduler(monday).sweep()
        assert {row["key"] for row in monday.notifications()} >= {"2025-0001/correction_notice/0/overdue"}
    finally:
        saturday.close()
        monday.close()


def test_the_jobs_are_the_configured_sweeps_and_a_delivery_every_minute(office):
    scheduler = OfficeScheduler(office)
    scheduler._add_jobs()
    jobs = {job.id: str(job.trigger) for job in scheduler._scheduler.get_jobs()}
    assert jobs == {
        "sweep-0830": "cron[hour='8', minute='30']",
        "sweep-1400": "cron[hour='14', minute='0']",
        "deliver": "interval[0:01:00]",
    }


def _settings_file(folder: Path, url: str) -> Path:
    path = folder / "scheduler.toml"
    path.write_text(
        "[delivery]\nchannels = [\"hook\"]\nbatch = 3\nbackoff_seconds = 1\n"
        "[scheduler]\ndeliver_every_seconds = 1\n"
        f"[channels.hook]\ntype = \"webhook\"\nurl = \"{url}\"\ntimeout = 5\n",
        encoding="utf-8",
    )
    return path


def _start(database_url: str, settings: Path) -> subprocess.Popen:
    environment = {**os.environ, "DISCLOSURE_DB": database_url, "DISCLOSURE_CONFIG": str(settings), "DISCLOSURE_USER": "admin"}
    return subprocess.Popen(
        [str(DISCLOSURE), "scheduler", "run"], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _wait_until_settled(office: Office, timeout: float = 30.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = office.notifications()
        if rows and all(row["status"] == "sent" for row in rows):
            return rows
        time.sleep(0.2)
    raise AssertionError(f"deliveries not settled: {Counter(row['status'] for row in office.notifications())}")


def _stop(process: subprocess.Popen, how: int) -> tuple[int, str]:
    process.send_signal(how)
    _, errors = process.communicate(timeout=15)
    return process.returncode, errors


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_the_daemon_sweeps_at_start_delivers_and_stops_cleanly(office, database_url, tmp_path, how):
    register(office)
    with http_server() as server:
        process = _start(database_url, _settings_file(tmp_path, server.url("/hook")))
        try:
            rows = _wait_until_settled(office)
        finally:
            code, errors = _stop(process, how)
    assert code == 0, errors
    assert "scheduler started" in errors and "scheduler stopped" in errors and "Traceback" not in errors
    assert sorted(request.json()["key"] for request in server.received) == sorted(row["key"] for row in rows)


def test_two_schedulers_on_one_database_deliver_each_alert_exactly_once(office, database_url, tmp_path):
    for day in range(20):
        number = register(office, received=(date(2025, 9, 1) + timedelta(days=day)).isoformat()).number
        office.act(number, "assign", user="reg", on=(date(2025, 9, 1) + timedelta(days=day + 1)).isoformat(), to="han")
    office.settings = Settings(delivery_channels=("hook",))
    office.sweep("2025-12-31")  # every reply overdue and escalated: 40 alerts queued for the webhook
    with http_server() as server:
        server.reply = Reply(delay=0.02)  # a little latency, so the two claim in turns
        settings = _settings_file(tmp_path, server.url("/hook"))
        first, second = _start(database_url, settings), _start(database_url, settings)
        try:
            rows = _wait_until_settled(office)
        finally:
            results = [_stop(process, signal.SIGTERM) for process in (first, second)]
    assert all(code == 0 for code, _ in results), results
    received = Counter(request.json()["key"] for request in server.received)
    assert len(rows) >= 40
    assert received == Counter(row["key"] for row in rows)  # every alert, each exactly once
    assert set(received.values()) == {1}
    # The daemons' own logs agree: between them they sent each delivery once (usually about half each).
    sent_by_each = [sum(int(n) for n in re.findall(r"delivery: (\d+) sent", errors)) for _, errors in results]
    assert sum(sent_by_each) == len(rows)
