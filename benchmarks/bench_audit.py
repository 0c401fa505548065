"""`audit verify` and `audit replay` over a million events on SQLite.

Data size: EVENTS events (default 1,000,000). A template office of TEMPLATE_CASES cases (default
200, about 6.6 events each: corrections, consultations, fees, extensions, appeals) is built
through the public API; the bulk path then copies its rows under new case numbers until the book
holds at least EVENTS events (whole copies): the same events (positions continued and hashes chained anew), the same
cases rows (number and snapshot renumbered) and the same clock and appeal rows, as the API would write them.
Then verify (the chain walked, in a second process where the machine has two cores, and every
projection checked against the snapshot its newest event vouches for) and replay (every case
rebuilt from its events and compared) run over the whole book; each prints events per second, and the rates print last.
Targets: verify >= 100,000 events/s, replay >= 30,000 events/s.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

EVENTS = int(os.environ.get("BENCH_EVENTS", "1000000"))
TEMPLATE_CASES = int(os.environ.get("BENCH_TEMPLATE_CASES", "200"))
TODAY = date(2026, 11, 20)


def build_template(path: Path) -> None:
    from disclosure.service import Office

    office = Office.open(str(path), today=lambda: TODAY)
    office.init("bench", admin="admin")
    for name, role in (("reg", "registrar"), ("han", "handler"), ("rev", "reviewer"), ("boss", "head")):
        office.add_user(name, [role])
    rng = random.Random(7)
    start = date(2026, 1, 5)
    for index in range(TEMPLATE_CASES):
        received = start + timedelta(days=index % 250)
        on = received
        number = office.register(
            user="reg", on=on, channel=rng.choice(["online", "post", "in_person"]), received=received,
            applicant=f"申请人{index}", applicant_type=rng.choice(["natural", "enterprise", "legal_service"]), request="预算信息",
        ).number

        def act(action, user, after=1, **params):
            nonlocal on
            on = on + timedelta(days=after)
            office.act(number, action, user=user, on=on, **params)

        act("assign", "reg", to="han")
        path_kind = index % 5
        if path_kind == 1:
            act("request-correction", "han")
            act("receive-correction", "reg", after=3)
        elif path_kind == 2:
            act("consult", "han", party="third_party")
            act("receive-opinion", "han", after=5, consent="yes")
        elif path_kind == 3:
            act("notify-fee", "han", pages=33)  # per page: 31–33 at ¥10 = ¥30
            act("receive-payment", "han", after=4)
        elif path_kind == 4:
            act("extend", "boss", days=10)
        act("submit-review", "han")
        act("approve-review", "rev")
        outcome = rng.choice(["granted", "partial"])
        act("reply", "han", outcome=outcome, reason="涉及个人隐私的部分不予公开" if outcome == "partial" else None)
        act("deliver", "reg", method="post")
        if index % 7 == 0:
            act("record-appeal", "boss", type="reconsideration", result="upheld")
    office.close()


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


def main() -> None:
    from disclosure.service import Office

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "audit.db"
        began = time.perf_counter()
        build_template(path)
        total = copy_until(path, EVENTS)
        print(f"data: {total:,} events ({TEMPLATE_CASES} template cases through the API, copied in bulk)"
              f" built in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        office = Office.open(str(path), create=False, today=lambda: TODAY)
        began = time.perf_counter()
        verified = office.verify()
        verify_seconds = time.perf_counter() - began
        assert verified.intact and verified.events == total, verified.finding
        began = time.perf_counter()
        differences = office.replay()
        replay_seconds = time.perf_counter() - began
        assert differences == [], differences[:3]
        office.close()
    print(f"data: {total:,} events in {verified.cases:,} cases, SQLite")
    print(f"verify: {verify_seconds:.1f} s (the chain, and every projection against the snapshot the chain vouches for)")
    print(f"replay: {replay_seconds:.1f} s (every case rebuilt and compared)")
    print(f"verify: {total / verify_seconds:,.0f} events/s (target >= 100,000)")
    print(f"replay: {total / replay_seconds:,.0f} events/s (target >= 30,000)")


if __name__ == "__main__":
    main()
