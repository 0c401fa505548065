"""WorkCalendar and period arithmetic against STATUTE.md §1.

Every expected date below was counted by hand from the State Council's yearly
放假调休 notices (the data ``chinesecalendar`` carries), not copied from the
code's output. The comments show the count so that a reader can check it.

National data used (holiday block; make-up working days):
  2023 国庆/中秋  09-29 (Fri) … 10-06 (Fri);  10-07 (Sat), 10-08 (Sun)
  2024 春节        02-10 (Sat) … 02-17 (Sat);  02-04 (Sun), 02-18 (Sun)
  2024 国庆        10-01 (Tue) … 10-07 (Mon);  09-29 (Sun), 10-12 (Sat)
  2025 春节        01-28 (Tue) … 02-04 (Tue);  01-26 (Sun), 02-08 (Sat)
  2025 端午        05-31 (Sat) … 06-02 (Mon);  none
  2025 国庆/中秋  10-01 (Wed) … 10-08 (Wed);  09-28 (Sun), 10-11 (Sat)
  2026 春节        02-15 (Sun) … 02-23 (Mon);  02-14 (Sat), 02-28 (Sat)
  2026 端午        06-19 (Fri) … 06-21 (Sun);  none
  2026 中秋        09-25 (Fri) … 09-27 (Sun);  none
  2026 国庆        10-01 (Thu) … 10-07 (Wed);  09-20 (Sun), 10-10 (Sat)
National data covers 2004–2026; 2027 and later are unknown (weekends only).
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure.workflow.calendar import (
    DayKind,
    Due,
    WorkCalendar,
    months_later,
    parse_date,
    parse_overrides,
)
from disclosure.workflow.errors import DisclosureError, InvalidInput
from tests.conftest import LAST_NATIONAL_YEAR

D = date
NATIONAL = WorkCalendar()
BARE = WorkCalendar(national=False)

PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
DATES = st.dates(min_value=D(2004, 1, 1), max_value=D(2030, 12, 31))
COUNTS = st.integers(min_value=0, max_value=400)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# ---------------------------------------------------------------------------
# §1 worked examples
# ---------------------------------------------------------------------------


class TestStatuteWorkedExamples:
    def test_received_friday_2025_09_26_is_due_2025_10_30(self):
        # 09-28 (Sun, make-up) 1, 09-29 2, 09-30 3, 10-01…10-08 holidays,
        # 10-09 4, 10-10 5, 10-11 (Sat, make-up) 6, 10-13…17 7-11,
        # 10-20…24 12-16, 10-27 17, 10-28 18, 10-29 19, 10-30 20.
        assert NATIONAL.add_working_days(D(2025, 9, 26), 20) == Due(D(2025, 10, 30), False)

    def test_received_wednesday_2026_09_30_is_due_2026_11_03(self):
        # 10-01…10-07 holidays, 10-08 1, 10-09 2, 10-10 (Sat, make-up) 3,
        # 10-12…16 4-8, 10-19…23 9-13, 10-26…30 14-18, 11-02 19, 11-03 20.
        assert NATIONAL.add_working_days(D(2026, 9, 30), 20) == Due(D(2026, 11, 3), False)

    def test_received_2026_12_01_is_due_2026_12_29(self):
        # 12-02…04 1-3, 12-07…11 4-8, 12-14…18 9-13, 12-21…25 14-18, 12-28 19, 12-29 20.
        assert NATIONAL.add_working_days(D(2026, 12, 1), 20) == Due(D(2026, 12, 29), False)

    def test_received_on_a_plain_weekend_counts_from_monday(self):
        # Fri 2025-10-31: 11-03…07 1-5, 11-10…14 6-10, 11-17…21 11-15, 11-24…28 16-20.
        expected = Due(D(2025, 11, 28), False)
        assert NATIONAL.add_working_days(D(2025, 10, 31), 20) == expected
        assert NATIONAL.add_working_days(D(2025, 11, 1), 20) == expected  # Saturday
        assert NATIONAL.add_working_days(D(2025, 11, 2), 20) == expected  # Sunday

    def test_received_on_a_weekend_before_a_make_up_sunday(self):
        # Sat 2025-09-27: day 1 is the make-up Sunday 09-28, same as from Friday 09-26.
        assert NATIONAL.add_working_days(D(2025, 9, 27), 20) == Due(D(2025, 10, 30), False)

    def test_received_on_a_holiday_counts_from_the_next_working_day(self):
        # Sun 2025-10-05 (国庆): 10-09 1, 10-10 2, 10-11 (make-up) 3, 10-13…17 4-8,
        # 10-20…24 9-13, 10-27…31 14-18, 11-03 19, 11-04 20.
        expected = Due(D(2025, 11, 4), False)
        assert NATIONAL.add_working_days(D(2025, 10, 5), 20) == expected
        assert NATIONAL.add_working_days(D(2025, 10, 1), 20) == expected
        assert NATIONAL.add_working_days(D(2025, 10, 8), 20) == expected  # last holiday
        # Received on the first working day after: that day itself is not counted.
        assert NATIONAL.add_working_days(D(2025, 10, 9), 20) == Due(D(2025, 11, 5), False)


# ---------------------------------------------------------------------------
# Spring Festival and National Day blocks, 2024–2026
# ---------------------------------------------------------------------------

W, E, H, M = DayKind.WORKDAY, DayKind.WEEKEND, DayKind.HOLIDAY, DayKind.MAKEUP_WORKDAY

BLOCKS = {
    # block: its holidays, its make-up days, plain weekend days and plain working days nearby
    "2024 春节": dict(
        holidays=days(D(2024, 2, 10), D(2024, 2, 17)),
        makeup=[D(2024, 2, 4), D(2024, 2, 18)],
        weekend=[D(2024, 2, 3), D(2024, 2, 24), D(2024, 2, 25)],
        workdays=[D(2024, 2, 5), D(2024, 2, 9), D(2024, 2, 19)],  # 02-09 除夕 is a working day
        name="春节",
    ),
    "2024 国庆": dict(
        holidays=days(D(2024, 10, 1), D(2024, 10, 7)),
        makeup=[D(2024, 9, 29), D(2024, 10, 12)],
        weekend=[D(2024, 9, 28), D(2024, 10, 13)],
        workdays=[D(2024, 9, 30), D(2024, 10, 8), D(2024, 10, 11)],
        name="国庆节",
    ),
    "2025 春节": dict(
        holidays=days(D(2025, 1, 28), D(2025, 2, 4)),
        makeup=[D(2025, 1, 26), D(2025, 2, 8)],
        weekend=[D(2025, 1, 25), D(2025, 2, 9)],
        workdays=[D(2025, 1, 27), D(2025, 2, 5), D(2025, 2, 7)],
        name="春节",
    ),
    "2025 国庆": dict(
        holidays=days(D(2025, 10, 1), D(2025, 10, 8)),
        makeup=[D(2025, 9, 28), D(2025, 10, 11)],
        weekend=[D(2025, 9, 27), D(2025, 10, 12)],
        workdays=[D(2025, 9, 26), D(2025, 9, 30), D(2025, 10, 9)],
        name="国庆节",
    ),
    "2026 春节": dict(
        holidays=days(D(2026, 2, 15), D(2026, 2, 23)),
        makeup=[D(2026, 2, 14), D(2026, 2, 28)],
        weekend=[D(2026, 2, 8), D(2026, 3, 1)],
        workdays=[D(2026, 2, 13), D(2026, 2, 24), D(2026, 2, 27)],
        name="春节",
    ),
    "2026 国庆": dict(
        holidays=days(D(2026, 10, 1), D(2026, 10, 7)),
        makeup=[D(2026, 9, 20), D(2026, 10, 10)],
        weekend=[D(2026, 9, 19), D(2026, 10, 11)],
        workdays=[D(2026, 9, 30), D(2026, 10, 8), D(2026, 10, 9)],
        name="国庆节",
    ),
}


@pytest.mark.parametrize("block", sorted(BLOCKS))
class TestHolidayBlocks:
    def test_holidays_are_rest_days(self, block):
        for day in BLOCKS[block]["holidays"]:
            assert not NATIONAL.is_workday(day), day
            assert NATIONAL.day_kind(day) is H, day
            assert not NATIONAL.day_kind(day).counts

    def test_make_up_days_are_counted_working_days(self, block):
        for day in BLOCKS[block]["makeup"]:
            assert day.weekday() >= 5, day  # a Saturday or Sunday
            assert NATIONAL.is_workday(day), day
            assert NATIONAL.day_kind(day) is M, day
            assert NATIONAL.day_kind(day).counts
            assert NATIONAL.day_name(day) == BLOCKS[block]["name"]

    def test_plain_weekends_and_workdays_around_the_block(self, block):
        for day in BLOCKS[block]["weekend"]:
            assert not NATIONAL.is_workday(day), day
            assert NATIONAL.day_kind(day) is E, day
            assert NATIONAL.day_name(day) is None
        for day in BLOCKS[block]["workdays"]:
            assert NATIONAL.is_workday(day), day
            assert NATIONAL.day_kind(day) is W, day

    def test_block_is_one_run_of_rest_days_between_working_days(self, block):
        holidays = BLOCKS[block]["holidays"]
        assert NATIONAL.working_days_between(holidays[0] - timedelta(days=1), holidays[-1]) == 0
        assert NATIONAL.is_workday(holidays[-1] + timedelta(days=1))


@pytest.mark.parametrize(
    "start, n, expected",
    [
        # 2024 春节. From Fri 02-02: 02-03 Sat rest, 02-04 (Sun, make-up) 1, 02-05…09 2-6,
        # 02-10…17 holidays, 02-18 (Sun, make-up) 7, 02-19 8, 02-20 9, 02-21 10.
        (D(2024, 2, 2), 1, D(2024, 2, 4)),
        (D(2024, 2, 2), 10, D(2024, 2, 21)),
        # From Thu 02-08: 02-09 1, then the make-up Sunday 02-18 is day 2.
        (D(2024, 2, 8), 2, D(2024, 2, 18)),
        # 2024 国庆. From Fri 09-27: 09-29 (Sun, make-up) 1, 09-30 2, 10-01…07 holidays,
        # 10-08…11 3-6, 10-12 (Sat, make-up) 7, 10-14…18 8-12, 10-21…25 13-17, 10-28…30 18-20.
        (D(2024, 9, 27), 2, D(2024, 9, 30)),
        (D(2024, 9, 27), 3, D(2024, 10, 8)),
        (D(2024, 9, 27), 7, D(2024, 10, 12)),
        (D(2024, 9, 27), 20, D(2024, 10, 30)),
        # 2025 春节. From Fri 01-24: 01-26 (Sun, make-up) 1, 01-27 2, 01-28…02-04 holidays,
        # 02-05…07 3-5, 02-08 (Sat, make-up) 6, 02-10…14 7-11, 02-17…21 12-16, 02-24…27 17-20.
        (D(2025, 1, 24), 2, D(2025, 1, 27)),
        (D(2025, 1, 24), 3, D(2025, 2, 5)),
        (D(2025, 1, 24), 6, D(2025, 2, 8)),
        (D(2025, 1, 24), 20, D(2025, 2, 27)),
        # 2025 国庆 (the statute's own example, and one step into the block).
        (D(2025, 9, 26), 1, D(2025, 9, 28)),
        (D(2025, 9, 30), 1, D(2025, 10, 9)),
        (D(2025, 9, 26), 20, D(2025, 10, 30)),
        # 2026 春节. From Fri 02-13: 02-14 (Sat, make-up) 1, 02-15…23 holidays, 02-24…27 2-5,
        # 02-28 (Sat, make-up) 6, 03-02…06 7-11, 03-09…13 12-16, 03-16…19 17-20.
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 13), 6, D(2026, 2, 28)),
        (D(2026, 2, 13), 20, D(2026, 3, 19)),
        # 2026 中秋 + 国庆. From Fri 09-18: 09-20 (Sun, make-up) 1, 09-21…24 2-5, 09-25…27
        # 中秋, 09-28…30 6-8, 10-01…07 国庆, 10-08 9, 10-09 10, 10-10 (Sat, make-up) 11,
        # 10-12…16 12-16, 10-19…22 17-20.
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        (D(2026, 9, 18), 6, D(2026, 9, 28)),
        (D(2026, 9, 18), 11, D(2026, 10, 10)),
        (D(2026, 9, 18), 20, D(2026, 10, 22)),
        (D(2026, 9, 30), 20, D(2026, 11, 3)),
    ],
)
def test_add_working_days_across_holiday_blocks(start, n, expected):
    assert NATIONAL.add_working_days(start, n) == Due(expected, False)


def test_holiday_names_are_chinese():
    assert NATIONAL.day_name(D(2025, 10, 1)) == "国庆节"
    assert NATIONAL.day_name(D(2025, 10, 6)) == "中秋节"  # the 2025 block shares Mid-autumn
    assert NATIONAL.day_name(D(2026, 6, 19)) == "端午节"
    assert NATIONAL.day_name(D(2026, 1, 1)) == "元旦"
    assert NATIONAL.day_name(D(2026, 1, 4)) == "元旦"  # make-up Sunday of New Year 2026
    assert NATIONAL.day_name(D(2025, 10, 13)) is None


def test_day_kind_labels_and_counts():
    assert [kind.counts for kind in (W, E, H, M)] == [True, False, False, True]
    assert M.label == "调休上班"
    assert H.label == "节假日"
    assert E.label == "周末"
    assert W.label == "工作日"


def test_working_days_between():
    # (09-26, 10-13]: 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13.
    assert NATIONAL.working_days_between(D(2025, 9, 26), D(2025, 10, 13)) == 7
    assert NATIONAL.working_days_between(D(2025, 10, 13), D(2025, 9, 26)) == -7
    assert NATIONAL.working_days_between(D(2025, 9, 30), D(2025, 10, 8)) == 0
    assert NATIONAL.working_days_between(D(2025, 10, 13), D(2025, 10, 13)) == 0


def test_day_kind_agrees_with_is_workday_and_the_national_data():
    """Over all of 2004–2030: day_kind().counts == is_workday() == the notice's rule."""
    for day in days(D(2004, 1, 1), D(2030, 12, 31)):
        expected = national_is_workday(day)
        assert NATIONAL.is_workday(day) is expected, day
        assert NATIONAL.day_kind(day).counts is expected, day
        if day.year <= LAST_NATIONAL_YEAR and day in chinese_calendar.workdays and day.weekday() >= 5:
            assert NATIONAL.day_kind(day) is M, day


