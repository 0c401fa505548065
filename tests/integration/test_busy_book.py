"""A busy case book, from the real command line: one line, exit 1, after the office's configured wait.

Another command holds the write lock (SQLite: a connection in BEGIN IMMEDIATE; PostgreSQL: a session
holding the office-wide advisory lock); a clerk's command waits as long as disclosure.toml's
[database] says, then says "the case book is busy (held by another command for N s); try again"
and writes nothing.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from disclosure.service import Office
from disclosure.settings import load_settings, parse_settings
from disclosure.storage.database import CHAIN_LOCK_KEY, make_engine
from disclosure.storage.tables import metadata
from disclosure.storage.waits import BookWaits
from disclosure.workflow.errors import InvalidInput

PG_URL = os.environ.get("DISCLOSURE_TEST_PG")
ROOT = Path(__file__).resolve().parents[2]
WAIT = 1.0
# A Python process starting and opening the book takes well under this; the default wait (10 s) does not fit.
START_UP_ALLOWANCE = 5.0
needs_postgres = pytest.mark.skipif(not PG_URL, reason="DISCLOSURE_TEST_PG is not set (no PostgreSQL to test against)")


def _cli(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DISCLOSURE_")}
    environment["PYTHONPATH"] = str(ROOT)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", "from disclosure.cli import main; main()", *args],
        capture_output=True, text=True, env=environment, cwd=cwd, timeout=60,
    )
    return result, time.monotonic() - started


def _settings_file(folder: Path, busy: float, statement: float | None = None) -> Path:
    lines = ["[database]", f"busy_timeout_seconds = {busy}"]
    if statement is not None:
        lines.append(f"statement_timeout_seconds = {statement}")
    path = folder / "disclosure.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _register_args(db: str) -> list[str]:
    return [
        "--db", db, "--user", "admin", "register", "--on", "2026-03-02", "--received", "2026-03-02",
        "--channel", "online", "--applicant", "张三", "--applicant-type", "natural", "--request", "2025年部门预算",
    ]


def _assert_busy(result: subprocess.CompletedProcess, elapsed: float, waited: float) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"disclosure: error: the case book is busy (held by another command for {waited:g} s); try again\n"
    assert result.stdout == ""
    assert waited <= elapsed < waited + START_UP_ALLOWANCE, elapsed


@pytest.fixture
def sqlite_book(tmp_path):
    path = tmp_path / "book.db"
    office = Office.open(str(path))
    office.init("测试办公室", admin="admin")
    office.close()
    _settings_file(tmp_path, WAIT)
    return path


def test_a_held_sqlite_lock_is_one_line_and_exit_1_after_the_configured_wait(sqlite_book, tmp_path):
    holder = sqlite3.connect(sqlite_book, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another command's write transaction
    try:
        result, elapsed = _cli(*_register_args(str(sqlite_book)), cwd=tmp_path)
        _assert_busy(result, elapsed, WAIT)
        users, users_elapsed = _cli("--db", str(sqlite_book), "--user", "admin", "users", "add", "wang", "--role", "registrar", cwd=tmp_path)
        _assert_busy(users, users_elapsed, WAIT)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with sqlite3.connect(sqlite_book) as connection:  # nothing was written
        assert connection.execute("SELECT count(*) FROM cases").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM users WHERE name = 'wang'").fetchone() == (0,)
    result, _ = _cli(*_register_args(str(sqlite_book)), cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # the lock gone, the same command goes through


def test_the_wait_comes_from_the_config_file_named_on_the_command_line(sqlite_book, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    config = _settings_file(other, 0.5)
    holder = sqlite3.connect(sqlite_book, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result, elapsed = _cli("--config", str(config), *_register_args(str(sqlite_book)), cwd=tmp_path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _assert_busy(result, elapsed, 0.5)


@pytest.fixture
def postgres_book(tmp_path):
    engine = make_engine(PG_URL)
    metadata.drop_all(engine)
    engine.dispose()
    office = Office.open(PG_URL)
    office.init("测试办公室", admin="admin")
    office.close()
    return PG_URL


def _register_behind_the_advisory_lock(book: str, cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    """A register from the command line while another command's session holds the office-wide lock."""
    holder = make_engine(PG_URL)
    try:
        with holder.connect() as connection, connection.begin():
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
            return _cli(*_register_args(book), cwd=cwd)
    finally:
        holder.dispose()


