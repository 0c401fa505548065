"""[database] synchronous: how durable a SQLite book's commits are, on every connection the engine opens."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure.service import Office
from disclosure.settings import DEFAULT_SETTINGS, load_settings, parse_settings
from disclosure.workflow.errors import InvalidInput

ROOT = Path(__file__).resolve().parents[2]
# What SQLite's PRAGMA synchronous answers for each mode.
FULL, NORMAL = 2, 1


def _synchronous_of_each_connection(office: Office) -> tuple[int, int]:
    """The level in force on a writing command's connection and on a reading one."""
    with office._context.storage.writing() as uow:
        writing = uow.connection.exec_driver_sql("PRAGMA synchronous").scalar_one()
    with office._context.storage.reading() as uow:
        reading = uow.connection.exec_driver_sql("PRAGMA synchronous").scalar_one()
    return writing, reading


def test_synchronous_is_full_unless_the_office_says_normal(tmp_path):
    assert DEFAULT_SETTINGS.waits.synchronous == "full"
    assert load_settings(None).waits.synchronous == "full"
    assert parse_settings({"database": {"synchronous": "normal"}}).waits.synchronous == "normal"
    both = parse_settings({"database": {"synchronous": "normal", "busy_timeout_seconds": 3}}).waits
    assert (both.synchronous, both.busy_seconds) == ("normal", 3)


def test_a_book_is_opened_at_full_by_default(tmp_path):
    office = Office.open(str(tmp_path / "book.db"))
    try:
        office.init("测试办公室", admin="admin")
        assert _synchronous_of_each_connection(office) == (FULL, FULL)
    finally:
        office.close()


def test_a_book_opened_with_normal_runs_every_connection_at_normal_and_still_records(tmp_path):
    path = tmp_path / "book.db"
    office = Office.open(str(path), settings=parse_settings({"database": {"synchronous": "normal"}}))
    try:
        office.init("测试办公室", admin="admin")
        assert _synchronous_of_each_connection(office) == (NORMAL, NORMAL)
        office.add_user("reg", ["registrar"])
        number = office.register(
            user="reg", on="2026-11-02", channel="online", received="2026-11-02",
            applicant="张三", applicant_type="natural", request="预算信息",
        ).number
    finally:
        office.close()
    reopened = Office.open(str(path), create=False)
    try:
        assert reopened.case(number).state == "registered"
        assert _synchronous_of_each_connection(reopened) == (FULL, FULL)  # the setting is the office's, not the file's
    finally:
        reopened.close()


@pytest.mark.parametrize("value", ["off", "FULL", "extra", 1, True, ["normal"]])
def test_any_other_synchronous_is_refused_in_one_line(value):
    with pytest.raises(InvalidInput) as refused:
        parse_settings({"database": {"synchronous": value}})
    assert str(refused.value) == f'database.synchronous must be "full" or "normal" (got {value!r})'


def test_the_command_line_refuses_another_synchronous_in_one_line_with_exit_2(tmp_path):
    book = tmp_path / "book.db"
    office = Office.open(str(book))
    office.init("测试办公室", admin="admin")
    office.close()
    (tmp_path / "disclosure.toml").write_text('[database]\nsynchronous = "off"\n', encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DISCLOSURE_")}
    environment["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-c", "from disclosure.cli import main; main()", "--db", str(book), "--user", "admin", "users", "list"],
        capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == f"disclosure: error: {tmp_path / 'disclosure.toml'}: database.synchronous must be \"full\" or \"normal\" (got 'off')\n"


def test_book_waits_built_by_an_embedder_take_only_full_or_normal():
    from disclosure.storage.waits import BookWaits

    assert BookWaits(synchronous="normal").synchronous == "normal"
    with pytest.raises(ValueError, match="synchronous must be one of"):
        BookWaits(synchronous="off")
