"""Long maintenance writes in short batches, each its own transaction, and is safe to stop and run again.

`calendar load` over many open cases and `audit replay --repair` over many damaged ones commit
several times; between two of their batches another clerk's command gets the write lock; stopped
after a batch, what was committed stays and running the same command again finishes the work.
On SQLite and PostgreSQL (the database_url fixture).
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import select

import disclosure.audit.operations as audit_operations
import disclosure.office_calendar as office_calendar
from disclosure.service import Office
from disclosure.settings import Settings
from disclosure.storage.casebook import CaseBook
from disclosure.storage.tables import ClockRow
from disclosure.storage.waits import BookWaits
from disclosure.workflow.calendar import parse_overrides
from tests.integration.conftest import run_sql

TODAY = date(2026, 12, 22)
CASES = 7
BATCH = 3  # cases a repair batch takes
OPEN_CLOCKS = 2 * CASES  # a registered case runs its reply and correction-notice clocks
CLOCK_BATCH = 2 * BATCH  # clocks a calendar batch takes: three cases' worth
# Received on a Sunday: the reply is due 2027-01-15 on weekends only; with New Year's Day a holiday, 2027-01-18.
NEW_YEAR = parse_overrides('[2027]\nholidays = ["2027-01-01"]\n', source="2027.toml")
A_CLERK_DOES_NOT_WAIT = Settings(waits=BookWaits(busy_seconds=0.2))


class Interrupted(Exception):
    """A command stopped between two of its batches (as by Ctrl-C or a kill)."""


@pytest.fixture
def office(database_url):
    book = Office.open(database_url, today=lambda: TODAY)
    book.init("测试办公室", admin="admin")
    book.add_user("reg", ["registrar"], by="admin")
    for _ in range(CASES):
        _register(book)
    yield book
    book.close()


@pytest.fixture
def clerk(database_url, office):
    """Another clerk's Office on the same book, on its own connections, that gives up on a lock after 0.2 s."""
    other = Office.open(database_url, today=lambda: TODAY, settings=A_CLERK_DOES_NOT_WAIT)
    yield other
    other.close()


def _register(office) -> str:
    return office.register(
        user="reg", on="2026-12-21", channel="online", received="2026-12-20",
        applicant="张三", applicant_type="natural", request="年度预算",
    ).number


@contextmanager
def _after_each_write(office, then):
    """Call ``then`` after each of the office's write transactions has committed (the lock released)."""
    storage = office._context.storage
    writing = storage.writing

    @contextmanager
    def writing_then():
        with writing() as uow:
            yield uow
        then()

    storage.writing = writing_then
    try:
        yield
    finally:
        storage.writing = writing


def _open_clocks(office) -> int:
    with office.engine.connect() as connection:
        return len(connection.execute(select(ClockRow.name).where(ClockRow.status.in_(("running", "paused")))).all())


def _reply_dues(office) -> dict[str, date]:
    with office.engine.connect() as connection:
        return dict(connection.execute(
            select(ClockRow.case_number, ClockRow.due_on).where(ClockRow.name == "reply", ClockRow.status == "running")
        ).all())


def test_a_calendar_load_moves_many_cases_in_several_transactions(office, monkeypatch):
    monkeypatch.setattr(office_calendar, "REPROJECT_BATCH_CLOCKS", CLOCK_BATCH)
    assert _open_clocks(office) == OPEN_CLOCKS
    committed: list[int] = []
    with _after_each_write(office, lambda: committed.append(1)):
        result = office.load_calendar([NEW_YEAR], user="admin")

    assert len(result["moved"]) == CASES  # the reply clocks; the correction notices are due in December
    assert len(committed) == 1 + math.ceil(OPEN_CLOCKS / CLOCK_BATCH)  # the days, then each batch of clocks
    assert set(_reply_dues(office).values()) == {date(2027, 1, 18)}
    assert office.replay() == []


def _clerk_registers_after_the_first_write(office, clerk) -> tuple[list[str], object]:
    """What happened, in order: the maintenance's writes ("write") and the clerk's registration (its number)."""
    happened: list[str] = []

    def then() -> None:
        happened.append("write")
        if len(happened) == 1:
            happened.append(_register(clerk))  # refused (BookLocked) if the maintenance still held the lock

    return happened, _after_each_write(office, then)


