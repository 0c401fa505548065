"""The JSON contract, walked over every command click knows (a new command without a probe here fails).

For each command: `--json` after the command and `disclosure --json` before it both print valid JSON
(on standard output, or, for a command whose output is a file, its message on standard error); a
provoked error is one JSON line `{"error": {"code", "message"}}` on standard error, with the exit
code the same error has without `--json`.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from freezegun import freeze_time

from disclosure.cli import main, root
from disclosure.cli.lazy_group import every_command
from disclosure.cli.notification_commands import JsonLogFormatter

TODAY = "2026-11-20 10:00:00"


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    user: str = "admin"
    before: tuple[str, ...] = ()  # global options, placed before the command ({book} is the prepared folder)


@dataclass(frozen=True)
class Probe:
    prints: Run | None  # None: a daemon, which prints no data to check
    fails: Run
    error_code: str
    on_stderr: bool = False  # the command's output is a file; --json turns its message on stderr into JSON
    fresh: bool = False  # runs on an empty folder (init)


def _run(*args: str, user: str = "admin", before: tuple[str, ...] = ()) -> Run:
    return Run(args, user, before)


PROBES: dict[tuple[str, ...], Probe] = {
    ("calendar", "add-days"): Probe(_run("2026-10-26", "20"), _run("2026-10-26", "20", "--unit", "weeks"), "usage"),
    ("calendar", "show"): Probe(_run("2026-11"), _run("2026-13"), "invalid_input"),
    ("calendar", "load"): Probe(_run("{book}/rest-day.toml"), _run("{book}/missing.toml"), "calendar_file"),
    ("calendar", "days"): Probe(_run(), _run("--year", "1800"), "invalid_input"),
    ("calendar", "ics"): Probe(_run(), _run("--out", "{book}/no-such-folder/d.ics"), "invalid_input"),
    ("audit", "anchor"): Probe(_run(), _run(before=("--config", "{book}/missing.toml")), "invalid_input"),
    ("audit", "verify"): Probe(_run(), _run("--anchor", "junk"), "invalid_input"),
    ("audit", "replay"): Probe(_run(), _run(user="stranger"), "unknown_user"),
    ("audit", "export"): Probe(_run("--all", "--out", "{book}/out.json"), _run("--all", "--out", "{book}/no-such-folder/e.json"),
                               "invalid_input", on_stderr=True),
    ("audit", "verify-export"): Probe(_run("{book}/export.json"), _run("{book}/missing.json"), "usage"),
    ("audit", "access"): Probe(_run(), _run(user="stranger"), "unknown_user"),
    ("db", "status"): Probe(_run(), _run(before=("--db", "{book}/nowhere/book.db")), "not_found"),
    ("db", "upgrade"): Probe(_run("--dry-run"), _run(before=("--db", "{book}/nowhere/book.db")), "not_found"),
    ("db", "backup"): Probe(_run("{book}/copy.db"), _run("{book}/export.json"), "invalid_input"),
    ("db", "restore"): Probe(_run("{book}/backup.db", before=("--db", "{book}/restored.db")),
                             _run("{book}/missing.db", before=("--db", "{book}/restored.db")), "not_found"),
    ("db", "roles"): Probe(None, _run(), "invalid_input"),
    ("init",): Probe(_run("--admin", "admin"), _run("--correction-days", "0"), "usage", fresh=True),
    ("users", "add"): Probe(_run("zhao", "--role", "handler"), _run("li", "--role", "handler"), "rule_violation"),
    ("users", "roles"): Probe(_run("li", "--add", "reviewer"), _run("nobody", "--add", "handler"), "not_found"),
    ("users", "disable"): Probe(_run("li"), _run("nobody"), "not_found"),
    ("users", "enable"): Probe(_run("zhou"), _run("nobody"), "not_found"),
    ("users", "login"): Probe(_run("li", "li2"), _run("nobody", "x"), "not_found"),
    ("users", "show"): Probe(_run("li"), _run("nobody"), "not_found"),
    ("users", "contact"): Probe(_run("li", "--email", "li@example.gov.cn"), _run("li"), "usage"),
    ("users", "list"): Probe(_run(), _run(user="stranger"), "unknown_user"),
    ("whoami",): Probe(_run(), _run(user="stranger"), "unknown_user"),
    ("register",): Probe(
        _run("--channel", "post", "--received", "2026-11-19", "--applicant", "李四", "--applicant-type", "natural",
             "--request", "某项目环评批复", user="wang"),
        _run("--channel", "pigeon", "--received", "2026-11-19", "--applicant", "李四", "--request", "x", user="wang"),
        "usage",
    ),
    ("show",): Probe(_run("2026-0001"), _run("2026-0099"), "not_found"),
    ("list",): Probe(_run(), _run("--on", "2026-13-01"), "usage"),
    ("search",): Probe(_run("张三"), _run("张三", "--state", "nonsense"), "invalid_input"),
    ("actions",): Probe(_run("2026-0001"), _run("2026-0099"), "not_found"),
    ("advance",): Probe(_run("2026-0001", "submit-review", user="li"), _run("2026-0001", "archive"), "rule_violation"),
    ("history",): Probe(_run("2026-0001"), _run("2026-0099"), "not_found"),
    ("void",): Probe(_run("2026-0001", "--reason", "重复登记", user="wang"), _run("2026-0099", "--reason", "x", user="wang"), "not_found"),
    ("approve-void",): Probe(_run("2026-0002", user="boss"), _run("2026-0001", user="boss"), "rule_violation"),
    ("reject-void",): Probe(_run("2026-0002", "--reason", "登记无误", user="boss"), _run("2026-0099", "--reason", "x", user="boss"), "not_found"),
    ("amend",): Probe(
        _run("2026-0001", "--version", "1", "--field", "received", "--value", "2026-10-23", "--reason", "收件日期录错", user="boss"),
        _run("2026-0001", "--version", "1", "--field", "colour", "--value", "x", "--reason", "x", user="boss"), "invalid_input",
    ),
    ("undo",): Probe(_run("2026-0001", user="wang"), _run("2026-0001", user="li"), "rule_violation"),
    ("explain",): Probe(_run("2026-0001"), _run("2026-0099"), "not_found"),
    ("sweep",): Probe(_run(), _run(before=("--config", "{book}/missing.toml")), "invalid_input"),
    ("notify",): Probe(_run(), _run(before=("--config", "{book}/missing.toml")), "invalid_input"),
    ("notifications", "list"): Probe(_run(), _run("--status", "bogus"), "usage"),
    ("notifications", "retry"): Probe(_run("1"), _run("999"), "rule_violation"),
    ("scheduler", "run"): Probe(None, _run(before=("--config", "{book}/missing.toml")), "invalid_input"),
    ("report", "annual"): Probe(_run("--year", "2026"), _run("--year", "1800"), "invalid_input"),
    ("report", "annual-form"): Probe(_run("--year", "2026", "--out", "{book}/form.toml"),
                                     _run("--year", "2026", "--out", "{book}/form.txt"), "usage", on_stderr=True),
    ("report", "stats"): Probe(_run("--year", "2026"), _run("--year", "1800"), "invalid_input"),
    ("kinds", "list"): Probe(_run(), _run(before=("--kinds", "{book}/missing.toml")), "invalid_input"),
    ("kinds", "show"): Probe(_run("disclosure"), _run("nokind"), "invalid_input"),
    ("letter",): Probe(_run("2026-0001", "acknowledgement", user="wang"), _run("2026-0001", "nokind", user="wang"), "invalid_input"),
    ("letters",): Probe(_run("2026-0001"), _run("2026-0099"), "not_found"),
    ("attach",): Probe(_run("2026-0001", "{book}/rest-day.toml", user="wang"), _run("2026-0001", "{book}/missing.pdf", user="wang"),
                       "invalid_input"),
    ("files",): Probe(_run("2026-0001"), _run("2026-0099"), "not_found"),
    ("file",): Probe(_run("2026-0001", "1", "--out", "{book}/copy.toml"), _run("2026-0001", "99", "--out", "{book}/none.toml"),
                     "not_found"),
    ("ledger", "export"): Probe(_run("--year", "2026"), _run("--year", "1800"), "invalid_input"),
    ("ledger", "import"): Probe(_run("{book}/ledger.csv"), _run("{book}/missing.csv"), "invalid_input"),
    ("ledger", "template"): Probe(_run("--out", "{book}/ledger.xlsx"), _run("--out", "{book}/ledger.txt"), "usage", on_stderr=True),
}


def leaf_commands(command: click.Command, path: tuple[str, ...] = ()):
    if isinstance(command, click.Group):
        for name, sub in every_command(command):
            yield from leaf_commands(sub, (*path, name))
    else:
        yield path


def test_every_command_has_a_probe():
    assert sorted(leaf_commands(root)) == sorted(PROBES)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """A case book with users, one assigned case, a failed delivery, an export, a backup and a ledger sheet beside it."""
    folder = tmp_path_factory.mktemp("prepared")
    (folder / "disclosure.toml").write_text(
        '[channels.oa]\ntype = "webhook"\nurl = "http://127.0.0.1:1/hook"\ntimeout = 1\n'
        '[office]\naddress = "某市某区某路1号"\nphone = "010-12345678"\ncontact = "政务公开科"\n', encoding="utf-8"
    )
    (folder / "rest-day.toml").write_text('[2026]\nholidays = ["2026-12-30"]\n', encoding="utf-8")
    (folder / "ledger.csv").write_text(
        "收到日期,申请人,申请人类型,申请方式,申请内容,状态\n2026-11-02,王五,自然人,网络,某小区规划许可,已登记\n", encoding="utf-8"
    )
    with freeze_time(TODAY):
        for args, user in (
            (("init", "--admin", "admin"), "admin"),
            (("users", "add", "wang", "--role", "registrar"), "admin"),
            (("users", "add", "li", "--role", "handler"), "admin"),
            (("users", "add", "zhou", "--role", "handler"), "admin"),
            (("users", "add", "boss", "--role", "head"), "admin"),
            (("users", "disable", "zhou"), "admin"),
            (("register", "--channel", "post", "--received", "2026-10-26", "--on", "2026-10-27", "--applicant", "张三",
              "--applicant-type", "natural", "--request", "某路段改造批复"), "wang"),
            (("register", "--channel", "post", "--received", "2026-11-19", "--applicant", "王五",
              "--applicant-type", "natural", "--request", "重复登记的申请"), "wang"),
            (("void", "2026-0002", "--reason", "与2026-0001重复"), "wang"),
            (("advance", "2026-0001", "assign", "--to", "li", "--on", "2026-10-28"), "wang"),
            (("attach", "2026-0001", str(folder / "rest-day.toml"), "--kind", "application", "--on", "2026-10-28"), "wang"),
            (("sweep",), "admin"),
            (("notify",), "admin"),
            (("audit", "export", "--all", "--out", str(folder / "export.json")), "admin"),
            (("db", "backup", str(folder / "backup.db")), "admin"),
        ):
            assert main(["--db", str(folder / "book.db"), "--user", user, *args]) == 0, args
    return folder


@pytest.fixture
def book_copy(prepared, tmp_path, monkeypatch):
    """A fresh copy of the prepared folder (or an empty one) for each call, as a clerk's shell would find it."""
    for name in ("DISCLOSURE_CALENDAR", "DISCLOSURE_USER", "DISCLOSURE_CONFIG", "DISCLOSURE_KINDS", "DISCLOSURE_DB"):
        monkeypatch.delenv(name, raising=False)
    copies = iter(range(100))

    def copy(fresh: bool) -> Path:
        folder = tmp_path / f"copy{next(copies)}"
        if fresh:
            folder.mkdir()
        else:
            shutil.copytree(prepared, folder)
        return folder

    return copy


