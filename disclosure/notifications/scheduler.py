"""`disclosure scheduler run`: the sweep at set times on working days and once at start-up, delivery
every minute, on APScheduler 3; a clean stop on SIGTERM or SIGINT.

Several schedulers may share one PostgreSQL database: the sweep records each alert once (its
unique key) and delivery claims rows with ``FOR UPDATE SKIP LOCKED``, so each alert goes out once.
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from disclosure.timekeeping import OFFICE_TIMEZONE
from disclosure.workflow.errors import RuleViolation

__all__ = ["OfficeScheduler"]

log = logging.getLogger("disclosure.scheduler")


class OfficeScheduler:
    """The jobs of one office; ``run`` blocks until ``stop`` (or a signal)."""

    def __init__(self, office: Any, channels: dict[str, Any] | None = None) -> None:
        from apscheduler.schedulers.background import BackgroundScheduler

        self.office = office
        self.channels = channels
        self._stopped = threading.Event()
        # Background, not blocking: the main thread waits on an event that a signal handler may set.
        self._scheduler = BackgroundScheduler(timezone=OFFICE_TIMEZONE)

    def sweep(self, *, working_days_only: bool = True) -> None:
        try:
            self.office.reload_calendar()  # days another process loaded since
            today = self.office.today()
            if working_days_only and not self.office.calendar.is_workday(today):
                log.info("sweep skipped: %s is not a working day", today.isoformat())
                return
            # Never confirmed: a sweep whose date no person's work bears out is more likely a wrong
            # system clock than anything a daemon should act on; a head confirms by hand.
            created = self.office.sweep()
            log.info("sweep of %s: %d new alert(s)", today.isoformat(), len(created))
        except RuleViolation as refused:
            log.warning("sweep refused: %s", refused)
        except Exception:  # the daemon outlives a bad run; the next run catches up
            log.exception("sweep failed")

    def deliver(self) -> None:
        try:
            report = self.office.notify(self.channels)
            if any(report.values()):
                log.info("delivery: %d sent, %d to retry, %d dead", len(report["sent"]), len(report["failed"]), len(report["dead"]))
        except Exception:
            log.exception("delivery failed")

    def _add_jobs(self) -> None:
        from apscheduler.triggers.cron import CronTrigger
        from apscheduler.triggers.interval import IntervalTrigger

        settings = self.office.settings
        for moment in settings.sweep_at:
            self._scheduler.add_job(
                self.sweep, CronTrigger(hour=moment.hour, minute=moment.minute, timezone=OFFICE_TIMEZONE),
                id=f"sweep-{moment:%H%M}", max_instances=1, coalesce=True, misfire_grace_time=3600,
            )
        self._scheduler.add_job(
            self.deliver, IntervalTrigger(seconds=settings.deliver_every_seconds, timezone=OFFICE_TIMEZONE),
            id="deliver", max_instances=1, coalesce=True,
        )

    def stop(self, *_: Any) -> None:
        self._stopped.set()

    def run(self, *, install_signal_handlers: bool = True) -> None:
        if install_signal_handlers:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        settings = self.office.settings
        log.info(
            "scheduler started: sweeps at %s on working days (Asia/Shanghai), delivery every %d s",
            ", ".join(f"{moment:%H:%M}" for moment in settings.sweep_at), settings.deliver_every_seconds,
        )
        self.sweep(working_days_only=False)  # catch up whatever happened while no scheduler ran
        self.deliver()
        self._add_jobs()
        self._scheduler.start()
        try:
            while not self._stopped.wait(0.5):
                pass
        finally:
            self._scheduler.shutdown(wait=True)
            log.info("scheduler stopped")
