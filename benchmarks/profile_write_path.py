"""Where a command's time goes, and what it says to the database: a tool for cutting the write path.

Data size: CASES cases (default 200) taken through bench_workflow.py's six-step path by `Office.register`
/ `Office.act`, on a SQLite book at synchronous=NORMAL and, with DISCLOSURE_BENCH_PG or
DISCLOSURE_TEST_PG, on PostgreSQL (a scratch database created beside the one named, then dropped).

For each backend it prints:
- the statements each command of one case sends to the database (after WARM_UP, 10 cases), in order,
  as the driver saw them. SQLite: the connection's trace callback, every statement SQLite ran, BEGIN
  and COMMIT included ("--" lines are the FTS5 triggers' own statements, and a statement is shown again
  each time a trigger it fires runs). PostgreSQL: libpq's trace of the messages the client sent, one
  line per round trip: a simple query, or the extended protocol's statements up to the Sync or Flush
  after which the client waits for their answers (a pipeline's), a
  statement psycopg prepared earlier shown by its text from that Parse;
- the cProfile of the loop: the TOP functions by cumulative time, as a percentage of the loop's time,
  then the TOP / 2 by own time.
"""

from __future__ import annotations

import contextlib
import cProfile
import os
import pstats
import re
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from write_path import ACTIONS, REGISTRATION, SIX_STEPS, open_engine_office, run_engine_cases  # noqa: E402

CASES = int(os.environ.get("BENCH_CASES", "200"))
WARM_UP = 10
TOP = int(os.environ.get("PROFILE_TOP", "40"))
URL = os.environ.get("DISCLOSURE_BENCH_PG") or os.environ.get("DISCLOSURE_TEST_PG")
_driver_connections: list = []
_pg_traces: dict = {}  # a PostgreSQL connection: its trace files, (path, open handle), in order


def _remember_driver_connections(folder: Path) -> None:
    """Every DBAPI connection a SQLite book or any pool opens from now on, so the statements of a command can be traced.
    A PostgreSQL connection is traced by libpq from its start: a statement psycopg prepared during the
    warm-up is later named only, and its text is read back from the Parse message in the earlier trace
    (asking the server would take a statement on the connection, and rolling it back unprepares them)."""
    from sqlalchemy import event
    from sqlalchemy.pool import Pool

    from disclosure.storage.sqlite_connections import SqliteConnections

    opened = SqliteConnections._open

    def opened_and_remembered(self):  # a SQLite book's own connections (storage/sqlite_connections.py)
        connection = opened(self)
        _driver_connections.append(connection)
        return connection

    SqliteConnections._open = opened_and_remembered

    def remember(connection, _record):
        _driver_connections.append(connection)
        if hasattr(connection, "pgconn"):
            _pg_traces[connection] = []
            _retrace(connection, folder)

    event.listen(Pool, "connect", remember)


def _retrace(connection, folder: Path, *, again: bool = True) -> None:
    """End a connection's current trace file (libpq flushes it) and, ``again``, start a new one."""
    from psycopg import pq

    files = _pg_traces[connection]
    if files:
        connection.pgconn.untrace()
        files[-1][1].close()
    if again:
        path = folder / f"trace-{id(connection)}-{len(files)}.txt"
        handle = open(path, "w")
        connection.pgconn.trace(handle.fileno())
        connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        files.append((path, handle))


def _one_case_traced(office, start: Callable[[], object], stop: Callable[[object], list[str]]) -> list[tuple[str, list[str]]]:
    """Each command of one case (the six steps) with what ``stop`` says the database was sent while it ran."""
    commands = [("register", lambda: office.register(**REGISTRATION).number)]
    for action, user, on, options in ACTIONS[: SIX_STEPS - 1]:
        commands.append((action, lambda action=action, user=user, on=on, options=options:
                         office.act(number, action, user=user, on=on, **options)))
    traced = []
    for name, command in commands:
        tracing = start()
        result = command()
        traced.append((name, stop(tracing)))
        if name == "register":
            number = result
    return traced


def _sqlite_tracing():
    """Start: every statement SQLite runs on the engine's connections goes to a list. Stop: the list."""
    def start():
        statements: list[str] = []
        for connection in _driver_connections:
            with contextlib.suppress(sqlite3.ProgrammingError):  # a connection closed since
                connection.set_trace_callback(statements.append)
        return statements

    def stop(statements):
        for connection in _driver_connections:
            with contextlib.suppress(sqlite3.ProgrammingError):
                connection.set_trace_callback(None)
        return [" ".join(statement.split())[:220] for statement in statements]

    return start, stop


def _postgres_tracing(folder: Path):
    """Start: a fresh trace file on every open connection. Stop: the round trips in those files."""
    def start():
        marks = {}
        for connection in _pg_traces:
            if not connection.closed:
                _retrace(connection, folder)
                marks[connection] = len(_pg_traces[connection]) - 1
        return marks

    def stop(marks):
        round_trips = []
        for connection, index in marks.items():
            _retrace(connection, folder)
            texts = [path.read_text() for path, _handle in _pg_traces[connection][:-1]]
            prepared = dict(re.findall(r'^F\t\d+\tParse\t "([^"]+)" "(.*?)" \d', "".join(texts), re.MULTILINE | re.DOTALL))
            round_trips += _round_trips(texts[index], prepared)
        return round_trips

    return start, stop


