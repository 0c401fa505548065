"""Override sets as a case book keeps them, the default source label, and the one-line errors a
clerk reads when a period or an override entry is refused (STATUTE.md §1; docs/operations.md "Calendar files").

Dates counted by hand: 2027 has no national data (tests/conftest.py), so it is weekends only
unless an override declares it. 2027-01-01 is a Friday, 2027-02-06 a Saturday.
"""

from __future__ import annotations

from datetime import date

import pytest

from disclosure.workflow.calendar import CalendarOverrides, DayKind, Due, WorkCalendar, parse_date, parse_overrides
from disclosure.workflow.errors import InvalidInput

D = date
NATIONAL = WorkCalendar()


class TestOverridesFromTheCaseBook:
    def test_days_are_sorted_into_their_years_and_keep_the_source(self):
        overrides = CalendarOverrides.from_days(
            [2027, 2028],
            [(D(2027, 1, 1), "holiday"), (D(2027, 2, 6), "workday")],
            source="case book",
        )
        assert overrides.source == "case book"
        assert overrides.years == {
            2027: (frozenset({D(2027, 1, 1)}), frozenset({D(2027, 2, 6)})),
            2028: (frozenset(), frozenset()),  # declared, no days of its own
        }

    def test_a_calendar_built_from_them_names_the_case_book_and_counts_its_days(self):
        overrides = CalendarOverrides.from_days([2027], [(D(2027, 1, 1), "holiday"), (D(2027, 2, 6), "workday")], "case book")
        calendar = NATIONAL.with_overrides(overrides)
        assert calendar.sources[0] == "chinesecalendar"
        assert calendar.sources[-1] == "case book"
        assert calendar.day_kind(D(2027, 2, 6)) is DayKind.MAKEUP_WORKDAY  # a Saturday made a working day
        # From Thu 2026-12-31: Fri 01-01 is now a holiday, 01-02/03 the weekend, Mon 01-04 is day 1;
        # 2027 is declared, so the date is definite.
        assert calendar.add_working_days(D(2026, 12, 31), 1) == Due(D(2027, 1, 4), False)


class TestOverrideFileMessages:
    def test_text_without_a_file_name_is_labelled_memory(self):
        # parse_overrides(text) without a source: the same label as a CalendarOverrides made in code.
        assert parse_overrides("[2027]\n").source == "<memory>" == CalendarOverrides(years={}).source
        with pytest.raises(InvalidInput) as raised:
            parse_overrides("[2027]\nholidays = [2026-12-31]\n")
        assert str(raised.value) == "<memory>: [2027] holidays lists 2026-12-31, which is not in 2027"

    def test_a_date_time_entry_is_refused_with_the_form_to_write(self):
        with pytest.raises(InvalidInput) as raised:
            parse_overrides("[2027]\nholidays = [2027-01-04T00:00:00]\n", source="office.toml")
        assert str(raised.value) == (
            "office.toml: [2027] holidays entry 2027-01-04T00:00:00 is a date-time; write YYYY-MM-DD"
        )

    def test_a_date_time_among_workdays_names_the_workdays_list(self):
        with pytest.raises(InvalidInput, match=r"^office\.toml: \[2027\] workdays entry 2027-02-06T09:30:00 is a date-time"):
            parse_overrides("[2027]\nworkdays = [2027-02-06T09:30:00]\n", source="office.toml")


class TestNegativePeriods:
    @pytest.mark.parametrize(
        "method, message",
        [
            ("add_working_days", "the number of days must not be negative (got -3)"),
            ("add_days", "the number of days must not be negative (got -3)"),
            ("add_months", "the number of months must not be negative (got -3)"),
        ],
    )
    def test_the_error_names_the_unit_and_the_value(self, method, message):
        with pytest.raises(InvalidInput) as raised:
            getattr(NATIONAL, method)(D(2025, 9, 26), -3)
        assert str(raised.value) == message


