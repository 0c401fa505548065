"""The office's operating statistics for a period (a year, a quarter, or any dates), as the seeds
publish them: received by channel, concluded, 办结率, 按期办结率, working days to reply, the
corrections, consultations and extensions asked for, fees collected, and what stood open and
overdue at the period's end. Optionally by handler or by kind.

Definitions (STATUTE.md §3 leaves them to the office; these are the project's):
- received: receipt date in the period; concluded: conclusion date in the period (as the book
  stands: a reopened case counts when it is concluded again);
- 应办结 (due to conclude) = concluded in the period + open at its end with the reply due on or
  before its end; 办结率 = concluded ÷ due to conclude (1 when nothing was due);
- 按期办结率 = concluded on time ÷ concluded, where a reply is on time when given on or before its
  due date, and a case ended without a reply owed (withdrawn, a lapsed correction or fee period)
  counts as on time;
- working days to reply: for replies given in the period, the working days the reply clock ran
  from its last start or restart to the reply, paused time (consultations, fees) excluded;
  the mean and the 90th percentile (nearest rank);
- corrections, consultations, extensions: the actions taken in the period (effective date);
- fees collected: the sums of the payments received in the period;
- open and overdue at the end: received by then, not concluded by then; overdue when the reply
  was due before the last day.
Everything is counted in SQL (storage/statistics_queries.py) but the working days to reply, which
read the reply clocks of the replies in the period (an office's replies, not its whole book).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from disclosure.storage.database import Connection
from disclosure.storage.statistics_queries import (
    GROUPINGS,
    action_counts,
    conclusion_counts,
    fees_paid,
    month_counts,
    received_by_channel,
    reply_clocks,
)
from disclosure.workflow.calendar import WorkCalendar, check_year, parse_date
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.vocabulary import CHANNELS

__all__ = ["Period", "period_from", "operating_statistics", "GROUPINGS", "monthly_series"]

_COUNTED_ACTIONS = {"request-correction": "corrections", "consult": "consultations", "extend": "extensions"}


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    label: str


def period_from(year: int | None = None, quarter: str | None = None, start: Any = None, end: Any = None) -> Period:
    """Exactly one of: a year, a quarter ("2026Q1"), or a from–to pair of dates."""
    given = [year is not None, quarter is not None, start is not None or end is not None]
    if sum(given) != 1:
        raise InvalidInput("give one period: --year Y, --quarter YYYYQn, or --from DATE --to DATE")
    if year is not None:
        check_year(year, "--year")
        return Period(date(year, 1, 1), date(year, 12, 31), str(year))
    if quarter is not None:
        match = re.fullmatch(r"(\d{4})Q([1-4])", quarter.strip().upper())
        if match is None:
            raise InvalidInput(f"--quarter must look like 2026Q1 (got {quarter!r})")
        year_number, number = check_year(int(match[1]), "--quarter's year"), int(match[2])
        first = date(year_number, 3 * number - 2, 1)
        following = date(year_number + 1, 1, 1) if number == 4 else date(year_number, 3 * number + 1, 1)
        return Period(first, following - timedelta(days=1), f"{year_number}Q{number}")
    if start is None or end is None:
        raise InvalidInput("--from and --to go together")
    first = parse_date(start if isinstance(start, date) else str(start), "--from")
    last = parse_date(end if isinstance(end, date) else str(end), "--to")
    if last < first:
        raise InvalidInput(f"--to {last.isoformat()} is before --from {first.isoformat()}")
    return Period(first, last, f"{first.isoformat()}–{last.isoformat()}")


def _empty() -> dict[str, Any]:
    return {
        "received": {**{code: 0 for code in CHANNELS}, "total": 0},
        "concluded": 0,
        "concluded_on_time": 0,
        "due_to_conclude": 0,
        "completion_rate": None,
        "on_time_rate": None,
        "reply_working_days": {"replies": 0, "mean": None, "p90": None},
        "corrections": 0,
        "consultations": 0,
        "extensions": 0,
        "fees_collected": "0.00",
        "open_at_end": 0,
        "overdue_at_end": 0,
    }


def _percentile(values: list[int], share: float) -> int:
    """Nearest rank: the smallest value with at least ``share`` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def operating_statistics(
    connection: Connection, period: Period, calendar: WorkCalendar, by: str | None = None
) -> dict[str, Any]:
    if by is not None and by not in GROUPINGS:
        raise InvalidInput(f"--by must be one of {', '.join(GROUPINGS)} (got {by!r})")
    first, last = period.first, period.last
    groups: dict[Any, dict[str, Any]] = {}

    def group(value: Any) -> dict[str, Any]:
        return groups.setdefault(value if by else None, _empty())

    for value, (channel, count) in received_by_channel(connection, first, last, by):
        target = group(value)["received"]
        target[channel] = target.get(channel, 0) + count
        target["total"] += count

    for value, (concluded, punctual, still_open, overdue, due_open) in conclusion_counts(connection, first, last, by):
        target = group(value)
        target["concluded"] += int(concluded or 0)
        target["concluded_on_time"] += int(punctual or 0)
        target["open_at_end"] += int(still_open or 0)
        target["overdue_at_end"] += int(overdue or 0)
        target["due_to_conclude"] += int(concluded or 0) + int(due_open or 0)

    for value, (action, count) in action_counts(connection, first, last, _COUNTED_ACTIONS, by):
        group(value)[_COUNTED_ACTIONS[action]] += count

    for value, amount in fees_paid(connection, first, last, by):
        target = group(value)
        target["fees_collected"] = str(Decimal(target["fees_collected"]) + Decimal(str(amount)))
    every_reply = _reply_days(connection, first, last, by, group, calendar)

    for target in groups.values():
        _set_rates(target)
    result: dict[str, Any] = {
        "period": {"label": period.label, "from": first.isoformat(), "to": last.isoformat()},
        "total": groups.get(None, _empty()) if by is None else _sum_groups(groups.values()),
    }
    result["total"]["reply_working_days"] = _day_summary(every_reply)
    if by is not None:
        result["by"] = by
        result["groups"] = {("" if value is None else str(value)): groups[value] for value in sorted(groups, key=lambda v: (v is None, str(v)))}
    return result


