"""`audit verify` and `audit replay` on SQLite books built through the engine, against a plain sqlite3 chain walk.

Data size: BENCH_EVENTS events (default "100000,200000": a book of each size, to show the rate per
event does not depend on the size; BENCH_EVENTS=1000000 builds the 1M book of issue 19, about four
minutes on a 2-core machine). Each book is built through the engine: applications registered and
taken through assignment, corrections, consultations, fees, extensions, review, reply, delivery and
appeals (about 7.5 events each), every event by the case desk's own path (`build_through_engine`:
decide, apply, the chained append with its snapshot and projections), 50 applications to a
transaction. No row is copied.

On each book, in BENCH_ROUNDS rounds (default 3) taken in turn so the machine's load falls on all three alike:
- the plain walk: a bare sqlite3 loop reading every event by position and checking its chained
  hash (workflow/chain.py's canonical form, written out here), nothing else, in one process;
- verify, as `audit verify` runs it (Office.verify: the file's quick check, the chain, and every
  case's projection against the snapshot the chain vouches for, in two processes);
- replay, as `audit replay` runs it (Office.replay: every case folded again from its events and
  compared with its rows, in two processes).
The rates (events/s of wall time, the median of the rounds, and their spread) print last, with each
one's ratio to the plain walk of the same round, and the events per CPU-second (both processes' CPU
time: what the work costs, whatever else the machine runs). Targets: verify >= 150,000 events/s, replay >= 60,000 events/s.
The build's other scripts (`build_template`, `copy_until`: a template office copied in bulk) serve
bench_search.py; bench_scaling.py drives its books through `drive_through_engine` as this script does.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Iterator

SIZES = [int(size) for size in os.environ.get("BENCH_EVENTS", "100000,200000").split(",")]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
VERIFY_TARGET, REPLAY_TARGET = 150_000, 60_000
TEMPLATE_CASES = int(os.environ.get("BENCH_TEMPLATE_CASES", "200"))
TODAY = date(2026, 11, 20)


def application(
    index: int, rng: random.Random, received: date | None = None, handler: str = "han",
) -> tuple[date, dict, list[tuple[str, str, date, dict]]]:
    """One application's path, the same for every builder: (received on, register's options, [(action, user, on, options)]).

    ``received``: its receipt date (default: a day of 2026 by its index); ``handler``: who is assigned and handles it."""
    received = received or date(2026, 1, 5) + timedelta(days=index % 250)
    registration = dict(
        channel=rng.choice(["online", "post", "in_person"]), received=received, applicant=f"申请人{index}",
        applicant_type=rng.choice(["natural", "enterprise", "legal_service"]), request="预算信息",
    )
    steps, on = [], received

    def act(action, user, after=1, **params):
        nonlocal on
        on = on + timedelta(days=after)
        steps.append((action, user, on, params))

    act("assign", "reg", to=handler)
    path_kind = index % 5
    if path_kind == 1:
        act("request-correction", handler)
        act("receive-correction", "reg", after=3)
    elif path_kind == 2:
        act("consult", handler, party="third_party")
        act("receive-opinion", handler, after=5, consent="yes")
    elif path_kind == 3:
        act("notify-fee", handler, pages=33)  # per page: 31–33 at ¥10 = ¥30
        act("receive-payment", handler, after=4)
    elif path_kind == 4:
        act("extend", "boss", days=10)
    act("submit-review", handler)
    act("approve-review", "rev")
    outcome = rng.choice(["granted", "partial"])
    act("reply", handler, outcome=outcome, reason="涉及个人隐私的部分不予公开" if outcome == "partial" else None)
    act("deliver", "reg", method="post")
    if index % 7 == 0:
        act("record-appeal", "boss", type="reconsideration", result="upheld")
    return received, registration, steps


def staffed_office(path: Path, today: date = TODAY, handlers: tuple[str, ...] = ("han",)):
    """A new book with its office, a registrar, the handlers, a reviewer and a head; "today" is ``today``."""
    from disclosure.service import Office

    office = Office.open(str(path), today=lambda: today)
    office.init("bench", admin="admin")
    staff = (("reg", "registrar"), *((name, "handler") for name in handlers), ("rev", "reviewer"), ("boss", "head"))
    for name, role in staff:
        office.add_user(name, [role])
    return office


def build_template(path: Path) -> None:
    """TEMPLATE_CASES applications, each command through the public API in its own transaction."""
    office = staffed_office(path)
    rng = random.Random(7)
    for index in range(TEMPLATE_CASES):
        received, registration, steps = application(index, rng)
        number = office.register(user="reg", on=received, **registration).number
        for action, user, on, params in steps:
            office.act(number, action, user=user, on=on, **params)
    office.close()


def build_through_engine(path: Path, events_wanted: int, cases_per_transaction: int = 50) -> int:
    """Applications until the book holds at least ``events_wanted`` events, through the engine
    (``drive_through_engine``). Returns the number of events."""
    office = staffed_office(path)
    rng = random.Random(7)
    events = 0
    for events in drive_through_engine(office, (application(index, rng) for index in itertools.count()), cases_per_transaction):
        if events >= events_wanted:
            break
    office.close()
    return events


def drive_through_engine(office, applications: Iterable[tuple], cases_per_transaction: int = 50) -> Iterator[int]:
    """Each application (as ``application`` gives it) registered and taken along its path, every event through the
    case desk's own path (Cases.register_on / act_on: decide, apply, CaseBook.append with its chain hash, snapshot
    and projections), as Office.register and Office.act run it; only the commits are batched, a transaction per
    ``cases_per_transaction`` applications instead of one per command, so building is not bound by the disk's
    flushes. Yields the number of events written so far after each committed transaction."""
    context, desk = office._context, office._cases  # the Office's own case desk, inside longer transactions
    applications, events = iter(applications), 0
    while batch := list(itertools.islice(applications, cases_per_transaction)):
        with context.storage.writing() as uow:
            for received, registration, steps in batch:
                case = desk.register_on(uow, "disclosure", context.acting(uow, "reg", received), registration)
                for action, user, on, params in steps:
                    case = desk.act_on(uow, case.number, action, context.acting(uow, user, on), params, case=case)
                events += 1 + len(steps)
        yield events


def copy_until(path: Path, events_wanted: int, vary=None) -> int:
    """The bulk path: the template's rows again under new numbers, chained on, until the book is full.

    ``vary(copy, number)``: the applicant's name and the request of that copy of the template's case
    ``number`` (None: the template's), written into its events, snapshots and rows as the API would."""
    from dataclasses import replace

    from disclosure.storage.projection import search_columns
    from disclosure.storage.snapshots import case_to_json
    from disclosure.workflow.case import apply
    from disclosure.workflow.chain import chain_hash, snapshot_hash
    from disclosure.workflow.events import Event
    from disclosure.workflow.kinds import BUILT_IN_KINDS

    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous=OFF")
    events = connection.execute(
        "SELECT case_number, version, type, data, user_name, role, effective_on, recorded_at, schema_version, acted_by"
        " FROM events ORDER BY position"
    ).fetchall()
    # The snapshot each template event left (every event's row carries its hash), folded again here.
    snapshots, folded = {}, {}
    for number, version, event_type, data, user, role, on, _, schema, _ in events:
        folded[number] = apply(BUILT_IN_KINDS.kind("disclosure"), BUILT_IN_KINDS.machine("disclosure"), folded.get(number), Event(
            case=number, version=version, type=event_type, on=date.fromisoformat(on), user=user, role=role,
            data=json.loads(data), schema=schema,
        ))
        snapshots[(number, version)] = case_to_json(folded[number])
    cases = connection.execute("SELECT * FROM cases ORDER BY number").fetchall()
    case_columns = [column[1] for column in connection.execute("PRAGMA table_info(cases)")]
    clocks = connection.execute("SELECT * FROM clocks").fetchall()
    appeals = connection.execute("SELECT case_number, number, type, result, filed_on, decided_on FROM appeals").fetchall()
    number_at, snapshot_at = case_columns.index("number"), case_columns.index("snapshot")
    name_at, request_at = case_columns.index("applicant_name"), case_columns.index("request")
    position, previous = connection.execute("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1").fetchone()
    copy = 0
    connection.execute("BEGIN")
    while position < events_wanted:
        copy += 1
        rename = {row[number_at]: f"B{copy:05d}-{row[number_at]}" for row in cases}
        texts = {number: vary(copy, number) if vary else None for number in rename}

        def varied(number: str, text: str) -> str:
            if texts[number] is None:
                return text
            case = folded[number]
            for old, new in zip((case.applicant["name"], case.request), texts[number]):
                text = text.replace(json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False))
            return text

        rows = []
        for number, version, event_type, data, user, role, on, recorded, schema, by in events:
            position += 1
            new = rename[number]
            data = varied(number, data) if version == 1 else data
            state = snapshot_hash(varied(number, snapshots[(number, version)]).replace(f'"number": "{number}"', f'"number": "{new}"', 1))
            previous = chain_hash(previous, new, version, event_type, data, user, role, on, recorded, schema, state, by)
            rows.append((position, new, version, event_type, data, user, role, on, recorded, schema, state, previous, by))
        case_rows, search_rows = [], []
        for row in cases:
            values = list(row)
            number = values[number_at] = rename[row[number_at]]
            values[snapshot_at] = varied(row[number_at], row[snapshot_at]).replace(
                f'"number": "{row[number_at]}"', f'"number": "{number}"', 1
            )
            case = replace(folded[row[number_at]], number=number)
            if texts[row[number_at]] is not None:
                name, request = texts[row[number_at]]
                values[name_at], values[request_at] = name, request
                case = replace(case, applicant={**case.applicant, "name": name}, request=request)
            case_rows.append(values)
            search_rows.append((number, *search_columns(case).values()))
        connection.executemany(f"INSERT INTO cases VALUES ({', '.join('?' * len(case_columns))})", case_rows)
        connection.executemany("INSERT INTO case_search (case_number, body, grams) VALUES (?, ?, ?)", search_rows)
        connection.executemany(
            f"INSERT INTO clocks VALUES ({', '.join('?' * len(clocks[0]))})",
            [(rename[row[0]], *row[1:]) for row in clocks],
        )
        connection.executemany(
            "INSERT INTO appeals (case_number, number, type, result, filed_on, decided_on) VALUES (?, ?, ?, ?, ?, ?)",
            [(rename[row[0]], *row[1:]) for row in appeals],
        )
        connection.executemany("INSERT INTO events (position, case_number, version, type, data, user_name, role,"
                               " effective_on, recorded_at, schema_version, snapshot_hash, hash, acted_by)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    connection.execute("COMMIT")
    connection.close()
    return position


def plain_walk(path: Path) -> int:
    """Every event by position, its chained hash checked, with sqlite3 and hashlib alone; returns the count."""
    connection = sqlite3.connect(path)
    previous, count, separator, sha256 = "0" * 64, 0, "\x1e", hashlib.sha256
    for number, version, event_type, data, user, role, on, recorded, schema, state, digest, by in connection.execute(
        "SELECT case_number, version, type, data, user_name, role, effective_on, recorded_at, schema_version,"
        " snapshot_hash, hash, acted_by FROM events ORDER BY position"
    ):
        fields = (previous, number, str(version), event_type, data, user, role, on, recorded, str(schema), state)
        if sha256(separator.join(fields if by is None else (*fields, by)).encode()).hexdigest() != digest:
            raise AssertionError(f"event {count + 1} does not match its hash")
        previous, count = digest, count + 1
    connection.close()
    return count


def _seconds(work) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of this process and of the second ones it started and waited for."""
    began, cpu = time.perf_counter(), _cpu()
    work()
    return time.perf_counter() - began, _cpu() - cpu


def _cpu() -> float:
    spent = os.times()
    return spent.user + spent.system + spent.children_user + spent.children_system


def measure(path: Path, events: int) -> dict[str, list[float]]:
    """Events per second of the plain walk, verify and replay (and per CPU-second: "NAME cpu"), round by round."""
    from disclosure.service import Office

    office = Office.open(str(path), create=False, today=lambda: TODAY)

    def verify() -> None:
        verified = office.verify()
        assert verified.intact and verified.events == events, verified.finding

    def replay() -> None:
        differences = office.replay()
        assert differences == [], differences[:3]

    def walk() -> None:
        assert plain_walk(path) == events

    rates: dict[str, list[float]] = {}
    for _ in range(ROUNDS):
        for name, work in (("plain walk", walk), ("verify", verify), ("replay", replay)):
            wall, cpu = _seconds(work)
            rates.setdefault(name, []).append(events / wall)
            rates.setdefault(f"{name} cpu", []).append(events / cpu)
    office.close()
    return rates


def main() -> None:
    results: dict[int, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            path = Path(folder) / f"audit-{size}.db"
            began = time.perf_counter()
            events = build_through_engine(path, size)
            with sqlite3.connect(path) as connection:
                cases = connection.execute("SELECT count(*) FROM cases").fetchone()[0]
            print(f"book: {events:,} events in {cases:,} cases, built through the engine in {time.perf_counter() - began:.0f} s",
                  file=sys.stderr)
            results[events] = measure(path, events)
            path.unlink()
    print(f"data: books of {', '.join(f'{events:,}' for events in results)} events built through the engine, SQLite;"
          f" {ROUNDS} rounds each, median (spread); ratio: to the plain sqlite3 chain walk of the same round")
    for events, rates in results.items():
        walks = rates["plain walk"]
        for name in ("plain walk", "verify", "replay"):
            ratios = [rate / walk for rate, walk in zip(rates[name], walks)]
            cpu = rates[f"{name} cpu"]
            print(f"{events:,} events, {name}: {statistics.median(rates[name]):,.0f} events/s"
                  f" ({min(rates[name]):,.0f}–{max(rates[name]):,.0f})"
                  + ("" if name == "plain walk" else f", {statistics.median(ratios):.2f} of the plain walk")
                  + f"; {statistics.median(cpu):,.0f} events per CPU-second ({min(cpu):,.0f}–{max(cpu):,.0f})")
    largest = results[max(results)]
    for name, target in (("verify", VERIFY_TARGET), ("replay", REPLAY_TARGET)):
        rate = statistics.median(largest[name])
        print(f"{name}: {rate:,.0f} events/s at {max(results):,} events (target >= {target:,}: {'met' if rate >= target else 'NOT MET'})")


if __name__ == "__main__":
    main()
