"""How a clerk's commands scale with the size of the case book: the same open work in books of 10k, 100k and 1M cases.

Data size: books of 10,000 and 100,000 cases (and 1,000,000 when BENCH_SCALING_MAX=1000000; the
default max is 100,000 so the script finishes in minutes), SQLite. Every book holds the same open
work, 60 open cases (all being handled, 办理中), 32 of them past their reply due date; everything
else is closed (replied and delivered).

How the data is built:
- The closed cases: `bench_audit.build_template` drives 200 applications through the public API
  (`Office.register` / `Office.act`, effective dates in 2026: assignment, corrections,
  consultations, fees, extensions, review, reply, delivery, an appeal for every seventh), about
  7.5 events each. `bench_audit.copy_until` then replicates that template's rows under new case
  numbers (B00001-2026-0001, …): the same events with positions continued and the hash chain and
  snapshot hashes computed anew, the same cases, clock and appeal rows, as the API writes them,
  until the book holds SIZE - 60 cases (whole copies of the template, so a book may hold up to
  199 cases more than its nominal size).
- The open work: 60 applications registered and assigned through the API on top of the copies,
  received between 2026-10-09 and a few days before today, so that 32 are overdue today, some
  fall due within 5 working days and the rest later.
"Today" is the real date (the CLI's), so the open cases' dates are placed relative to it.

Each operation then runs as the `disclosure` command in a FRESH process, as a clerk types it:
`show` of an open case, `list --state processing`, `list --overdue`, `list --due-within 5`,
`report stats --year 2026`, `report annual --year 2026`, and `sweep` (last, since it records
alerts). Search is not measured: the engine has no search command yet. For each, the process's
wall time and its peak resident memory (`os.wait4`'s rusage of that one child) are printed, with
the number of lines it printed (a listing's rows). The last lines are the largest ÷ smallest
ratio per operation, and the targets: every clerk's command under 0.3 s and 150 MB at 1M cases,
the ratio ≤ 2 (verify, replay and export, which read the whole book by nature, are not measured here).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_audit  # noqa: E402  (the template office and the bulk copier, shared with the audit benchmark)

SIZES = [size for size in (10_000, 100_000, 1_000_000) if size <= int(os.environ.get("BENCH_SCALING_MAX", "100000"))]
OPEN_CASES, OVERDUE_CASES = 60, 32
YEAR = 2026
TIME_TARGET, MEMORY_TARGET_MB, RATIO_TARGET = 0.3, 150, 2.0


def operations(show_number: str) -> list[tuple[str, list[str]]]:
    return [
        ("show", ["show", show_number]),
        ("list --state processing", ["list", "--state", "processing"]),
        ("list --overdue", ["list", "--overdue"]),
        ("list --due-within 5", ["list", "--due-within", "5"]),
        (f"statistics {YEAR}", ["report", "stats", "--year", str(YEAR)]),
        (f"annual report {YEAR}", ["report", "annual", "--year", str(YEAR)]),
        ("sweep", ["sweep"]),
    ]


def grow(path: Path, cases_wanted: int) -> int:
    """Copy the template's rows until the book holds at least cases_wanted cases; returns the count."""
    with sqlite3.connect(path) as connection:
        template_cases = connection.execute("SELECT count(*) FROM cases").fetchone()[0]
        rows, last = connection.execute("SELECT count(*), max(position) FROM events").fetchone()
    copies = -(-(cases_wanted - template_cases) // template_cases)
    if copies > 0:
        # copy_until copies whole templates while the last position is below what it is asked for.
        bench_audit.copy_until(path, last + (copies - 1) * rows + 1)
    return template_cases * (1 + max(copies, 0))


def add_open_work(path: Path, today: date) -> str:
    """60 applications through the API, received so that 32 are overdue today; returns an overdue one's number."""
    from disclosure.service import Office

    office = Office.open(str(path), create=False)
    overdue_received = [date(2026, 10, 9) + timedelta(days=index % 21) for index in range(OVERDUE_CASES)]
    due_soon_received = [today - timedelta(days=26 + index % 3) for index in range(14)]
    later_received = [today - timedelta(days=1 + index % 5) for index in range(OPEN_CASES - OVERDUE_CASES - 14)]
    numbers = []
    for index, received in enumerate(sorted(overdue_received + due_soon_received + later_received)):
        number = office.register(
            user="reg", on=received, channel="online", received=received, applicant=f"在办申请人{index}",
            applicant_type="natural", request="某路段改造批复",
        ).number
        office.act(number, "assign", user="reg", on=min(received + timedelta(days=1), today), to="han")
        numbers.append(number)
    overdue = [view.case.number for view in office.cases(overdue=True)]
    office.close()
    assert len(overdue) == OVERDUE_CASES, f"{len(overdue)} overdue, not {OVERDUE_CASES}"
    return overdue[0]


# Spawned from a small interpreter that imports nothing heavy: a child's peak RSS counts the image it was forked
# from, so forking from this script (the engine and SQLAlchemy loaded) would add this script's memory to every figure.
_LAUNCHER = r"""
import json, os, subprocess, sys, time
began = time.perf_counter()
process = subprocess.Popen(sys.argv[2:], stdout=open(sys.argv[1], "w"), stderr=subprocess.PIPE)
error = process.stderr.read().decode().strip()
_, status, usage = os.wait4(process.pid, 0)
seconds = time.perf_counter() - began
print(json.dumps({"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "exit": os.waitstatus_to_exitcode(status),
                  "error": error.splitlines()[-1] if error else ""}))
"""


def measure(command: str, arguments: list[str], db: Path, out: Path) -> dict:
    """One fresh `disclosure` process: wall time, its own peak RSS, the lines it printed."""
    environment = dict(os.environ, DISCLOSURE_DB=str(db))
    launched = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, str(out), command, *arguments], env=environment,
                              check=True, capture_output=True, text=True)
    measured = json.loads(launched.stdout)
    measured["lines"] = sum(1 for _ in open(out, encoding="utf-8"))
    return measured


