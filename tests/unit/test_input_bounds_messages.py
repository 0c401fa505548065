"""The input bounds (workflow/calendar.py) say, word for word, which input and which rule."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from disclosure.workflow.calendar import check_count, check_date, check_year, parse_date
from disclosure.workflow.errors import InvalidInput


def _message(call) -> str:
    with pytest.raises(InvalidInput) as refused:
        call()
    return str(refused.value)


def test_a_date_out_of_range_is_named_by_what_it_is_given_as_text_or_as_a_date():
    assert _message(lambda: parse_date("1989-12-31", "--received")) == "--received 1989-12-31 is outside the years 1990–2100"
    assert _message(lambda: parse_date(date(2101, 1, 1), "--on")) == "--on 2101-01-01 is outside the years 1990–2100"
    assert _message(lambda: parse_date(datetime(1989, 5, 4, 9, 30), "--as-of")) == "--as-of 1989-05-04 is outside the years 1990–2100"
    assert _message(lambda: check_date(date(2101, 1, 1))) == "date 2101-01-01 is outside the years 1990–2100"


def test_a_moment_is_taken_as_its_day():
    assert parse_date(datetime(2025, 10, 1, 23, 59)) == date(2025, 10, 1)


def test_a_year_that_is_no_whole_number_is_named_with_what_was_given():
    assert _message(lambda: check_year("2025")) == "year must be a whole year (got '2025')"
    assert _message(lambda: check_year(True, "--year")) == "--year must be a whole year (got True)"
    assert _message(lambda: check_year(1989, "--year")) == "--year must be a year from 1990 to 2100 (got 1989)"


def test_a_count_that_is_a_truth_value_is_no_whole_number():
    assert _message(lambda: check_count(True, "--days")) == "--days must be a whole number (got True)"
    assert _message(lambda: check_count(2.5, "--days")) == "--days must be a whole number (got 2.5)"
