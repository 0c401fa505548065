"""The office's operating statistics for a period (a year, a quarter, or any dates), as the seeds
publish them: each kind of case apart (applications for government information, petitions,
suggestions, an office's own kinds), received by channel, 受理 and 已办结 with their 办结率,
concluded against what was due, 按期办结率, working days to reply, the corrections, consultations
and extensions asked for, fees collected, what stood open and overdue at the period's end, and, for
the kinds whose replies are rated, 反馈率 and 满意率. Optionally by handler within each kind.

Definitions (STATUTE.md §3 leaves them to the office; these are the project's, docs/rules.md):
- received: receipt date in the period; concluded: conclusion date in the period (as the book
  stands: a reopened case counts when it is concluded again);
- 办结率 as the seed offices publish it ("受理15条，已办结15条，办结率100%") = of the cases received
  in the period, those concluded by its end ÷ those received (None when none was received);
- 应办结 (due to conclude) = concluded in the period + open at its end with the reply due on or
  before its end; 办结率 against it = concluded ÷ due to conclude (1 when nothing was due);
- 按期办结率 = concluded on time ÷ concluded, where a reply is on time when given on or before its
  due date, and a case ended without a reply owed (withdrawn, a lapsed correction or fee period)
  counts as on time;
- working days to reply: for replies given in the period, the working days the reply clock ran
  from its last start or restart to the reply, paused time (consultations, fees) excluded, on the
  calendar in force when it stopped (the clock row's column, kept with the reply like its due date);
  the mean and the 90th percentile (nearest rank);
- corrections, consultations, extensions: the actions taken in the period (effective date);
- fees collected: the sums of the payments received in the period;
- open and overdue at the end: received by then, not concluded by then; overdue when the reply
  was due before the last day;
- 反馈率 = replies rated ÷ cases concluded in the period by a reply; 满意率 = (满意 + 基本满意) ÷
  replies rated (None when none was rated), the rating being the case's as it stands.
Everything but what stood open at the period's end is summed from the book's tallies (storage/tallies.py:
counts kept per day as the cases change, a few rows a day however large the book); the cases open at the
end are read themselves (their due dates decide overdue and 应办结), through the indexes of the open cases
and of the conclusion dates (storage/tally_queries.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Iterable, Mapping

from disclosure.storage.tallies import detail_parts, yuan
from disclosure.storage.tally_queries import open_cases_at, tallied
from disclosure.workflow.calendar import check_year, parse_date
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import CHANNELS, FEEDBACK_RATINGS

__all__ = ["Period", "period_from", "operating_statistics", "GROUPINGS", "DEFINITIONS", "monthly_series"]

# Within each kind, the cases may be grouped further by:
GROUPINGS = ("handler",)
# The kind counted first and always shown: the office's statutory work.
PRINCIPAL_KIND = "disclosure"
_COUNTED_ACTIONS = {"request-correction": "corrections", "consult": "consultations", "extend": "extensions"}
_SATISFIED = ("satisfied", "basically_satisfied")

# Each rate with its definition, as the report states it (Chinese, then English; in Chinese, the Chinese alone).
DEFINITIONS = {
    "received_completion_rate": t("办结率 = 已办结 ÷ 受理：本期受理的件中期末前已办结的 · "
                                  "of the cases received in the period, those concluded by its end ÷ those received"),
    "completion_rate": t("办结率（应办结口径）= 办结 ÷ 应办结：本期办结 ÷（本期办结 + 期末未办结且已到期）· "
                         "concluded in the period ÷ (concluded + open at its end with the reply due by then)"),
    "on_time_rate": t("按期办结率 = 按期办结 ÷ 办结 · concluded on time ÷ concluded "
                      "(withdrawn or lapsed, owing no reply, counts as on time)"),
    "feedback_rate": t("反馈率 = 已评价 ÷ 已答复办结 · replies rated ÷ cases concluded in the period by a reply"),
    "satisfaction_rate": t("满意率 =（满意 + 基本满意）÷ 已评价 · (satisfied + basically satisfied) ÷ replies rated"),
}


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    label: str


def period_from(year: int | None = None, quarter: str | None = None, start: Any = None, end: Any = None) -> Period:
    """Exactly one of: a year, a quarter ("2026Q1"), or a from–to pair of dates."""
    given = [year is not None, quarter is not None, start is not None or end is not None]
    if sum(given) != 1:
        raise InvalidInput(t("give one period: --year Y, --quarter YYYYQn, or --from DATE --to DATE"))
    if year is not None:
        check_year(year, "--year")
        return Period(date(year, 1, 1), date(year, 12, 31), str(year))
    if quarter is not None:
        match = re.fullmatch(r"(\d{4})Q([1-4])", quarter.strip().upper())
        if match is None:
            raise InvalidInput(t("--quarter must look like 2026Q1 (got {quarter!r})", quarter=quarter))
        year_number, number = check_year(int(match[1]), "--quarter's year"), int(match[2])
        first = date(year_number, 3 * number - 2, 1)
        following = date(year_number + 1, 1, 1) if number == 4 else date(year_number, 3 * number + 1, 1)
        return Period(first, following - timedelta(days=1), f"{year_number}Q{number}")
    if start is None or end is None:
        raise InvalidInput(t("--from and --to go together"))
    first = parse_date(start if isinstance(start, date) else str(start), "--from")
    last = parse_date(end if isinstance(end, date) else str(end), "--to")
    if last < first:
        raise InvalidInput(t("--to {last} is before --from {first}", last=last.isoformat(), first=first.isoformat()))
    return Period(first, last, f"{first.isoformat()}–{last.isoformat()}")


def _empty(rated: bool) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "received": {**{code: 0 for code in CHANNELS}, "total": 0},
        "received_concluded": 0,
        "received_completion_rate": None,
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
    if rated:
        figures["feedback"] = {"replied": 0, "rated": 0, **{code: 0 for code in FEEDBACK_RATINGS},
                               "feedback_rate": None, "satisfaction_rate": None}
    return figures


def _percentile(histogram: Mapping[int, int], total: int, share: float) -> int:
    """Nearest rank: the smallest value with at least ``share`` of the values at or below it."""
    rank, seen = max(math.ceil(share * total), 1), 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    raise ValueError("an empty histogram has no percentile")


def operating_statistics(
    sql,
    period: Period,
    by: str | None = None,
    *,
    kinds: Mapping[str, str] | None = None,
    rated_kinds: Iterable[str] = (),
    kind: str | None = None,
) -> dict[str, Any]:
    """The figures of each kind of case apart (never one total across kinds: a petition is no
    application for information). ``kinds``: the labels of the kinds the office knows, in the order
    shown; ``rated_kinds``: those whose replies are rated (反馈率, 满意率); ``kind``: only this one. ``sql``: the
    unit's SqlRunner (storage/sql_runner.py)."""
    if by == "kind":
        raise InvalidInput(t("the statistics are counted by kind already; --by takes handler"))
    if by is not None and by not in GROUPINGS:
        raise InvalidInput(t("--by must be one of {groupings} (got {by!r})", groupings=", ".join(GROUPINGS), by=by))
    labels = dict(kinds) if kinds is not None else {PRINCIPAL_KIND: PRINCIPAL_KIND}
    if kind is not None and kind not in labels:
        raise InvalidInput(t("unknown kind {kind!r}; expected one of {kinds}", kind=kind, kinds=", ".join(labels)))
    rated = set(rated_kinds)
    first, last = period.first, period.last
    groups: dict[tuple, dict[str, Any]] = {}

    def group(values: tuple) -> dict[str, Any]:
        return groups.setdefault(values, _empty(values[0] in rated))

    by_handler = by is not None

    def values_of(kind_code: str, handler: str | None) -> tuple:
        return (kind_code, handler) if by_handler else (kind_code,)

    def target_of(kind_code: str, handler: str | None) -> dict[str, Any]:
        return group(values_of(kind_code, handler))

    received_open = _open_at_end(sql, first, last, values_of, group)
    for kind_code, handler, detail, count, _ in tallied(sql, "received", first, last, by_handler=by_handler):
        target = target_of(kind_code, handler)
        channel = detail_parts(detail)[0]
        if channel:  # a kind without channels (a suggestion is assigned, not sent in) counts in the total only
            target["received"][channel] = target["received"].get(channel, 0) + count
        target["received"]["total"] += count
        target["received_concluded"] += count
    for values, count in received_open.items():  # received in the period but open at its end
        group(values)["received_concluded"] -= count

    for kind_code, handler, detail, count, _ in tallied(sql, "concluded", first, last, by_handler=by_handler):
        target = target_of(kind_code, handler)
        _, _, punctual, replied, rating = detail_parts(detail)
        target["concluded"] += count
        target["due_to_conclude"] += count
        target["concluded_on_time"] += count if punctual == "1" else 0
        if replied == "1" and kind_code in rated:
            _count_rating(target["feedback"], rating, count)

    for kind_code, handler, detail, count, _ in tallied(sql, "action", first, last, by_handler=by_handler):
        target_of(kind_code, handler)[_COUNTED_ACTIONS[detail]] += count

    for kind_code, handler, _, _, amount in tallied(sql, "fee", first, last, by_handler=by_handler):
        target_of(kind_code, handler)["fees_collected"] = str(yuan(amount))

    reply_days: dict[tuple, dict[int, int]] = {}
    for kind_code, handler, detail, count, _ in tallied(sql, "reply_days", first, last, by_handler=by_handler):
        histogram = reply_days.setdefault(values_of(kind_code, handler), {})
        histogram[int(detail)] = histogram.get(int(detail), 0) + count
    for values, histogram in reply_days.items():
        group(values)["reply_working_days"] = _day_summary(histogram)

    for target in groups.values():
        _set_rates(target)
    shown = [kind] if kind is not None else _kinds_shown(labels, {values[0] for values in groups})
    result: dict[str, Any] = {
        "period": {"label": period.label, "from": first.isoformat(), "to": last.isoformat()},
        "definitions": dict(DEFINITIONS),
        "kinds": {},
    }
    if by is not None:
        result["by"] = by
    for code in shown:
        of_kind = {values[1:]: figures for values, figures in groups.items() if values[0] == code}
        section: dict[str, Any] = {"label": labels.get(code, code)}
        if by is None:
            section["total"] = of_kind.get((), _empty(code in rated))
        else:
            section["total"] = _sum_groups(of_kind.values(), code in rated)
            section["total"]["reply_working_days"] = _day_summary(
                _merged(histogram for values, histogram in reply_days.items() if values[0] == code)
            )
            section["groups"] = {
                ("" if values[0] is None else str(values[0])): of_kind[values]
                for values in sorted(of_kind, key=lambda v: (v[0] is None, str(v[0])))
            }
        result["kinds"][code] = section
    return result