@pytest.fixture
def run(capsys):
    def run_one(folder: Path, path: tuple[str, ...], call: Run, *, json_before: bool, json_after: bool) -> tuple[int, str, str]:
        before = [part.replace("{book}", str(folder)) for part in call.before]
        args = [part.replace("{book}", str(folder)) for part in call.args]
        argv = ["--db", str(folder / "book.db"), "--user", call.user, *(["--json"] if json_before else []), *before,
                *path, *args, *(["--json"] if json_after else [])]
        with freeze_time(TODAY):
            code = main(argv)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run_one


@pytest.mark.parametrize("path", sorted(PROBES), ids=" ".join)
def test_json_in_either_place_prints_json_and_errors_as_json(path, book_copy, run):
    probe = PROBES[path]
    if probe.prints is not None:
        for json_before in (False, True):
            code, out, err = run(book_copy(probe.fresh), path, probe.prints, json_before=json_before, json_after=not json_before)
            assert code == 0, (path, err)
            assert not any(line.startswith("disclosure:") for line in err.splitlines()), err
            if probe.on_stderr:
                assert out == "" and err.strip() and all(isinstance(json.loads(line), dict) for line in err.splitlines())
            else:
                json.loads(out)
    folder = book_copy(probe.fresh)
    code, out, plain = run(folder, path, probe.fails, json_before=False, json_after=False)
    assert code != 0 and plain.startswith("disclosure: error: ") and plain.count("\n") == 1, plain
    message = plain.removeprefix("disclosure: error: ").rstrip("\n")
    for json_before in (False, True):
        got = run(folder, path, probe.fails, json_before=json_before, json_after=not json_before)
        assert got[:2] == (code, "") and got[2].count("\n") == 1, got
        assert json.loads(got[2]) == {"error": {"code": probe.error_code, "message": message}}


