"""Working-day arithmetic: WorkCalendar.add_working_days against chinese_calendar.find_workday.

Data size: 100,000 calls of add_working_days(start, 20) over starts spread across
2005-2026; find_workday(20, start) on a sample of 2,000 of the same starts (it is
slow enough that a sample gives a stable rate). The starts are working days, where
both functions mean the same thing (find_workday counts the start itself when it
is a working day, so it only agrees on working-day starts). Prints both rates and
the ratio. Target: at least 100 times faster.

Then the first answer in a fresh process, as a one-shot command pays it: RUNS processes
each import the calendar, build ``WorkCalendar()`` and time one add_working_days (the
call alone, after the import); the median is printed last. Target: under 2 ms. For
scale, the same processes' wall time against ``python -c pass``.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from datetime import date, timedelta

import chinese_calendar

from disclosure import WorkCalendar

CALLS = 100_000
SAMPLE = 2_000
N = 20
RUNS = 15

FIRST_ANSWER = """
import time
from datetime import date
from disclosure import WorkCalendar
calendar = WorkCalendar()
began = time.perf_counter()
calendar.add_working_days(date(2025, 3, 3), 20)
print(time.perf_counter() - began)
"""


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

    first_answers, answer_walls, empty_walls = [], [], []
    for _ in range(RUNS):  # interleaved, so the machine's load falls on both kinds of process alike
        first_answer, wall = _in_fresh_process(FIRST_ANSWER)
        first_answers.append(float(first_answer))
        answer_walls.append(wall)
        empty_walls.append(_in_fresh_process("pass")[1])
    print(
        f"fresh process, median of {RUNS}: import + WorkCalendar() + one call {statistics.median(answer_walls):.3f} s"
        f" against python -c pass {statistics.median(empty_walls):.3f} s"
    )
    first = statistics.median(first_answers) * 1000
    print(f"first add_working_days in a fresh process: {first:.2f} ms (target < 2 ms)")


def _in_fresh_process(code: str) -> tuple[str, float]:
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent
    )
    return done.stdout.strip(), time.perf_counter() - began


if __name__ == "__main__":
    main()
