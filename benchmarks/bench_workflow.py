"""Workflow throughput on SQLite against a raw sqlite3 loop doing the equivalent writes.

Data size: ROUNDS rounds (default 5) of CASES cases (default 300), each registered and taken
through a six-step path (register, assign, submit-review, approve-review, reply, deliver), one
transaction per step,
on a SQLite file in WAL mode with the case book's pragmas (synchronous=FULL: each commit is
durable). In the same run, a raw sqlite3 loop with the same pragmas does one projection
update (an insert for the first step) and one event insert per transaction, the same number of
transactions. The two sides alternate round by round on fresh files, so a passing slowdown of
the disk falls on both; each side's rate is its median round. Then the wall time of
`disclosure show` as a whole process. The ratio prints last.
Targets: ratio >= 0.4; `show` under 0.3 s.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

CASES = int(os.environ.get("BENCH_CASES", "300"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
STEPS = 6
TODAY = date(2026, 11, 20)


def engine_run(path: Path) -> float:
    from disclosure.service import Office

    office = Office.open(str(path), today=lambda: TODAY)
    office.init("bench", admin="admin")
    office.add_user("reg", ["registrar"])
    office.add_user("han", ["handler"])
    office.add_user("rev", ["reviewer"])
    began = time.perf_counter()
    for _ in range(CASES):
        number = office.register(
            user="reg", on="2026-11-02", channel="online", received="2026-11-02",
            applicant="张三", applicant_type="natural", request="预算信息",
        ).number
        office.act(number, "assign", user="reg", on="2026-11-03", to="han")
        office.act(number, "submit-review", user="han", on="2026-11-05")
        office.act(number, "approve-review", user="rev", on="2026-11-06")
        office.act(number, "reply", user="han", on="2026-11-09", outcome="granted")
        office.act(number, "deliver", user="reg", on="2026-11-10", method="email")
    elapsed = time.perf_counter() - began
    office.close()
    return CASES * STEPS / elapsed


def raw_run(path: Path) -> float:
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "busy_timeout=10000", "foreign_keys=ON", "synchronous=FULL"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute("CREATE TABLE cases (number TEXT PRIMARY KEY, state TEXT, due_on TEXT, version INTEGER)")
    connection.execute(
        "CREATE TABLE events (position INTEGER PRIMARY KEY, case_number TEXT REFERENCES cases(number), version INTEGER,"
        " type TEXT, data TEXT, user_name TEXT, effective_on TEXT, recorded_at TEXT, UNIQUE (case_number, version))"
    )
    states = ["registered", "processing", "review", "cleared", "replied", "delivered"]
    began = time.perf_counter()
    for case in range(CASES):
        number = f"2026-{case:05d}"
        for version, state in enumerate(states, start=1):
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
    elapsed = time.perf_counter() - began
    connection.close()
    return CASES * STEPS / elapsed


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
    ours_rounds, raw_rounds = [], []
    with tempfile.TemporaryDirectory() as folder:
        for round_number in range(ROUNDS):
            ours_rounds.append(engine_run(Path(folder) / f"engine{round_number}.db"))
            raw_rounds.append(raw_run(Path(folder) / f"raw{round_number}.db"))
        show = show_wall_time(Path(folder) / "engine0.db")
    ours, raw = statistics.median(ours_rounds), statistics.median(raw_rounds)
    print(
        f"data: {ROUNDS} rounds x {CASES} cases x {STEPS} steps = {CASES * STEPS} transactions per round each side,"
        " SQLite WAL, synchronous=FULL"
    )
    print("rounds (engine / raw): " + ", ".join(f"{a:,.0f}/{b:,.0f}" for a, b in zip(ours_rounds, raw_rounds)))
    print(f"disclosure Office.act: {ours:,.0f} transitions/s (median round)")
    print(f"raw sqlite3 loop:      {raw:,.0f} transactions/s (median round)")
    print(f"`disclosure show` wall time: {show:.3f} s (target < 0.3 s)")
    print(f"ratio (engine / raw): {ours / raw:.2f} (target >= 0.4)")


if __name__ == "__main__":
    main()
