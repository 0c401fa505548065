"""Backups of a case book, restoring one, and a damaged file called what it is."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure.maintenance import backup_book, restore_book
from disclosure.storage.schema import HEAD
from disclosure.service import Office
from disclosure.workflow.errors import InvalidInput, NotFound
from tests.integration.conftest import PG_URL, TODAY, register
from tests.integration.test_migrations import load_legacy

DISCLOSURE = str(Path(sys.executable).parent / "disclosure")


@pytest.fixture
def sqlite_book(tmp_path):
    path = str(tmp_path / "book.db")
    office = Office.open(path, today=lambda: TODAY)
    office.init("测试办公室", admin="admin")
    office.add_user("reg", ["registrar"], by="admin")
    for received in ("2025-09-26", "2025-09-29", "2025-10-09"):
        register(office, received=received)
    head = office.anchor()
    office.close()
    return path, head


def _mode(path: str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_backup_taken_while_a_clerk_writes_is_the_committed_book_checked_and_private(sqlite_book, tmp_path):
    path, head = sqlite_book
    clerk = sqlite3.connect(path)
    clerk.execute("BEGIN IMMEDIATE")
    clerk.execute("UPDATE office SET name = '未提交的改动'")  # a command halfway through its transaction
    made = backup_book(path, str(tmp_path / "copy.db"))
    clerk.rollback()
    clerk.close()
    assert made == {"file": str(tmp_path / "copy.db"), "format": "sqlite", "integrity": "ok", "verified": True,
                    "schema": HEAD, "events": 3, "head": str(head)}
    assert _mode(made["file"]) == 0o600
    copy = sqlite3.connect(made["file"])
    assert copy.execute("SELECT name FROM office").fetchone() == ("测试办公室",)
    copy.close()


def test_a_backup_never_overwrites_and_never_goes_onto_the_book(sqlite_book, tmp_path):
    path, _ = sqlite_book
    existing = tmp_path / "existing.db"
    existing.write_text("an office's other file")
    with pytest.raises(InvalidInput, match=r"exists already; a backup or a restored book goes to a new file$"):
        backup_book(path, str(existing))
    assert existing.read_text() == "an office's other file"
    with pytest.raises(InvalidInput, match="^the backup must go to another file than the case book$"):
        backup_book(path, path)
    link = tmp_path / "link.db"
    link.symlink_to(tmp_path / "elsewhere.db")
    with pytest.raises(InvalidInput):
        backup_book(path, str(link))
    assert not (tmp_path / "elsewhere.db").exists()
    with pytest.raises(NotFound, match="^no case book at"):
        backup_book(str(tmp_path / "none.db"), str(tmp_path / "copy.db"))


def test_a_book_of_an_older_schema_is_backed_up_before_its_upgrade(tmp_path):
    path = str(tmp_path / "old.db")
    load_legacy(path, "pre_appeals")
    made = backup_book(path, str(tmp_path / "before-upgrade.db"))
    assert (made["integrity"], made["verified"], made["schema"]) == ("ok", False, "0003")


def test_a_backup_restored_to_a_new_path_is_a_book_again(sqlite_book, tmp_path):
    path, head = sqlite_book
    backup_book(path, str(tmp_path / "copy.db"))
    restored = restore_book(str(tmp_path / "copy.db"), str(tmp_path / "restored.db"))
    assert (restored["verified"], restored["head"]) == (True, str(head))
    assert _mode(restored["file"]) == 0o600
    with pytest.raises(InvalidInput, match="exists already"):
        restore_book(str(tmp_path / "copy.db"), path)
    with pytest.raises(InvalidInput, match="^restore into PostgreSQL with pg_restore"):
        restore_book(str(tmp_path / "copy.db"), "postgresql://postgres@127.0.0.1/elsewhere")


def _zero_page(path: str, page: int) -> None:
    with open(path, "r+b") as handle:
        size = int.from_bytes(handle.read(18)[16:18], "big")  # the header's page size
        handle.seek((page - 1) * size)
        handle.write(bytes(size))


def test_a_damaged_file_is_called_corrupt_not_intact_and_is_not_backed_up(sqlite_book, tmp_path):
    path, _ = sqlite_book
    _zero_page(path, 3)  # the users table's first page: the chain itself still reads
    office = Office.open(path, create=False, today=lambda: TODAY)
    try:
        result = office.verify()
    finally:
        office.close()
    assert not result.intact and result.finding.problem == "corrupt"
    shown = subprocess.run([DISCLOSURE, "--db", path, "audit", "verify"], capture_output=True, text=True)
    assert shown.returncode == 1 and shown.stdout.startswith("CORRUPT 文件已损坏: corrupt at the file: ")
    refused = subprocess.run([DISCLOSURE, "--db", path, "db", "backup", str(tmp_path / "copy.db")], capture_output=True, text=True)
    assert refused.returncode == 1 and refused.stderr.startswith("disclosure: error: the copy at ")
    assert "fails SQLite's integrity check" in refused.stderr and not (tmp_path / "copy.db").exists()
    assert list(tmp_path.glob(".copy.db.*.part")) == []  # the copy was written beside, and removed


@pytest.mark.skipif(not PG_URL or shutil.which("pg_dump") is None, reason="needs DISCLOSURE_TEST_PG and pg_dump")
def test_a_postgresql_book_is_dumped_with_pg_dump_and_read_back(office, database_url, tmp_path):
    if "://" not in database_url:
        pytest.skip("PostgreSQL only")
    register(office)
    made = backup_book(database_url, str(tmp_path / "book.dump"))
    assert (made["format"], made["integrity"], made["schema"]) == ("pg_dump", "ok", HEAD)
    assert _mode(made["file"]) == 0o600 and os.path.getsize(made["file"]) > 0


def test_a_backup_stopped_halfway_leaves_nothing_under_the_backups_name(sqlite_book, tmp_path, monkeypatch):
    import disclosure.maintenance as maintenance

    path, _ = sqlite_book

    def copy_then_stop(source, target):
        Path(target).write_bytes(Path(source).read_bytes()[:4096])  # the first page only, as if killed
        raise KeyboardInterrupt

    monkeypatch.setattr(maintenance, "copy_sqlite", copy_then_stop)
    with pytest.raises(KeyboardInterrupt):
        backup_book(path, str(tmp_path / "copy.db"))
    assert not (tmp_path / "copy.db").exists() and list(tmp_path.glob(".copy.db.*.part")) == []