def _reply_days(connection, first, last, by, group, calendar: WorkCalendar) -> list[int]:
    days: dict[Any, list[int]] = {}
    for value, clock in reply_clocks(connection, first, last, by):
        elapsed = clock.working_days_elapsed(calendar)
        if elapsed is not None:
            days.setdefault(value, []).append(elapsed)
    for value, values in days.items():
        group(value)["reply_working_days"] = _day_summary(values)
    return [value for values in days.values() for value in values]


def _day_summary(values: list[int]) -> dict[str, Any]:
    if not values:
        return {"replies": 0, "mean": None, "p90": None}
    return {"replies": len(values), "mean": round(sum(values) / len(values), 1), "p90": _percentile(values, 0.9)}


def _set_rates(target: dict[str, Any]) -> None:
    """按期办结率 and 办结率 from the counts (办结率 1 when nothing was due)."""
    if target["concluded"]:
        target["on_time_rate"] = round(target["concluded_on_time"] / target["concluded"], 4)
    target["completion_rate"] = round(target["concluded"] / target["due_to_conclude"], 4) if target["due_to_conclude"] else 1.0


def _sum_groups(groups) -> dict[str, Any]:
    total = _empty()
    for target in groups:
        for channel, count in target["received"].items():
            total["received"][channel] = total["received"].get(channel, 0) + count
        for name in ("concluded", "concluded_on_time", "due_to_conclude", "corrections", "consultations",
                     "extensions", "open_at_end", "overdue_at_end"):
            total[name] += target[name]
        total["fees_collected"] = str(Decimal(total["fees_collected"]) + Decimal(target["fees_collected"]))
    _set_rates(total)
    return total  # its working days to reply are the office's own, not a mean of the groups' means


def monthly_series(connection: Connection, period: Period) -> list[dict[str, Any]]:
    """Per month of the period: received, concluded, and the on-time rate (for the chart)."""
    months = []
    cursor = date(period.first.year, period.first.month, 1)
    while cursor <= period.last:
        following = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
        months.append((max(cursor, period.first), min(following - timedelta(days=1), period.last)))
        cursor = following
    series = []
    for start, end in months:
        received, concluded, punctual = month_counts(connection, start, end)
        series.append({
            "month": f"{start:%Y-%m}", "received": received, "concluded": concluded,
            "on_time_rate": round(int(punctual or 0) / concluded, 4) if concluded else None,
        })
    return series
