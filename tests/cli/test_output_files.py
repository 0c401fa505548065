"""Every file a command writes (--out, --chart): no overwrite without --force, never the case book, never
through a symbolic link, and readable by its owner only."""

from __future__ import annotations

import json
import os
import stat

import pytest
from freezegun import freeze_time


@pytest.fixture
def office(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # --out names relative to here, the book by its absolute path
    assert cli("init", "--admin", "admin")[0] == 0
    assert cli("users", "add", "wang", "--role", "registrar")[0] == 0
    code, _, _ = cli(
        "register", "--channel", "post", "--received", "2026-10-26", "--on", "2026-10-27",
        "--applicant", "张三", "--applicant-type", "natural", "--request", "某路段改造批复", user="wang",
    )
    assert code == 0
    return tmp_path


# (the command's arguments before its output path, the option naming the file)
WRITERS = [
    (("audit", "export", "--all", "--out"), "--out"),
    (("audit", "export", "2026-0001", "--format", "csv", "--out"), "--out"),
    (("report", "annual", "--year", "2026", "--format", "xlsx", "--out"), "--out"),
    (("report", "annual", "--year", "2026", "--format", "md", "--out"), "--out"),
    (("report", "stats", "--year", "2026", "--chart"), "--chart"),
]


def _book_intact(cli) -> bool:
    code, out, _ = cli("audit", "verify")
    assert (code, out.split(";")[0]) == (0, "intact: 1 event in one chain, 1 case agrees with its events")
    return True


@freeze_time("2026-11-20 10:00:00")
@pytest.mark.parametrize("arguments, option", WRITERS)
def test_an_existing_file_is_kept_without_force_and_replaced_with_it(cli, office, arguments, option):
    kept = office / "out.file"
    kept.write_text("an earlier file", encoding="utf-8")
    code, out, err = cli(*arguments, "out.file")
    assert (code, out) == (2, "") and err.strip() == f"disclosure: error: {option} out.file exists; add --force to replace it"
    assert kept.read_text(encoding="utf-8") == "an earlier file"
    code, _, _ = cli(*arguments, "out.file", "--force")
    assert code == 0 and kept.read_bytes() != b"an earlier file"
    assert [path.name for path in office.iterdir() if path.name.endswith(".part")] == []


@freeze_time("2026-11-20 10:00:00")
@pytest.mark.parametrize("arguments, option", WRITERS)
def test_the_case_book_is_never_written_over(cli, office, arguments, option):
    os.link(office / "cli.db", office / "same-book.db")
    for name in ("cli.db", "./cli.db", str(office / "cli.db"), "same-book.db", "cli.db-wal"):
        for force in ((), ("--force",)):
            code, out, err = cli(*arguments, name, *force)
            assert (code, out) == (2, "") and err.strip() == f"disclosure: error: {option} {name} is the case book; choose another file"
    assert _book_intact(cli)


@freeze_time("2026-11-20 10:00:00")
@pytest.mark.parametrize("arguments, option", [*WRITERS, (("calendar", "ics", "--out"), "--out")])
def test_a_dash_names_no_file(cli, office, arguments, option):
    # Elsewhere "-" is standard output: a file of that name is never what was meant.
    code, out, err = cli(*arguments, "-")
    assert (code, out) == (2, "") and err.strip() == (
        f"disclosure: error: {option} - names no file; leave {option} out to print to standard output, where a command can")
    assert not (office / "-").exists()


@freeze_time("2026-11-20 10:00:00")
@pytest.mark.parametrize("arguments, option", WRITERS)
def test_nothing_is_written_through_a_symbolic_link(cli, office, arguments, option):
    (office / "elsewhere.txt").write_text("someone else's file", encoding="utf-8")
    (office / "link.out").symlink_to(office / "elsewhere.txt")
    (office / "dangling.out").symlink_to(office / "nowhere.txt")
    (office / "book.link").symlink_to(office / "cli.db")
    for name in ("link.out", "dangling.out", "book.link"):
        for force in ((), ("--force",)):
            code, out, err = cli(*arguments, name, *force)
            assert (code, out) == (2, "") and err.strip() == f"disclosure: error: {option} {name} is a symbolic link; name the file itself"
    assert (office / "elsewhere.txt").read_text(encoding="utf-8") == "someone else's file"
    assert not (office / "nowhere.txt").exists()
    assert _book_intact(cli)


@freeze_time("2026-11-20 10:00:00")
def test_an_export_and_a_report_are_readable_by_their_owner_only(cli, office):
    previous = os.umask(0o022)
    try:
        for force in ((), ("--force",)):  # created new, and written over
            assert cli("audit", "export", "--all", "--out", "export.json", *force)[0] == 0
            assert cli("report", "annual", "--year", "2026", "--out", "report.md", *force)[0] == 0
            assert stat.S_IMODE((office / "export.json").stat().st_mode) == 0o600
            assert stat.S_IMODE((office / "report.md").stat().st_mode) == 0o600
    finally:
        os.umask(previous)
    assert json.loads((office / "export.json").read_text(encoding="utf-8"))["case_count"] == 1


@freeze_time("2026-11-20 10:00:00")
def test_a_folder_or_an_unwritable_place_is_one_line(cli, office):
    (office / "folder").mkdir()
    code, _, err = cli("audit", "export", "--all", "--out", "folder", "--force")
    assert code == 2 and err.strip() == "disclosure: error: --out folder exists and is not a regular file"
    code, _, err = cli("audit", "export", "--all", "--out", "no-such-folder/export.json")
    assert code == 2 and err.startswith("disclosure: error: cannot write --out no-such-folder/export.json: ")
    assert len(err.splitlines()) == 1
