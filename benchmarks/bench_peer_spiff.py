"""The engine against a peer, SpiffWorkflow (a BPMN engine in Python), on the same path and durability.

Data size: CASES applications (default 500) on each side at each durability, each taken through the
seven steps of the disclosure kind's ordinary path (register, assign, submit-review, approve-review,
reply, deliver, archive), one SQLite transaction per step, in WAL mode at synchronous=FULL (the book's
default) and at synchronous=NORMAL (the engine through `[database] synchronous = "normal"`).

- Ours: `Office.register` and `Office.act`, as a clerk's commands run them (the case loaded, the
  command checked, the event chained and written with its projections).
- Theirs: the same path as a BPMN process of seven user tasks (benchmarks/peer/disclosure_path.bpmn).
  Each step completes the ready user task with the step's data, runs the engine steps, serializes the
  whole workflow with SpiffWorkflow's `BpmnWorkflowSerializer` and writes it to a SQLite row (an INSERT
  for the first step, then an UPDATE guarded by a version, as ours guards its case row) in its own
  transaction (BEGIN IMMEDIATE ... COMMIT), the workflow kept in memory between steps.
- Theirs, reloaded: the same, but each step first reads the row and deserializes the workflow, as a
  service handling one clerk's request at a time would, and as ours loads the case each command. Printed
  for comparison; the ratio against it is the like-for-like one.

Ours records more per step than theirs (an event chained by hash, the clocks, the search projection,
who acted) and theirs more than ours per row (the whole process definition in every serialization).
The sides take turns in batches of BATCH applications (default 25), as in bench_workflow.py. Prints
steps/s of each side, then the ratios ours / theirs (target >= 5), NORMAL's last.
Needs `spiffworkflow` (pip install -e '.[bench]', `make bench` does).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from write_path import SEVEN_STEPS, open_engine_office, run_engine_cases, take_turns  # noqa: E402

CASES = int(os.environ.get("BENCH_CASES", "500"))
BATCH = int(os.environ.get("BENCH_BATCH", "25"))
MODES = ("full", "normal")
PROCESS = Path(__file__).resolve().parent / "peer" / "disclosure_path.bpmn"
# What each user task is completed with: the same facts our commands carry.
TASK_DATA = (
    {"channel": "online", "received": "2026-11-02", "applicant": "张三", "applicant_type": "natural", "request": "预算信息",
     "user": "reg", "on": "2026-11-02"},
    {"to": "han", "user": "reg", "on": "2026-11-03"},
    {"user": "han", "on": "2026-11-05"},
    {"user": "rev", "on": "2026-11-06"},
    {"outcome": "granted", "user": "han", "on": "2026-11-09"},
    {"method": "email", "user": "reg", "on": "2026-11-10"},
    {"user": "reg", "on": "2026-11-11"},
)


class Ours:
    def __init__(self, path: Path, synchronous: str) -> None:
        from disclosure.settings import parse_settings

        self.office = open_engine_office(str(path), parse_settings({"database": {"synchronous": synchronous}}))

    def run(self, _first: int, count: int) -> float:
        return run_engine_cases(self.office, count, SEVEN_STEPS)

    def close(self) -> None:
        self.office.close()


class Theirs:
    """SpiffWorkflow's workflows, one row each, written after every completed user task."""

    def __init__(self, path: Path, synchronous: str, *, reload_each_step: bool) -> None:
        from SpiffWorkflow.bpmn import BpmnWorkflow
        from SpiffWorkflow.bpmn.parser import BpmnParser
        from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
        from SpiffWorkflow.util.task import TaskState

        parser = BpmnParser()
        parser.add_bpmn_file(str(PROCESS))
        self.spec = parser.get_spec("disclosure_path")
        self.new_workflow, self.ready = BpmnWorkflow, TaskState.READY
        self.serializer = BpmnWorkflowSerializer()
        self.reload_each_step = reload_each_step
        self.connection = connection = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "busy_timeout=10000", f"synchronous={synchronous.upper()}"):
            connection.execute(f"PRAGMA {pragma}")
        connection.execute("CREATE TABLE workflows (id INTEGER PRIMARY KEY, task TEXT, version INTEGER, serialized TEXT)")

    def _complete(self, workflow, step: int) -> str:
        task = workflow.get_next_task(state=self.ready, manual=True)
        task.data.update(TASK_DATA[step])
        task.run()
        workflow.do_engine_steps()
        return task.task_spec.name

    def run(self, first: int, count: int) -> float:
        connection, serializer = self.connection, self.serializer
        began = time.perf_counter()
        for case in range(first, first + count):
            workflow = self.new_workflow(self.spec)
            workflow.do_engine_steps()
            for step in range(SEVEN_STEPS):
                connection.execute("BEGIN IMMEDIATE")
                if step and self.reload_each_step:
                    stored = connection.execute("SELECT serialized FROM workflows WHERE id = ?", (case,)).fetchone()[0]
                    workflow = serializer.deserialize_json(stored)
                name = self._complete(workflow, step)
                serialized = serializer.serialize_json(workflow)
                if step == 0:
                    connection.execute("INSERT INTO workflows VALUES (?, ?, 1, ?)", (case, name, serialized))
                else:
                    connection.execute("UPDATE workflows SET task = ?, version = ?, serialized = ? WHERE id = ? AND version = ?",
                                       (name, step + 1, serialized, case, step))
                connection.execute("COMMIT")
            assert workflow.is_completed()
        return time.perf_counter() - began

    def close(self) -> None:
        self.connection.close()


def main() -> None:
    print(f"data: {CASES} applications x {SEVEN_STEPS} steps = {CASES * SEVEN_STEPS} transactions on each side"
          f" (ours, SpiffWorkflow in memory, SpiffWorkflow reloaded) at synchronous FULL and NORMAL, in turns of"
          f" {BATCH}; SQLite WAL")
    with tempfile.TemporaryDirectory() as folder:
        sides = {}
        for mode in MODES:
            sides[mode, "ours"] = Ours(Path(folder) / f"ours-{mode}.db", mode)
            sides[mode, "theirs"] = Theirs(Path(folder) / f"theirs-{mode}.db", mode, reload_each_step=False)
            sides[mode, "reloaded"] = Theirs(Path(folder) / f"reloaded-{mode}.db", mode, reload_each_step=True)
        seconds = dict(zip(sides, take_turns([side.run for side in sides.values()], CASES, BATCH)))
        for side in sides.values():
            side.close()
    rate = {key: CASES * SEVEN_STEPS / spent for key, spent in seconds.items()}
    for mode in MODES:
        print(f"synchronous={mode.upper():6} ours {rate[mode, 'ours']:,.0f} steps/s;"
              f" SpiffWorkflow {rate[mode, 'theirs']:,.0f} steps/s in memory, {rate[mode, 'reloaded']:,.0f} reloaded each step")
    for mode in MODES:
        print(f"ratio at synchronous={mode.upper()} (ours / SpiffWorkflow): {rate[mode, 'ours'] / rate[mode, 'theirs']:.2f}"
              f" against it in memory, {rate[mode, 'ours'] / rate[mode, 'reloaded']:.2f} against it reloaded (target >= 5)")


if __name__ == "__main__":
    main()
