"""The calendar builds its index a year at a time, on first use: laziness must never change an answer.

A calendar that built every year up front and a fresh one asked the same questions in a random order
(so its years are built in whatever order the questions reach them) must agree on every answer.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.errors import InvalidInput

D = date
FIRST, LAST = 1988, 2106  # the questions' dates with room for a thousand working days either side

# National data, a local year past chinesecalendar's, and single days in a year of its.
LOCAL_DAYS = WorkCalendar().with_year(2031, [D(2031, 1, 2)], [D(2031, 1, 4)]).with_days([D(2025, 5, 6)], [D(2025, 5, 10)])
ALL_YEARS_BUILT = LOCAL_DAYS.with_days()
ALL_YEARS_BUILT.build_years(FIRST - 5, LAST + 5)

DATES = st.dates(min_value=D(FIRST, 1, 1), max_value=D(LAST, 12, 31))
# Most questions near the years with data, where the national and local days lie.
NEAR_DATES = st.dates(min_value=D(2002, 12, 1), max_value=D(2032, 1, 31))
QUESTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("add_working_days"), NEAR_DATES | DATES, st.integers(0, 1000)),
        st.tuples(st.just("add_days"), NEAR_DATES | DATES, st.integers(0, 1000)),
        st.tuples(st.just("add_months"), NEAR_DATES | DATES, st.integers(0, 36)),
        st.tuples(st.just("working_days_between"), NEAR_DATES | DATES, NEAR_DATES | DATES),
        st.tuples(st.just("roll_forward"), NEAR_DATES | DATES, NEAR_DATES | DATES),
        st.tuples(st.just("is_workday"), NEAR_DATES | DATES),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questions=QUESTIONS)
def test_prop_a_lazily_built_calendar_answers_exactly_as_one_built_for_every_year(questions):
    lazy = LOCAL_DAYS.with_days()  # a fresh calendar: the same days, nothing built yet
    for name, *arguments in questions:
        assert getattr(lazy, name)(*arguments) == getattr(ALL_YEARS_BUILT, name)(*arguments), (name, arguments)


def test_a_first_answer_builds_only_the_years_it_reaches():
    # This is what makes a one-shot command cheap: 20 working days from a March day stay in its year;
    # 20 from 2025-12-20 reach into 2026 (5 working days are left in December).
    calendar = WorkCalendar()
    assert calendar.add_working_days(D(2025, 3, 3), 20).on == D(2025, 3, 31)
    assert set(calendar._years) == {2025}
    assert calendar.add_working_days(D(2025, 12, 20), 20).on.year == 2026
    assert set(calendar._years) == {2025, 2026}


def test_counting_past_the_last_year_a_date_can_have_is_a_one_line_error():
    with pytest.raises(InvalidInput) as raised:
        WorkCalendar(national=False).add_working_days(D(9999, 12, 30), 5)
    assert str(raised.value) == "the calendar counts years 1 to 9999 only (reached 10000)"