def main() -> None:
    from disclosure.timekeeping import today

    command = shutil.which("disclosure", path=str(Path(sys.executable).parent)) or shutil.which("disclosure")
    assert command, "the disclosure command is not installed beside this python"
    results: dict[int, dict[str, dict]] = {}
    actual_sizes: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template.db"
        began = time.perf_counter()
        bench_audit.build_template(template)
        print(f"template: {bench_audit.TEMPLATE_CASES} closed cases through the API in {time.perf_counter() - began:.1f} s",
              file=sys.stderr)
        for size in SIZES:
            book = Path(folder) / f"book-{size}.db"
            shutil.copy(template, book)
            began = time.perf_counter()
            closed = grow(book, size - OPEN_CASES)
            show_number = add_open_work(book, today())
            actual_sizes[size] = closed + OPEN_CASES
            with sqlite3.connect(book) as connection:
                events = connection.execute("SELECT count(*) FROM events").fetchone()[0]
            print(f"book {size:,}: {closed + OPEN_CASES:,} cases, {events:,} events, built in"
                  f" {time.perf_counter() - began:.1f} s", file=sys.stderr)
            results[size] = {}
            for name, arguments in operations(show_number):
                results[size][name] = measured = measure(command, arguments, book, Path(folder) / "out.txt")
                print(f"  {name}: {measured['seconds']:.2f} s, {measured['peak_mb']:.0f} MB, {measured['lines']:,} lines"
                      + (f", exit {measured['exit']}: {measured['error']}" if measured["exit"] else ""), file=sys.stderr)
            book.unlink()
    report(results, actual_sizes)


def report(results: dict[int, dict[str, dict]], actual_sizes: dict[int, int]) -> None:
    smallest, largest = min(results), max(results)
    print(f"data: books of {', '.join(f'{actual_sizes[size]:,}' for size in results)} cases, SQLite; each holds the same"
          f" {OPEN_CASES} open cases ({OVERDUE_CASES} overdue), the rest closed; search not measured (no such command yet)")
    names = list(results[smallest])
    header = "| operation | " + " | ".join(f"{size:,}: time, peak, lines" for size in results) + " |"
    print(header)
    print("|" + " --- |" * (1 + len(results)))
    for name in names:
        cells = []
        for size in results:
            measured = results[size][name]
            failed = f" exit {measured['exit']}" if measured["exit"] else ""
            cells.append(f"{measured['seconds']:.2f} s, {measured['peak_mb']:.0f} MB, {measured['lines']:,}{failed}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    where = "1M" if largest == 1_000_000 else f"{largest:,} (1M not built; BENCH_SCALING_MAX=1000000 builds it)"
    print(f"targets at {where}: each command < {TIME_TARGET} s and < {MEMORY_TARGET_MB} MB;"
          f" {largest:,} ÷ {smallest:,} ratio ≤ {RATIO_TARGET:g}")
    for name in names:
        low, high = results[smallest][name], results[largest][name]
        time_ratio, memory_ratio = high["seconds"] / low["seconds"], high["peak_mb"] / low["peak_mb"]
        verdicts = [
            f"time {high['seconds']:.2f} s {'met' if high['seconds'] < TIME_TARGET else 'NOT MET'}",
            f"memory {high['peak_mb']:.0f} MB {'met' if high['peak_mb'] < MEMORY_TARGET_MB else 'NOT MET'}",
            f"ratio {'met' if time_ratio <= RATIO_TARGET else 'NOT MET'}",
        ]
        print(f"{name}: {largest:,} ÷ {smallest:,} = {time_ratio:.1f}x time, {memory_ratio:.1f}x memory; " + ", ".join(verdicts))


if __name__ == "__main__":
    main()