# ---------------------------------------------------------------------------
# The start day is never counted
# ---------------------------------------------------------------------------


class TestStartDay:
    def test_start_on_a_saturday(self):
        assert NATIONAL.add_working_days(D(2025, 11, 1), 1) == Due(D(2025, 11, 3), False)

    def test_start_on_a_sunday(self):
        assert NATIONAL.add_working_days(D(2025, 11, 2), 1) == Due(D(2025, 11, 3), False)

    def test_start_on_a_holiday(self):
        assert NATIONAL.add_working_days(D(2025, 10, 1), 1) == Due(D(2025, 10, 9), False)
        assert NATIONAL.add_working_days(D(2026, 2, 16), 1) == Due(D(2026, 2, 24), False)

    def test_start_on_a_make_up_saturday_does_not_count_that_saturday(self):
        # Sat 2025-10-11 is a working day, but the start day is never counted.
        assert NATIONAL.add_working_days(D(2025, 10, 11), 1) == Due(D(2025, 10, 13), False)
        # 10-13…17 1-5, 10-20…24 6-10, 10-27…31 11-15, 11-03…07 16-20.
        assert NATIONAL.add_working_days(D(2025, 10, 11), 20) == Due(D(2025, 11, 7), False)
        # Sat 2026-02-14: the holidays follow, so day 1 is Tue 02-24;
        # 02-24…27 1-4, 02-28 (Sat, make-up) 5, 03-02…06 6-10, 03-09…13 11-15, 03-16…20 16-20.
        assert NATIONAL.add_working_days(D(2026, 2, 14), 1) == Due(D(2026, 2, 24), False)
        assert NATIONAL.add_working_days(D(2026, 2, 14), 20) == Due(D(2026, 3, 20), False)

    def test_start_on_a_working_day(self):
        assert NATIONAL.add_working_days(D(2025, 11, 3), 1) == Due(D(2025, 11, 4), False)


