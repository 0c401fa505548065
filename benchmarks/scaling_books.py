"""The case books bench_scaling.py measures: closed cases built through the engine, kept between runs, and the
same open work added to a working copy of each at every run.

The closed cases (``build_closed_book``): SIZE - 60 applications, each taken by `bench_audit.application` along a
path of the audit benchmark (assignment, corrections, consultations, fees, extensions, review, reply, delivery,
an appeal for every seventh: about 7.5 events each), every event through the case desk's own path
(`bench_audit.drive_through_engine`: decide, apply, the chained append with its snapshot, projections and
search row), 200 applications to a transaction. Received dates are spread evenly from 2025-01-02 to 2026-09-30
in the order of registration, so the year 2026 holds about half of the book at every size; five handlers take
them in turn; each applicant's name and request are their own (`bench_search`'s surnames, given names,
districts, places and subjects). No row is written by hand or copied.

A kept book is `book-SIZE.db` in the BENCH_SCALING_BOOKS folder, with `book-SIZE.json` beside it naming the
recipe (RECIPE), the size and how long it took to build; a book whose JSON names another recipe or size is
built again. Change RECIPE whenever the build changes. While a book is built, `book-SIZE.pid` names the
building process, and another run stops rather than build the same book again.

The open work (``add_open_work``), the same at every size and dated relative to the real today (the command
line's): 60 applications registered and assigned through the API (Office.register / Office.act), all being
handled (办理中), 32 past their reply due date, 14 due within a few working days, 14 received in the last days;
among them the cases the searches look for: three applicants named 殷离 and three requests about the
滨江湿地公园, names and words found in no closed case.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_audit  # noqa: E402  (an application's path, the staffed office, the engine's bulk driver)
import bench_search  # noqa: E402  (the words names and requests are made of)

RECIPE = "closed cases through the engine, v1: bench_audit.application paths, received 2025-01-02..2026-09-30, 5 handlers"
OPEN_CASES, OVERDUE_CASES, DUE_SOON_CASES = 60, 32, 14
HANDLERS = tuple(f"han{number}" for number in range(1, 6))
FIRST_RECEIVED, LAST_RECEIVED = date(2025, 1, 2), date(2026, 9, 30)
CASES_PER_TRANSACTION = 200
SEARCHED_NAME, SEARCHED_REQUEST = "殷离", "滨江湿地公园"


def closed_applications(count: int):
    """``count`` applications, received evenly over FIRST_RECEIVED..LAST_RECEIVED in their order, handlers in turn."""
    rng, words = random.Random(19), random.Random(6)
    span = (LAST_RECEIVED - FIRST_RECEIVED).days + 1
    for index in range(count):
        received = FIRST_RECEIVED + timedelta(days=index * span // count)
        received, registration, steps = bench_audit.application(index, rng, received, HANDLERS[index % len(HANDLERS)])
        given = "".join(words.choice(bench_search.GIVEN) for _ in range(words.choice((1, 2))))
        registration.update(
            applicant=words.choice(bench_search.SURNAMES) + given,
            request=words.choice(bench_search.DISTRICTS) + words.choice(bench_search.PLACES) + words.choice(bench_search.SUBJECTS),
        )
        yield received, registration, steps


def build_closed_book(path: Path, closed_cases: int, today: date) -> dict:
    """The closed cases through the engine into a new book at ``path``; returns what the JSON beside it records."""
    building = path.with_name(path.name + ".building")
    for leftover in building.parent.glob(building.name + "*"):
        leftover.unlink()
    began = time.perf_counter()
    office = bench_audit.staffed_office(building, today, HANDLERS)
    events, reported = 0, 0
    for events in bench_audit.drive_through_engine(office, closed_applications(closed_cases), CASES_PER_TRANSACTION):
        if events - reported >= 500_000:
            reported = events
            print(f"  {path.name}: {events:,} events after {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    office.close()
    building.rename(path)
    return {"recipe": RECIPE, "closed_cases": closed_cases, "events": events,
            "built_in_seconds": round(time.perf_counter() - began), "built_on": today.isoformat()}


def closed_book(folder: Path, size: int, today: date) -> tuple[Path, dict]:
    """The kept book of ``size`` cases in ``folder`` (built first unless one of this recipe and size is there)."""
    path, record_path = folder / f"book-{size}.db", folder / f"book-{size}.json"
    closed_cases = size - OPEN_CASES
    if path.exists() and record_path.exists():
        record = json.loads(record_path.read_text())
        if record.get("recipe") == RECIPE and record.get("closed_cases") == closed_cases:
            return path, {**record, "reused": True, "upgraded": _upgraded(path)}
    # A build takes long (1M cases: hours on a busy machine): a second run waits for it rather than starting over.
    builder = folder / f"book-{size}.pid"
    if builder.exists() and _alive(int(builder.read_text())):
        raise SystemExit(f"{path} is being built by process {builder.read_text().strip()}; run again once it is done")
    builder.write_text(str(os.getpid()))
    record_path.unlink(missing_ok=True)
    record = build_closed_book(path, closed_cases, today)
    record_path.write_text(json.dumps(record, ensure_ascii=False, indent=1))
    builder.unlink()
    return path, {**record, "reused": False}


def _upgraded(path: Path) -> list[str]:
    """A kept book made by an earlier version, brought to this one's schema as an office would (`db upgrade`):
    the revisions applied, none when it is current."""
    from disclosure.maintenance import upgrade_book

    return upgrade_book(str(path))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def working_copy(book: Path, copy: Path) -> None:
    """A copy of the kept book to add the open work to and run the commands on (some of which write)."""
    for leftover in copy.parent.glob(copy.name + "*"):
        leftover.unlink()
    shutil.copyfile(book, copy)


def add_open_work(path: Path, today: date) -> str:
    """The 60 open applications through the API (see the module's docstring); returns an overdue one's number."""
    from disclosure.service import Office

    office = Office.open(str(path), create=False, today=lambda: today)
    # 20 working days to reply: received 40–60 days ago is overdue, 26–28 days ago falls due within days.
    overdue = [today - timedelta(days=40 + index % 21) for index in range(OVERDUE_CASES)]
    due_soon = [today - timedelta(days=26 + index % 3) for index in range(DUE_SOON_CASES)]
    later = [today - timedelta(days=1 + index % 5) for index in range(OPEN_CASES - OVERDUE_CASES - DUE_SOON_CASES)]
    words = random.Random(60)
    for index, received in enumerate(sorted(overdue + due_soon + later)):
        name = SEARCHED_NAME if index % 20 == 3 else words.choice(bench_search.SURNAMES) + words.choice(bench_search.GIVEN)
        request = f"{SEARCHED_REQUEST}生态修复项目的验收报告" if index % 20 == 11 else (
            words.choice(bench_search.DISTRICTS) + words.choice(bench_search.PLACES) + words.choice(bench_search.SUBJECTS))
        number = office.register(
            user="reg", on=received, channel="online", received=received, applicant=name, applicant_type="natural",
            request=request,
        ).number
        office.act(number, "assign", user="reg", on=min(received + timedelta(days=1), today), to=HANDLERS[index % len(HANDLERS)])
    overdue_numbers = [view.case.number for view in office.cases(overdue=True)]
    office.close()
    assert len(overdue_numbers) == OVERDUE_CASES, f"{len(overdue_numbers)} overdue, not {OVERDUE_CASES}"
    return overdue_numbers[0]