def _stop_tracing_postgres(folder: Path) -> None:
    for connection in _pg_traces:
        if not connection.closed:
            _retrace(connection, folder, again=False)


def _round_trips(trace: str, prepared: dict[str, str]) -> list[str]:
    """The client's messages ("F" lines; a statement's text may span lines), grouped by round trip."""
    groups, statements, parsed = [], [], set()
    for message in re.split(r"^(?=[FB]\t)", trace, flags=re.MULTILINE):
        if not message.startswith("F\t"):
            continue
        kind = message.split("\t")[2].strip()
        if kind == "Query":
            groups.append("simple query: " + message.split("\t", 3)[3].strip())
        elif kind == "Parse":
            found = re.match(r'"([^"]*)" "(.*?)" \d', message.split("\t", 3)[3].strip(), re.DOTALL)
            statements.append(("prepare " if found.group(1) else "") + found.group(2))
            parsed.add(found.group(1))
        elif kind == "Bind":
            name = re.match(r'\s*"[^"]*" "([^"]*)"', message.split("\t", 3)[3]).group(1)
            if name and name not in parsed:  # a statement prepared before: named only
                statements.append(f"(prepared) {prepared.get(name, name)}")
        elif kind == "Sync" or (kind == "Flush" and statements):  # a Flush right after a Sync: the same wait
            groups.append(" + ".join(statements) or "(sync alone)")
            statements, parsed = [], set()
    return [" ".join(group.split())[:220] for group in groups]


def _connect(url: str):
    import psycopg
    from sqlalchemy.engine import make_url

    return psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False),
                           autocommit=True)


def _print_traced(traced: list[tuple[str, list[str]]], what: str) -> None:
    for name, lines in traced:
        print(f"  {name}: {len(lines)} {what}")
        for line in lines:
            print("    " + line)


def _warm_up(office) -> None:
    """Statements compiled and prepared, caches filled: not what a day's commands pay. psycopg prepares
    a statement at its sixth execution, in a round trip of its own: past WARM_UP cases, all are."""
    run_engine_cases(office, WARM_UP, SIX_STEPS)


def _profile(office, label: str) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    run_engine_cases(office, CASES, SIX_STEPS)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    print(f"\n{label}: cProfile of {CASES} cases x {SIX_STEPS} steps, {total:.2f} s in all"
          f" ({1000 * total / (CASES * SIX_STEPS):.2f} ms a command under the profiler); top {TOP} by cumulative time")
    _print_rows(total, sorted(stats.stats.items(), key=lambda item: item[1][3], reverse=True)[:TOP])
    print(f"  the top {TOP // 2} by own time (the function's body, not its callees)")
    _print_rows(total, sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:TOP // 2])


def _print_rows(total: float, rows) -> None:
    for (file, line, function), (_calls, primitive, own, cumulative, _callers) in rows:
        where = re.sub(r".*/(site-packages|b-writebench|main)/", "", file)
        print(f"  {100 * cumulative / total:5.1f}%  own {100 * own / total:4.1f}%  {primitive:7d}x  {where}:{line} {function}")


def main() -> None:
    from disclosure.settings import parse_settings

    print(f"data: {CASES} cases x {SIX_STEPS} steps profiled on each backend (after {WARM_UP} cases' warm-up)")
    with tempfile.TemporaryDirectory() as folder:
        _remember_driver_connections(Path(folder))
        office = open_engine_office(str(Path(folder) / "book.db"), parse_settings({"database": {"synchronous": "normal"}}))
        _warm_up(office)
        print("\nSQLite (synchronous=NORMAL): the statements of each command of one case, in order")
        _print_traced(_one_case_traced(office, *_sqlite_tracing()), "statements")
        _profile(office, "SQLite (synchronous=NORMAL)")
        office.close()
        if not URL:
            print("\nPostgreSQL: skipped (neither DISCLOSURE_BENCH_PG nor DISCLOSURE_TEST_PG holds a URL)")
            return
        from sqlalchemy.engine import make_url

        scratch = "disclosure_bench_profile"
        with _connect(URL) as server:
            server.execute(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")
            server.execute(f"CREATE DATABASE {scratch}")
        try:
            _driver_connections.clear()
            office = open_engine_office(make_url(URL).set(database=scratch).render_as_string(hide_password=False))
            _warm_up(office)
            print("\nPostgreSQL: the round trips of each command of one case, in order: what the client sent")
            _print_traced(_one_case_traced(office, *_postgres_tracing(Path(folder))), "round trips")
            _stop_tracing_postgres(Path(folder))
            _profile(office, "PostgreSQL")
            office.close()
        finally:
            with _connect(URL) as server:
                server.execute(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")


if __name__ == "__main__":
    main()
