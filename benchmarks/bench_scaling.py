"""How a clerk's commands scale with the size of the case book: the same open work in books of 10k, 100k and 1M cases.

Data size: books of 10,000 and 100,000 cases (and 1,000,000 with BENCH_SCALING_MAX=1000000; the default max
is 100,000), SQLite. Every book holds the same open work, 60 open cases being handled (办理中), 32 of them
past their reply due date; everything else (SIZE - 60 cases) is closed: replied and delivered.

How the data is built (scaling_books.py): the closed cases through the engine, every event by the case
desk's own path (register, assign, corrections, consultations, fees, extensions, review, reply, delivery,
appeals: about 7.5 events a case), many applications to a transaction, received over 2025-01-02..2026-09-30
(2026 holds about half of every book), five handlers in turn, a name and a request of their own; nothing is
copied. The open work through the API on a working copy of the book, dated relative to the real today (the
command line's), so it is the same at every size and on every day the script runs.

Books are kept: with BENCH_SCALING_BOOKS naming a folder, each size's closed book is built there once
(book-SIZE.db, with book-SIZE.json naming the recipe, size and build time) and reused by later runs (one
of an earlier schema upgraded first, as `db upgrade` would); each run
measures a working copy (work-SIZE.db, removed afterwards), since some commands write. Without it the books
are built in a temporary folder and removed. The measurement of the three sizes from kept books:

    BENCH_SCALING_BOOKS=/work/bench-books BENCH_SCALING_MAX=1000000 .venv/bin/python benchmarks/bench_scaling.py

Each operation runs as the `disclosure` command in a FRESH process, as a clerk types it, started from a small
launcher so that the process's wall time and its peak resident memory (`os.wait4`'s rusage of that one child)
are its own: `show`, `actions`, `history` and `explain` of an overdue open case; `list --state processing`,
`--overdue`, `--due-within 5`, `--handler` (one handler's cases, closed ones too, a fifth of the book: the
first page of 200, `list`'s default), the same after 2026-0100 (`--after`: a page further on), `--handler
--state processing` (that handler's open work), `--received-from/--received-to` (one month of 2026: the first
page of the book's cases received in it); `search` of a name of two characters and of a request's words (three
cases each, at every size); `report stats` and `report annual` of 2026 and of 2025. Then the commands that write, after
every read: `register` (a new application), `advance` (assigning it) and `sweep`. Each operation runs on every
size in turn (so a drift in the machine's load weighs on all sizes alike), a read BENCH_SCALING_ROUNDS times
(default 3; the median is kept; a read that took over 20 s is not run again), a write once.

Printed: per size and operation the time, the peak memory and the lines printed; then the largest ÷ smallest
size ratio of each operation's time and memory (how much of its cost follows the book rather than the work
it answers about); then each target met or not: every command < 0.3 s and < 150 MB at 1M cases, the 1M ÷ 10k
time ratio ≤ 2 (verify, replay and export, which read the whole book by nature, are not measured here).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scaling_books  # noqa: E402  (the kept closed books and the open work)

SIZES = [size for size in (10_000, 100_000, 1_000_000) if size <= int(os.environ.get("BENCH_SCALING_MAX", "100000"))]
SIZES = [int(size) for size in os.environ.get("BENCH_SCALING_SIZES", "").split(",") if size] or SIZES  # a quick try
BOOKS = os.environ.get("BENCH_SCALING_BOOKS")
ROUNDS = int(os.environ.get("BENCH_SCALING_ROUNDS", "3"))
SLOW_SECONDS = 20  # a read slower than this is not run again
YEAR, MONTH = 2026, ("2026-03-01", "2026-03-31")
TIME_TARGET, MEMORY_TARGET_MB, RATIO_TARGET = 0.3, 150, 2.0
NEW_CASE = "{new case}"  # stands for the number `register` printed, in the commands after it


def operations(case: str, today: str) -> list[tuple[str, list[str]]]:
    """(name, the command's arguments): the reads first, then the writes, in this order."""
    handler = scaling_books.HANDLERS[0]
    return [
        ("show", ["show", case]),
        ("actions", ["actions", case]),
        ("history", ["history", case]),
        ("explain", ["explain", case]),
        ("list --state processing", ["list", "--state", "processing"]),
        ("list --overdue", ["list", "--overdue"]),
        ("list --due-within 5", ["list", "--due-within", "5"]),
        ("list --handler (a page of one handler's)", ["list", "--handler", handler]),
        ("list --handler --after (a later page)", ["list", "--handler", handler, "--after", f"{YEAR}-0100"]),
        ("list --handler --state processing", ["list", "--handler", handler, "--state", "processing"]),
        ("list --received-from/-to, a month's page", ["list", "--received-from", MONTH[0], "--received-to", MONTH[1]]),
        ("search a 2-character name", ["search", scaling_books.SEARCHED_NAME]),
        ("search a request's words", ["search", scaling_books.SEARCHED_REQUEST]),
        (f"report stats --year {YEAR}", ["report", "stats", "--year", str(YEAR)]),
        (f"report annual --year {YEAR}", ["report", "annual", "--year", str(YEAR)]),
        # The year before, as the statutory report is made (in January): its end is past, so the cases open then
        # are found among those concluded since.
        (f"report stats --year {YEAR - 1}", ["report", "stats", "--year", str(YEAR - 1)]),
        (f"report annual --year {YEAR - 1}", ["report", "annual", "--year", str(YEAR - 1)]),
        ("register (writes)", ["--user", "reg", "register", "--channel", "online", "--received", today, "--applicant", "张三",
                               "--applicant-type", "natural", "--request", "某路段道路维修计划"]),
        ("advance: assign it (writes)", ["--user", "reg", "advance", NEW_CASE, "assign", "--to", handler]),
        ("sweep (writes)", ["sweep"]),
    ]


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
    """One fresh `disclosure` process: wall time, its own peak RSS, the lines it printed (and its first line)."""
    environment = dict(os.environ, DISCLOSURE_DB=str(db))
    launched = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, str(out), command, *arguments], env=environment,
                              check=True, capture_output=True, text=True)
    measured = json.loads(launched.stdout)
    with open(out, encoding="utf-8") as printed:
        lines = printed.read().splitlines()
    measured["lines"], measured["first_line"] = len(lines), lines[0] if lines else ""
    return measured


