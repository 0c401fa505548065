"""Each bad input issue 14 found, on SQLite and PostgreSQL: one line, exit 2, nothing stored.

Every one of these once gave a traceback (exit 1), was stored on one backend and refused by the other,
or was accepted though absurd.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from freezegun import freeze_time

from disclosure.service import Office
from disclosure.workflow.calendar import check_count, check_year, parse_date
from disclosure.workflow.errors import InvalidInput
from tests.cli.test_cli_fuzz import _run

REGISTER = ["register", "--channel", "post", "--received", "2026-11-02", "--applicant-type", "natural"]


@pytest.fixture
def book(book_url):
    """A case book with one assigned case, 2026-0001; its URL."""
    url = book_url
    with freeze_time("2026-11-20 10:00:00"):
        assert _run(url, "admin", ["init", "--admin", "admin"])[0] == 0
        assert _run(url, "admin", ["users", "add", "li", "--role", "handler"])[0] == 0
        assert _run(url, "admin", [*REGISTER, "--on", "2026-11-02", "--applicant", "张三", "--request", "x"])[0] == 0
        assert _run(url, "admin", ["advance", "2026-0001", "assign", "--to", "li", "--on", "2026-11-03"])[0] == 0
    return url


def _fingerprint(url: str) -> tuple:
    office = Office.open(url, create=False)
    try:
        return office.event_count(), str(office.anchor()), office.users(), office.notifications()
    finally:
        office.close()


@pytest.mark.parametrize(
    "user, args, fragment",
    [
        ("admin", ["report", "stats", "--year", "-1"], "--year must be a year from 1990 to 2100 (got -1)"),
        ("admin", ["report", "stats", "--quarter", "9999Q4"], "must be a year from 1990 to 2100 (got 9999)"),
        ("admin", ["report", "annual", "--year", "2101"], "--year must be a year from 1990 to 2100 (got 2101)"),
        ("admin", ["audit", "export", "--year", "2147483648"], "--year must be a year from 1990 to 2100"),
        ("admin", ["calendar", "show", "9999-12"], "must be a year from 1990 to 2100 (got 9999)"),
        ("admin", ["calendar", "days", "--year", "-5"], "--year must be a year from 1990 to 2100 (got -5)"),
        ("admin", ["list", "--due-within", "3000000"], "--due-within must be from 0 to 1000 (got 3000000)"),
        ("admin", ["calendar", "add-days", "9999-12-31", "1000"], "date 9999-12-31 is outside the years 1990–2100"),
        ("admin", ["calendar", "add-days", "2026-11-20", "3000000"], "N must be from 0 to 1000 (got 3000000)"),
        ("li", ["advance", "2026-0001", "notify-fee", "--amount", "NaN"], "--amount must be a sum in yuan"),
        ("li", ["advance", "2026-0001", "notify-fee", "--amount", "1e400"], "--amount must be at most 1000000 yuan"),
        ("li", ["advance", "2026-0001", "request-correction", "--period", "100000"], "--period must be at most 1000"),
        ("admin", ["sweep", "--on", "0001-01-01"], "date 0001-01-01 is outside the years 1990–2100"),
        ("admin", ["notifications", "retry", "1" + "0" * 30], "a delivery id must be from 1 to 2147483647"),
        ("admin", [*REGISTER, "--applicant", "a", "--request", "x", "--received", "0001-01-01"], "outside the years"),
        ("admin", [*REGISTER, "--applicant", "  ", "--request", "x"], "--applicant must not be blank"),
        ("admin", [*REGISTER, "--applicant", "a", "--request", ""], "register needs --request"),
        ("admin", [*REGISTER, "--applicant", "张\udce4", "--request", "x"], "applicant is not valid UTF-8 text"),
        ("admin", [*REGISTER, "--applicant", "a", "--request", "x\udcff"], "request is not valid UTF-8 text"),
        ("admin", [*REGISTER, "--applicant", "a\x00b", "--request", "x"], "applicant contains a NUL character"),
        ("admin", [*REGISTER, "--applicant", "a", "--request", "x", "--note", "\x00"], "note contains a NUL character"),
        ("li", ["advance", "2026-0001", "submit-review", "--note", "n\udcff"], "note is not valid UTF-8 text"),
        ("li", ["advance", "2026-0001", "submit-review", "--note", "n\x00"], "note contains a NUL character"),
        ("li", ["advance", "2026-0001", "submit-review", "--expect-version", "-5"], "-5 is not in the range x>=1"),
        ("admin", ["users", "contact", "li", "--email", "li.example.gov.cn"], "'li.example.gov.cn' is not an e-mail address"),
        ("admin", ["users", "contact", "li", "--mobile", "abc"], "'abc' is not a mobile number"),
        ("admin", ["users", "add", "wu", "--role", "handler", "--email", "wu@localhost"], "'wu@localhost' is not an e-mail address"),
        ("admin", ["show", "2026-\x00001"], "number contains a NUL character"),
        ("admin", ["users", "add", "wu\x00", "--role", "handler"], "name contains a NUL character"),
        # An escape sequence kept in a name would be played by every terminal that lists the case.
        ("admin", [*REGISTER, "--applicant", "a\x1b[31mb", "--request", "x"], "applicant contains the control character U+001B"),
        ("admin", [*REGISTER, "--applicant", "a\x01", "--request", "x"], "applicant contains the control character U+0001"),
        ("li", ["advance", "2026-0001", "submit-review", "--note", "n\x9b2J"], "note contains the control character U+009B"),
        ("admin", ["users", "add", "wu\x7f", "--role", "handler"], "name contains the control character U+007F"),
        ("li\udcff", ["advance", "2026-0001", "submit-review"], "user is not valid UTF-8 text"),
    ],
)
@freeze_time("2026-11-20 10:00:00")
def test_bad_input_is_a_usage_error_of_one_line_that_stores_nothing(book, user, args, fragment):
    before = _fingerprint(book)
    code, out, err = _run(book, user, args)
    assert (code, out) == (2, ""), err
    assert err.startswith("disclosure: error: ") and err.count("\n") == 1 and fragment in err, err
    assert _fingerprint(book) == before


@freeze_time("2026-11-20 10:00:00")
def test_the_edges_of_the_years_and_counts_are_accepted(book):
    assert _run(book, "admin", ["calendar", "add-days", "1990-01-01", "1000"])[0] == 0
    assert _run(book, "admin", ["calendar", "add-days", "2100-12-31", "0"])[0] == 0
    assert _run(book, "admin", ["list", "--due-within", "1000"])[0] == 0
    assert _run(book, "admin", ["report", "stats", "--quarter", "2100Q4"])[0] == 0
    assert _run(book, "admin", ["calendar", "show", "1990-01"])[0] == 0
    code, out, err = _run(book, "li", ["advance", "2026-0001", "notify-fee", "--pages", "100000", "--amount", "1000000"])
    assert code == 0, err


def test_the_library_refuses_what_the_command_line_refuses():
    # An embedder passing a date or a number meets the same rules as the command line.
    for bad in (date(1, 1, 1), date(1989, 12, 31), date(2101, 1, 1), "0001-01-01", "2101-01-01"):
        with pytest.raises(InvalidInput, match="outside the years 1990–2100"):
            parse_date(bad, "--on")
    assert parse_date(date(1990, 1, 1)) == date(1990, 1, 1) and parse_date("2100-12-31") == date(2100, 12, 31)
    for bad in (True, 2.5, "2026", 1989, 2101):
        with pytest.raises(InvalidInput):
            check_year(bad)
    for bad, message in ((10**30, "from 0 to 1000"), ("1e3", "whole number"), (1.5, "whole number"), (None, "whole number")):
        with pytest.raises(InvalidInput, match=message):
            check_count(bad, "N")
    assert check_count("12", "N") == 12


@pytest.mark.parametrize("admin", ["system", "   "])
def test_a_refused_init_leaves_no_book_behind(tmp_path, admin):
    book = tmp_path / "new.db"
    code, _out, err = _run(str(book), "admin", ["init", "--admin", admin])
    assert code == 2 and err.count("\n") == 1 and "other than system" in err
    assert sorted(path.name for path in tmp_path.iterdir()) == []
    assert _run(str(book), "admin", ["init", "--admin", "boss"])[0] == 0  # the same init, corrected


def test_a_refused_init_of_an_existing_book_leaves_it_be(book_url, tmp_path):
    assert _run(book_url, "admin", ["init", "--admin", "admin"])[0] == 0
    code, _out, err = _run(book_url, "admin", ["init", "--admin", "system"])
    assert code != 0 and err.count("\n") == 1
    assert _run(book_url, "admin", ["users", "list"])[0] == 0


@pytest.mark.parametrize(("options", "fragment"), [
    (["--setting", "petition_unit=bogus"], "the office setting petition_unit: unknown unit 'bogus'; expected one of workdays, days, months"),
    (["--setting", "nope=1"], "unknown office setting 'nope'; the kinds read correction_days, "),
    (["--correction-days", "100000"], "correction_days must be at most 1000 (got 100000)"),
    (["--setting", "correction_days=soon"], "correction_days must be a whole number (got 'soon')"),
    # [GK] 33 fixes the reply period, and [XF] counts petitions in days or, if the office says so, working days.
    (["--setting", "reply_days=60"], "unknown office setting 'reply_days'; the kinds read correction_days, petition_unit"),
    (["--setting", "petition_unit=months"], "the office setting petition_unit may be days or workdays, not months"),
    (["--office", "   "], "the office needs a name (--office)"),
])
def test_an_init_with_a_setting_no_kind_can_read_is_refused_and_leaves_no_book(tmp_path, options, fragment):
    # Accepted, each broke every later registration of the kind that reads it (or was never read at all).
    book = tmp_path / "new.db"
    code, _out, err = _run(str(book), "admin", ["init", "--admin", "boss", *options])
    assert code == 2 and err.count("\n") == 1 and fragment in err, err
    assert not book.exists()


def test_the_settings_an_init_keeps_are_in_their_form(tmp_path):
    book = str(tmp_path / "new.db")
    assert _run(book, "admin", ["init", "--admin", "boss", "--setting", "petition_unit=workdays",
                                "--setting", "correction_days=30"])[0] == 0
    office = Office.open(book)
    try:
        with office.engine.connect() as connection:
            kept = connection.exec_driver_sql("SELECT settings FROM office").scalar()
    finally:
        office.close()
    assert json.loads(kept) == {"petition_unit": "workdays", "correction_days": 30}
