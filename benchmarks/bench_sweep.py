"""The sweep over 1,000,000 open cases on SQLite, 1% of them crossing a threshold.

Data size: CASES open cases (default 1,000,000; BENCH_CASES sets it), each with a running reply
clock (20 working days) and a stopped correction-notice clock, as the API writes them: one case is
registered and assigned through the public API, and its cases row and clock rows are copied in
bulk under new numbers with new receipt dates. For 1% of the cases the reply falls due within the
next three working days (the "due soon" threshold); the rest fall due later, up to a year ahead.
Prints the query plan of the sweep's clock query (it must use the status and due-date index, not
scan), the first sweep's time (10,000 alerts recorded, each with a delivery queued), and a
second sweep's (nothing new). Target: the first sweep under 1 s.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

CASES = int(os.environ.get("BENCH_CASES", "1000000"))
CROSSING_SHARE = 0.01
TODAY = date(2026, 6, 15)  # a Monday with national data on both sides


def build(path: Path) -> None:
    from disclosure.service import Office
    from disclosure.workflow.calendar import WorkCalendar

    office = Office.open(str(path), today=lambda: TODAY)
    office.init("bench", admin="admin")
    office.add_user("reg", ["registrar"])
    office.add_user("han", ["handler"])
    office.add_user("boss", ["head"])
    number = office.register(
        user="reg", on=date(2026, 6, 1), channel="online", received=date(2026, 6, 1), applicant="申请人",
        applicant_type="natural", request="预算信息",
    ).number
    office.act(number, "assign", user="reg", on=date(2026, 6, 2), to="han")
    office.close()

    calendar = WorkCalendar()
    crossing = int(CASES * CROSSING_SHARE)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous=OFF")
    case_columns = [row[1] for row in connection.execute("PRAGMA table_info(cases)")]
    template = dict(zip(case_columns, connection.execute("SELECT * FROM cases").fetchone()))
    clock_rows = {row[1]: row for row in connection.execute("SELECT * FROM clocks")}
    clock_columns = [row[1] for row in connection.execute("PRAGMA table_info(clocks)")]
    notice = clock_rows["correction_notice"]
    # Receipt dates whose reply (20 working days) falls due 1..3 working days ahead (crossing) or later.
    soon = [calendar.add_working_days(TODAY, k).on for k in (1, 2, 3)]
    later = [calendar.add_working_days(TODAY, k).on for k in range(4, 250)]

    def received_for(due: date) -> date:
        day = due - timedelta(days=28)
        while calendar.add_working_days(day, 20).on < due:
            day += timedelta(days=1)
        return day

    starts = {due: received_for(due) for due in soon + later}
    connection.execute("BEGIN")
    connection.execute("DELETE FROM clocks")
    connection.execute("DELETE FROM cases")
    case_batch, clock_batch = [], []
    insert_case = f"INSERT INTO cases VALUES ({', '.join('?' * len(case_columns))})"
    insert_clock = f"INSERT INTO clocks ({', '.join(clock_columns)}) VALUES ({', '.join('?' * len(clock_columns))})"
    for index in range(CASES):
        due = soon[index % 3] if index < crossing else later[index % len(later)]
        received = starts[due]
        case_number = f"B{index:07d}"
        values = dict(template, number=case_number, received_on=received.isoformat(), registered_on=received.isoformat(),
                      due_on=due.isoformat(), snapshot="{}")
        case_batch.append([values[name] for name in case_columns])
        reply_ledger = json.dumps([["start", received.isoformat(), 20, "workdays"]])
        # changed_at_position 0: no calendar loads, so every place of the chain sees the same calendar.
        reply = dict(zip(clock_columns, clock_rows["reply"]), case_number=case_number, status="running", due_on=due.isoformat(),
                     provisional=0, working_days=None, ledger=reply_ledger, changed_at_position=0)
        clock_batch.append([reply[name] for name in clock_columns])
        clock_batch.append([case_number if name == "case_number" else 0 if name == "changed_at_position" else value
                            for name, value in zip(clock_columns, notice)])
        if len(case_batch) == 50_000:
            connection.executemany(insert_case, case_batch)
            connection.executemany(insert_clock, clock_batch)
            case_batch, clock_batch = [], []
    connection.executemany(insert_case, case_batch)
    connection.executemany(insert_clock, clock_batch)
    connection.execute("COMMIT")
    connection.execute("ANALYZE")
    connection.close()


def main() -> None:
    from disclosure.notifications.sweep import horizon
    from disclosure.service import Office
    from disclosure.storage.compiled_sql import compiled_for

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sweep.db"
        began = time.perf_counter()
        build(path)
        print(f"data: {CASES:,} open cases, {2 * CASES:,} clock rows, built in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        office = Office.open(str(path), create=False, today=lambda: TODAY)
        office.sweep(TODAY - timedelta(days=30))  # warm the caches the way a running daemon has them
        due_by = horizon(office.settings.policies, TODAY, office.calendar)
        names = [name for name, policy in office.settings.policies.items() if policy]
        # The sweep's query as it runs it (storage/outbox_book.py: compiled ahead, its clock names picked after).
        query = compiled_for("sqlite")["statements"]["running_clocks_due_by"]
        assert names, "no clock has an alert policy"
        with sqlite3.connect(path) as connection:
            plan = connection.execute(f"EXPLAIN QUERY PLAN {query}", {"running": "running", "due_by": due_by.isoformat()}).fetchall()
        began = time.perf_counter()
        created = office.sweep(TODAY)
        first = time.perf_counter() - began
        began = time.perf_counter()
        again = office.sweep(TODAY)
        second = time.perf_counter() - began
        office.close()
    plan_text = "; ".join(row[-1] for row in plan)
    assert "ix_clocks_status_due" in plan_text and "SCAN clocks" not in plan_text, plan_text
    print(f"data: {CASES:,} open cases, {int(CASES * CROSSING_SHARE):,} crossing a threshold, SQLite")
    print(f"query plan: {plan_text}")
    print(f"alerts: {len(created):,} created by the first sweep, {len(again)} by the second")
    print(f"second sweep (nothing new): {second:.2f} s")
    print(f"first sweep: {first:.2f} s (target < 1 s)")


if __name__ == "__main__":
    main()