def prepared_book(folder: Path, size: int) -> tuple[Path, str, dict]:
    """The kept (or newly built) book of ``size`` cases, and a working copy of it with the open work."""
    from disclosure.timekeeping import today

    book, record = scaling_books.closed_book(folder, size, today())
    how = "reused" if record["reused"] else "built"
    if record.get("upgraded"):
        how += f", upgraded ({', '.join(record['upgraded'])})"
    print(f"book {size:,}: {record['closed_cases']:,} closed cases, {record['events']:,} events, {how}"
          f" (built through the engine in {record['built_in_seconds']:,} s)", file=sys.stderr, flush=True)
    work = folder / f"work-{size}.db"
    began = time.perf_counter()
    scaling_books.working_copy(book, work)
    case = scaling_books.add_open_work(work, today())
    print(f"  working copy and the open work: {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    return work, case, record


def measure_books(command: str, books: dict[int, tuple[Path, str]], out: Path) -> dict[int, dict[str, dict]]:
    """Every operation on every book, the sizes in turn for each operation, so that the machine's load drifting
    during the run weighs on all sizes alike; a read ROUNDS times (its median time and memory kept), a write once."""
    from disclosure.timekeeping import today

    results: dict[int, dict[str, dict]] = {size: {} for size in books}
    new_cases: dict[int, str] = {}
    for index, (name, _) in enumerate(operations("", today().isoformat())):
        writes = name.endswith("(writes)")
        for _ in range(1 if writes else ROUNDS):
            for size, (work, case) in books.items():
                if any(run["seconds"] > SLOW_SECONDS for run in results[size].get(name, [])):
                    continue  # a listing of tens of thousands of rows: once is enough, the drift is small beside it
                arguments = operations(case, today().isoformat())[index][1]
                arguments = [new_cases.get(size, "") if argument == NEW_CASE else argument for argument in arguments]
                measured = measure(command, arguments, work, out)
                results[size].setdefault(name, []).append(measured)
                if name.startswith("register"):
                    new_cases[size] = measured["first_line"].strip()
        for size in books:
            runs = results[size][name]
            results[size][name] = measured = {
                **runs[0], "seconds": statistics.median(run["seconds"] for run in runs),
                "peak_mb": statistics.median(run["peak_mb"] for run in runs),
                "exit": max(run["exit"] for run in runs),
            }
            each = ", ".join(f"{run['seconds']:.2f}" for run in runs)
            print(f"  {size:,}, {name}: {measured['seconds']:.2f} s ({each}),"
                  f" {measured['peak_mb']:.0f} MB, {measured['lines']:,} lines"
                  + (f", exit {measured['exit']}: {measured['error']}" if measured["exit"] else ""), file=sys.stderr, flush=True)
    return results


def main() -> None:
    command = shutil.which("disclosure", path=str(Path(sys.executable).parent)) or shutil.which("disclosure")
    assert command, "the disclosure command is not installed beside this python"
    records: dict[int, dict] = {}
    books: dict[int, tuple[Path, str]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(BOOKS) if BOOKS else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for size in SIZES:
            work, case, records[size] = prepared_book(folder, size)
            books[size] = (work, case)
        results = measure_books(command, books, folder / "out.txt")
        for work, _ in books.values():
            for leftover in folder.glob(work.name + "*"):
                leftover.unlink()
    report(results, records)


def report(results: dict[int, dict[str, dict]], records: dict[int, dict]) -> None:
    smallest, largest = min(results), max(results)
    builds = ", ".join(f"{size:,} in {records[size]['built_in_seconds']:,} s" for size in results)
    print(f"data: books of {', '.join(f'{size:,}' for size in results)} cases, SQLite, closed cases built through the"
          f" engine ({builds}); each holds the same {scaling_books.OPEN_CASES} open cases"
          f" ({scaling_books.OVERDUE_CASES} overdue); each command a fresh process; the writes run after the reads")
    print("| operation | " + " | ".join(f"{size:,}: time, peak memory, lines" for size in results) + " |")
    print("|" + " --- |" * (1 + len(results)))
    names = list(results[smallest])
    for name in names:
        cells = []
        for size in results:
            measured = results[size][name]
            failed = f" exit {measured['exit']}: {measured['error']}" if measured["exit"] else ""
            cells.append(f"{measured['seconds']:.2f} s, {measured['peak_mb']:.0f} MB, {measured['lines']:,}{failed}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"ratios, {largest:,} ÷ {smallest:,} cases (the same open work): what of a command's cost follows the book")
    for name in names:
        low, high = results[smallest][name], results[largest][name]
        print(f"  {name}: {high['seconds'] / low['seconds']:.1f}x time, {high['peak_mb'] / low['peak_mb']:.1f}x memory,"
              f" {high['lines'] / max(low['lines'], 1):.1f}x lines")
    where = "1M" if largest == 1_000_000 else f"{largest:,} (1M not measured; BENCH_SCALING_MAX=1000000 adds it)"
    print(f"targets at {where}: each command < {TIME_TARGET} s and < {MEMORY_TARGET_MB} MB;"
          f" {largest:,} ÷ {smallest:,} time ratio ≤ {RATIO_TARGET:g}")
    for name in names:
        low, high = results[smallest][name], results[largest][name]
        ratio = high["seconds"] / low["seconds"]
        verdicts = [
            f"time {high['seconds']:.2f} s {'met' if high['seconds'] < TIME_TARGET and not high['exit'] else 'NOT MET'}",
            f"memory {high['peak_mb']:.0f} MB {'met' if high['peak_mb'] < MEMORY_TARGET_MB else 'NOT MET'}",
            f"ratio {ratio:.1f} {'met' if ratio <= RATIO_TARGET else 'NOT MET'}",
        ]
        print(f"{name}: " + ", ".join(verdicts))


if __name__ == "__main__":
    main()
