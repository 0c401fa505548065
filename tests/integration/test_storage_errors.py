"""Database driver errors reach a caller only as the package's storage errors (docs/errors.md).

A locked book, a missing table, a book that cannot be opened and a server that cannot be reached,
each through the Office and through the command line: the error is a ``StorageError`` with the
driver's exception as its cause, and the CLI prints one line and exits 1.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import disclosure.storage.database as database
from disclosure.cli import main
from disclosure.service import Office
from disclosure.settings import Settings, settings_file_for
from disclosure.storage.waits import BookWaits
from disclosure.storage.database import make_engine
from disclosure.storage.driver_errors import is_driver_error, translate
from disclosure.workflow.errors import (
    BookLocked,
    ConcurrentChange,
    DisclosureError,
    InvalidInput,
    NotFound,
    StorageError,
    StorageUnavailable,
)

PG_URL = os.environ.get("DISCLOSURE_TEST_PG")
UNREACHABLE_PG = "postgresql://postgres@127.0.0.1:1/test?connect_timeout=2"
ROOT = Path(__file__).resolve().parents[2]


def _raw_chain(error: BaseException) -> list[BaseException]:
    """The error and its causes: the package's error first, the driver's underneath."""
    chain = []
    while error is not None:
        chain.append(error)
        error = error.__cause__
    return chain


def _assert_translated(error: BaseException, kind: type[StorageError]) -> None:
    assert type(error) is kind, repr(error)
    assert "\n" not in str(error)
    assert any(is_driver_error(cause) for cause in _raw_chain(error)[1:]), "the driver's error is kept as the cause"


SHORT_WAIT = Settings(waits=BookWaits(busy_seconds=0.1))


@pytest.fixture
def sqlite_book(tmp_path):
    path = tmp_path / "book.db"
    (tmp_path / "disclosure.toml").write_text("[database]\nbusy_timeout_seconds = 0.1\n", encoding="utf-8")
    office = Office.open(str(path), settings=SHORT_WAIT)
    office.init("测试办公室", admin="admin")
    yield path, office
    office.close()


@pytest.fixture
def held_lock(sqlite_book):
    """Another clerk's command holding SQLite's write lock."""
    path, _ = sqlite_book
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    yield
    writer.execute("ROLLBACK")
    writer.close()


def test_a_write_to_a_locked_sqlite_book_is_book_locked(sqlite_book, held_lock):
    _, office = sqlite_book
    with pytest.raises(BookLocked, match=r"^the case book is busy \(held by another command for 0.1 s\); try again$") as raised:
        office.add_user("wang", ["registrar"], by="admin")
    _assert_translated(raised.value, BookLocked)
    assert isinstance(raised.value, StorageError) and isinstance(raised.value, DisclosureError)


def test_nothing_was_written_and_the_book_works_once_the_lock_is_gone(sqlite_book):
    path, office = sqlite_book
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    with pytest.raises(BookLocked):
        office.add_user("wang", ["registrar"], by="admin")
    writer.execute("ROLLBACK")
    writer.close()
    assert "wang" not in [user["name"] for user in office.users()]
    office.add_user("wang", ["registrar"], by="admin")
    assert "wang" in [user["name"] for user in office.users()]


def test_a_missing_table_is_a_storage_error(sqlite_book):
    path, office = sqlite_book
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE deliveries")
    with pytest.raises(StorageError, match="no such table: deliveries") as raised:
        office.notifications()
    _assert_translated(raised.value, StorageError)


def test_a_missing_table_on_the_prepared_statement_path_is_a_storage_error(sqlite_book):
    path, office = sqlite_book
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("DROP TABLE users")
    with pytest.raises(StorageError, match="no such table: users") as raised:
        office.register(user="admin", on="2025-09-26", channel="online", received="2025-09-26", applicant="张三",
                        applicant_type="natural", request="2025年部门预算")
    _assert_translated(raised.value, StorageError)


def test_a_book_in_a_folder_that_does_not_exist_cannot_be_opened(tmp_path):
    with pytest.raises(StorageUnavailable, match="cannot reach the case book") as raised:
        Office.open(str(tmp_path / "no" / "such" / "folder" / "book.db"))
    _assert_translated(raised.value, StorageUnavailable)


def test_a_file_that_is_not_a_database_cannot_be_opened(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"not a database, only a clerk's notes " * 100)
    with pytest.raises(StorageUnavailable, match="file is not a database"):
        Office.open(str(path))


@pytest.mark.parametrize("url", ["nosuchdialect://somewhere/book", "mysql://clerk@server/book",
                                 "postgresql+asyncpg://clerk@server/book", "postgresql+psycopg2://clerk@server/book"])
def test_a_url_for_a_database_this_engine_does_not_keep_is_refused_before_any_driver_is_looked_for(url):
    scheme = url.split("://")[0]
    with pytest.raises(InvalidInput, match=f"^a case book is a SQLite file or a postgresql:// URL, not {re.escape(scheme)}://$"):
        make_engine(url)


def test_a_url_that_cannot_be_read_is_refused_without_showing_its_password():
    with pytest.raises(InvalidInput, match="cannot be read") as raised:
        make_engine("postgresql://clerk:s3cret@server:notaport/book")
    assert str(raised.value).startswith("the case book's address postgresql+psycopg://clerk:***@server:notaport/book cannot be read")
    assert "s3cret" not in str(raised.value)


def test_a_book_whose_file_name_begins_with_sqlite_is_a_file_like_any_other(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sqlite-books").mkdir()
    for book in ("sqlite_book.db", "sqlite-books/2026.db"):
        result = _run_cli("--db", book, "init", "--office", "测试办公室", "--admin", "admin")
        assert result.returncode == 0, result.stderr
        assert (tmp_path / book).is_file()
        assert settings_file_for(book) == (tmp_path / book).parent / "disclosure.toml"
    assert settings_file_for("sqlite://") == tmp_path / "disclosure.toml"  # in memory: no folder of its own
    assert settings_file_for(f"sqlite:///{tmp_path}/sqlite-books/2026.db") == tmp_path / "sqlite-books" / "disclosure.toml"


def test_an_unreachable_postgresql_server_is_storage_unavailable():
    with pytest.raises(StorageUnavailable, match="cannot reach the case book") as raised:
        Office.open(UNREACHABLE_PG)
    _assert_translated(raised.value, StorageUnavailable)


@pytest.mark.skipif(not PG_URL, reason="DISCLOSURE_TEST_PG is not set (no PostgreSQL to test against)")
def test_a_postgresql_lock_timeout_is_book_locked():
    from sqlalchemy import text

    office = Office.open(PG_URL, settings=SHORT_WAIT)  # a command waits 0.1 s at most
    holder = make_engine(PG_URL)
    try:
        with holder.connect() as other, other.begin():  # another command holds the office-wide lock
            other.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": database.CHAIN_LOCK_KEY})
            with pytest.raises(BookLocked, match=r"busy \(held by another command for 0.1 s\)") as raised:
                office.add_user("someone-waiting", ["registrar"], by="admin")
        _assert_translated(raised.value, BookLocked)
    finally:
        holder.dispose()
        office.close()


def test_the_domains_errors_and_other_exceptions_pass_untranslated():
    assert translate(ConcurrentChange("x")) is None
    assert translate(NotFound("x")) is None
    assert translate(ValueError("x")) is None
    assert isinstance(translate(sqlite3.OperationalError("database is locked")), BookLocked)
    assert isinstance(translate(sqlite3.OperationalError("unable to open database file")), StorageUnavailable)
    assert type(translate(sqlite3.IntegrityError("UNIQUE constraint failed: users.name"))) is StorageError


def test_the_cli_says_a_locked_book_in_one_line(sqlite_book, held_lock, monkeypatch, capsys):
    path, _ = sqlite_book
    monkeypatch.delenv("DISCLOSURE_CALENDAR", raising=False)
    monkeypatch.delenv("DISCLOSURE_CONFIG", raising=False)
    code = main(["--db", str(path), "--user", "admin", "users", "add", "wang", "--role", "registrar"])
    err = capsys.readouterr().err
    assert code == 1
    assert err == "disclosure: error: the case book is busy (held by another command for 0.1 s); try again\n"
    assert "Traceback" not in err


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DISCLOSURE_")}
    environment["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-c", "from disclosure.cli import main; main()", *args],
        capture_output=True, text=True, env=environment, timeout=60,
    )


def test_the_cli_says_an_unreachable_server_in_one_line():
    result = _run_cli("--db", UNREACHABLE_PG, "--user", "admin", "list")
    assert result.returncode == 1
    assert result.stderr.startswith("disclosure: error: cannot reach the case book:")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_the_cli_says_a_schema_it_cannot_use_in_one_line(sqlite_book):
    path, _ = sqlite_book
    with sqlite3.connect(path) as connection:  # opening the book re-creates a missing table, not a column
        connection.execute("ALTER TABLE users RENAME COLUMN roles TO duties")
    result = _run_cli("--db", str(path), "--user", "admin", "users", "list")
    assert result.returncode == 1, result.stderr
    assert result.stderr == "disclosure: error: database: no such column: users.roles\n"


def test_a_folder_named_as_the_book_is_refused_as_a_folder(tmp_path):
    folder = tmp_path / "book.db"
    folder.mkdir()
    for create in (True, False):
        with pytest.raises(InvalidInput, match=r"book.db is a folder, not a case book: name a file in it \(--db .*book.db/disclosure.db\)$"):
            Office.open(str(folder), create=create)
    assert list(folder.iterdir()) == []