class TestRollForwardAtTheEdgesOfTheIndex:
    """The index is built over 1990–2199 and grows on demand; a period is never refused for its
    dates. Years outside 2004–2026 have no data here: weekends only, provisional. Each test uses a
    fresh calendar, so nothing another test asked has grown the index already."""

    def test_a_last_day_in_2200_on_a_weekend_rolls_to_monday(self):
        # 2199-12-05 + 30 days = Sat 2200-01-04; Sun 01-05 → Mon 2200-01-06.
        assert WorkCalendar().add_days(D(2199, 12, 5), 30) == Due(D(2200, 1, 6), True)
        # One month from 2199-12-04 → the same Saturday, the same Monday.
        assert WorkCalendar().add_months(D(2199, 12, 4), 1) == Due(D(2200, 1, 6), True)

    def test_a_period_starting_before_1990_is_provisional(self):
        # Sat 1989-12-30 + 12 days = Thu 1990-01-11, a working day (weekends only): it stays.
        # (1989-12-30, 1990-01-11] lies in years without data.
        assert WorkCalendar().add_days(D(1989, 12, 30), 12) == Due(D(1990, 1, 11), True)


class TestDaysSetInCode:
    def test_a_calendar_records_where_its_days_came_from(self):
        assert NATIONAL.sources == ("chinesecalendar",)
        assert NATIONAL.with_days(holidays=[D(2026, 12, 15)]).sources == ("chinesecalendar", "code")
        assert NATIONAL.with_year(2027).sources == ("chinesecalendar", "code")
        assert NATIONAL.with_year(2027, source="2027 notice").sources == ("chinesecalendar", "2027 notice")

    def test_single_days_do_not_change_which_years_are_known(self):
        calendar = NATIONAL.with_days(holidays=[D(2027, 1, 1)], workdays=[D(2026, 12, 19)])
        assert calendar.known_years == NATIONAL.known_years
        assert NATIONAL.with_year(2027).known_years == NATIONAL.known_years | {2027}

    def test_a_local_working_day_carries_its_name(self):
        # Sat 2025-10-04 is a national holiday (国庆节); made a working day locally it is a make-up
        # day under the local name, which is what explain() shows beside it.
        calendar = NATIONAL.with_days(workdays=[D(2025, 10, 4)])
        assert calendar.day_kind(D(2025, 10, 4)) is DayKind.MAKEUP_WORKDAY
        assert calendar.day_name(D(2025, 10, 4)) == "本地设定"
        named = NATIONAL.with_days(workdays=[D(2025, 10, 4)], name="防汛值守")
        assert named.day_name(D(2025, 10, 4)) == "防汛值守"

    def test_a_day_given_both_ways_is_named_in_the_error(self):
        with pytest.raises(InvalidInput) as raised:
            NATIONAL.with_days(holidays=[D(2026, 5, 6), D(2026, 5, 8)], workdays=[D(2026, 5, 8), D(2026, 5, 6)])
        assert str(raised.value) == "2026-05-06 is given as both a holiday and a workday"  # the earlier one

    def test_a_day_outside_the_declared_year_is_named_in_the_error(self):
        with pytest.raises(InvalidInput) as raised:
            NATIONAL.with_year(2027, holidays=[D(2027, 1, 1), D(2026, 12, 31)])
        assert str(raised.value) == "2026-12-31 is not in 2027"


def test_a_due_date_prints_its_provisional_mark():
    assert str(Due(D(2025, 10, 30), False)) == "2025-10-30"
    assert str(Due(D(2027, 1, 12), True)) == "2027-01-12 (provisional 暂定)"