def _kinds_shown(labels: Mapping[str, str], counted: set[str]) -> list[str]:
    """The principal kind always, then every kind with a figure: the office's known kinds in their
    order, then any kind no longer known (its file removed) whose cases are still in the book."""
    known = [code for code in labels if code == PRINCIPAL_KIND or code in counted]
    return known + sorted(counted - set(labels))


def _open_at_end(sql, first: date, last: date, values_of, group) -> dict[tuple, int]:
    """Count the cases open at the period's end into their groups (open, overdue, due by the end: 应办结);
    returns, by group, how many of them were received in the period."""
    received_open: dict[tuple, int] = {}
    for kind_code, handler, received_on, due_on in open_cases_at(sql, last):
        values = values_of(kind_code, handler)
        target = group(values)
        target["open_at_end"] += 1
        if due_on is not None and due_on < last:
            target["overdue_at_end"] += 1
        if due_on is not None and due_on <= last:
            target["due_to_conclude"] += 1
        if received_on >= first:
            received_open[values] = received_open.get(values, 0) + 1
    return received_open


def _count_rating(feedback: dict[str, Any], rating: str, count: int) -> None:
    feedback["replied"] += count
    if rating in FEEDBACK_RATINGS:
        feedback["rated"] += count
        feedback[rating] += count


