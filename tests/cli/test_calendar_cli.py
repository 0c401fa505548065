"""The calendar commands as a clerk runs them: output, JSON contract, one-line errors and exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from freezegun import freeze_time

from disclosure.cli import main, root


def run(*args: str, env: dict[str, str] | None = None):
    runner = CliRunner()
    return runner.invoke(root, list(args), env=env or {"DISCLOSURE_CALENDAR": ""}, catch_exceptions=False)


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("start", "due"),
    [("2025-09-26", "2025-10-30"), ("2026-09-30", "2026-11-03"), ("2026-12-01", "2026-12-29")],
)
def test_add_days_prints_the_statute_examples(start, due):
    result = run("calendar", "add-days", start, "20")
    assert result.exit_code == 0
    assert result.output.strip() == due


def test_add_days_json_contract():
    result = run("calendar", "add-days", "2025-09-26", "20", "--json")
    assert json.loads(result.output) == {
        "start": "2025-09-26",
        "n": 20,
        "unit": "workdays",
        "due": "2025-10-30",
        "provisional": False,
    }


def test_add_days_into_a_year_without_data_is_provisional():
    payload = json.loads(run("calendar", "add-days", "2026-12-20", "20", "--json").output)
    assert payload["due"] == "2027-01-15"
    assert payload["provisional"] is True


def test_months_and_days_units_roll_over_rest_days():
    assert run("calendar", "add-days", "2026-03-19", "3", "--unit", "months").output.strip() == "2026-06-22"
    # 2026-09-16 + 15 days = 2026-10-01, National Day: the period ends on the first working day after the block.
    assert run("calendar", "add-days", "2026-09-16", "15", "--unit", "days").output.strip() == "2026-10-08"


def test_explain_lists_the_days_met_in_order():
    lines = run("calendar", "add-days", "2025-09-26", "20", "--explain").output.splitlines()
    assert "2025-09-28" in lines[2] and "调休上班" in lines[2] and "day 1" in lines[2]
    assert any("2025-10-06" in line and "中秋节" in line for line in lines)
    assert lines[-1].startswith("due 截止日: 2025-10-30")


def test_calendar_file_makes_a_year_known_and_moves_deadlines(tmp_path):
    path = tmp_path / "2027.toml"
    path.write_text('[2027]\nholidays = ["2027-01-04", "2027-01-05"]\n', encoding="utf-8")
    result = run("--calendar", str(path), "calendar", "add-days", "2026-12-20", "20", "--json")
    payload = json.loads(result.output)
    assert payload == {"start": "2026-12-20", "n": 20, "unit": "workdays", "due": "2027-01-19", "provisional": False}


def test_calendar_files_from_the_environment(tmp_path):
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text('[2027]\nholidays = ["2027-01-01", "2027-01-04"]\n', encoding="utf-8")
    second.write_text('[2026]\nholidays = ["2026-12-21"]\n', encoding="utf-8")
    env = {"DISCLOSURE_CALENDAR": f"{first}:{second}"}
    payload = json.loads(run("calendar", "add-days", "2026-12-18", "1", "--json", env=env).output)
    assert payload["due"] == "2026-12-22"
    payload = json.loads(run("calendar", "add-days", "2026-12-31", "1", "--json", env=env).output)
    assert payload == {"start": "2026-12-31", "n": 1, "unit": "workdays", "due": "2027-01-05", "provisional": False}


def test_month_grid_marks_holidays_and_makeup_days():
    output = run("calendar", "show", "2026-10").output
    assert output.splitlines()[0].startswith("2026年10月")
    assert " 1休" in output and "10班" in output
    assert "2026-10-10 Sat 周六  调休上班 makeup_workday (国庆节)" in output


def test_month_json_lists_every_day():
    payload = json.loads(run("calendar", "show", "2025-10", "--json").output)
    assert payload["month"] == "2025-10" and payload["provisional"] is False
    assert len(payload["days"]) == 31
    kinds = {day["date"]: day["kind"] for day in payload["days"]}
    assert kinds["2025-10-01"] == "holiday" and kinds["2025-10-11"] == "makeup_workday"
    assert kinds["2025-10-09"] == "workday" and kinds["2025-10-12"] == "weekend"


@freeze_time("2026-11-22 20:00:00")  # 04:00 on the 23rd in Shanghai, but still November
def test_show_defaults_to_this_month_in_shanghai():
    assert run("calendar", "show").output.startswith("2026年11月")


@freeze_time("2026-11-30 17:00:00")  # 01:00 on 1 December in Shanghai
def test_show_uses_the_shanghai_date_not_utc():
    assert run("calendar", "show").output.startswith("2026年12月")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["calendar", "add-days", "2025-13-01", "20"], "is not a date"),
        (["calendar", "add-days", "2025/01/01", "20"], "is not a date"),
        (["calendar", "add-days", "2025-01-01", "-3"], "must not be negative"),
        (["calendar", "add-days", "2025-01-01", "x"], "not a valid integer"),
        (["calendar", "add-days", "2025-01-01", "3", "--unit", "weeks"], "weeks"),
        (["calendar", "show", "2026-13"], "YYYY-MM"),
        (["--calendar", "/nonexistent/cal.toml", "calendar", "add-days", "2025-01-01", "3"], "No such file"),
    ],
)
def test_bad_input_is_one_line_on_stderr_with_exit_2(capsys, monkeypatch, args, fragment):
    monkeypatch.delenv("DISCLOSURE_CALENDAR", raising=False)
    code, out, err = run_main(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("disclosure: error:")
    assert fragment in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("[2027\n", "malformed TOML"),
        ('[2027]\nholidays = ["2027-01-01"]\nworkdays = ["2027-01-01"]\n', "both a holiday and a workday"),
        ('[2027]\nholidays = ["2026-12-31"]\n', "not in 2027"),
        ('[2027]\nrestdays = ["2027-01-01"]\n', "unknown keys"),
        ('holidays = ["2027-01-01"]\n', "not a [YYYY] table"),
        ('[2027]\nholidays = ["2027-02-30"]\n', "is not a date"),
    ],
)
def test_bad_calendar_files_are_refused(capsys, monkeypatch, tmp_path, content, fragment):
    monkeypatch.delenv("DISCLOSURE_CALENDAR", raising=False)
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    code, out, err = run_main(capsys, "--calendar", str(path), "calendar", "add-days", "2026-12-01", "20")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and fragment in err


def test_public_api_names():
    import disclosure

    for name in disclosure.__all__:
        assert hasattr(disclosure, name), name
    assert "WorkCalendar" in disclosure.__all__


def test_a_unit_is_taken_by_its_chinese_name_too():
    # Mon 2026-11-02 + 5 working days: Mon 11-09; + 1 month: Wed 12-02 (a working day, nothing to roll).
    assert run("calendar", "add-days", "2026-11-02", "5", "--unit", "工作日").output == "2026-11-09\n"
    assert run("calendar", "add-days", "2026-11-02", "1", "--unit", "月").output == "2026-12-02\n"
    assert run("calendar", "add-days", "2026-11-02", "5", "--unit", "自然日").output == run(
        "calendar", "add-days", "2026-11-02", "5", "--unit", "days").output
