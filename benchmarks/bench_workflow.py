"""Workflow throughput on SQLite against a raw sqlite3 loop doing the equivalent writes, at each durability.

Data size: CASES cases (default 1,500) on each of four sides, each registered and taken through a
six-step path (register, assign, submit-review, approve-review, reply, deliver), one transaction per
step, on a SQLite file in WAL mode with the case book's pragmas. The raw sqlite3 loop, with the same
pragmas, does one projection update (an insert for the first step) and one event insert per
transaction, the same number of transactions. Two comparisons, each on its own pair of files:

- synchronous=FULL (the book's default: each commit is durable): how close a command comes to the
  least a durable write costs on this disk (the fsyncs weigh on both sides alike);
- synchronous=NORMAL (the engine through `[database] synchronous = "normal"`): far fewer fsyncs, so the
  ratio is mostly the engine's own cost per command against the raw loop's. Issue 19's main figure.

The four sides take turns in batches of BATCH cases (default 25), and each side's time is the sum of
its batches: the disk's speed here drifts by a third from minute to minute, and turns of a few
milliseconds put the same drift on every side. Then the wall time of `disclosure show` as a whole
process. Both ratios print last, NORMAL's last of all. Targets: FULL ratio >= 0.4; NORMAL ratio >=
0.25; `show` under 0.3 s.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from write_path import (  # noqa: E402
    SIX_STEPS, create_raw_tables, open_engine_office, run_engine_cases, run_raw_cases, take_turns,
)

CASES = int(os.environ.get("BENCH_CASES", "1500"))
BATCH = int(os.environ.get("BENCH_BATCH", "25"))
STEPS = SIX_STEPS
MODES = ("full", "normal")
TARGETS = {"full": 0.4, "normal": 0.25}


class EngineSide:
    def __init__(self, path: Path, synchronous: str) -> None:
        from disclosure.settings import parse_settings

        settings = parse_settings({"database": {"synchronous": synchronous}})
        self.office = open_engine_office(str(path), settings)

    def run(self, _first: int, count: int) -> float:
        return run_engine_cases(self.office, count, STEPS)

    def close(self) -> None:
        self.office.close()


class RawSide:
    def __init__(self, path: Path, synchronous: str) -> None:
        self.connection = connection = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "busy_timeout=10000", "foreign_keys=ON", f"synchronous={synchronous.upper()}"):
            connection.execute(f"PRAGMA {pragma}")
        create_raw_tables(connection.execute, "INTEGER PRIMARY KEY")

    def run(self, first: int, count: int) -> float:
        return run_raw_cases(self.connection.execute, first, count, STEPS, begin="BEGIN IMMEDIATE", mark="?")

    def close(self) -> None:
        self.connection.close()


def show_wall_time(path: Path) -> float:
    executable = Path(sys.executable).with_name("disclosure")
    command = [str(executable), "--db", str(path), "--user", "admin", "show", "2026-0001"]
    subprocess.run(command, check=True, capture_output=True)  # warm the file cache once
    timings = []
    for _ in range(5):
        began = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        timings.append(time.perf_counter() - began)
    return min(timings)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        pairs = {
            mode: (EngineSide(Path(folder) / f"engine-{mode}.db", mode), RawSide(Path(folder) / f"raw-{mode}.db", mode))
            for mode in MODES
        }
        sides = [side for pair in pairs.values() for side in pair]
        seconds = take_turns([side.run for side in sides], CASES, BATCH)
        for side in sides:
            side.close()
        show = show_wall_time(Path(folder) / "engine-full.db")
    transactions = CASES * STEPS
    rates = dict(zip([(mode, which) for mode in MODES for which in ("engine", "raw")],
                     [transactions / spent for spent in seconds]))
    print(f"data: {CASES} cases x {STEPS} steps = {transactions} transactions on each of four sides"
          f" (engine and raw sqlite3 at synchronous FULL and NORMAL), in turns of {BATCH} cases; SQLite WAL")
    for mode in MODES:
        print(f"synchronous={mode.upper():6} disclosure Office.act: {rates[mode, 'engine']:,.0f} transitions/s;"
              f" raw sqlite3 loop: {rates[mode, 'raw']:,.0f} transactions/s")
    print(f"`disclosure show` wall time: {show:.3f} s (target < 0.3 s)")
    for mode in MODES:
        ratio = rates[mode, "engine"] / rates[mode, "raw"]
        print(f"ratio at synchronous={mode.upper()} (engine / raw): {ratio:.2f} (target >= {TARGETS[mode]})")


if __name__ == "__main__":
    main()
