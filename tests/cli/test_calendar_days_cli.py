"""`calendar load` and `calendar days` on a case book; every command then counts with the stored days."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time



@pytest.fixture
def year_file(tmp_path):
    path = tmp_path / "2027.toml"
    path.write_text('[2027]\nholidays = ["2027-01-01"]\nworkdays = ["2027-01-09"]\n', encoding="utf-8")
    return str(path)


@freeze_time("2026-12-22 10:00:00")
def test_loaded_days_move_the_deadline_shown_and_counted(cli, year_file):
    assert cli("init", "--admin", "admin")[0] == 0
    assert cli("users", "add", "wang", "--role", "registrar")[0] == 0
    code, out, _ = cli(
        "register", "--channel", "post", "--received", "2026-12-20", "--on", "2026-12-21",
        "--applicant", "张三", "--applicant-type", "natural", "--request", "年度预算", user="wang",
    )
    assert code == 0
    number = out.strip()
    shown = json.loads(cli("show", number, "--json", user="wang")[1])
    assert (shown["due_on"], shown["provisional"]) == ("2027-01-15", True)

    code, out, err = cli("calendar", "load", year_file, "--json")
    assert code == 0, err
    loaded = json.loads(out)
    assert loaded["years"] == [2027] and loaded["days"] == 2
    # The date stands, firm now: not a move, but told apart.
    assert all(entry["case"] != number for entry in loaded["moved"])
    assert {"case": number, "clock": "reply", "on": "2027-01-15", "provisional": False} in loaded["reflagged"]

    # 1 January is a holiday and Saturday 9 January a make-up working day: still 15 January, now firm.
    shown = json.loads(cli("show", number, "--json", user="wang")[1])
    assert (shown["due_on"], shown["provisional"]) == ("2027-01-15", False)
    added = json.loads(cli("calendar", "add-days", "2026-12-31", "1", "--json")[1])
    assert added == {"start": "2026-12-31", "n": 1, "unit": "workdays", "due": "2027-01-04", "provisional": False}
    month = json.loads(cli("calendar", "show", "2027-01", "--json")[1])
    assert month["provisional"] is False

    code, out, _ = cli("calendar", "days", "--json")
    kept = json.loads(out)
    assert [day["day"] for day in kept["days"]] == ["2027-01-01", "2027-01-09"]
    assert [year["year"] for year in kept["years"]] == [2027]
    code, out, _ = cli("calendar", "days")
    assert "2027-01-01 休 holiday" in out and "2027-01-09 班 workday" in out


@freeze_time("2026-12-22 10:00:00")
def test_refusals_store_nothing(cli, year_file, tmp_path):
    assert cli("init", "--admin", "admin")[0] == 0
    assert cli("users", "add", "wang", "--role", "registrar")[0] == 0
    code, _, err = cli("calendar", "load", year_file, user="wang")
    assert code == 1 and "admin" in err and "Traceback" not in err
    broken = tmp_path / "broken.toml"
    broken.write_text('[2027]\nholidays = ["2027-01-01"]\nworkdays = ["2027-01-01"]\n', encoding="utf-8")
    code, _, err = cli("calendar", "load", year_file, str(broken))
    assert code == 2 and "both a holiday and a workday" in err and len(err.strip().splitlines()) == 1
    assert json.loads(cli("calendar", "days", "--json")[1]) == {"years": [], "days": []}


def test_calendar_commands_need_no_case_book(cli):
    code, out, _ = cli("calendar", "add-days", "2025-09-26", "20")
    assert (code, out.strip()) == (0, "2025-10-30")


@freeze_time("2026-12-22 10:00:00")
def test_verify_gives_the_same_verdict_with_or_without_a_calendar_file(cli, year_file, tmp_path):
    other = tmp_path / "other.toml"
    other.write_text('[2027]\nholidays = ["2027-01-04", "2027-01-05"]\n', encoding="utf-8")
    assert cli("init", "--admin", "admin")[0] == 0
    assert cli("users", "add", "wang", "--role", "registrar")[0] == 0
    assert cli("users", "add", "han", "--role", "handler")[0] == 0
    number = cli(
        "register", "--channel", "post", "--received", "2026-12-20", "--on", "2026-12-21",
        "--applicant", "张三", "--applicant-type", "natural", "--request", "年度预算", user="wang",
    )[1].strip()
    assert cli("advance", number, "assign", "--to", "han", user="wang")[0] == 0
    code, _, err = cli("advance", number, "reply", "--outcome", "unavailable.not_held", user="han")
    assert code == 0, err
    assert cli("calendar", "load", year_file)[0] == 0  # next year's days, after the case was answered

    without = cli("audit", "verify", "--json")
    with_file = cli("--calendar", str(other), "audit", "verify", "--json")
    assert without[0] == with_file[0] == 0, (without, with_file)
    assert json.loads(without[1]) == json.loads(with_file[1])
    assert json.loads(without[1])["intact"] is True
    assert cli("--calendar", str(other), "audit", "replay")[0] == 0


@freeze_time("2026-12-22 10:00:00")
def test_a_load_that_only_makes_a_date_firm_says_so_and_lists_no_move(cli, year_file):
    assert cli("init", "--admin", "admin")[0] == 0
    cli("register", "--channel", "post", "--received", "2026-12-20", "--on", "2026-12-21",
        "--applicant", "张三", "--applicant-type", "natural", "--request", "年度预算")
    code, out, _ = cli("calendar", "load", year_file)
    assert code == 0 and out.splitlines() == [
        "kept 2 days; years declared known: 2027",
        "no open deadline moved 无期限变动",
        "1 open deadline kept the date, no longer provisional 日期不变，不再暂定",
    ]
