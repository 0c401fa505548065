"""The office's own calendar days in the case book: stored, shared by every Office, moving open deadlines."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from disclosure.service import Office
from disclosure.storage.tables import CaseRow, ClockRow
from disclosure.workflow.calendar import parse_overrides
from disclosure.workflow.errors import InvalidInput, RuleViolation

TODAY = date(2026, 12, 22)

# Received on a Sunday: 20 working days, 2027 unknown (weekends only) → 2027-01-15, provisional.
# With 2027 declared and New Year's Day a holiday → 2027-01-18, firm.
NEW_YEAR = parse_overrides('[2027]\nholidays = ["2027-01-01"]\n', source="2027.toml")


@pytest.fixture
def office(database_url):
    book = Office.open(database_url, today=lambda: TODAY)
    book.init("测试办公室", admin="admin")
    book.add_user("reg", ["registrar"], by="admin")
    book.add_user("han", ["handler"], by="admin")
    yield book
    book.close()


def _register(office, received="2026-12-20"):
    return office.register(
        user="reg", on="2026-12-21", channel="online", received=received,
        applicant="张三", applicant_type="natural", request="年度预算",
    ).number


def _stored_dues(office, number):
    with office.engine.connect() as connection:
        case = connection.execute(select(CaseRow.due_on, CaseRow.provisional).where(CaseRow.number == number)).one()
        clocks = dict(
            connection.execute(select(ClockRow.name, ClockRow.due_on).where(ClockRow.case_number == number)).all()
        )
    return tuple(case), clocks


def test_loading_a_year_moves_open_deadlines_in_views_and_projections(office):
    number = _register(office)
    before = office.case(number)
    assert (before.due.on, before.due.provisional) == (date(2027, 1, 15), True)

    result = office.load_calendar([NEW_YEAR], user="admin")

    assert result["years"] == [2027] and result["days"] == 1
    assert {(m["case"], m["clock"], m["was"], m["now"]) for m in result["moved"]} >= {
        (number, "reply", date(2027, 1, 15), date(2027, 1, 18))
    }
    after = office.case(number)
    assert (after.due.on, after.due.provisional) == (date(2027, 1, 18), False)
    (case_due, case_provisional), clocks = _stored_dues(office, number)
    assert (case_due, case_provisional) == (date(2027, 1, 18), False)
    assert clocks["reply"] == date(2027, 1, 18)
    assert [c.number for c in office.cases(due_within=0, on=date(2027, 1, 18))] == [number]


def test_another_office_on_the_same_book_counts_with_the_stored_days(office, database_url):
    office.load_calendar([NEW_YEAR], user="admin")
    number = _register(office)
    other = Office.open(database_url, today=lambda: TODAY, create=False)
    try:
        assert other.calendar.is_known_year(2027)
        assert not other.calendar.is_workday(date(2027, 1, 1))
        assert other.case(number).due.on == date(2027, 1, 18)
        listing = other.calendar_days()
        assert [(row["year"], row["loaded_by"]) for row in listing["years"]] == [(2027, "admin")]
        assert listing["days"] == [{"day": date(2027, 1, 1), "kind": "holiday", "source": "2027.toml"}]
    finally:
        other.close()


def test_a_later_file_changes_the_kind_of_a_stored_day(office):
    holiday = parse_overrides('[2027]\nholidays = ["2027-01-04"]\n', source="a.toml")
    workday = parse_overrides('[2027]\nworkdays = ["2027-01-04"]\n', source="b.toml")
    office.load_calendar([holiday], user="admin")
    assert not office.calendar.is_workday(date(2027, 1, 4))
    office.load_calendar([workday], user="admin")
    assert office.calendar.is_workday(date(2027, 1, 4))
    assert office.calendar_days(2027)["days"] == [{"day": date(2027, 1, 4), "kind": "workday", "source": "b.toml"}]


def test_stopped_clocks_keep_their_due_date(office):
    number = _register(office)
    office.act(number, "withdraw", user="reg", on="2026-12-22")
    result = office.load_calendar([NEW_YEAR], user="admin")
    assert all(entry["case"] != number for entry in result["moved"])
    (case_due, _), clocks = _stored_dues(office, number)
    assert case_due == date(2027, 1, 15) and clocks["reply"] == date(2027, 1, 15)


def test_only_an_admin_loads_days_and_a_refusal_stores_nothing(office):
    number = _register(office)
    with pytest.raises(RuleViolation, match="admin"):
        office.load_calendar([NEW_YEAR], user="han")
    assert office.calendar_days() == {"years": [], "days": []}
    assert office.case(number).due.provisional is True


@pytest.mark.parametrize("text", ["", "# the 2027 days, to be filled in\n"])
def test_a_file_that_declares_no_year_is_refused_and_nothing_is_recorded(office, text):
    number = _register(office)
    empty = parse_overrides(text, source="2027.toml")
    for given in ([empty], [NEW_YEAR, empty], []):
        with pytest.raises(InvalidInput, match=r"declares no year \(no \[YYYY\] table\): nothing was loaded$"):
            office.load_calendar(given, user="admin")
    assert office.calendar_days() == {"years": [], "days": []}
    with office.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM calendar_loads").scalar() == 0
    assert office.case(number).due.provisional is True