class TestProvisionalSpansAtTheTurnOfTheYear:
    """A span is provisional when some day in (start, end] lies in a year without data. With 2028
    declared and 2027 not (tests/conftest.py), the turn of 2027/2028 decides it to the day."""

    CALENDAR = NATIONAL.with_year(2028)

    def test_a_span_reaching_back_to_the_last_day_of_an_unknown_year(self):
        # (2027-12-30, 2028-01-05] holds 2027-12-31.
        assert self.CALENDAR.is_provisional(D(2027, 12, 30), D(2028, 1, 5))
        # (2027-12-31, 2028-01-05] is all in 2028.
        assert not self.CALENDAR.is_provisional(D(2027, 12, 31), D(2028, 1, 5))

    def test_a_span_starting_on_new_years_day_of_a_known_year(self):
        # (2028-01-01, 2028-03-01]: the day before the start (in 2027) is not in the span.
        assert not self.CALENDAR.is_provisional(D(2028, 1, 1), D(2028, 3, 1))
        # The same at the start of the national data: (2004-01-01, 2004-01-10] is all in 2004.
        assert not NATIONAL.is_provisional(D(2004, 1, 1), D(2004, 1, 10))

    def test_a_period_from_the_eve_of_an_unknown_year_into_it_is_provisional_to_the_day(self):
        # The index behind add_working_days and roll_forward draws the same line. From Wed 2026-12-30,
        # 2 working days are Thu 12-31 (1) and Fri 2027-01-01 (2), in the unknown 2027; from Thu 12-31,
        # 1 working day is the same Friday; from Tue 12-29, 2 working days end on Thu 12-31, in 2026.
        assert NATIONAL.add_working_days(D(2026, 12, 30), 2) == Due(D(2027, 1, 1), True)
        assert NATIONAL.add_working_days(D(2026, 12, 31), 1) == Due(D(2027, 1, 1), True)
        assert NATIONAL.add_working_days(D(2026, 12, 29), 2) == Due(D(2026, 12, 31), False)
        assert NATIONAL.add_days(D(2026, 12, 30), 2) == Due(D(2027, 1, 1), True)
        assert NATIONAL.add_days(D(2026, 12, 31), 1) == Due(D(2027, 1, 1), True)


def test_working_days_between_dates_outside_the_usual_index():
    # Weekends only outside 2004–2026. (Fri 1989-12-29, Fri 1990-01-05]: 12-30/31 the weekend,
    # 01-01…05 1-5. (Mon 2199-12-30, Mon 2200-01-06]: 12-31 1, 01-01…03 2-4, 01-04/05 the weekend, 01-06 5.
    assert WorkCalendar().working_days_between(D(1989, 12, 29), D(1990, 1, 5)) == 5
    assert WorkCalendar().working_days_between(D(2199, 12, 30), D(2200, 1, 6)) == 5


def test_a_date_that_is_not_one_is_called_a_date_by_default():
    with pytest.raises(InvalidInput) as raised:
        parse_date("soon")
    assert str(raised.value) == "date 'soon' is not a date of the form YYYY-MM-DD"


@pytest.mark.parametrize("text", ["2026-W48-2", "2026-12-1", "2026-1-01", "2026/12/01", "2026-12-01 ", " 2026-12-01",
                                  "２０２６-１２-０１", "2026-12-01T00", "20261201", "2026-13-01"])
def test_only_the_form_yyyy_mm_dd_is_a_date(text):
    # fromisoformat alone takes an ISO week date (2026-W48-2 is 2026-11-24): a clerk's typo must not become a day.
    with pytest.raises(InvalidInput, match="is not a date of the form YYYY-MM-DD$"):
        parse_date(text, "--on")
    assert parse_date("2026-12-01", "--on") == date(2026, 12, 1)


def test_a_national_calendar_built_now_knows_exactly_the_years_chinesecalendar_has_and_names_days_in_chinese():
    # Built inside the test (not at import) so that what WorkCalendar() reads from chinesecalendar is what is checked.
    import chinese_calendar

    calendar = WorkCalendar()
    first = min(day.year for day in chinese_calendar.holidays)
    last = max(day.year for day in chinese_calendar.holidays)
    assert calendar.is_known_year(first) and calendar.is_known_year(last) and calendar.is_known_year(2025)
    assert not calendar.is_known_year(first - 1) and not calendar.is_known_year(last + 1)
    # 2025: 1 October is 国庆节, and Sunday 28 September its make-up working day, named after it.
    assert calendar.day_name(date(2025, 10, 1)) == "国庆节"
    assert calendar.day_name(date(2025, 9, 28)) == "国庆节"
    assert calendar.day_name(date(2025, 1, 29)) == "春节"
    assert calendar.day_name(date(2025, 10, 13)) is None  # an ordinary Monday


