"""When a deadline clock has crossed a threshold, and who is to hear of it. Pure: no storage, no I/O.

A threshold is **crossed**, not hit on an exact day: a sweep that runs late (a weekend, an outage)
still finds every threshold passed since. Of the thresholds addressed to the handler only the
most advanced one crossed is raised (after a week's outage, "overdue", not also "due in 3 days"
and "due today"); the escalation to the heads is raised on its own.

An alert's identity is (case, clock, the clock's last start, threshold). Ledgers only grow and each
start or restart is one entry written by one event, so the entry's index names the event that last
started the clock: a restart (a correction received) re-arms every threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping, NamedTuple

from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.clocks import Clock, ClockStatus
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = [
    "THRESHOLDS",
    "HANDLER",
    "HEADS",
    "OFFICE",
    "AlertPolicy",
    "DEFAULT_POLICIES",
    "Crossing",
    "last_start",
    "crossings",
    "alert_key",
    "policies_from_settings",
]

HANDLER, HEADS, OFFICE = "handler", "heads", "office"

# code → (label, audience), in the order a clock reaches them
THRESHOLDS: Mapping[str, tuple[str, str]] = {
    "due_soon": ("即将到期", HANDLER),
    "due": ("今日到期", HANDLER),
    "overdue": ("已逾期", HANDLER),
    "escalation": ("逾期升级", HEADS),
    "lapsed": ("期限届满，案件已终止", HANDLER),
    "calendar_missing": ("下一年度节假日安排尚未载入", OFFICE),
    "annual_report_due": ("年度报告应于1月31日前公布", OFFICE),
}


@dataclass(frozen=True)
class AlertPolicy:
    """The thresholds of one clock. ``None`` or False turns a threshold off."""

    before_due: int | None = 3  # working days left, the due date counted
    on_due: bool = True
    overdue: bool = True
    escalate_after: int | None = 5  # working days overdue

    def __post_init__(self) -> None:
        for name in ("before_due", "escalate_after"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise InvalidInput(t(
                    "alerts: {name} must be a whole number of working days, at least 1 (got {value!r})", name=name, value=value,
                ))
        for name in ("on_due", "overdue"):
            if not isinstance(getattr(self, name), bool):
                raise InvalidInput(t("alerts: {name} must be true or false (got {value!r})", name=name, value=getattr(self, name)))


# The office's own periods warn and escalate; the applicant's periods (correction, payment) end the
# case when they lapse instead; the opinion period only tells the handler once it has run out
# (the office decides what follows).
DEFAULT_POLICIES: Mapping[str, AlertPolicy | None] = {
    "reply": AlertPolicy(),
    "correction_notice": AlertPolicy(),
    "opinion": AlertPolicy(before_due=None, on_due=False, overdue=True, escalate_after=None),
    "correction": None,
    "payment": None,
}


class Crossing(NamedTuple):
    clock: str
    started: int  # the ledger index of the clock's last start or restart
    threshold: str
    due_on: date
    audience: str


def last_start(clock: Clock) -> int | None:
    """The ledger index of the clock's last start or restart (None: never started)."""
    for index in range(len(clock.ledger) - 1, -1, -1):
        if clock.ledger[index].action in ("start", "restart"):
            return index
    return None


def crossings(clock: Clock, policy: AlertPolicy | None, calendar: WorkCalendar, today: date) -> list[Crossing]:
    """The thresholds a running clock has crossed by ``today`` that are to be raised."""
    if policy is None or clock.status is not ClockStatus.RUNNING:
        return []
    due = clock.due(calendar)
    started = last_start(clock)
    if due is None or started is None:
        return []
    due_on = due.on
    found: list[Crossing] = []
    handler_threshold = None
    if policy.overdue and today > due_on:
        handler_threshold = "overdue"
    elif policy.on_due and today >= due_on:
        handler_threshold = "due"
    elif policy.before_due is not None and calendar.working_days_between(today, due_on) <= policy.before_due:
        handler_threshold = "due_soon"
    if handler_threshold is not None:
        found.append(Crossing(clock.name, started, handler_threshold, due_on, HANDLER))
    if (
        policy.escalate_after is not None
        and today > due_on
        and calendar.working_days_between(due_on, today) >= policy.escalate_after
    ):
        found.append(Crossing(clock.name, started, "escalation", due_on, HEADS))
    return found


def alert_key(case: str | None, clock: str, started: int | str, threshold: str) -> str:
    """The alert's identity as one string, unique in the outbox."""
    return f"{case or '-'}/{clock}/{started}/{threshold}"


def policies_from_settings(settings: Mapping[str, object]) -> dict[str, AlertPolicy | None]:
    """Policies from a configuration's ``[alerts]`` table: defaults for every clock, then per clock.

    ``{"before_due": 2, "reply": {"escalate_after": 3}, "payment": {"enabled": false}}``
    """
    fields = ("before_due", "on_due", "overdue", "escalate_after")
    base = {name: settings[name] for name in fields if name in settings}
    unknown = [name for name in settings if name not in fields and name not in DEFAULT_POLICIES]
    if unknown:
        raise InvalidInput(t("alerts: unknown setting or clock {name!r}", name=unknown[0]))
    policies: dict[str, AlertPolicy | None] = {}
    for clock, default in DEFAULT_POLICIES.items():
        own = settings.get(clock, {})
        if not isinstance(own, Mapping):
            raise InvalidInput(t("alerts.{clock} must be a table", clock=clock))
        extra = [name for name in own if name not in fields and name != "enabled"]
        if extra:
            raise InvalidInput(t("alerts.{clock}: unknown setting {name!r}", clock=clock, name=extra[0]))
        if not isinstance(own.get("enabled", True), bool):
            raise InvalidInput(t("alerts.{clock}: enabled must be true or false (got {value!r})", clock=clock, value=own["enabled"]))
        if own.get("enabled") is False or (default is None and not own):
            policies[clock] = None
            continue
        # The office's defaults, then what sets this clock apart (the opinion period's), then its own table.
        standard = vars(AlertPolicy())
        distinct = {name: value for name, value in vars(default or AlertPolicy()).items() if value != standard[name]}
        merged = {**standard, **base, **distinct, **{name: value for name, value in own.items() if name != "enabled"}}
        policies[clock] = AlertPolicy(**merged)
    return policies