def _merged(histograms: Iterable[Mapping[int, int]]) -> dict[int, int]:
    merged: dict[int, int] = {}
    for histogram in histograms:
        for days, count in histogram.items():
            merged[days] = merged.get(days, 0) + count
    return merged


def _day_summary(histogram: Mapping[int, int]) -> dict[str, Any]:
    """The mean and the 90th percentile (nearest rank) of the working days to reply, from how many replies took each."""
    replies = sum(histogram.values())
    if not replies:
        return {"replies": 0, "mean": None, "p90": None}
    mean = round(sum(days * count for days, count in histogram.items()) / replies, 1)
    return {"replies": replies, "mean": mean, "p90": _percentile(histogram, replies, 0.9)}


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _set_rates(target: dict[str, Any]) -> None:
    """The rates from the counts (办结率 against 应办结 is 1 when nothing was due)."""
    target["on_time_rate"] = _rate(target["concluded_on_time"], target["concluded"])
    target["completion_rate"] = _rate(target["concluded"], target["due_to_conclude"]) if target["due_to_conclude"] else 1.0
    target["received_completion_rate"] = _rate(target["received_concluded"], target["received"]["total"])
    feedback = target.get("feedback")
    if feedback is not None:
        feedback["feedback_rate"] = _rate(feedback["rated"], feedback["replied"])
        feedback["satisfaction_rate"] = _rate(sum(feedback[code] for code in _SATISFIED), feedback["rated"])


