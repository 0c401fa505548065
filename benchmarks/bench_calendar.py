"""Working-day arithmetic: WorkCalendar.add_working_days against chinese_calendar.find_workday.

Data size: 100,000 calls of add_working_days(start, 20) over starts spread across
2005-2026; find_workday(20, start) on a sample of 2,000 of the same starts (it is
slow enough that a sample gives a stable rate). The starts are working days, where
both functions mean the same thing (find_workday counts the start itself when it
is a working day, so it only agrees on working-day starts). Prints both rates and
the ratio last. Target: at least 100 times faster.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

import chinese_calendar

from disclosure import WorkCalendar

CALLS = 100_000
SAMPLE = 2_000
N = 20


def main() -> None:
    calendar = WorkCalendar()
    rng = random.Random(20261122)
    first, span = date(2005, 1, 1), (date(2026, 10, 31) - date(2005, 1, 1)).days
    starts: list[date] = []
    while len(starts) < CALLS:
        day = first + timedelta(days=rng.randrange(span))
        if calendar.is_workday(day):
            starts.append(day)
    sample = starts[:SAMPLE]

    for day in sample[:200]:  # the two must agree before their speeds mean anything
        assert calendar.add_working_days(day, N).on == chinese_calendar.find_workday(N, day), day

    began = time.perf_counter()
    for day in starts:
        calendar.add_working_days(day, N)
    ours = CALLS / (time.perf_counter() - began)

    began = time.perf_counter()
    for day in sample:
        chinese_calendar.find_workday(N, day)
    theirs = SAMPLE / (time.perf_counter() - began)

    print(f"data: {CALLS:,} calls of add_working_days(start, {N}); find_workday on {SAMPLE:,} of the same starts")
    print(f"WorkCalendar.add_working_days: {ours:,.0f} calls/s")
    print(f"chinese_calendar.find_workday: {theirs:,.0f} calls/s")
    print(f"ratio (ours / find_workday): {ours / theirs:,.0f}x (target >= 100x)")


if __name__ == "__main__":
    main()