class TestNegativeAndZero:
    @pytest.mark.parametrize("method", ["add_working_days", "add_days", "add_months"])
    def test_negative_n_is_invalid_input(self, method):
        with pytest.raises(InvalidInput) as raised:
            getattr(NATIONAL, method)(D(2025, 9, 26), -1)
        assert isinstance(raised.value, DisclosureError)
        assert "\n" not in str(raised.value)

    @pytest.mark.parametrize("method", ["add_working_days", "add_days", "add_months"])
    @pytest.mark.parametrize("start", [D(2025, 9, 26), D(2025, 10, 1), D(2025, 11, 1), D(2027, 6, 5)])
    def test_zero_returns_the_start(self, method, start):
        assert getattr(NATIONAL, method)(start, 0) == Due(start, False)


# ---------------------------------------------------------------------------
# Calendar days and months ([MFD] 202, 203)
# ---------------------------------------------------------------------------


class TestMonthsLater:
    @pytest.mark.parametrize(
        "start, n, expected",
        [
            (D(2025, 1, 31), 1, D(2025, 2, 28)),
            (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
            (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
            (D(2100, 1, 31), 1, D(2100, 2, 28)),  # 2100 is not a leap year
            (D(2025, 3, 31), 1, D(2025, 4, 30)),
            (D(2025, 8, 31), 6, D(2026, 2, 28)),
            (D(2025, 11, 30), 3, D(2026, 2, 28)),
            (D(2025, 12, 15), 1, D(2026, 1, 15)),
            (D(2025, 1, 31), 12, D(2026, 1, 31)),
            (D(2024, 2, 29), 12, D(2025, 2, 28)),
            (D(2026, 3, 19), 3, D(2026, 6, 19)),
            (D(2026, 3, 19), 0, D(2026, 3, 19)),
        ],
    )
    def test_same_day_number_or_month_end(self, start, n, expected):
        assert months_later(start, n) == expected


class TestAddMonths:
    def test_jan_31_plus_one_month_is_feb_28(self):
        # 2025-02-28 is a Friday, a working day.
        assert NATIONAL.add_months(D(2025, 1, 31), 1) == Due(D(2025, 2, 28), False)

    def test_jan_31_plus_one_month_in_leap_year_2024(self):
        # 2024-02-29 is a Thursday after the Spring Festival block.
        assert NATIONAL.add_months(D(2024, 1, 31), 1) == Due(D(2024, 2, 29), False)

    def test_jan_31_plus_one_month_in_unknown_leap_year_2028_is_provisional(self):
        # 2028-02-29 is a Tuesday; 2028 has no national data.
        assert NATIONAL.add_months(D(2028, 1, 31), 1) == Due(D(2028, 2, 29), True)

    def test_suggestion_reply_rolls_over_dragon_boat_festival(self):
        # Assigned 2026-03-19, 3 months → 06-19 (端午, Fri), 06-20/21 rest → Mon 06-22.
        assert NATIONAL.add_months(D(2026, 3, 19), 3) == Due(D(2026, 6, 22), False)

    def test_six_months_rolls_onto_a_make_up_sunday(self):
        # 2026-03-19 + 6 months → Sat 09-19, rest; Sun 09-20 is a make-up working day.
        assert NATIONAL.add_months(D(2026, 3, 19), 6) == Due(D(2026, 9, 20), False)

    def test_month_end_on_a_make_up_saturday_stays(self):
        # 2026-01-31 + 1 month → Sat 2026-02-28, a make-up working day (春节).
        assert NATIONAL.add_months(D(2026, 1, 31), 1) == Due(D(2026, 2, 28), False)

    def test_month_end_rolls_over_a_holiday_block(self):
        # 2025-03-31 + 2 months → Sat 05-31 (端午) … Mon 06-02 → Tue 06-03.
        assert NATIONAL.add_months(D(2025, 3, 31), 2) == Due(D(2025, 6, 3), False)

    def test_rollover_lands_on_a_make_up_saturday_and_stays(self):
        # 2023-07-06 + 3 months → Fri 10-06, last day of 国庆; Sat 10-07 is a make-up day.
        assert NATIONAL.add_months(D(2023, 7, 6), 3) == Due(D(2023, 10, 7), False)


class TestAddDays:
    def test_plain(self):
        # 2025-09-01 + 15 → Tue 09-16.
        assert NATIONAL.add_days(D(2025, 9, 1), 15) == Due(D(2025, 9, 16), False)

    def test_petition_sixty_days_rolls_over_national_day(self):
        # 2025-08-02 + 60 → 10-01 (holiday) … 10-08 → Thu 10-09.
        assert NATIONAL.add_days(D(2025, 8, 2), 60) == Due(D(2025, 10, 9), False)

    def test_rollover_over_a_weekend(self):
        # 2025-10-17 + 15 → Sat 11-01 → Mon 11-03.
        assert NATIONAL.add_days(D(2025, 10, 17), 15) == Due(D(2025, 11, 3), False)

    def test_rollover_lands_on_a_make_up_saturday(self):
        # 2023-09-16 + 15 → Sun 10-01 (国庆) … Fri 10-06 → Sat 10-07, a make-up working day.
        assert NATIONAL.add_days(D(2023, 9, 16), 15) == Due(D(2023, 10, 7), False)
        # 2023-09-21 + 15 → Fri 10-06 (holiday) → Sat 10-07.
        assert NATIONAL.add_days(D(2023, 9, 21), 15) == Due(D(2023, 10, 7), False)

    def test_rollover_lands_on_a_make_up_sunday(self):
        # 2026-09-04 + 15 → Sat 09-19 → Sun 09-20 (make-up).
        assert NATIONAL.add_days(D(2026, 9, 4), 15) == Due(D(2026, 9, 20), False)
        # 2025-09-12 + 15 → Sat 09-27 → Sun 09-28 (make-up).
        assert NATIONAL.add_days(D(2025, 9, 12), 15) == Due(D(2025, 9, 28), False)

    def test_last_day_that_is_a_make_up_day_does_not_roll(self):
        # 2025-10-01 + 10 → Sat 10-11, a make-up working day.
        assert NATIONAL.add_days(D(2025, 10, 1), 10) == Due(D(2025, 10, 11), False)

    def test_rollover_onto_a_make_up_saturday_built_with_with_year(self):
        # 2027: Fri 04-30 declared a holiday, Sat 05-01 a make-up working day.
        calendar = NATIONAL.with_year(2027, holidays=[D(2027, 4, 30)], workdays=[D(2027, 5, 1)])
        assert calendar.day_kind(D(2027, 5, 1)) is M
        # 2027-04-15 + 15 → 04-30 (holiday) → Sat 05-01.
        assert calendar.add_days(D(2027, 4, 15), 15) == Due(D(2027, 5, 1), False)
        assert calendar.add_months(D(2027, 3, 30), 1) == Due(D(2027, 5, 1), False)
        # Without the year: weekends only, Fri 04-30 is a working day, provisional.
        assert NATIONAL.add_days(D(2027, 4, 15), 15) == Due(D(2027, 4, 30), True)

    def test_roll_forward(self):
        assert NATIONAL.roll_forward(D(2025, 9, 1), D(2025, 10, 4)) == Due(D(2025, 10, 9), False)
        assert NATIONAL.roll_forward(D(2025, 9, 1), D(2025, 10, 11)) == Due(D(2025, 10, 11), False)
        assert NATIONAL.roll_forward(D(2026, 12, 1), D(2027, 1, 2)) == Due(D(2027, 1, 4), True)


# ---------------------------------------------------------------------------
# Provisional results, overrides and local days
# ---------------------------------------------------------------------------


class TestProvisional:
    def test_national_data_covers_2004_to_2026_only(self):
        assert set(range(2004, 2027)) <= NATIONAL.known_years
        assert 2027 not in NATIONAL.known_years
        assert 2003 not in NATIONAL.known_years
        assert BARE.known_years == frozenset()

    def test_period_into_2027_is_provisional(self):
        # 2026-12-15: 12-16…18 1-3, 12-21…25 4-8, 12-28…31 9-12, then 2027 with weekends
        # only: Fri 01-01 13, 01-04…08 14-18, 01-11 19, 01-12 20.
        assert NATIONAL.add_working_days(D(2026, 12, 15), 20) == Due(D(2027, 1, 12), True)

    def test_2027_override_file_makes_it_definite_and_moves_it(self):
        overrides = parse_overrides("[2027]\nholidays = [2027-01-01]\n", source="local.toml")
        calendar = NATIONAL.with_overrides(overrides)
        assert 2027 in calendar.known_years
        # 01-01 is now a holiday: 01-04…08 13-17, 01-11 18, 01-12 19, 01-13 20.
        assert calendar.add_working_days(D(2026, 12, 15), 20) == Due(D(2027, 1, 13), False)
        assert calendar.sources[-1] == "local.toml"
        # The original calendar is untouched.
        assert NATIONAL.add_working_days(D(2026, 12, 15), 20) == Due(D(2027, 1, 12), True)

    def test_an_empty_year_table_declares_the_year_known(self):
        calendar = NATIONAL.with_overrides(parse_overrides("[2027]\n"))
        assert calendar.add_working_days(D(2026, 12, 15), 20) == Due(D(2027, 1, 12), False)
        assert NATIONAL.with_year(2027).add_working_days(D(2026, 12, 15), 20) == Due(D(2027, 1, 12), False)

    def test_with_days_does_not_declare_a_year_known(self):
        calendar = NATIONAL.with_days(holidays=[D(2027, 1, 1)])
        assert 2027 not in calendar.known_years
        assert calendar.add_working_days(D(2026, 12, 15), 20) == Due(D(2027, 1, 13), True)

    def test_boundary_on_the_last_known_day(self):
        assert NATIONAL.add_working_days(D(2026, 12, 30), 1) == Due(D(2026, 12, 31), False)
        assert NATIONAL.add_working_days(D(2026, 12, 31), 1) == Due(D(2027, 1, 1), True)
        assert NATIONAL.add_working_days(D(2026, 12, 31), 0) == Due(D(2026, 12, 31), False)

    def test_start_day_in_an_unknown_year_does_not_count(self):
        # (2003-12-31, 2004-01-02] lies in 2004 (01-01 元旦 is a holiday, 01-02 is a Friday).
        assert NATIONAL.add_working_days(D(2003, 12, 31), 1) == Due(D(2004, 1, 2), False)
        # (2003-12-30, 2003-12-31] lies in 2003, which has no data.
        assert NATIONAL.add_working_days(D(2003, 12, 30), 1) == Due(D(2003, 12, 31), True)
        # 2028 declared, 2027 not: (2027-12-31, 2028-01-03] is all in 2028.
        calendar = NATIONAL.with_year(2028)
        assert calendar.add_days(D(2027, 12, 31), 3) == Due(D(2028, 1, 3), False)

    def test_a_gap_year_in_the_middle_is_provisional(self):
        calendar = NATIONAL.with_year(2028)
        # 2026-12-01 + 24 months → Fri 2028-12-01; 2027 (unknown) lies in between.
        assert calendar.add_months(D(2026, 12, 1), 24) == Due(D(2028, 12, 1), True)
        assert calendar.with_year(2027).add_months(D(2026, 12, 1), 24) == Due(D(2028, 12, 1), False)

    def test_calendar_days_into_2027_are_provisional(self):
        # 2026-12-20 + 15 → Mon 2027-01-04.
        assert NATIONAL.add_days(D(2026, 12, 20), 15) == Due(D(2027, 1, 4), True)

    def test_is_provisional(self):
        assert NATIONAL.is_provisional(D(2026, 12, 31), D(2027, 1, 1))
        assert not NATIONAL.is_provisional(D(2026, 12, 30), D(2026, 12, 31))
        assert not NATIONAL.is_provisional(D(2027, 1, 5), D(2027, 1, 5))
        assert not NATIONAL.is_provisional(D(2027, 1, 5), D(2027, 1, 1))

    def test_weekends_only_calendar_knows_no_year(self):
        # No holidays: 09-29…10-03 1-5, 10-06…10 6-10, 10-13…17 11-15, 10-20…24 16-20.
        assert BARE.add_working_days(D(2025, 9, 26), 20) == Due(D(2025, 10, 24), True)
        assert BARE.is_workday(D(2025, 10, 1))
        assert not BARE.is_workday(D(2025, 9, 28))
        assert BARE.day_kind(D(2025, 9, 28)) is E
        assert BARE.with_year(2025).add_working_days(D(2025, 9, 26), 20) == Due(D(2025, 10, 24), False)
        assert BARE.add_working_days(D(2025, 9, 26), 0) == Due(D(2025, 9, 26), False)

    def test_local_holiday_in_a_known_year_moves_the_date(self):
        calendar = NATIONAL.with_days(holidays=[D(2026, 12, 15)])
        assert calendar.day_kind(D(2026, 12, 15)) is H
        assert calendar.day_name(D(2026, 12, 15)) == "本地设定"
        assert calendar.add_working_days(D(2026, 12, 1), 20) == Due(D(2026, 12, 30), False)
        assert NATIONAL.add_working_days(D(2026, 12, 1), 20) == Due(D(2026, 12, 29), False)

    def test_local_holiday_from_an_override_file_for_a_known_year(self):
        calendar = NATIONAL.with_overrides(parse_overrides('[2026]\nholidays = ["2026-12-15"]\n'))
        assert calendar.add_working_days(D(2026, 12, 1), 20) == Due(D(2026, 12, 30), False)
        # National data for the rest of 2026 is kept.
        assert calendar.add_working_days(D(2026, 9, 30), 20) == Due(D(2026, 11, 3), False)

    def test_override_workday_on_a_national_holiday(self):
        calendar = NATIONAL.with_overrides(parse_overrides("[2025]\nworkdays = [2025-10-08]\n"))
        assert calendar.is_workday(D(2025, 10, 8))
        assert calendar.day_kind(D(2025, 10, 8)) is W  # a Wednesday
        # 09-28 1, 09-29 2, 09-30 3, 10-08 4, 10-09 5, 10-10 6, 10-11 7, 10-13…17 8-12,
        # 10-20…24 13-17, 10-27 18, 10-28 19, 10-29 20.
        assert calendar.add_working_days(D(2025, 9, 26), 20) == Due(D(2025, 10, 29), False)
        assert not NATIONAL.is_workday(D(2025, 10, 8))

    def test_override_workday_on_a_weekend_holiday_is_a_make_up_day(self):
        calendar = NATIONAL.with_days(workdays=[D(2025, 10, 4)])
        assert calendar.is_workday(D(2025, 10, 4))
        assert calendar.day_kind(D(2025, 10, 4)) is M

    def test_override_holiday_on_a_national_make_up_day(self):
        calendar = NATIONAL.with_days(holidays=[D(2025, 9, 28)])
        assert not calendar.is_workday(D(2025, 9, 28))
        assert calendar.day_kind(D(2025, 9, 28)) is H
        # One working day fewer before the block: the 20th day moves from 10-30 to 10-31.
        assert calendar.add_working_days(D(2025, 9, 26), 20) == Due(D(2025, 10, 31), False)

    def test_with_days_rejects_a_day_both_ways(self):
        with pytest.raises(InvalidInput):
            NATIONAL.with_days(holidays=[D(2026, 5, 6)], workdays=[D(2026, 5, 6)])

    def test_with_year_rejects_a_day_of_another_year(self):
        with pytest.raises(InvalidInput):
            NATIONAL.with_year(2027, holidays=[D(2026, 12, 31)])


# ---------------------------------------------------------------------------
# parse_overrides
# ---------------------------------------------------------------------------


class TestParseOverrides:
    def test_parses_years_holidays_and_workdays(self):
        overrides = parse_overrides(
            '[2027]\nholidays = [2027-01-01, "2027-02-05"]\nworkdays = [2027-02-20]\n[2028]\n',
            source="office.toml",
        )
        assert overrides.source == "office.toml"
        assert overrides.years == {
            2027: (frozenset({D(2027, 1, 1), D(2027, 2, 5)}), frozenset({D(2027, 2, 20)})),
            2028: (frozenset(), frozenset()),
        }

    @pytest.mark.parametrize(
        "text",
        [
            pytest.param("[2027\nholidays = []\n", id="unclosed table"),
            pytest.param("[2027]\nholidays = [2027-01-01\n", id="unclosed list"),
            pytest.param("[2027]\nholidays = = []\n", id="double equals"),
            pytest.param("[2027]\nholidays = [2027-02-30]\n", id="impossible date literal"),
            pytest.param("[2027]\nholidays = []\n[2027]\n", id="table twice"),
        ],
    )
    def test_malformed_toml(self, text):
        self.assert_invalid(text, "malformed")

    def test_a_day_both_holiday_and_workday(self):
        self.assert_invalid(
            "[2027]\nholidays = [2027-01-01, 2027-02-05]\nworkdays = [2027-02-05]\n", "2027-02-05"
        )

    @pytest.mark.parametrize(
        "text",
        [
            "[2027]\nholidays = [2026-12-31]\n",
            "[2027]\nworkdays = [2028-01-01]\n",
            '[2027]\nholidays = ["2026-12-31"]\n',
        ],
    )
    def test_a_date_outside_its_year_table(self, text):
        self.assert_invalid(text, "2027")

    @pytest.mark.parametrize(
        "text",
        [
            "holidays = [2027-01-01]\n",
            "[holidays]\n",
            "[27]\n",
            "[20270]\n",
            "[y2027]\n",
            "2027 = 1\n",
            "[2027]\nholidays = []\n[local]\nworkdays = []\n",
        ],
    )
    def test_a_key_that_is_not_a_year_table(self, text):
        self.assert_invalid(text, "[YYYY]")

    @pytest.mark.parametrize(
        "text",
        [
            "[2027]\nholiday = [2027-01-01]\n",
            "[2027]\nholidays = []\nnames = []\n",
            "[2027.extra]\n",
        ],
    )
    def test_unknown_keys(self, text):
        self.assert_invalid(text, "unknown")

    @pytest.mark.parametrize(
        "text",
        [
            '[2027]\nholidays = "2027-01-01"\n',
            '[2027]\nholidays = ["2027-1-1"]\n',
            '[2027]\nholidays = ["2027-02-30"]\n',
            "[2027]\nholidays = [20270101]\n",
            '[2027]\nworkdays = ["soon"]\n',
        ],
    )
    def test_entries_that_are_not_dates(self, text):
        self.assert_invalid(text, "2027")

    def test_a_date_time_is_not_silently_taken_for_a_date(self):
        """A TOML date-time is not a YYYY-MM-DD date.

        It must be refused, or at least mean that day everywhere: is_workday and
        day_kind must agree that the day is a holiday.
        """
        try:
            overrides = parse_overrides("[2027]\nholidays = [2027-01-04T00:00:00]\n")
        except InvalidInput as error:
            assert "\n" not in str(error)
            return
        calendar = NATIONAL.with_overrides(overrides)
        day = D(2027, 1, 4)  # a Monday
        assert not calendar.is_workday(day)
        assert calendar.day_kind(day) is H

    @staticmethod
    def assert_invalid(text: str, fragment: str) -> None:
        with pytest.raises(InvalidInput) as raised:
            parse_overrides(text, source="office.toml")
        message = str(raised.value)
        assert "\n" not in message
        assert message.startswith("office.toml")
        assert fragment in message


def test_parse_date():
    assert parse_date("2025-09-26") == D(2025, 9, 26)
    for bad in ("2025-9-26", "26/09/2025", "2025-02-30", "", "2025-09-26T00:00"):
        with pytest.raises(InvalidInput) as raised:
            parse_date(bad, "receipt date")
        assert "receipt date" in str(raised.value)
        assert "\n" not in str(raised.value)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------


def national_is_workday(day: date) -> bool:
    """The rule of the yearly notice, straight from the chinesecalendar tables (through the years the tests know)."""
    if day.year <= LAST_NATIONAL_YEAR:
        if day in chinese_calendar.workdays:
            return True
        if day in chinese_calendar.holidays:
            return False
    return day.weekday() < 5


def naive_add(is_workday, start: date, n: int) -> date:
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if is_workday(day):
            counted += 1
    return day


CALENDARS = st.sampled_from(
    [
        NATIONAL,
        BARE,
        NATIONAL.with_year(2028),
        NATIONAL.with_year(2027, holidays=[D(2027, 1, 1)], workdays=[D(2027, 1, 9)]),
        BARE.with_year(2010).with_year(2025),
    ]
)


@PROPERTY_SETTINGS
@given(start=DATES, n=COUNTS)
def test_prop_working_days_between_inverts_add(start, n):
    assert NATIONAL.working_days_between(start, NATIONAL.add_working_days(start, n).on) == n


@PROPERTY_SETTINGS
@given(calendar=CALENDARS, start=DATES, n=COUNTS)
def test_prop_working_days_between_inverts_add_on_any_calendar(calendar, start, n):
    assert calendar.working_days_between(start, calendar.add_working_days(start, n).on) == n


@PROPERTY_SETTINGS
@given(start=DATES, n=st.integers(min_value=0, max_value=399))
def test_prop_due_is_monotonic_in_n(start, n):
    here = NATIONAL.add_working_days(start, n).on
    after = NATIONAL.add_working_days(start, n + 1).on
    assert after > here
    if n >= 1:
        assert here > start
    assert here >= start


@PROPERTY_SETTINGS
@given(start=DATES, n=st.integers(min_value=1, max_value=400))
def test_prop_result_is_a_working_day(start, n):
    due = NATIONAL.add_working_days(start, n).on
    assert NATIONAL.is_workday(due)
    assert NATIONAL.day_kind(due).counts


@PROPERTY_SETTINGS
@given(start=DATES, n=COUNTS)
def test_prop_matches_naive_loop_over_is_workday(start, n):
    assert NATIONAL.add_working_days(start, n).on == naive_add(NATIONAL.is_workday, start, n)


@PROPERTY_SETTINGS
@given(start=DATES, n=COUNTS)
def test_prop_matches_naive_loop_over_the_national_tables(start, n):
    """An oracle that does not go through WorkCalendar at all."""
    assert NATIONAL.add_working_days(start, n).on == naive_add(national_is_workday, start, n)


@PROPERTY_SETTINGS
@given(start=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 9, 30)), n=st.integers(1, 60))
def test_prop_matches_chinese_calendar_find_workday_from_working_days(start, n):
    # find_workday counts a working start day itself, so compare from a working day.
    if national_is_workday(start):
        assert NATIONAL.add_working_days(start, n).on == chinese_calendar.find_workday(n, start)


