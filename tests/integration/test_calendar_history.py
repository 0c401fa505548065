"""Calendar loads are part of the record: a stopped clock is judged on the calendar in force when it
stopped, so the yearly routine of loading next year's days is never a tamper alarm; the calendar a
command was given cannot change a verdict; a recorded load edited or deleted is reported."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from disclosure.audit.verify_chain import Finding
from disclosure.service import Office
from disclosure.storage.tables import CalendarLoadRow, CaseRow, ClockRow
from disclosure.workflow.calendar import WorkCalendar, parse_overrides
from tests.integration.conftest import run_sql
from tests.integration.test_calendar_days import NEW_YEAR, TODAY, _register, office  # noqa: F401  (office: the fixture)

# The same office and case as the stored-days tests: received Sunday 2026-12-20, 20 working days with
# 2027 unknown (weekends only) end 2027-01-15; with New Year's Day a holiday (NEW_YEAR), 2027-01-18.
SPRING = parse_overrides('[2027]\nholidays = ["2027-01-04"]\n', source="spring.toml")


def _answered_early(office) -> str:
    """A case due in January, answered in December (its reply clock stopped)."""
    number = _register(office)
    office.act(number, "assign", user="reg", on="2026-12-21", to="han")
    office.act(number, "reply", user="han", on="2026-12-22", outcome="unavailable.not_held")
    return number


def _stored(office, number: str) -> tuple:
    with office.engine.connect() as connection:
        case = connection.execute(select(CaseRow.due_on, CaseRow.provisional).where(CaseRow.number == number)).one()
        clocks = connection.execute(
            select(ClockRow.name, ClockRow.status, ClockRow.due_on, ClockRow.changed_at_position)
            .where(ClockRow.case_number == number).order_by(ClockRow.name)
        ).all()
    return tuple(case), [tuple(row) for row in clocks]


def test_the_december_routine_is_no_tamper_alarm(office):
    answered = _answered_early(office)
    still_open = _register(office)
    before = _stored(office, answered)
    assert before[0] == (date(2027, 1, 15), True)

    office.load_calendar([NEW_YEAR], user="admin")

    assert _stored(office, answered) == before  # the answered case keeps the date it was judged against
    assert office.case(still_open).due.on == date(2027, 1, 18)  # the open one moves
    verification = office.verify(office.anchor())
    assert verification.intact, verification.finding
    assert office.replay() == []
    assert office.repair(user="admin") == []
    assert _stored(office, answered) == before


def test_a_clock_stopped_after_a_load_is_judged_on_it(office):
    office.load_calendar([NEW_YEAR], user="admin")
    number = _answered_early(office)
    assert _stored(office, number)[0] == (date(2027, 1, 18), False)
    office.load_calendar([SPRING], user="admin")  # would make it 2027-01-19
    assert _stored(office, number)[0] == (date(2027, 1, 18), False)
    assert office.verify().intact and office.replay() == []


def test_the_calendar_a_command_is_given_changes_no_verdict(office, database_url):
    answered = _answered_early(office)
    _register(office)
    office.load_calendar([SPRING], user="admin")
    plain = office.verify()
    assert plain.intact
    # The same book opened with a calendar file the book never loaded (as `--calendar FILE` does).
    with_file = Office.open(
        database_url, create=False, today=lambda: TODAY, calendar=WorkCalendar().with_overrides(NEW_YEAR)
    )
    try:
        assert with_file.case(answered).case.state == office.case(answered).case.state
        assert with_file.verify() == plain
        assert with_file.replay() == []
        assert with_file.repair(user="admin") == []
    finally:
        with_file.close()
    assert office.verify() == plain


def test_each_load_is_recorded_with_who_when_which_days_and_the_chains_head(office):
    _answered_early(office)
    office.load_calendar([NEW_YEAR, SPRING], user="admin")
    with office.engine.connect() as connection:
        loads = connection.execute(
            select(CalendarLoadRow.position, CalendarLoadRow.loaded_by, CalendarLoadRow.source, CalendarLoadRow.days,
                   CalendarLoadRow.head_position).order_by(CalendarLoadRow.position)
        ).all()
    assert [tuple(row) for row in loads] == [
        (1, "admin", "2027.toml", '{"2027": {"holidays": ["2027-01-01"], "workdays": []}}', 3),
        (2, "admin", "spring.toml", '{"2027": {"holidays": ["2027-01-04"], "workdays": []}}', 3),
    ]


def test_a_refused_load_records_nothing(office):
    with pytest.raises(Exception, match="admin"):
        office.load_calendar([NEW_YEAR], user="han")
    with office.engine.connect() as connection:
        assert connection.execute(select(CalendarLoadRow.position)).all() == []


@pytest.fixture
def loaded(office):
    """A case answered in December, then two loads (positions 1 and 2), verified intact."""
    _answered_early(office)
    office.load_calendar([NEW_YEAR], user="admin")
    office.load_calendar([SPRING], user="admin")
    assert office.verify().intact
    return office


def test_a_recorded_loads_days_edited_are_reported(loaded):
    run_sql(loaded, "UPDATE calendar_loads SET days = '{\"2027\": {\"holidays\": [], \"workdays\": []}}' WHERE position = 1")
    assert loaded.verify().finding == Finding(
        "calendar", 1, None, "the load does not match its hash (its days, file, time or user were edited after it was recorded)"
    )


def test_a_recorded_load_deleted_is_reported(loaded):
    run_sql(loaded, "DELETE FROM calendar_loads WHERE position = 1")
    assert loaded.verify().finding == Finding("calendar", 1, None, "a recorded calendar load is missing")


def test_the_newest_load_deleted_is_reported_by_the_days_it_left(loaded):
    run_sql(loaded, "DELETE FROM calendar_loads WHERE position = 2")
    assert loaded.verify().finding == Finding(
        "calendar", 1, None, "the calendar tables keep 2027-01-04 as holiday, the recorded loads as nothing"
    )
    assert str(loaded.verify().finding) == (
        "calendar load 1: the calendar tables keep 2027-01-04 as holiday, the recorded loads as nothing"
    )


def test_a_load_deleted_with_its_days_shows_in_the_due_dates(loaded):
    number = _register(loaded)  # open, counted with both loads: 2027-01-01 and 2027-01-04 are holidays
    assert loaded.case(number).due.on == date(2027, 1, 19)
    run_sql(loaded, "DELETE FROM calendar_loads WHERE position = 2", "DELETE FROM calendar_days WHERE day = '2027-01-04'")
    finding = loaded.verify().finding
    assert (finding.problem, finding.case) == ("projection", number)
    assert finding.detail == "due_on is stored as '2027-01-19' but the events give '2027-01-18'"


def test_a_stopped_clock_edited_is_still_reported(loaded):
    run_sql(loaded, "UPDATE clocks SET due_on = '2027-01-18' WHERE case_number = '2026-0001' AND name = 'reply'")
    finding = loaded.verify().finding
    assert (finding.problem, finding.case) == ("projection", "2026-0001")
    assert finding.detail == "clock reply due_on is stored as '2027-01-18' but the events give '2027-01-15'"
    assert [str(d) for d in loaded.replay()] == ["2026-0001 clock reply due_on: stored '2027-01-18', events give '2027-01-15'"]
    assert loaded.repair(user="admin") == ["2026-0001"]  # put back to the date it was judged against
    assert _stored(loaded, "2026-0001")[0] == (date(2027, 1, 15), True)
    assert loaded.verify().intact


def test_a_stopped_clock_named_as_changed_by_a_later_event_is_refused(loaded):
    run_sql(loaded, "UPDATE clocks SET changed_at_position = 99 WHERE case_number = '2026-0001' AND name = 'reply'")
    finding = loaded.verify().finding
    assert finding.detail == "clock reply is stored as changed at position 99, not by an event of the case up to 3"
