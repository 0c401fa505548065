"""Personal data on disk is its owner's: the case book (and its -wal and -shm), a backup, a restored
book, an export and a report are created 0600, or 0660 and the office's group when `[files] group`
names one, whatever the umask; an existing book keeps its mode; `init` warns of a folder open to all."""

from __future__ import annotations

import grp
import os
import stat
from pathlib import Path

import pytest
from freezegun import freeze_time

from disclosure.cli import main
from disclosure.private_files import FileAccess
from disclosure.service import Office
from disclosure.settings import parse_settings
from disclosure.workflow.errors import InvalidInput
from tests.integration.conftest import TODAY, register


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _office_group() -> grp.struct_group:
    """A group this process may give files to: another than its own primary group when it may (root),
    so that a file of that group got it from the code, not from the process."""
    own = os.getegid()
    if os.geteuid() == 0:
        for group in grp.getgrall():
            if group.gr_gid != own:
                return group
    return grp.getgrgid(own)


@pytest.fixture
def run(capsys, monkeypatch):
    for name in ("DISCLOSURE_DB", "DISCLOSURE_CONFIG", "DISCLOSURE_CALENDAR", "DISCLOSURE_USER", "DISCLOSURE_KINDS"):
        monkeypatch.delenv(name, raising=False)

    def command(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return command


@pytest.fixture
def umask():
    """Sets the process's umask for the test, and puts the old one back."""
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


def _a_book_with_a_case(run, book: Path) -> None:
    db = ("--db", str(book), "--user", "admin")
    assert run(*db, "init", "--admin", "admin")[0] == 0
    assert run(*db, "users", "add", "wang", "--role", "registrar")[0] == 0
    code, _, err = run(
        "--db", str(book), "--user", "wang", "register", "--channel", "post", "--received", "2026-10-26", "--on", "2026-10-27",
        "--applicant", "张三", "--applicant-type", "natural", "--request", "某路段改造批复",
    )
    assert code == 0, err


def _every_written_file(run, book: Path, out: Path) -> list[Path]:
    """The book, and each file a command writes from it into ``out``."""
    db = ("--db", str(book), "--user", "admin")
    assert run(*db, "db", "backup", str(out / "backup.db"))[0] == 0
    settings = book.with_name("disclosure.toml")  # a restored book's settings are those beside it, or these
    config = ("--config", str(settings)) if settings.exists() else ()
    assert run(*config, "--db", str(out / "restored.db"), "db", "restore", str(out / "backup.db"))[0] == 0
    assert run(*db, "audit", "export", "--all", "--out", str(out / "export.json"))[0] == 0
    assert run(*db, "audit", "export", "--all", "--out", str(out / "export.json"), "--force")[0] == 0
    assert run(*db, "report", "annual", "--year", "2026", "--out", str(out / "report.md"))[0] == 0
    assert run(*db, "report", "annual", "--year", "2026", "--format", "xlsx", "--out", str(out / "report.xlsx"))[0] == 0
    return [book, *(out / name for name in ("backup.db", "restored.db", "export.json", "report.md", "report.xlsx"))]


@freeze_time("2026-11-20 10:00:00")
def test_every_file_holding_personal_data_is_its_owners_alone_whatever_the_umask(run, umask, tmp_path):
    umask(0)  # SQLite and open() would otherwise make every one of these 0644 or 0666
    (tmp_path / "out").mkdir()
    book = tmp_path / "book.db"
    _a_book_with_a_case(run, book)
    written = _every_written_file(run, book, tmp_path / "out")
    assert {path.name: _mode(path) for path in written} == {path.name: 0o600 for path in written}
    office = Office.open(str(book), today=lambda: TODAY)
    try:
        office.add_user("reg", ["registrar"], by="admin")
        register(office, received="2026-10-27")
        journals = [book.with_name(book.name + suffix) for suffix in ("-wal", "-shm")]
        assert {path.name: _mode(path) for path in journals} == {"book.db-wal": 0o600, "book.db-shm": 0o600}
    finally:
        office.close()


@freeze_time("2026-11-20 10:00:00")
def test_with_an_office_group_every_file_is_that_groups_too_whatever_the_umask(run, umask, tmp_path):
    umask(0o077)  # would narrow 0660 to 0600
    group = _office_group()
    office_folder, out = tmp_path / "office", tmp_path / "out"
    office_folder.mkdir()
    out.mkdir()  # a plain folder: a file here has the group only if it was given it
    # As docs/operations.md says: the book's folder passes the group on to the journals SQLite creates.
    os.chown(office_folder, -1, group.gr_gid)
    os.chmod(office_folder, 0o2770)
    (office_folder / "disclosure.toml").write_text(f'[files]\ngroup = "{group.gr_name}"\n', encoding="utf-8")
    book = office_folder / "book.db"
    _a_book_with_a_case(run, book)
    written = _every_written_file(run, book, out)
    settings = parse_settings({"files": {"group": group.gr_name}})
    office = Office.open(str(book), today=lambda: TODAY, settings=settings)
    try:
        office.add_user("reg", ["registrar"], by="admin")
        register(office, received="2026-10-27")
        written += [book.with_name(book.name + suffix) for suffix in ("-wal", "-shm")]
        found = {path.name: (_mode(path), os.stat(path).st_gid) for path in written}
    finally:
        office.close()
    assert found == {path.name: (0o660, group.gr_gid) for path in written}


def test_an_existing_books_mode_is_left_as_the_office_set_it(run, umask, tmp_path):
    book = tmp_path / "book.db"
    assert run("--db", str(book), "--user", "admin", "init", "--admin", "admin")[0] == 0
    os.chmod(book, 0o640)
    assert run("--db", str(book), "--user", "admin", "users", "add", "wang", "--role", "registrar")[0] == 0
    Office.open(str(book), settings=parse_settings({"files": {"group": _office_group().gr_name}})).close()
    assert _mode(book) == 0o640


def test_a_group_the_machine_lacks_is_one_line_and_no_book_is_made(run, tmp_path):
    (tmp_path / "disclosure.toml").write_text('[files]\ngroup = "no-such-group-gkb"\n', encoding="utf-8")
    book = tmp_path / "book.db"
    code, out, err = run("--db", str(book), "--user", "admin", "init", "--admin", "admin")
    settings = tmp_path / "disclosure.toml"
    assert (code, out, err) == (2, "", f"disclosure: error: {settings}: files.group: there is no group 'no-such-group-gkb' on this machine\n")
    assert not book.exists()


@pytest.mark.parametrize("table, message", [
    ({"group": 7}, "files.group must be the name of a group of this machine's users (got 7)"),
    ({"group": " "}, "files.group must be the name of a group of this machine's users (got ' ')"),
    ({"owner": "gkb"}, "files: unknown setting 'owner' (expected one of group)"),
])
def test_a_files_setting_that_is_not_a_group_name_is_refused(table, message):
    with pytest.raises(InvalidInput) as refused:
        parse_settings({"files": table})
    assert str(refused.value) == message


def test_without_the_setting_files_are_the_owners_alone():
    assert parse_settings({}).files == FileAccess() and FileAccess().mode == 0o600
    assert parse_settings({"files": {"group": _office_group().gr_name}}).files.mode == 0o660


@pytest.mark.parametrize("folder_mode, can", [
    (0o755, "list its files"),
    (0o701, "list its files"),
    (0o733, "list its files and delete or replace the case book"),
    (0o702, "delete or replace the case book"),
])
def test_init_warns_when_every_user_of_the_machine_may_enter_the_books_folder(run, tmp_path, folder_mode, can):
    folder = tmp_path / "office"
    folder.mkdir()
    os.chmod(folder, folder_mode)
    code, out, err = run("--db", str(folder / "book.db"), "--user", "admin", "init", "--admin", "admin")
    assert code == 0 and out.startswith("initialised ")
    assert err == (
        f"disclosure: warning: the case book's folder {folder} is open to every user of this machine "
        f"(mode {folder_mode:04o}): they can {can}; keep the book in a folder only the office may enter (chmod o-rwx), "
        f"and use PostgreSQL for an office shared by many users of this machine\n"
    )


def test_init_is_silent_about_a_folder_closed_to_others(run, tmp_path):
    os.chmod(tmp_path, 0o750)
    code, _, err = run("--db", str(tmp_path / "book.db"), "--user", "admin", "init", "--admin", "admin")
    assert (code, err) == (0, "")


def test_init_warns_when_the_books_folder_would_not_pass_the_office_group_on(run, tmp_path):
    os.chmod(tmp_path, 0o770)
    group = _office_group().gr_name
    (tmp_path / "disclosure.toml").write_text(f'[files]\ngroup = "{group}"\n', encoding="utf-8")
    code, _, err = run("--db", str(tmp_path / "book.db"), "--user", "admin", "init", "--admin", "admin")
    assert code == 0
    assert err == (
        f"disclosure: warning: files.group is {group} but new files in {tmp_path} do not take that group, so the "
        f"journals SQLite creates beside the book would not; run: chgrp {group} {tmp_path} && chmod g+s {tmp_path}\n"
    )