def provisional_by_definition(calendar: WorkCalendar, start: date, due: date) -> bool:
    return any(year not in calendar.known_years for year in range(start.year, due.year + 1)
               if max(start + timedelta(days=1), D(year, 1, 1)) <= min(due, D(year, 12, 31)))


@PROPERTY_SETTINGS
@given(calendar=CALENDARS, start=DATES, n=COUNTS)
def test_prop_provisional_iff_an_unknown_year_lies_in_the_period(calendar, start, n):
    for due in (
        calendar.add_working_days(start, n),
        calendar.add_days(start, n),
        calendar.add_months(start, n // 10),
    ):
        assert due.provisional is provisional_by_definition(calendar, start, due.on), (start, due)


@PROPERTY_SETTINGS
@given(start=DATES, n=COUNTS)
def test_prop_add_days_rolls_to_the_first_working_day(start, n):
    due = NATIONAL.add_days(start, n).on
    raw = start + timedelta(days=n)
    assert due >= raw
    if n >= 1:
        assert NATIONAL.is_workday(due)
        assert NATIONAL.working_days_between(raw - timedelta(days=1), due - timedelta(days=1)) == 0


@PROPERTY_SETTINGS
@given(start=DATES, n=st.integers(min_value=1, max_value=24))
def test_prop_add_months_is_months_later_rolled_forward(start, n):
    raw = months_later(start, n)
    assert raw.day == start.day or raw.day < start.day and (raw + timedelta(days=1)).day == 1
    assert (raw.year - start.year) * 12 + raw.month - start.month == n
    due = NATIONAL.add_months(start, n).on
    assert due == naive_add(NATIONAL.is_workday, raw - timedelta(days=1), 1)
