"""When a step may be dated: not after today, not before the case's last event (docs/rules.md)."""

from __future__ import annotations

from datetime import date

from disclosure.workflow.errors import RuleViolation
from disclosure.workflow.messages import t

__all__ = ["check_effective_date"]


def check_effective_date(on: date, today: date, last_on: date | None) -> None:
    """Refuse ``on`` in the future, or before ``last_on`` (the case's last event; None: no case yet, or a
    step that may go back, such as one undoing the last)."""
    if on > today:
        raise RuleViolation(t("the effective date {on} is in the future (today is {today})", on=on.isoformat(), today=today.isoformat()))
    if last_on is not None and on < last_on:
        raise RuleViolation(t(
            "the effective date {on} is before the case's last event on {last}", on=on.isoformat(), last=last_on.isoformat(),
        ))