def test_the_national_data_reader_knows_no_year_past_chinesecalendars_last():
    # The reader itself, untrimmed by tests/conftest.py: every year from chinesecalendar's first to
    # its last, none after (a year after it must stay provisional, whichever release is installed).
    import chinese_calendar

    from tests.conftest import _installed_national_data

    _, _, known_years = _installed_national_data()
    first = min(day.year for day in chinese_calendar.holidays)
    last = max(day.year for day in chinese_calendar.holidays)
    assert min(known_years) == first and max(known_years) == last
    assert len(known_years) == last - first + 1

def test_a_calendar_without_national_data_knows_weekends_only_and_names_no_source():
    bare = WorkCalendar(national=False)
    assert bare.sources == () and bare.known_years == frozenset()
    assert bare.is_workday(date(2025, 10, 1)) and not bare.is_workday(date(2025, 9, 28))  # 国庆, its make-up Sunday
    assert WorkCalendar().sources == ("chinesecalendar",)

def test_a_long_period_from_near_the_end_of_the_index_grows_it_far_enough():
    # From Monday 2 December 2199, weekends only: 1,000 working days are 200 weeks, 1,400 days on.
    assert WorkCalendar().add_working_days(date(2199, 12, 2), 1000) == Due(date(2203, 10, 3), True)

def test_the_last_days_the_index_covers_are_counted_like_any_other():
    # The index spans 1990–2199 unless asked beyond: its last two days, Monday 30 and Tuesday 31 December 2199.
    calendar = WorkCalendar()
    assert calendar.is_workday(date(2199, 12, 30)) and calendar.is_workday(date(2199, 12, 31))
    assert calendar.working_days_between(date(2199, 12, 29), date(2199, 12, 31)) == 2
    rested = calendar.with_days(holidays=[date(2199, 12, 30), date(2199, 12, 31)])
    assert not rested.is_workday(date(2199, 12, 30)) and not rested.is_workday(date(2199, 12, 31))
    assert rested.working_days_between(date(2199, 12, 27), date(2199, 12, 31)) == 0  # Friday 27 → none after it


def test_days_set_at_the_edges_of_the_span_the_index_covers_and_just_beyond_it():
    # The index spans 1 January 1990 to 31 December 2199, grown by whole years when asked beyond.
    assert not WorkCalendar().with_days(holidays=[date(1990, 1, 1)]).is_workday(date(1990, 1, 1))  # its first day, a Monday
    # Asked about 1989, the span starts on Sunday 1 January 1989: a make-up working day set there counts.
    assert WorkCalendar().with_days(workdays=[date(1989, 1, 1)]).is_workday(date(1989, 1, 1))
    # A local rest day on Wednesday 1 January 2200, the day after the span: the next working day after
    # Tuesday 31 December 2199 is Thursday the 2nd.
    rested = WorkCalendar().with_days(holidays=[date(2200, 1, 1)])
    assert rested.is_workday(date(2199, 12, 31))
    assert rested.add_working_days(date(2199, 12, 31), 1).on == date(2200, 1, 2)
    # A make-up Saturday 4 January 2200: from Thursday the 2nd, Friday the 3rd (1), Saturday the 4th (2).
    made_up = WorkCalendar().with_days(workdays=[date(2200, 1, 4)])
    assert made_up.is_workday(date(2199, 12, 31))
    assert made_up.add_working_days(date(2200, 1, 2), 2).on == date(2200, 1, 4)
    # A working day set on Wednesday 1 January 2200, the day after the span, is left for a wider index.
    working = WorkCalendar().with_days(workdays=[date(2200, 1, 1)])
    assert working.is_workday(date(2199, 12, 31))
    assert working.add_working_days(date(2199, 12, 31), 1) == Due(date(2200, 1, 1), True)


def test_a_year_declared_known_at_the_far_end_of_the_index_is_not_provisional():
    # 2199, the index's last year, declared known (weekends only): Monday 2 December 2199 + 5 working
    # days is Monday the 9th, and no year without data lies in between. 2198 stays unknown.
    calendar = WorkCalendar().with_year(2199)
    assert calendar.add_working_days(date(2199, 12, 2), 5) == Due(date(2199, 12, 9), False)
    assert calendar.roll_forward(date(2199, 12, 2), date(2199, 12, 7)) == Due(date(2199, 12, 9), False)
    assert calendar.add_working_days(date(2198, 12, 30), 5) == Due(date(2199, 1, 4), True)  # Sunday → Friday
