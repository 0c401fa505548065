"""The annual report over 1,000,000 cases on SQLite: time and peak memory.

Data size: CASES disclosure cases (default 1,000,000; BENCH_CASES sets it) received over
2024–2026, with every applicant type and outcome, about a tenth still open, and 20,000 appeals.
One case goes through the public API; its cases row is then copied in bulk with new numbers, dates,
applicant types and outcomes, and the reports' tallies are counted from the rows as `audit repair`
counts them (storage/tally_recount.py; the report sums them), the count checked against the rows.
The report for 2025 then runs in a fresh process, so its peak resident memory is the report's
own (interpreter and libraries included). Targets: under 5 s and under 300 MB.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

CASES = int(os.environ.get("BENCH_CASES", "1000000"))
APPEALS = CASES // 50

_MEASURE = r"""
import json, resource, sys, time
from datetime import date
from disclosure.service import Office
office = Office.open(sys.argv[1], create=False, today=lambda: date(2026, 11, 20))
began = time.perf_counter()
report = office.annual_report(2025)
seconds = time.perf_counter() - began
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "new": report.table3["new"]["total"],
                  "concluded": report.table3["concluded"]["total"], "balanced": report.balanced}))
"""


def build(path: Path) -> None:
    from disclosure.service import Office
    from disclosure.workflow.vocabulary import APPLICANT_TYPES, OUTCOMES

    office = Office.open(str(path), today=lambda: date(2026, 11, 20))
    office.init("bench", admin="admin")
    office.register(user="admin", on=date(2026, 1, 5), channel="online", received=date(2026, 1, 5),
                    applicant="申请人", applicant_type="natural", request="预算信息")
    office.close()

    rng = random.Random(6)
    types, outcomes = list(APPLICANT_TYPES), list(OUTCOMES)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous=OFF")
    columns = [row[1] for row in connection.execute("PRAGMA table_info(cases)")]
    template = dict(zip(columns, connection.execute("SELECT * FROM cases").fetchone()))
    connection.execute("BEGIN")
    connection.execute("DELETE FROM clocks")
    connection.execute("DELETE FROM events")
    connection.execute("DELETE FROM cases")
    insert = f"INSERT INTO cases VALUES ({', '.join('?' * len(columns))})"
    first = date(2024, 1, 1)
    batch = []
    for index in range(CASES):
        received = first + timedelta(days=rng.randrange(3 * 365))
        open_case = rng.random() < 0.1
        concluded = None if open_case else received + timedelta(days=rng.randrange(1, 40))
        values = dict(
            template, number=f"B{index:07d}", applicant_type=rng.choice(types), received_on=received.isoformat(),
            registered_on=received.isoformat(), concluded_on=concluded.isoformat() if concluded else None,
            outcome=None if open_case else rng.choice(outcomes), state="processing" if open_case else "archived",
        )
        batch.append([values[name] for name in columns])
        if len(batch) == 50_000:
            connection.executemany(insert, batch)
            batch = []
    connection.executemany(insert, batch)
    appeals = []
    for index in rng.sample(range(CASES), APPEALS):
        filed = date(2024, 3, 1) + timedelta(days=rng.randrange(900))
        result = rng.choice(["upheld", "corrected", "other", "pending"])
        decided = None if result == "pending" else filed + timedelta(days=rng.randrange(10, 120))
        appeals.append((f"B{index:07d}", 1, rng.choice(["reconsideration", "litigation", "litigation_after_reconsideration"]),
                        result, filed.isoformat(), decided.isoformat() if decided else None))
    connection.executemany("INSERT INTO appeals (case_number, number, type, result, filed_on, decided_on) VALUES (?, ?, ?, ?, ?, ?)", appeals)
    connection.execute("COMMIT")
    connection.execute("ANALYZE")
    connection.close()
    count_tallies(path)


def count_tallies(path: Path) -> None:
    """The reports' tallies of the rows copied in, counted as `audit repair` and the upgrade to 0011 count them."""
    from sqlalchemy import create_engine

    from disclosure.storage.tally_recount import recount, rewrite_tallies

    began = time.perf_counter()
    with create_engine(f"sqlite:///{path}").begin() as connection:
        rewrite_tallies(connection, recount(connection))
    print(f"data: the tallies counted from the book in {time.perf_counter() - began:.1f} s", file=sys.stderr)


def received_in_2025(path: Path) -> int:
    """The cases received in 2025, counted from the rows themselves: what the report's 一 must say."""
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT count(*) FROM cases WHERE received_on BETWEEN '2025-01-01' AND '2025-12-31'").fetchone()[0]


def main() -> None:
    import json

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.db"
        began = time.perf_counter()
        build(path)
        print(f"data: {CASES:,} cases and {APPEALS:,} appeals built in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        # Started from a small launcher: a process's peak memory counts the image it was forked from (Linux keeps
        # it across exec), and this script's holds the build.
        launcher = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)"
        measured = json.loads(subprocess.run([sys.executable, "-c", launcher, sys.executable, "-c", _MEASURE, str(path)],
                                             check=True, capture_output=True, text=True).stdout)
        assert measured["new"] == received_in_2025(path), measured
    assert measured["balanced"]
    print(f"data: {CASES:,} disclosure cases over 2024–2026, {APPEALS:,} appeals, SQLite")
    print(f"2025: {measured['new']:,} received, {measured['concluded']:,} concluded (balanced)")
    print(f"peak memory: {measured['peak_mb']:.0f} MB (target < 300 MB, the whole process)")
    print(f"annual report: {measured['seconds']:.2f} s (target < 5 s)")


if __name__ == "__main__":
    main()
