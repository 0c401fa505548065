"""Workflow throughput and round trips on PostgreSQL against a raw psycopg loop doing the equivalent writes.

Data size: CASES cases (default 500) on each side, each taken through the six-step path of
bench_workflow.py (register, assign, submit-review, approve-review, reply, deliver), one transaction per
step. The engine runs `Office.register` / `Office.act`; the raw loop, on an autocommit psycopg
connection, runs per transaction BEGIN, one projection UPDATE (an INSERT for the first step), one event
INSERT and COMMIT: four statements, four round trips, the least a command can do without batching its
statements. The sides take turns in batches of BATCH cases (default 25), as in bench_workflow.py.

Round trips per command: each side runs again in a child process with libpq's trace of every connection
it opens, and the times the client asks the server for its answers and waits are counted: each simple
query, each Sync (the extended protocol's end of a batch) and each Flush (a pipeline's "answer what you
have so far"; one sent right after a Sync, as psycopg's pipelines do, is counted with it), whatever sent
it. A statement sent on its own is one round trip; a pipeline of several statements is one per answer
the client stops to read. (Counting the server's ReadyForQuery messages would miss the waits
on a Flush, which the server answers without one; counting the client's socket writes would count a
pipeline's statements one by one where the client writes each as it is queued, without waiting.) It is
run twice, with ROUND_TRIP_CASES_WARM (10) and ROUND_TRIP_CASES_WARM + ROUND_TRIP_CASES (30) cases, on a
fresh book each time; the difference divided by the commands between them is the count per command, so
opening the book, creating it and the statements' preparation are left out.

The database: DISCLOSURE_BENCH_PG, else DISCLOSURE_TEST_PG (a SQLAlchemy URL, postgresql+psycopg://...).
Nothing in it is touched: the script creates two scratch databases beside it on the same server
(disclosure_bench_write_engine and _raw) and drops them at the end. Without a URL it prints why it
skipped. Prints the engine's own CPU time a command (the process's, in its turns: what it adds beyond
waiting for the server, which a machine's load and its round trips do not change much), then round trips
per command (target <= 5) and, last, the ratio engine / raw (target >= 0.5).
What the ratio measures: the raw loop's time is almost all network round trips and the server's work,
so the ratio says how much the engine adds to that, in its own CPU time and in round trips beyond four.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from write_path import (  # noqa: E402
    SIX_STEPS, create_raw_tables, open_engine_office, run_engine_cases, run_raw_cases, take_turns,
)

CASES = int(os.environ.get("BENCH_CASES", "500"))
BATCH = int(os.environ.get("BENCH_BATCH", "25"))
STEPS = SIX_STEPS
# psycopg prepares a statement at its sixth execution, in a round trip of its own: all are, past 10 cases.
ROUND_TRIP_CASES_WARM = 10
ROUND_TRIP_CASES = 20
SCRATCH = "disclosure_bench_write"
URL = os.environ.get("DISCLOSURE_BENCH_PG") or os.environ.get("DISCLOSURE_TEST_PG")


def _scratch_url(url: str, side: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=f"{SCRATCH}_{side}").render_as_string(hide_password=False)


def _libpq_conninfo(url: str) -> str:
    """A SQLAlchemy URL as psycopg takes it."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _recreate(url: str, side: str) -> None:
    import psycopg

    with psycopg.connect(_libpq_conninfo(url), autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {SCRATCH}_{side} WITH (FORCE)")
        server.execute(f"CREATE DATABASE {SCRATCH}_{side}")


def _drop(url: str, side: str) -> None:
    import psycopg

    with psycopg.connect(_libpq_conninfo(url), autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {SCRATCH}_{side} WITH (FORCE)")


class EngineSide:
    def __init__(self, url: str) -> None:
        self.office = open_engine_office(url)
        self.cpu_seconds = 0.0  # the client's own CPU time (the process's, kernel included) in its turns

    def run(self, _first: int, count: int) -> float:
        began = time.process_time()
        try:
            return run_engine_cases(self.office, count, STEPS)
        finally:
            self.cpu_seconds += time.process_time() - began

    def close(self) -> None:
        self.office.close()


class RawSide:
    def __init__(self, url: str) -> None:
        import psycopg

        self.connection = connection = psycopg.connect(_libpq_conninfo(url), autocommit=True)
        create_raw_tables(connection.execute, "BIGSERIAL PRIMARY KEY")

    def run(self, first: int, count: int) -> float:
        # Autocommit, so BEGIN and COMMIT are the loop's own statements, one round trip each.
        return run_raw_cases(self.connection.execute, first, count, STEPS, begin="BEGIN", mark="%s")

    def close(self) -> None:
        self.connection.close()


SIDES = {"engine": EngineSide, "raw": RawSide}


def _trace_every_connection(folder: Path) -> None:
    """libpq's trace of every psycopg connection opened from now on, each into its own file in ``folder``."""
    import psycopg
    from psycopg import pq

    connect = psycopg.connect
    handles = []  # kept open for libpq until the process ends

    def traced(*args, **kwargs):
        connection = connect(*args, **kwargs)
        handles.append(open(folder / f"trace-{id(connection)}.txt", "w"))
        connection.pgconn.trace(handles[-1].fileno())
        connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        return connection

    psycopg.connect = traced  # SQLAlchemy's dialect and the raw side both connect through it


def _worker(side: str, url: str, cases: int, folder: str) -> None:
    """The traced child: open its side on its fresh scratch database, run ``cases`` cases."""
    _trace_every_connection(Path(folder))
    runner = SIDES[side](_scratch_url(url, side))
    runner.run(0, cases)
    runner.close()


def waits_in_trace(trace: str) -> int:
    """The times the client waited for answers in a libpq trace: its simple queries, Syncs and Flushes, a
    Flush sent right after a Sync (no other message between) counted with it."""
    sent = re.findall(r"^F\t\d+\t(\w+)", trace, re.MULTILINE)
    return sum(
        1 for index, kind in enumerate(sent)
        if kind in ("Query", "Sync") or (kind == "Flush" and not (index and sent[index - 1] == "Sync"))
    )


def _answers(side: str, url: str, cases: int) -> int:
    """The client's waits for the server's answers (``waits_in_trace``), for opening a fresh book and running
    ``cases`` cases."""
    _recreate(url, side)
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, __file__, "--worker", side, str(cases), folder]
        subprocess.run(command, check=True, env={**os.environ, "DISCLOSURE_BENCH_PG": url})
        return sum(waits_in_trace(path.read_text(errors="replace")) for path in Path(folder).glob("trace-*.txt"))


def round_trips_per_command(side: str, url: str) -> float:
    warm = _answers(side, url, ROUND_TRIP_CASES_WARM)
    longer = _answers(side, url, ROUND_TRIP_CASES_WARM + ROUND_TRIP_CASES)
    return (longer - warm) / (ROUND_TRIP_CASES * STEPS)


def main() -> None:
    print(f"data: {CASES} cases x {STEPS} steps = {CASES * STEPS} transactions each side, in turns of {BATCH} cases;"
          f" round trips counted over {ROUND_TRIP_CASES} cases x {STEPS} steps after {ROUND_TRIP_CASES_WARM} cases")
    if not URL:
        print("skipped: neither DISCLOSURE_BENCH_PG nor DISCLOSURE_TEST_PG holds a PostgreSQL URL")
        return
    try:
        for side in SIDES:
            _recreate(URL, side)
        engine, raw = EngineSide(_scratch_url(URL, "engine")), RawSide(_scratch_url(URL, "raw"))
        engine_seconds, raw_seconds = take_turns([engine.run, raw.run], CASES, BATCH)
        engine.close()
        raw.close()
        trips = {side: round_trips_per_command(side, URL) for side in SIDES}
    finally:
        for side in SIDES:
            _drop(URL, side)
    transactions = CASES * STEPS
    ours, theirs = transactions / engine_seconds, transactions / raw_seconds
    print(f"disclosure Office.act on PostgreSQL: {ours:,.0f} transitions/s ({1000 / ours:.2f} ms each)")
    print(f"raw psycopg loop:                   {theirs:,.0f} transactions/s ({1000 / theirs:.2f} ms each)")
    print(f"the engine's own CPU a command (the client process, kernel included): {engine.cpu_seconds / transactions * 1000:.3f} ms"
          f" of its {1000 / ours:.2f} ms; the rest is waiting for the server")
    print(f"round trips per command (the server's answers the client waits for): engine {trips['engine']:.2f},"
          f" raw loop {trips['raw']:.2f} (target <= 5)")
    print(f"ratio (engine / raw): {ours / theirs:.2f} (target >= 0.5)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        _worker(sys.argv[2], URL, int(sys.argv[3]), sys.argv[4])
    else:
        main()
