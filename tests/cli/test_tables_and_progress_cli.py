"""What a clerk sees at a terminal: columns of Chinese that line up, and progress only where a person watches."""

from __future__ import annotations

import json
import os
import sqlite3
import time

from freezegun import freeze_time
from wcwidth import wcswidth

from disclosure.cli import progress


def _starts(line: str, values) -> list[int]:
    starts, position = [], 0
    for value in values:
        position = line.index(value, position)
        starts.append(wcswidth(line[:position]))
        position += len(value)
    return starts


def _aligned(lines: list[str], rows: list[list[str]]) -> bool:
    return len({tuple(_starts(line, row)) for line, row in zip(lines, rows, strict=True)}) == 1


def _office(cli):
    assert cli("init", "--admin", "admin")[0] == 0
    for name, role in (("wang", "registrar"), ("li", "handler"), ("示例处理人", "handler")):
        assert cli("users", "add", name, "--role", role)[0] == 0
    for applicant, received in (("张三", "2026-10-12"), ("Li Si", "2026-10-26"), ("示例建材有限公司", "2026-11-16")):
        assert cli("register", "--channel", "post", "--received", received, "--applicant", applicant,
                   "--applicant-type", "natural", "--request", "年度预算", user="wang")[0] == 0
    assert cli("advance", "2026-0002", "assign", "--to", "li", user="wang")[0] == 0
    assert cli("advance", "2026-0002", "consult", "--party", "agency", user="li")[0] == 0


@freeze_time("2026-11-20 10:00:00")
def test_list_lines_up_chinese_states_and_names(cli):
    _office(cli)
    cases = json.loads(cli("list", "--json")[1])
    assert {case["state_label"] for case in cases} == {"已登记", "征求意见中"}
    lines = cli("list")[1].splitlines()
    rows = [[case["number"], case["state"], case["state_label"], "due "] for case in cases]
    assert len(lines) == 3 and _aligned(lines, rows), lines


@freeze_time("2026-11-20 10:00:00")
def test_kinds_show_and_users_list_line_up(cli):
    _office(cli)
    described = json.loads(cli("kinds", "show", "disclosure", "--json")[1])
    text = cli("kinds", "show", "disclosure")[1].splitlines()
    first_action = text.index("actions 动作:") + 1
    lines = text[first_action:first_action + len(described["actions"])]
    rows = [[action["name"], action["label"], "roles "] for action in described["actions"]]
    assert _aligned(lines, rows), lines
    states = text[2:2 + len(described["states"])]
    assert _aligned(states, [[state["code"], state["label"]] for state in described["states"]]), states

    users = json.loads(cli("users", "list", "--json")[1])
    lines = cli("users", "list")[1].splitlines()
    assert _aligned(lines, [[user["name"], user["login"] or "-"] for user in users]), lines


def _tampered(cli):
    _office(cli)
    with sqlite3.connect(os.environ["DISCLOSURE_DB"]) as connection:
        connection.execute("UPDATE cases SET state = 'archived' WHERE number = '2026-0001'")


_LABELS = ("verifying", "replaying", "repairing", "exporting", "调整期限中", "统计中")


@freeze_time("2026-11-20 10:00:00")
def test_no_progress_when_stderr_is_not_a_terminal(cli, monkeypatch, tmp_path):
    # Even the smallest book and the quickest step would show one, were stderr a terminal.
    monkeypatch.setattr(progress, "BAR_FROM_EVENTS", 0)
    monkeypatch.setattr(progress, "BUSY_AFTER_SECONDS", 0)
    _tampered(cli)
    year_file = tmp_path / "2027.toml"
    year_file.write_text('[2027]\nholidays = ["2027-01-01"]\n', encoding="utf-8")
    out_file = tmp_path / "export.json"
    for args in (("audit", "verify"), ("audit", "replay", "--repair", "--yes"), ("audit", "export", "--all", "--out", str(out_file)),
                 ("calendar", "load", str(year_file)), ("report", "stats", "--year", "2026"), ("report", "annual", "--year", "2026")):
        code, _, err = cli(*args)
        assert code in (0, 1), (args, err)
        assert "\r" not in err and not any(label in err for label in _LABELS), (args, err)


@freeze_time("2026-11-20 10:00:00")
def test_a_terminal_sees_the_replay_and_repair_bars(cli, monkeypatch):
    monkeypatch.setattr(progress, "BAR_FROM_EVENTS", 0)
    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    _tampered(cli)
    code, out, err = cli("audit", "replay", "--repair", "--yes")
    assert code == 0 and "repaired 1 case: 2026-0001" in out
    assert "replaying" in err and "repairing" in err
    assert "replaying" not in out  # standard output stays the answer alone


def test_busy_shows_a_turning_mark_on_a_terminal_and_wipes_it(monkeypatch, capsys):
    monkeypatch.setattr(progress, "BUSY_AFTER_SECONDS", 0)
    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    with progress.busy("counting 统计中"):
        time.sleep(0.3)
    err = capsys.readouterr().err
    assert err.startswith("\rcounting 统计中 |") and err.endswith(" " * 17 + "\r")


def test_busy_is_silent_for_a_quick_step(monkeypatch, capsys):
    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    with progress.busy("counting"):
        pass
    assert capsys.readouterr().err == ""


def test_busy_is_silent_off_a_terminal_however_long(monkeypatch, capsys):
    monkeypatch.setattr(progress, "BUSY_AFTER_SECONDS", 0)
    with progress.busy("counting"):
        time.sleep(0.3)
    assert capsys.readouterr().err == ""