def test_another_clerk_registers_between_two_batches_of_a_calendar_load(office, clerk, monkeypatch):
    monkeypatch.setattr(office_calendar, "REPROJECT_BATCH_CLOCKS", CLOCK_BATCH)
    happened, clerk_between_batches = _clerk_registers_after_the_first_write(office, clerk)

    with clerk_between_batches:
        result = office.load_calendar([NEW_YEAR], user="admin")

    assert happened[:2] == ["write", f"2026-{CASES + 1:04d}"] and happened[2:].count("write") >= 2
    assert len(result["moved"]) == CASES + 1  # the clerk's new case is moved by a later batch
    assert office.replay() == []


def test_a_calendar_load_stopped_after_a_batch_finishes_when_run_again(office, monkeypatch):
    monkeypatch.setattr(office_calendar, "REPROJECT_BATCH_CLOCKS", CLOCK_BATCH)
    reproject = CaseBook.reproject_open_clocks
    calls: list[int] = []

    def stopping_at_the_second_batch(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise Interrupted()
        return reproject(self, *args, **kwargs)

    monkeypatch.setattr(CaseBook, "reproject_open_clocks", stopping_at_the_second_batch)
    with pytest.raises(Interrupted):
        office.load_calendar([NEW_YEAR], user="admin")
    dues = sorted(_reply_dues(office).values())
    assert dues == [date(2027, 1, 15)] * (CASES - BATCH) + [date(2027, 1, 18)] * BATCH  # the first batch stays

    monkeypatch.setattr(CaseBook, "reproject_open_clocks", reproject)
    result = office.load_calendar([NEW_YEAR], user="admin")

    assert len(result["moved"]) == CASES - BATCH
    assert set(_reply_dues(office).values()) == {date(2027, 1, 18)}
    assert office.replay() == []


def _damage_every_case(office) -> None:
    run_sql(office, "UPDATE cases SET due_on = '2000-01-03'")


def test_a_repair_of_many_cases_commits_in_several_transactions(office, monkeypatch):
    monkeypatch.setattr(audit_operations, "REPAIR_BATCH_CASES", BATCH)
    _damage_every_case(office)
    numbers = sorted(_reply_dues(office))
    committed: list[int] = []
    with _after_each_write(office, lambda: committed.append(1)):
        assert office.repair(user="admin") == numbers

    assert len(committed) == math.ceil(CASES / BATCH)
    assert office.replay() == []


def test_another_clerk_registers_between_two_batches_of_a_repair(office, clerk, monkeypatch):
    monkeypatch.setattr(audit_operations, "REPAIR_BATCH_CASES", BATCH)
    _damage_every_case(office)
    happened, clerk_between_batches = _clerk_registers_after_the_first_write(office, clerk)

    with clerk_between_batches:
        assert len(office.repair(user="admin")) == CASES

    assert happened[:2] == ["write", f"2026-{CASES + 1:04d}"] and happened[2:].count("write") >= 2
    assert office.replay() == []


def test_a_repair_stopped_after_a_batch_finishes_when_run_again(office, monkeypatch):
    monkeypatch.setattr(audit_operations, "REPAIR_BATCH_CASES", BATCH)
    _damage_every_case(office)
    numbers = sorted(_reply_dues(office))
    rewrite = CaseBook.rewrite_projection
    rewritten: list[int] = []

    def stopping_in_the_second_batch(self, case, history, clock_positions):
        rewritten.append(1)
        if len(rewritten) == BATCH + 1:
            raise Interrupted()
        rewrite(self, case, history, clock_positions)

    monkeypatch.setattr(CaseBook, "rewrite_projection", stopping_in_the_second_batch)
    with pytest.raises(Interrupted):
        office.repair(user="admin")
    assert {difference.case for difference in office.replay()} == set(numbers[BATCH:])  # the first batch stays

    monkeypatch.setattr(CaseBook, "rewrite_projection", rewrite)
    assert office.repair(user="admin") == numbers[BATCH:]
    assert office.replay() == []
    assert office.repair(user="admin") == []


def test_a_repair_leaves_alone_a_case_a_clerk_put_right_after_the_replay(office, monkeypatch):
    """Each batch compares again under the lock: what the replay found wrong may be right by then."""
    monkeypatch.setattr(audit_operations, "REPAIR_BATCH_CASES", BATCH)
    _damage_every_case(office)
    numbers = sorted(_reply_dues(office))
    last = numbers[-1]
    repaired_first: list[int] = []

    def then() -> None:
        if not repaired_first:  # after the first batch, the last case is put right behind the repair's back
            repaired_first.append(1)
            run_sql(office, f"UPDATE cases SET due_on = (SELECT due_on FROM clocks WHERE case_number = '{last}' "
                            f"AND name = 'reply') WHERE number = '{last}'")

    with _after_each_write(office, then):
        assert office.repair(user="admin") == numbers[:-1]
    assert office.replay() == []