def _sum_groups(groups, rated: bool) -> dict[str, Any]:
    total = _empty(rated)
    for target in groups:
        for channel, count in target["received"].items():
            total["received"][channel] = total["received"].get(channel, 0) + count
        for name in ("received_concluded", "concluded", "concluded_on_time", "due_to_conclude", "corrections",
                     "consultations", "extensions", "open_at_end", "overdue_at_end"):
            total[name] += target[name]
        total["fees_collected"] = str(Decimal(total["fees_collected"]) + Decimal(target["fees_collected"]))
        if rated:
            for name in ("replied", "rated", *FEEDBACK_RATINGS):
                total["feedback"][name] += target["feedback"][name]
    _set_rates(total)
    return total  # its working days to reply are the kind's own, not a mean of the groups' means


def monthly_series(sql, period: Period, kind: str = PRINCIPAL_KIND) -> list[dict[str, Any]]:
    """Per month of the period, for one kind's cases: received, concluded, and the on-time rate (for the chart)."""
    months = []
    cursor = date(period.first.year, period.first.month, 1)
    while cursor <= period.last:
        following = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
        months.append((max(cursor, period.first), min(following - timedelta(days=1), period.last)))
        cursor = following
    series = []
    for start, end in months:
        received = sum(row[3] for row in tallied(sql, "received", start, end, kind=kind))
        conclusions = [(detail_parts(row[2])[2], row[3]) for row in tallied(sql, "concluded", start, end, kind=kind)]
        concluded = sum(count for _, count in conclusions)
        punctual = sum(count for on_time, count in conclusions if on_time == "1")
        series.append({
            "month": f"{start:%Y-%m}", "received": received, "concluded": concluded,
            "on_time_rate": round(punctual / concluded, 4) if concluded else None,
        })
    return series
