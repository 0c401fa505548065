"""A command that changes the book and writes a file (--out, --letter-out) refuses a path it cannot write
before it records anything: no case registered, no step taken, no letter number used, no personal data
logged as exported, no report published. A failure of the writing itself, after the book changed, says
what was recorded."""

from __future__ import annotations

import errno
import json
import os
from contextlib import contextmanager

import pytest
from freezegun import freeze_time

from tests.cli.test_letters_cli import SETTINGS

TODAY = "2026-11-20 10:00:00"



@pytest.fixture
def office(cli, tmp_path, monkeypatch):
    """wang registers, li handles, liu heads, sun audits; 2026-0001 received 11-02 by post, assigned to li;
    a 2025 case so that 2025's report can be published; the office's filled parts of it in parts.toml."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "disclosure.toml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "taken.docx").write_text("an earlier file", encoding="utf-8")
    (tmp_path / "link.docx").symlink_to(tmp_path / "elsewhere.docx")
    (tmp_path / "garbage.bin").write_bytes(b"\x00not a word document\xff" * 10)
    with freeze_time(TODAY):
        for user, args in (
            ("admin", ("init", "--admin", "admin")),
            *(("admin", ("users", "add", name, "--role", role))
              for name, role in (("wang", "registrar"), ("li", "handler"), ("liu", "head"), ("sun", "auditor"))),
            ("wang", ("register", "--channel", "post", "--received", "2025-12-01", "--on", "2025-12-01", "--applicant", "赵六",
                      "--applicant-type", "natural", "--request", "预算")),
            ("wang", ("register", "--channel", "post", "--received", "2026-11-02", "--on", "2026-11-02", "--applicant", "张三",
                      "--applicant-type", "natural", "--request", "某路段改造批复")),
            ("wang", ("advance", "2026-0001", "assign", "--to", "li", "--on", "2026-11-03")),
            ("admin", ("report", "annual-form", "--year", "2025", "--out", "parts.toml")),
        ):
            code, _, err = cli(*args, user=user)
            assert code == 0, (args, err)
    return tmp_path


# A path each command must refuse, and the start of the one line it says: a missing folder, a file where a
# folder should be, a folder, an existing file (without --force), a symbolic link, the case book.
BAD_PATHS = [
    ("no-such-folder/out.file", "cannot write {option} no-such-folder/out.file: No such file or directory"),
    ("a-file/out.file", "cannot write {option} a-file/out.file: Not a directory"),
    ("a-folder", "{option} a-folder exists and is not a regular file"),  # or click's own words, where the option is a click.Path
    ("taken.docx", "{option} taken.docx exists; add --force to replace it"),
    ("link.docx", "{option} link.docx is a symbolic link; name the file itself"),
    ("cli.db", "{option} cli.db is the case book; choose another file"),
]

REGISTER = ("register", "--channel", "post", "--received", "2026-11-18", "--on", "2026-11-18", "--applicant", "李四",
            "--applicant-type", "natural", "--request", "某项目环评", "--letter")

# (the user, the command's arguments before its file's path, the option naming the file)
CHANGING = {
    "register": ("wang", (*REGISTER, "--letter-out"), "--letter-out"),
    "advance": ("li", ("advance", "2026-0001", "reply", "--outcome", "unavailable.not_held", "--on", "2026-11-10", "--letter",
                       "--letter-out"), "--letter-out"),
    "letter": ("wang", ("letter", "2026-0001", "acknowledgement", "--out"), "--out"),
    "audit export": ("sun", ("audit", "export", "2026-0001", "--with-personal-data", "--reason", "法院调卷", "--out"), "--out"),
    "ledger export": ("wang", ("ledger", "export", "--year", "2026", "--reveal", "--reason", "归档", "--out"), "--out"),
    "report publish": ("liu", ("report", "annual", "--year", "2025", "--parts", "parts.toml", "--publish", "--format", "xlsx",
                               "--out"), "--out"),
}


def _book(cli) -> dict:
    """What a command could change: the chain's head, the office log's head, the cases, the letters, the published years."""
    state = {}
    for name, args in (
        ("events", ("audit", "anchor")), ("office log", ("audit", "anchor", "--log")), ("cases", ("list", "--limit", "0", "--json")),
        ("letters", ("letters", "2026-0001", "--json")), ("access", ("audit", "access", "--json")),
        ("2025 report", ("report", "annual", "--year", "2025", "--json")),
    ):
        code, out, err = cli(*args)
        assert code == 0, (args, err)
        state[name] = out
    assert json.loads(state["2025 report"])["published"] is None
    return state


def _one_line_error(err: str, expected: str) -> None:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err == f"disclosure: error: {expected}\n", err


@freeze_time(TODAY)
@pytest.mark.parametrize("command", list(CHANGING))
@pytest.mark.parametrize("path, message", BAD_PATHS, ids=[path for path, _ in BAD_PATHS])
def test_a_path_that_cannot_be_written_changes_nothing(cli, office, command, path, message):
    user, arguments, option = CHANGING[command]
    before = _book(cli)
    code, out, err = cli(*arguments, path, user=user)
    assert (code, out) == (2, "")
    if path == "a-folder" and "Invalid value" in err:
        message = "Invalid value for '{option}': File 'a-folder' is a directory."
    _one_line_error(err, message.format(option=option))
    assert _book(cli) == before
    assert (office / "taken.docx").read_text(encoding="utf-8") == "an earlier file"
    assert not (office / "no-such-folder").exists() and not (office / "elsewhere.docx").exists()
    assert sorted(os.listdir(office / "a-folder")) == []


@freeze_time(TODAY)
def test_after_a_refusal_the_same_command_does_it_once_with_the_next_number(cli, office):
    for bad in ("no-such-folder/回执.docx", "a-file/回执.docx"):
        assert cli(*REGISTER, "--letter-out", bad, user="wang")[0] == 2
        assert cli("letter", "2026-0001", "acknowledgement", "--out", bad, user="wang")[0] == 2
    code, out, err = cli(*REGISTER, "--letter-out", "回执.docx", user="wang")
    assert (code, err) == (0, "") and out.splitlines()[0] == "2026-0002"  # the only case registered since
    assert "issued 某政公开〔2026〕第1号 acknowledgement" in out  # the first letter number, none used up
    code, out, _ = cli("list", "--limit", "0", "--json")
    assert [case["number"] for case in json.loads(out)] == ["2025-0001", "2026-0001", "2026-0002"]
    code, out, err = cli("letter", "2026-0001", "acknowledgement", "--out", "ack.docx", "--json", user="wang")
    assert code == 0 and json.loads(out)["number"] == "某政公开〔2026〕第2号"
    assert (office / "回执.docx").stat().st_size > 0 and (office / "ack.docx").stat().st_size > 0


@freeze_time(TODAY)
def test_force_keeps_the_old_file_until_the_new_one_is_written(cli, office):
    before = _book(cli)
    code, _, err = cli("letter", "2026-0001", "no-such-kind", "--out", "taken.docx", "--force", user="wang")
    assert code == 2 and err.count("\n") == 1
    assert (office / "taken.docx").read_text(encoding="utf-8") == "an earlier file"
    assert _book(cli) == before
    code, _, err = cli("letter", "2026-0001", "acknowledgement", "--out", "taken.docx", "--force", user="wang")
    assert (code, err) == (0, "") and (office / "taken.docx").read_bytes().startswith(b"PK")
    assert [name for name in os.listdir(office) if name.endswith(".part")] == []


@freeze_time(TODAY)
def test_a_refused_command_leaves_no_claimed_file(cli, office):
    """The file is claimed before the work: a command refused by a rule leaves none behind."""
    code, _, err = cli("letter", "2026-0001", "no-such-kind", "--out", "new.docx", user="wang")
    assert code == 2 and not (office / "new.docx").exists()
    code, _, err = cli("advance", "2026-0001", "reply", "--outcome", "unavailable.not_held", "--letter", "--letter-out", "new.docx",
                       user="wang")  # a registrar does not reply
    assert code == 1 and not (office / "new.docx").exists()
    code, _, err = cli("report", "annual", "--year", "2025", "--parts", "parts.toml", "--publish", "--format", "xlsx", "--out",
                       "new.xlsx", user="li")  # a handler does not publish
    assert code == 1 and not (office / "new.xlsx").exists()


@freeze_time(TODAY)
def test_a_template_that_is_no_word_document_publishes_nothing(cli, office):
    before = _book(cli)
    code, out, err = cli("report", "annual", "--year", "2025", "--parts", "parts.toml", "--publish", "--format", "docx",
                         "--template", "garbage.bin", "--out", "2025年度报告.docx", user="liu")
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert err.startswith("disclosure: error: the report template garbage.bin: ")
    assert _book(cli) == before and not (office / "2025年度报告.docx").exists()
    code, _, err = cli("report", "annual", "--year", "2025", "--parts", "parts.toml", "--publish", "--format", "docx",
                       "--out", "2025年度报告.docx", user="liu")
    assert code == 0 and "published the 2025 annual report" in err and (office / "2025年度报告.docx").stat().st_size > 0


class _FullDisk:
    """A file whose every write fails as on a full disk."""

    def __init__(self, handle) -> None:
        self._handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._handle.close()

    def write(self, data) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _OsOfAFullDisk:
    """The os module as the command line's files see it on a full disk (the document store's own files are written)."""

    def __getattr__(self, name: str):
        return getattr(os, name)

    @staticmethod
    def fdopen(*args, **kwargs):
        return _FullDisk(os.fdopen(*args, **kwargs))


@contextmanager
def _full_disk(monkeypatch):
    from disclosure.cli import output_files

    with monkeypatch.context() as patched:
        patched.setattr(output_files, "os", _OsOfAFullDisk())
        yield


@freeze_time(TODAY)
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the workbook's zip, closed on a full disk
def test_a_failure_to_write_after_the_book_changed_says_what_was_recorded(cli, office, monkeypatch):
    full = os.strerror(errno.ENOSPC)
    with _full_disk(monkeypatch):
        code, out, err = cli(*REGISTER, "--letter-out", "回执.docx", user="wang")
        assert (code, out) == (2, "")
        _one_line_error(err, (
            f"cannot write --letter-out 回执.docx: {full}; case 2026-0002 was registered and its letter 某政公开〔2026〕第1号 issued all "
            "the same: `disclosure file 2026-0002 某政公开〔2026〕第1号 --out FILE` writes the letter"
        ))
        code, out, err = cli("advance", "2026-0001", "reply", "--outcome", "unavailable.not_held", "--on", "2026-11-10", "--letter",
                             "--letter-out", "答复.docx", user="li")
        assert code == 2 and err.count("\n") == 1 and (
            "; reply on case 2026-0001 was recorded and its letter 某政公开〔2026〕第2号 issued all the same: "
            "`disclosure file 2026-0001 某政公开〔2026〕第2号 --out FILE` writes the letter\n") in err
        code, out, err = cli("letter", "2026-0001", "delivery-receipt", "--out", "回证.docx", user="li")
        assert code == 2 and err.count("\n") == 1 and err.endswith(
            "; letter 某政公开〔2026〕第3号 of case 2026-0001 was issued all the same: "
            "`disclosure file 2026-0001 某政公开〔2026〕第3号 --out FILE` writes it\n")
        code, out, err = cli("audit", "export", "2026-0001", "--with-personal-data", "--reason", "法院调卷", "--out", "x.json", user="sun")
        assert code == 2 and err.endswith("; the office log records the personal data as exported all the same\n")
        code, out, err = cli("ledger", "export", "--year", "2026", "--reveal", "--reason", "归档", "--out", "台账.csv", user="wang")
        assert code == 2 and err == (f"disclosure: error: cannot write --out 台账.csv: {full}; the office log records the personal "
                                     "data as exported all the same\n")
        code, out, err = cli("report", "annual", "--year", "2025", "--parts", "parts.toml", "--publish", "--format", "xlsx",
                             "--out", "r.xlsx", user="liu")
        assert code == 2 and err.endswith(
            "; the 2025 annual report was published all the same: `disclosure report annual --year 2025 --format xlsx --out FILE` "
            "writes it as published\n")
        code, out, err = cli("audit", "export", "2026-0001", "--out", "masked.json", user="sun")  # nothing recorded: nothing to say
        assert code == 2 and err == f"disclosure: error: cannot write --out masked.json: {full}; nothing was written\n"
        assert not {"回执.docx", "答复.docx", "回证.docx", "x.json", "台账.csv", "r.xlsx", "masked.json"} & set(os.listdir(office))
    code, _, err = cli("file", "2026-0002", "某政公开〔2026〕第1号", "--out", "回执.docx", user="wang")
    assert code == 0 and (office / "回执.docx").read_bytes().startswith(b"PK"), err
    code, _, err = cli("report", "annual", "--year", "2025", "--format", "xlsx", "--out", "r.xlsx", user="liu")
    assert code == 0 and "the 2025 report as published" in err