@freeze_time(TODAY)
def test_an_xlsx_report_says_where_it_went_in_json(prepared, tmp_path, capsys):
    out = tmp_path / "report.xlsx"
    code = main(["--db", str(prepared / "book.db"), "report", "annual", "--year", "2026", "--format", "xlsx", "--out", str(out), "--json"])
    captured = capsys.readouterr()
    assert code == 0 and captured.out == "" and out.read_bytes()[:2] == b"PK"
    assert json.loads(captured.err) == {"wrote": {"year": 2026, "format": "xlsx", "out": str(out)}}


@freeze_time(TODAY)
def test_users_contact_prints_what_it_set(book_copy, capsys):
    book = book_copy(False) / "book.db"
    assert main(["--db", str(book), "users", "contact", "li", "--email", "li@example.gov.cn", "--mobile", "", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"name": "li", "email": "li@example.gov.cn", "mobile": None}
    assert main(["--db", str(book), "users", "contact", "li", "--mobile", "13900000001"]) == 0
    assert capsys.readouterr().out == "contact of li updated\n"


def test_a_usage_error_before_any_command_is_json_too(capsys):
    assert main(["--json", "no-such-command"]) == 2
    assert json.loads(capsys.readouterr().err) == {"error": {"code": "usage", "message": "No such command 'no-such-command'."}}


@freeze_time(TODAY)
def test_ics_to_a_file_stays_icalendar_and_says_so_in_json(prepared, tmp_path, capsys):
    out = tmp_path / "deadlines.ics"
    assert main(["--db", str(prepared / "book.db"), "--json", "calendar", "ics", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and out.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    # 2026-0001's reply clock; 2026-0002's reply and correction-notice clocks (registered, its voiding only asked)
    assert json.loads(captured.err) == {"wrote": {"deadlines": 3, "out": str(out)}}


def test_the_scheduler_logs_json_lines_with_json():
    record = logging.LogRecord("disclosure.scheduler", logging.INFO, __file__, 1, "swept %d cases", (3,), None)
    line = JsonLogFormatter().format(record)
    assert "\n" not in line and json.loads(line)["message"] == "swept 3 cases"
