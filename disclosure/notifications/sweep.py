"""What a sweep finds: the alerts of clocks that crossed a threshold, of the engine's own endings, and
the office's yearly reminders, each rendered in Chinese for the people who must act.

The stored text names no applicant: it goes to group chats and other systems as it is, and only an
e-mail may add the applicant's name, at delivery, when the office allows it (notifications/composing.py).

The transaction, the lapses and the recording are `Office.sweep`'s (service.py); this module only
turns what it read into alerts.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Mapping, Sequence

from disclosure.storage.outbox_rows import ClockDue, StoredAlert
from disclosure.workflow.alerts import THRESHOLDS, AlertPolicy, Crossing, alert_key
from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.kinds import BUILT_IN_KINDS, Kind, KindRegistry
from disclosure.workflow.vocabulary import CLOCK_LABELS, OUTCOMES

__all__ = ["horizon", "case_alert", "lapse_alert", "office_reminders", "alert_json"]


def horizon(policies: Mapping[str, AlertPolicy | None], today: date, calendar: WorkCalendar) -> date:
    """The latest due date that can have crossed a threshold by ``today``.

    "n working days left" holds for every due date before the (n+1)-th working day after today.
    """
    warnings = [policy.before_due for policy in policies.values() if policy is not None and policy.before_due]
    if not warnings:
        return today
    return calendar.add_working_days(today, max(warnings) + 1).on - timedelta(days=1)


def _standing(due_on: date, today: date, calendar: WorkCalendar) -> str:
    if today < due_on:
        return f"剩余 {calendar.working_days_between(today, due_on)} 个工作日"
    if today == due_on:
        return "今日到期"
    late = calendar.working_days_between(due_on, today)
    return f"已逾期 {late} 个工作日" if late else "已过到期日"


def _clock_label(kind: Kind | None, clock: str) -> str:
    return kind.clock_label(clock) if kind is not None and clock in kind.clock_specs else CLOCK_LABELS.get(clock, clock)


def _render(case: str, clock: str, due_on: date, threshold: str, standing: str, kind: Kind | None) -> tuple[str, str]:
    label = THRESHOLDS[threshold][0]
    clock_label = _clock_label(kind, clock)
    subject = f"【{label}】{case} {clock_label} {due_on.isoformat()}（{standing}）"
    text = "\n".join(
        (
            f"案件编号：{case}",
            f"期限：{clock_label}（{clock}）",
            f"到期日：{due_on.isoformat()}",
            f"情况：{standing}",
            f"提醒：{label}（{threshold}）",
        )
    )
    return subject, text


def case_alert(
    due: ClockDue, crossing: Crossing, today: date, calendar: WorkCalendar, recipients: Sequence[str],
    kinds: KindRegistry = BUILT_IN_KINDS,
) -> StoredAlert:
    subject, text = _render(
        due.case_number, crossing.clock, crossing.due_on, crossing.threshold,
        _standing(crossing.due_on, today, calendar), kinds.get(due.kind),
    )
    return StoredAlert(
        key=alert_key(due.case_number, crossing.clock, crossing.started, crossing.threshold),
        case_number=due.case_number, clock=crossing.clock, started=crossing.started, threshold=crossing.threshold,
        due_on=crossing.due_on, recipients=tuple(recipients), subject=subject, text=text,
    )


def lapse_alert(
    due: ClockDue, started: int, outcome: str, on: date, recipients: Sequence[str], kinds: KindRegistry = BUILT_IN_KINDS,
    reinstated: int = 0,
) -> StoredAlert:
    """The handler told that the engine closed the case (the applicant's period ran out). ``reinstated``: how
    often a head took back a lapse of this case: each lapse after one is told again, under a key of its own."""
    subject, text = _render(
        due.case_number, due.clock, due.due_on, "lapsed",
        f"{on.isoformat()} 起期限届满，已按“{OUTCOMES[outcome]}”（{outcome}）终止", kinds.get(due.kind),
    )
    return StoredAlert(
        key=alert_key(due.case_number, due.clock, started, "lapsed" if not reinstated else f"lapsed-{reinstated + 1}"),
        case_number=due.case_number, clock=due.clock,
        started=started, threshold="lapsed", due_on=due.due_on, recipients=tuple(recipients), subject=subject, text=text,
    )


def office_reminders(today: date, calendar: WorkCalendar, recipients: Sequence[str]) -> list[StoredAlert]:
    """From 1 November, next year's calendar if it is not loaded; in January, the annual report."""
    found = []
    if today.month >= 11 and not calendar.is_known_year(today.year + 1):
        year = today.year + 1
        found.append(StoredAlert(
            key=alert_key(None, "calendar", year, "calendar_missing"), case_number=None, clock="calendar",
            started=year, threshold="calendar_missing", due_on=None, recipients=tuple(recipients),
            subject=f"【{THRESHOLDS['calendar_missing'][0]}】{year}年",
            text=(f"{year}年的节假日安排尚未载入，跨年的期限只能按周末计算（暂定）。"
                  f"国务院办公厅公布后，请用 `disclosure calendar load` 载入。"),
        ))
    if today.month == 1:
        year = today.year - 1
        found.append(StoredAlert(
            key=alert_key(None, "annual_report", year, "annual_report_due"), case_number=None, clock="annual_report",
            started=year, threshold="annual_report_due", due_on=date(today.year, 1, 31), recipients=tuple(recipients),
            subject=f"【{THRESHOLDS['annual_report_due'][0]}】{year}年度",
            text=f"{year}年度政府信息公开工作年度报告应于{today.year}年1月31日前向社会公布（条例第四十九条）。",
        ))
    return found


def alert_json(alert: StoredAlert) -> dict:
    """What `sweep --json` prints for each alert created."""
    return {
        "case": alert.case_number,
        "clock": alert.clock,
        "threshold": alert.threshold,
        "threshold_label": THRESHOLDS[alert.threshold][0],
        "due_on": alert.due_on.isoformat() if alert.due_on else None,
        "recipients": list(alert.recipients),
    }
