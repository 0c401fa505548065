"""Crash rounds: a real process (the CLI, or an embedder's Office) killed with SIGKILL at a random moment
of register, advance, sweep, calendar load, repair or notify, and the book checked afterwards.

Shared by tests/integration/test_crash_safety.py (a short run in `make test`) and
scripts/crash_test.py (a long run, --rounds N). Every round starts from the same book, built by
`build_book` (cases received in 2025, counted on the national calendar, so the CLI's own "today"
never matters); the kill delay comes from a seeded random generator, and the seed is in every
failure message.

After each kill:
- no partial case: every cases row has exactly its events (version 1..n), every event's case has
  a row, every clocks row a case; `audit replay` finds no difference (the snapshot equals the
  replay) and `audit verify` calls the book intact;
- after a killed calendar load or repair (maintenance in batches, documented as safe to run
  again), the only differences are those the command was there to remove, and running it again
  leaves replay clean and verify intact;
- after a killed sweep, a new sweep on the same day leaves the alerts table (and one delivery per
  alert and channel) exactly as a sweep of an unkilled book does, and the same cases lapsed;
- after a killed notify, a notify once the lease is over sends every alert, and an alert is sent
  twice only if its delivery was claimed (`sending`) when the sender died: docs/operations.md's
  "at least once, never lost".
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from disclosure.service import Office
from disclosure.storage.audit_rows import cases, clocks, events
from disclosure.storage.database import make_engine
from disclosure.storage.tables import AlertRow, DeliveryRow, metadata
from disclosure.timekeeping import now as shanghai_now
from disclosure.workflow.calendar import parse_overrides

ROOT = Path(__file__).resolve().parents[2]
EMBEDDER = Path(__file__).with_name("crash_embedder.py")
OPERATIONS = ("register", "advance", "sweep", "calendar-load", "repair", "notify")
SWEPT_ON = "2025-12-01"
# Two local rest days in December 2025: the reply clocks still running then are due later. (After the
# due date of the lapsing case's stopped reply clock: replay judges stopped clocks on today's calendar.)
CALENDAR_FILE = '[2025]\nholidays = ["2025-12-09", "2025-12-10"]\n'
CLI_MAX_DELAY_MS = 1500  # a CLI command here takes about a second from start to exit
EMBEDDER_MAX_DELAY_MS = 400  # measured from "open": the operation itself
PAUSE_MS = 60  # the embedder's pause after each write (crash_embedder.py)
alerts, deliveries = AlertRow.__table__, DeliveryRow.__table__


class CrashFailure(AssertionError):
    pass


@dataclass(frozen=True)
class Round:
    operation: str
    via: str  # "cli" or "embedder"
    seed: int

    def __str__(self) -> str:
        return f"{self.operation} via {self.via}, seed {self.seed}"


def fresh_book(url: str, folder: Path) -> None:
    """An empty place for the book: the SQLite file removed, or the PostgreSQL database emptied."""
    if "://" not in url:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(url + suffix).unlink(missing_ok=True)
        return
    engine = make_engine(url)
    metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


def _register(office: Office, received: str) -> str:
    return office.register(
        user="reg", on=received, channel="online", received=received, applicant="张三",
        applicant_type="natural", request="2025年部门预算",
    ).number


def build_book(url: str) -> dict[str, str]:
    """The same book every round: a case overdue, one lapsing, one due soon, one running, one unassigned."""
    office = Office.open(url)
    try:
        office.init("测试办公室", admin="admin")
        for name, roles in {"reg": ["registrar"], "han": ["handler"], "rev": ["reviewer"], "boss": ["head"]}.items():
            office.add_user(name, roles, by="admin")
        overdue = _register(office, "2025-10-09")
        office.act(overdue, "assign", user="reg", on="2025-10-10", to="han")
        due_soon = _register(office, "2025-11-05")
        office.act(due_soon, "assign", user="reg", on="2025-11-06", to="han")
        lapsing = _register(office, "2025-11-10")
        office.act(lapsing, "assign", user="reg", on="2025-11-11", to="han")
        office.act(lapsing, "request-correction", user="han", on="2025-11-12", period=5)
        running = _register(office, "2025-11-17")
        office.act(running, "assign", user="reg", on="2025-11-18", to="han")
        unassigned = _register(office, "2025-11-24")
    finally:
        office.close()
    return {"overdue": overdue, "due_soon": due_soon, "lapsing": lapsing, "running": running, "unassigned": unassigned}


def _cli_command(url: str, operation: str, numbers: dict[str, str], folder: Path) -> list[str]:
    base = [sys.executable, "-c", "from disclosure.cli import main; main()", "--db", url]
    return base + {
        "register": ["--user", "reg", "register", "--on", "2025-11-25", "--received", "2025-11-25", "--channel",
                     "online", "--applicant", "李四", "--applicant-type", "natural", "--request", "采购合同"],
        "advance": ["--user", "reg", "advance", numbers["unassigned"], "assign", "--to", "han", "--on", "2025-11-25"],
        "sweep": ["--user", "admin", "sweep", "--on", SWEPT_ON],
        "calendar-load": ["--user", "admin", "calendar", "load", str(folder / "2025.toml")],
        "repair": ["--user", "admin", "audit", "replay", "--repair", "--yes"],
    }[operation]


def _embedder_command(url: str, operation: str, numbers: dict[str, str], folder: Path) -> list[str]:
    arguments = {
        "register": {"user": "reg", "on": "2025-11-25", "channel": "online", "received": "2025-11-25",
                     "applicant": "李四", "applicant_type": "natural", "request": "采购合同"},
        "advance": {"number": numbers["unassigned"], "action": "assign", "user": "reg", "on": "2025-11-25", "to": "han"},
        "sweep": {"on": SWEPT_ON},
        "calendar-load": {"files": [str(folder / "2025.toml")], "user": "admin"},
        "repair": {"user": "admin"},
        "notify": {"channels": ["console"], "sent_to": str(folder / "sent.txt")},
    }[operation]
    return [sys.executable, str(EMBEDDER), url, operation, json.dumps(arguments, ensure_ascii=False)]


def _environment(seed: int) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DISCLOSURE_")}
    environment.update(
        PYTHONPATH=str(ROOT), DISCLOSURE_CRASH_PAUSE_MS=str(PAUSE_MS), DISCLOSURE_CRASH_SEED=str(seed),
        DISCLOSURE_CRASH_SMALL_BATCHES="1",
    )
    return environment


def run_and_kill(command: list[str], *, wait_for_open: bool, delay_ms: float, folder: Path, seed: int) -> str:
    """Start the process, sleep ``delay_ms`` (after its "open" line, for the embedder), SIGKILL it.

    Returns "finished" (it ended first), "killed" or, for the embedder, "killed inside a write
    transaction" (its last line says it had written and not yet committed). A process that ended on its own with an error is
    a failure: a crash test must not hide a traceback."""
    process = subprocess.Popen(
        command, cwd=folder, env=_environment(seed), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    if wait_for_open:
        line = process.stdout.readline()  # "" if it died first; the exit code then tells
        if line.strip() != "open" and process.wait(60) != 0:
            raise CrashFailure(f"the process failed before opening the book: {process.stderr.read()}")
    time.sleep(delay_ms / 1000)
    outcome = "finished"
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
        outcome = "killed"
    code = process.wait(60)
    stdout, stderr = process.communicate()
    if outcome == "finished" or code != -signal.SIGKILL:
        if code != 0:
            raise CrashFailure(f"the process exited {code} on its own: {stderr.strip()}")
        return "finished"
    said = stdout.split()
    last = stdout.strip().splitlines()[-1] if said else ""
    return "killed inside a write transaction" if last.startswith("wrote ") else outcome


# -- the checks ------------------------------------------------------------------------------


def assert_no_partial_case(office: Office) -> None:
    with office.engine.connect() as connection:
        versions = dict(connection.execute(select(cases.c.number, cases.c.version)).all())
        histories = {
            number: (count, lowest, highest)
            for number, count, lowest, highest in connection.execute(
                select(events.c.case_number, func.count(), func.min(events.c.version), func.max(events.c.version))
                .group_by(events.c.case_number)
            )
        }
        clock_cases = set(connection.execute(select(clocks.c.case_number).distinct()).scalars())
    if set(versions) != set(histories):
        raise CrashFailure(f"cases rows {sorted(versions)} but events of {sorted(histories)}")
    for number, version in versions.items():
        if histories[number] != (version, 1, version):
            raise CrashFailure(f"case {number} at version {version} has events (count, first, last) {histories[number]}")
    if not clock_cases <= set(versions):
        raise CrashFailure(f"clocks of cases without a row: {sorted(clock_cases - set(versions))}")


def assert_clean(office: Office) -> None:
    assert_no_partial_case(office)
    differences = office.replay()
    if differences:
        raise CrashFailure(f"audit replay finds differences: {differences[:3]}")
    verification = office.verify()
    if not verification.intact:
        raise CrashFailure(f"audit verify: {verification.finding}")


def alert_table(office: Office) -> list[tuple]:
    columns = [alerts.c[name] for name in ("key", "case_number", "clock", "started", "threshold", "due_on",
                                            "swept_on", "recipients", "subject", "text")]
    with office.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(select(*columns).order_by(alerts.c.key))]


def delivery_count(office: Office) -> Counter:
    with office.engine.connect() as connection:
        rows = connection.execute(
            select(alerts.c.key, deliveries.c.channel).join_from(deliveries, alerts, alerts.c.id == deliveries.c.alert_id)
        )
        return Counter(tuple(row) for row in rows)


def case_states(office: Office) -> dict[str, tuple[str, int]]:
    with office.engine.connect() as connection:
        return {number: (state, version) for number, state, version in
                connection.execute(select(cases.c.number, cases.c.state, cases.c.version))}


def reference_sweep(folder: Path) -> tuple[list[tuple], Counter, dict]:
    """The alerts, deliveries and case states a sweep on SWEPT_ON leaves in an unkilled book."""
    url = str(folder / "reference.db")
    fresh_book(url, folder)
    build_book(url)
    office = Office.open(url, create=False)
    try:
        office.sweep(SWEPT_ON)
        return alert_table(office), delivery_count(office), case_states(office)
    finally:
        office.close()


def _damage(office: Office) -> set[str]:
    """Every open projection's due date moved, behind the engine's back: work for repair."""
    with office.engine.begin() as connection:
        connection.execute(text("UPDATE clocks SET due_on = '2030-01-01' WHERE status = 'running'"))
        connection.execute(text("UPDATE cases SET due_on = '2030-01-01' WHERE due_on IS NOT NULL"))
    return {difference.case for difference in office.replay()}


def _sending(office: Office) -> set[str]:
    with office.engine.connect() as connection:
        return set(connection.execute(
            select(alerts.c.key).join_from(deliveries, alerts, alerts.c.id == deliveries.c.alert_id)
            .where(deliveries.c.status == "sending")
        ).scalars())


class _Appending:
    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, message) -> None:
        with self.path.open("a", encoding="utf-8") as sent:
            sent.write(message.key + "\n")


def play_round(url: str, folder: Path, crash: Round, reference: tuple[list[tuple], Counter, dict]) -> str:
    """One round: a fresh book, the operation killed at a random moment, the checks. Returns what happened."""
    chance = random.Random(crash.seed)
    fresh_book(url, folder)
    numbers = build_book(url)
    (folder / "2025.toml").write_text(CALENDAR_FILE, encoding="utf-8")
    sent = folder / "sent.txt"
    sent.unlink(missing_ok=True)
    office = Office.open(url, create=False)
    try:
        damaged = _damage(office) if crash.operation == "repair" else set()
        if crash.operation == "notify":
            office.sweep(SWEPT_ON)
        office.close()
        if crash.via == "cli":
            command = _cli_command(url, crash.operation, numbers, folder)
            delay = chance.uniform(0, CLI_MAX_DELAY_MS)
        else:
            command = _embedder_command(url, crash.operation, numbers, folder)
            delay = chance.uniform(0, EMBEDDER_MAX_DELAY_MS)
        outcome = run_and_kill(command, wait_for_open=crash.via == "embedder", delay_ms=delay, folder=folder,
                               seed=crash.seed)
        office = Office.open(url, create=False)
        assert_no_partial_case(office)
        if crash.operation == "calendar-load":
            _check_after_calendar_load(office, folder)
        elif crash.operation == "repair":
            _check_after_repair(office, damaged)
        elif crash.operation == "sweep":
            _check_after_sweep(office, reference)
        elif crash.operation == "notify":
            _check_after_notify(office, sent)
        else:
            assert_clean(office)
        return f"{outcome}, {delay:.0f} ms"
    finally:
        office.close()


def _check_after_calendar_load(office: Office, folder: Path) -> None:
    differences = office.replay()
    # Killed after the days were kept and before every batch of clocks moved: those clocks' due dates
    # (and their cases') are behind the book's calendar until the load is run again, nothing else.
    stale = [d for d in differences if d.field not in {"due_on", "open_due_on", "provisional"} and not d.field.startswith("clock ")]
    if stale:
        raise CrashFailure(f"a killed calendar load left differences other than due dates: {stale[:3]}")
    files = [parse_overrides(CALENDAR_FILE, source=str(folder / "2025.toml"))]
    office.load_calendar(files, user="admin")
    assert_clean(office)


def _check_after_repair(office: Office, damaged: set[str]) -> None:
    differences = office.replay()
    beyond = [d for d in differences if d.case not in damaged or d.field in {"snapshot", "history", "case row"}]
    if beyond:
        raise CrashFailure(f"a killed repair left differences it was not there to remove: {beyond[:3]}")
    office.repair(user="admin")
    assert_clean(office)


def _check_after_sweep(office: Office, reference: tuple[list[tuple], Counter, dict]) -> None:
    alerts_then, deliveries_then, states_then = reference
    assert_clean(office)
    office.sweep(SWEPT_ON)
    assert_clean(office)
    if alert_table(office) != alerts_then:
        missing = set(alerts_then) ^ set(alert_table(office))
        raise CrashFailure(f"after a killed sweep and a new one, the alerts differ from an unkilled sweep's: {missing}")
    if delivery_count(office) != deliveries_then:
        raise CrashFailure(f"deliveries {delivery_count(office)} where an unkilled sweep queues {deliveries_then}")
    if case_states(office) != states_then:
        raise CrashFailure(f"case states {case_states(office)} where an unkilled sweep leaves {states_then}")


def _check_after_notify(office: Office, sent: Path) -> None:
    assert_clean(office)
    claimed_when_killed = _sending(office)
    later = Office(office.engine, now=lambda: shanghai_now() + timedelta(seconds=office.settings.lease_seconds + 1))
    later.notify({"console": _Appending(sent)})
    times_sent = Counter(sent.read_text(encoding="utf-8").split()) if sent.exists() else Counter()
    with office.engine.connect() as connection:
        keys = set(connection.execute(select(alerts.c.key)).scalars())
        statuses = Counter(connection.execute(select(deliveries.c.status)).scalars())
    if set(times_sent) != keys:
        raise CrashFailure(f"alerts never delivered after a killed notify: {sorted(keys - set(times_sent))}")
    twice = {key for key, count in times_sent.items() if count > 1}
    if not twice <= claimed_when_killed or max(times_sent.values()) > 2:
        raise CrashFailure(f"delivered more than once: {sorted(twice)}; claimed when the sender died: {sorted(claimed_when_killed)}")
    if set(statuses) != {"sent"}:
        raise CrashFailure(f"deliveries left {dict(statuses)} after notify")


def rounds(seed: int, count: int, operations=OPERATIONS) -> list[Round]:
    """``count`` rounds over every (operation, way in) in turn, each with its own seed drawn from ``seed``."""
    kinds = [(operation, via) for operation in operations for via in ("cli", "embedder")
             if not (operation == "notify" and via == "cli")]  # the CLI's console output dies with it: no record to count
    chance = random.Random(seed)
    return [Round(*kinds[index % len(kinds)], seed=chance.randrange(2**32)) for index in range(count)]


def play(url: str, folder: Path, plan: list[Round], say=lambda line: None) -> Counter:
    """Play the rounds; a failure names its round and seed. Returns how many rounds killed and finished."""
    reference = reference_sweep(folder)
    tally: Counter = Counter()
    for crash in plan:
        try:
            happened = play_round(url, folder, crash, reference)
        except Exception as error:
            raise CrashFailure(f"round {crash}: {type(error).__name__}: {error}") from error
        tally[happened.split(",")[0]] += 1
        say(f"{crash}: {happened}")
    return tally
