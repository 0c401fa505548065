"""What the disclosure kind's actions share: the statutory periods they resolve into their events,
and the checks of their parameters."""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from disclosure.workflow.calendar import MOST_DAYS, parse_date
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = ["STATUTORY_PERIODS", "OFFICE_PERIODS", "periods", "required", "positive_int", "param_date"]

# The periods in working days. The statute fixes all but the correction period, which it leaves to the
# office ("reasonable"): only that one is an office setting (correction_days).
STATUTORY_PERIODS: Mapping[str, int] = {
    "reply_days": 20,  # [GK] 33
    "correction_notice_days": 7,  # [GK] 30
    "correction_days": 15,  # office setting; "reasonable" in [GK] 30
    "opinion_days": 15,  # [GK] 32, 34
    "payment_days": 20,  # [FEE]
    "extension_max_days": 20,  # [GK] 33
}


OFFICE_PERIODS = ("correction_days",)


def periods(office_settings: Mapping[str, Any]) -> dict[str, Any]:
    """The periods a step applies: the statute's, the office's correction period if it set one (a book
    may keep other names from before they were refused at init: a statutory period is never the office's)."""
    return {**STATUTORY_PERIODS, **{name: office_settings[name] for name in OFFICE_PERIODS if name in office_settings}}


def required(params: Mapping[str, Any], name: str, action: str) -> Any:
    value = params.get(name)
    if value is None or value == "":
        raise InvalidInput(t("{action} needs --{option}", action=action, option=name.replace("_", "-")))
    return value


def positive_int(value: Any, what: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(t("{what} must be a whole number (got {value!r})", what=what, value=value)) from None
    if number <= 0:
        raise InvalidInput(t("{what} must be positive (got {number})", what=what, number=number))
    if number > MOST_DAYS:
        raise InvalidInput(t("{what} must be at most {most} (got {number})", what=what, most=MOST_DAYS, number=number))
    return number


def param_date(value: Any, what: str) -> date:
    return parse_date(value if isinstance(value, date) else str(value), what)