def _pg_count(statement: str) -> int:
    engine = make_engine(PG_URL)
    try:
        with engine.connect() as connection:
            return connection.execute(text(statement)).scalar_one()
    finally:
        engine.dispose()


@needs_postgres
def test_a_held_postgresql_advisory_lock_is_one_line_and_exit_1_after_the_configured_wait(postgres_book, tmp_path):
    _settings_file(tmp_path, WAIT)  # for PostgreSQL, disclosure.toml in the working directory
    result, elapsed = _register_behind_the_advisory_lock(postgres_book, tmp_path)
    _assert_busy(result, elapsed, WAIT)
    assert _pg_count("SELECT count(*) FROM cases") == 0
    result, _ = _cli(*_register_args(postgres_book), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


@needs_postgres
def test_a_postgresql_statement_timeout_shorter_than_the_lock_wait_ends_the_wait(postgres_book, tmp_path):
    _settings_file(tmp_path, busy=30, statement=WAIT)
    result, elapsed = _register_behind_the_advisory_lock(postgres_book, tmp_path)
    _assert_busy(result, elapsed, WAIT)
    assert _pg_count("SELECT count(*) FROM cases") == 0


@needs_postgres
def test_the_statement_timeout_bounds_only_the_connections_that_write(postgres_book):
    office = Office.open(postgres_book, settings=parse_settings({"database": {"statement_timeout_seconds": 7}}))
    try:
        with office._context.storage.writing() as uow:
            assert uow.connection.exec_driver_sql("SHOW statement_timeout").scalar_one() == "7s"
            assert uow.connection.exec_driver_sql("SHOW lock_timeout").scalar_one() == "10s"
        with office._context.storage.reading() as uow:
            assert uow.connection.exec_driver_sql("SHOW statement_timeout").scalar_one() == "0"
    finally:
        office.close()


def test_the_waits_default_to_ten_seconds_and_a_minute():
    assert load_settings(None).waits == BookWaits(busy_seconds=10, statement_seconds=60)
    assert parse_settings({"database": {"busy_timeout_seconds": 2.5}}).waits == BookWaits(2.5, 60)
    assert parse_settings({"database": {"statement_timeout_seconds": 0}}).waits == BookWaits(10, 0)


@pytest.mark.parametrize(
    "table, message",
    [
        ({"busy_timeout_seconds": 0}, "database.busy_timeout_seconds must be a number of seconds, more than 0 to 3600"),
        ({"busy_timeout_seconds": -1}, "database.busy_timeout_seconds must be"),
        ({"busy_timeout_seconds": float("nan")}, "database.busy_timeout_seconds must be"),
        ({"busy_timeout_seconds": float("inf")}, "database.busy_timeout_seconds must be"),
        ({"busy_timeout_seconds": "10"}, "database.busy_timeout_seconds must be"),
        ({"busy_timeout_seconds": True}, "database.busy_timeout_seconds must be"),
        ({"statement_timeout_seconds": 3601}, "database.statement_timeout_seconds must be a number of seconds, 0 to 3600"),
        ({"lock_timeout": 3}, "database: unknown setting 'lock_timeout'"),
    ],
)
def test_a_wait_that_is_no_number_of_seconds_is_refused(table, message):
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_settings({"database": table})


def test_the_cli_refuses_a_bad_wait_in_one_line_with_exit_2(sqlite_book, tmp_path):
    (tmp_path / "disclosure.toml").write_text("[database]\nbusy_timeout_seconds = -5\n", encoding="utf-8")
    result, _ = _cli("--db", str(sqlite_book), "--user", "admin", "users", "list", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"disclosure: error: {tmp_path / 'disclosure.toml'}: database.busy_timeout_seconds must be a number of seconds")
    assert result.stderr.count("\n") == 1
