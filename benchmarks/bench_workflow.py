"""Workflow throughput on SQLite against a raw sqlite3 loop doing the equivalent writes.

Data size: CASES cases (default 1,500) on each side, each registered and taken through a
six-step path (register, assign, submit-review, approve-review, reply, deliver), one
transaction per step, on a SQLite file in WAL mode with the case book's pragmas
(synchronous=FULL: each commit is durable). The raw sqlite3 loop, with the same pragmas, does
one projection update (an insert for the first step) and one event insert per transaction, the
same number of transactions.

The two sides take turns in batches of BATCH cases (default 25) on their own files, and each
side's time is the sum of its batches: the disk's speed here drifts by a third from minute to
minute, and turns of a few milliseconds put the same drift on both sides. Then the wall time of
`disclosure show` as a whole process. The ratio prints last. Targets: ratio >= 0.4; `show`
under 0.3 s.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

CASES = int(os.environ.get("BENCH_CASES", "1500"))
BATCH = int(os.environ.get("BENCH_BATCH", "25"))
STEPS = 6
TODAY = date(2026, 11, 20)
STATES = ["registered", "processing", "review", "cleared", "replied", "delivered"]


class EngineSide:
    def __init__(self, path: Path) -> None:
        from disclosure.service import Office

        self.office = Office.open(str(path), today=lambda: TODAY)
        self.office.init("bench", admin="admin")
        self.office.add_user("reg", ["registrar"])
        self.office.add_user("han", ["handler"])
        self.office.add_user("rev", ["reviewer"])

    def run(self, first: int, count: int) -> float:
        office = self.office
        began = time.perf_counter()
        for _ in range(first, first + count):
            number = office.register(
                user="reg", on="2026-11-02", channel="online", received="2026-11-02",
                applicant="张三", applicant_type="natural", request="预算信息",
            ).number
            office.act(number, "assign", user="reg", on="2026-11-03", to="han")
            office.act(number, "submit-review", user="han", on="2026-11-05")
            office.act(number, "approve-review", user="rev", on="2026-11-06")
            office.act(number, "reply", user="han", on="2026-11-09", outcome="granted")
            office.act(number, "deliver", user="reg", on="2026-11-10", method="email")
        return time.perf_counter() - began

    def close(self) -> None:
        self.office.close()


class RawSide:
    def __init__(self, path: Path) -> None:
        self.connection = connection = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "busy_timeout=10000", "foreign_keys=ON", "synchronous=FULL"):
            connection.execute(f"PRAGMA {pragma}")
        connection.execute("CREATE TABLE cases (number TEXT PRIMARY KEY, state TEXT, due_on TEXT, version INTEGER)")
        connection.execute(
            "CREATE TABLE events (position INTEGER PRIMARY KEY, case_number TEXT REFERENCES cases(number), version INTEGER,"
            " type TEXT, data TEXT, user_name TEXT, effective_on TEXT, recorded_at TEXT, UNIQUE (case_number, version))"
        )

    def run(self, first: int, count: int) -> float:
        connection = self.connection
        began = time.perf_counter()
        for case in range(first, first + count):
            number = f"2026-{case:05d}"
            for version, state in enumerate(STATES, start=1):
                connection.execute("BEGIN IMMEDIATE")
                if version == 1:
                    connection.execute("INSERT INTO cases VALUES (?, ?, ?, ?)", (number, state, "2026-11-30", 1))
                else:
                    connection.execute(
                        "UPDATE cases SET state = ?, version = ? WHERE number = ? AND version = ?",
                        (state, version, number, version - 1),
                    )
                connection.execute(
                    "INSERT INTO events (case_number, version, type, data, user_name, effective_on, recorded_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (number, version, state, json.dumps({"step": version}), "bench", "2026-11-02", "2026-11-02T10:00:00"),
                )
                connection.execute("COMMIT")
        return time.perf_counter() - began

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
        engine, raw = EngineSide(Path(folder) / "engine.db"), RawSide(Path(folder) / "raw.db")
        engine_seconds = raw_seconds = 0.0
        for first in range(0, CASES, BATCH):
            count = min(BATCH, CASES - first)
            engine_seconds += engine.run(first, count)
            raw_seconds += raw.run(first, count)
        engine.close()
        raw.close()
        show = show_wall_time(Path(folder) / "engine.db")
    transactions = CASES * STEPS
    ours, theirs = transactions / engine_seconds, transactions / raw_seconds
    print(
        f"data: {CASES} cases x {STEPS} steps = {transactions} transactions each side, in turns of {BATCH} cases;"
        " SQLite WAL, synchronous=FULL"
    )
    print(f"disclosure Office.act: {ours:,.0f} transitions/s")
    print(f"raw sqlite3 loop:      {theirs:,.0f} transactions/s")
    print(f"`disclosure show` wall time: {show:.3f} s (target < 0.3 s)")
    print(f"ratio (engine / raw): {ours / theirs:.2f} (target >= 0.4)")


if __name__ == "__main__":
    main()
