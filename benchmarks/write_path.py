"""What the write-path benchmarks share: the case path driven through the engine, the raw loops' tables
and statements, and the turns in batches (bench_workflow.py, bench_workflow_pg.py, bench_peer_spiff.py).

The path is the disclosure kind's ordinary one (`disclosure kinds show disclosure`): register, assign,
submit-review, approve-review, reply, deliver, archive. Each step is one `Office.register` / `Office.act`,
one transaction, as a clerk's command runs it.
"""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Callable, Sequence

TODAY = date(2026, 11, 20)

# (action, user, effective date, options) after the registration; the registrar registers.
REGISTRATION = dict(
    user="reg", on="2026-11-02", channel="online", received="2026-11-02",
    applicant="张三", applicant_type="natural", request="预算信息",
)
ACTIONS = (
    ("assign", "reg", "2026-11-03", {"to": "han"}),
    ("submit-review", "han", "2026-11-05", {}),
    ("approve-review", "rev", "2026-11-06", {}),
    ("reply", "han", "2026-11-09", {"outcome": "granted"}),
    ("deliver", "reg", "2026-11-10", {"method": "email"}),
    ("archive", "reg", "2026-11-11", {}),
)
# The state each step leaves the case in: what the raw loops write in place of the engine's projection.
STATES = ("registered", "processing", "review", "cleared", "replied", "delivered", "archived")
SEVEN_STEPS = len(STATES)
SIX_STEPS = 6  # bench_workflow.py's path stops at deliver, as its figures always have


def open_engine_office(url: str, settings=None):
    """An Office on a new book with the three clerks the path needs (the login is the book's admin)."""
    from disclosure.service import Office
    from disclosure.settings import DEFAULT_SETTINGS

    office = Office.open(url, today=lambda: TODAY, settings=settings or DEFAULT_SETTINGS)
    office.init("bench", admin="admin")
    office.add_user("reg", ["registrar"])
    office.add_user("han", ["handler"])
    office.add_user("rev", ["reviewer"])
    return office


def run_engine_cases(office, count: int, steps: int) -> float:
    """``count`` cases taken through the first ``steps`` steps of the path; the seconds it took."""
    began = time.perf_counter()
    for _ in range(count):
        number = office.register(**REGISTRATION).number
        for action, user, on, options in ACTIONS[: steps - 1]:
            office.act(number, action, user=user, on=on, **options)
    return time.perf_counter() - began


def create_raw_tables(execute: Callable, position_column: str) -> None:
    """The raw loops' two tables: a projection row per case and an event row per step."""
    execute("CREATE TABLE cases (number TEXT PRIMARY KEY, state TEXT, due_on TEXT, version INTEGER)")
    execute(
        f"CREATE TABLE events (position {position_column}, case_number TEXT REFERENCES cases(number), version INTEGER,"
        " type TEXT, data TEXT, user_name TEXT, effective_on TEXT, recorded_at TEXT, UNIQUE (case_number, version))"
    )


def run_raw_cases(execute: Callable, first: int, count: int, steps: int, *, begin: str, mark: str) -> float:
    """The least a command writes, per step one transaction: ``begin``, the projection's UPDATE guarded by
    the version (an INSERT for the first step), the event's INSERT, COMMIT. ``mark``: the driver's
    placeholder. The seconds it took."""
    insert_case = f"INSERT INTO cases VALUES ({', '.join([mark] * 4)})"
    update_case = f"UPDATE cases SET state = {mark}, version = {mark} WHERE number = {mark} AND version = {mark}"
    insert_event = (f"INSERT INTO events (case_number, version, type, data, user_name, effective_on, recorded_at)"
                    f" VALUES ({', '.join([mark] * 7)})")
    began = time.perf_counter()
    for case in range(first, first + count):
        number = f"2026-{case:05d}"
        for version, state in enumerate(STATES[:steps], start=1):
            execute(begin)
            if version == 1:
                execute(insert_case, (number, state, "2026-11-30", 1))
            else:
                execute(update_case, (state, version, number, version - 1))
            execute(insert_event, (number, version, state, json.dumps({"step": version}), "bench", "2026-11-02",
                                   "2026-11-02T10:00:00"))
            execute("COMMIT")
    return time.perf_counter() - began


def take_turns(sides: Sequence[Callable[[int, int], float]], cases: int, batch: int) -> list[float]:
    """Run each side on ``batch`` cases in turn until ``cases`` are done; each side's summed seconds.

    The disk and the machine's load drift from minute to minute; turns of a few tens of milliseconds
    put the same drift on every side, so a ratio of the sums compares the sides, not the minutes."""
    totals = [0.0] * len(sides)
    for first in range(0, cases, batch):
        count = min(batch, cases - first)
        for index, side in enumerate(sides):
            totals[index] += side(first, count)
    return totals
