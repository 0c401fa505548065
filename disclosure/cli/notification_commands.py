"""`disclosure sweep`, `notify`, `notifications list|retry` and `scheduler run`."""

from __future__ import annotations

import logging

import click

from disclosure.cli._context import DATE, AppContext, CodeChoice, pass_app
from disclosure.cli.output import emit, json_line, json_option, wants_json
from disclosure.cli.render import table
from disclosure.workflow.messages import t

STATUS_LABELS = {"pending": "待发送", "sending": "发送中", "sent": "已发送", "failed": "待重试", "dead": "已放弃"}


@click.command("sweep")
@click.option("--on", "on", type=DATE, default=None, help="Sweep as of this day (default today; not in the future).")
@click.option("--confirm", is_flag=True, help="End lapsed periods even though no person recorded an event in the 3 days before.")
@json_option()
@pass_app
def sweep(app: AppContext, on, confirm: bool, as_json: bool) -> None:
    """Record every deadline threshold crossed (once), and end lapsed correction and fee periods."""
    created = app.office().sweep(on, confirm=confirm)

    def lines():
        if not created:
            yield t("no new alerts")
        for alert in created:
            where = f"{alert['case']} {alert['clock']}" if alert["case"] else alert["clock"]
            due = t(" due {on}", on=alert["due_on"]) if alert["due_on"] else ""
            yield t(
                "{where}: {threshold} {threshold_label}{due} → {recipients}",
                where=where, threshold=alert["threshold"], threshold_label=alert["threshold_label"], due=due,
                recipients=", ".join(alert["recipients"]),
            )

    shown = [{key: alert[key] for key in ("case", "clock", "threshold", "due_on", "recipients")} for alert in created]
    emit(app, as_json, shown, lines)


@click.command("notify")
@json_option()
@pass_app
def notify(app: AppContext, as_json: bool) -> None:
    """Send the alerts that are due through their channels (failures are retried later)."""
    report = app.office().notify()
    emit(app, as_json, report, lambda: [
        t("sent {sent}, to retry {failed}, dead {dead}", sent=len(report["sent"]), failed=len(report["failed"]), dead=len(report["dead"]))
    ])


@click.group("notifications")
def notifications() -> None:
    """The outbox: each alert through each channel (待发送, 已发送, 待重试, 已放弃)."""


@notifications.command("list")
@click.option("--status", type=CodeChoice(STATUS_LABELS), default=None)
@json_option()
@pass_app
def notifications_list(app: AppContext, status: str | None, as_json: bool) -> None:
    """The outbox, newest first."""
    rows = app.office().notifications(status)

    def lines():
        return table(
            ((row["id"], row["status"], STATUS_LABELS[row["status"]], row["channel"], row["key"], t("attempts {attempts}", attempts=row["attempts"]),
              f"({row['last_error']})" if row["last_error"] else "") for row in rows),
            align=">",
        )

    emit(app, as_json, [_plain(row) for row in rows], lines)


def _plain(row: dict) -> dict:
    import json as json_module
    from datetime import datetime

    from disclosure.timekeeping import in_office_time

    def shown(value):
        if isinstance(value, datetime):  # stored in UTC (naive on SQLite): shown in the office's time
            return in_office_time(value).isoformat(timespec="seconds")
        return value.isoformat() if hasattr(value, "isoformat") else value

    plain = {key: shown(value) for key, value in row.items()}
    plain["recipients"] = json_module.loads(row["recipients"])
    plain["status_label"] = STATUS_LABELS[row["status"]]
    return plain


@notifications.command("retry")
@click.argument("ids", nargs=-1, required=True, type=int)
@json_option(help=None)
@pass_app
def notifications_retry(app: AppContext, ids: tuple[int, ...], as_json: bool) -> None:
    """Make failed or dead deliveries due now (admin or head)."""
    app.office().retry_notifications(ids, user=app.acting_user())
    emit(app, as_json, {"due_again": list(ids)}, lambda: [t("{count} delivery(ies) due again", count=len(ids))])


@click.group("scheduler")
def scheduler() -> None:
    """The daemon that sweeps and delivers."""


@scheduler.command("run")
@json_option(help="Log each line as JSON (errors too).")
@pass_app
def scheduler_run(app: AppContext, as_json: bool) -> None:
    """Sweep at the configured times on working days (and at start-up), deliver every minute; stop on SIGTERM/SIGINT."""
    from disclosure.notifications.scheduler import OfficeScheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if wants_json(app, as_json):
        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonLogFormatter())
    office = app.office()
    OfficeScheduler(office, office.channels()).run()


# Here, not in cli/output.py: importing logging costs a command that prints no log about 7 ms.
class JsonLogFormatter(logging.Formatter):
    """A log record as one JSON line, for a daemon run with --json (its log is what it prints)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"at": self.formatTime(record), "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json_line(entry)
