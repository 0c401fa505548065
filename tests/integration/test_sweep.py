"""The sweep on both backends: thresholds recorded once, caught up after downtime, re-armed by a
restart; the engine's own endings; the office's reminders. Dates counted by hand on the 2025
calendar: received Friday 2025-09-26, the reply is due Thursday 2025-10-30 (STATUTE.md §1)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from disclosure.service import Office
from disclosure.settings import Settings, parse_settings
from disclosure.workflow.messages import in_language, message_of
from disclosure.workflow.errors import InvalidInput

from tests.integration.conftest import TODAY, register


def _alerts(created):
    return [(a["case"], a["clock"], a["threshold"], a["due_on"], a["recipients"]) for a in created]


@pytest.fixture
def assigned(office):
    number = register(office).number
    office.act(number, "assign", user="reg", on="2025-09-29", to="han")
    return office, number


def test_a_threshold_is_recorded_once_and_a_second_sweep_creates_nothing(assigned):
    office, number = assigned
    assert office.sweep("2025-10-24") == []  # four working days left
    assert _alerts(office.sweep("2025-10-27")) == [(number, "reply", "due_soon", "2025-10-30", ["han"])]
    assert office.sweep("2025-10-27") == []
    assert office.sweep("2025-10-29") == []  # still the same threshold
    assert _alerts(office.sweep("2025-10-30")) == [(number, "reply", "due", "2025-10-30", ["han"])]


def test_a_second_process_sweeping_the_same_day_creates_no_duplicate(assigned, database_url):
    office, number = assigned
    other = Office.open(database_url, today=lambda: TODAY)
    try:
        assert len(office.sweep("2025-10-27")) == 1
        assert other.sweep("2025-10-27") == []
    finally:
        other.close()


def test_days_of_downtime_are_caught_up_with_the_most_advanced_threshold(assigned):
    office, number = assigned
    # Nobody swept between 2025-10-24 and Thursday 2025-11-06, five working days past the due date.
    assert office.sweep("2025-10-24") == []
    assert _alerts(office.sweep("2025-11-06")) == [
        (number, "reply", "overdue", "2025-10-30", ["han"]),
        (number, "reply", "escalation", "2025-10-30", ["admin", "boss"]),  # admin holds every role
    ]
    assert office.sweep("2025-11-07") == []


def test_a_restarted_clock_rearms_its_thresholds(assigned):
    office, number = assigned
    # Before the restart: three working days left on Monday 2025-10-27 (28, 29, 30).
    assert _alerts(office.sweep("2025-10-27")) == [(number, "reply", "due_soon", "2025-10-30", ["han"])]
    office.act(number, "request-correction", user="han", on="2025-10-27")
    office.act(number, "receive-correction", user="reg", on="2025-10-28")
    # 20 working days again from Tuesday 2025-10-28: 29, 30, 31 (3), 3–7 November (8), 10–14 (13),
    # 17–21 (18), Monday 24 (19), Tuesday 25 (20).
    assert office.case(number).due.on == date(2025, 11, 25)
    assert office.sweep("2025-11-19") == []  # four working days left: 20, 21, 24, 25
    # Three left on Thursday 2025-11-20: the same threshold, crossed again by the restarted clock.
    assert _alerts(office.sweep("2025-11-20")) == [(number, "reply", "due_soon", "2025-11-25", ["han"])]
    assert office.sweep("2025-11-20") == []
    assert office.sweep("2025-11-24") == []  # still the same threshold of the same start


def test_the_same_threshold_of_a_restarted_clock_is_a_new_alert_keyed_by_the_start(assigned):
    office, number = assigned
    assert _alerts(office.sweep("2025-10-30")) == [(number, "reply", "due", "2025-10-30", ["han"])]
    # On its due day the case turns out to need a correction; it arrives the next day (Friday 31 October)
    # and the reply clock restarts: 3–7 November (5), 10–14 (10), 17–21 (15), 24–28 (20): due Friday the 28th.
    office.act(number, "request-correction", user="han", on="2025-10-30")
    office.act(number, "receive-correction", user="reg", on="2025-10-31")
    assert office.case(number).due.on == date(2025, 11, 28)
    assert _alerts(office.sweep("2025-11-28")) == [(number, "reply", "due", "2025-11-28", ["han"])]
    with office.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT key, started, threshold, due_on FROM alerts WHERE case_number = :number ORDER BY id"),
            {"number": number},
        ).all()
    # The reply clock's ledger reads start (0), stop (1, the correction asked for), restart (2).
    assert [(key, started, threshold, str(due_on)) for key, started, threshold, due_on in rows] == [
        (f"{number}/reply/0/due", 0, "due", "2025-10-30"),
        (f"{number}/reply/2/due", 2, "due", "2025-11-28"),
    ]


def test_a_lapsed_correction_period_closes_the_case_as_the_user_system(office):
    number = register(office).number
    office.act(number, "assign", user="reg", on="2025-09-29", to="han")
    office.act(number, "request-correction", user="han", on="2025-10-09", period=5)
    # Five working days from Thursday 2025-10-09 (Saturday the 11th is a make-up working day): the 15th.
    assert office.sweep("2025-10-15") == []
    assert office.case(number).state == "correction"
    assert _alerts(office.sweep("2025-10-17")) == [(number, "correction", "lapsed", "2025-10-15", ["han"])]
    view = office.case(number)
    assert (view.state, view.case.outcome, view.case.concluded_on) == ("closed", "other.no_correction", date(2025, 10, 16))
    last = office.history(number)[-1]
    assert (last.type, last.user, last.role, last.on) == ("lapse", "system", "system", date(2025, 10, 16))
    assert last.data == {"clock": "correction", "outcome": "other.no_correction", "due_on": "2025-10-15"}
    assert office.sweep("2025-10-17") == []
    assert office.verify().intact and office.replay() == []


def test_a_lapsed_fee_closes_the_case_with_fee_unpaid_counted_from_the_notices_receipt(office):
    number = register(office).number
    office.act(number, "assign", user="reg", on="2025-09-29", to="han")
    office.act(number, "notify-fee", user="han", on="2025-10-09", pages=33)  # pages 31–33 at ¥10 = ¥30
    # Counted from the notice, the period would have ended on 11-05; until the applicant's receipt is
    # recorded it has not begun ([FEE]), so the sweep ends nothing.
    assert not [alert for alert in _alerts(office.sweep("2025-11-10")) if alert[1] == "payment"]
    assert office.case(number).state == "fee_pending"
    # Received Monday 10-13; 20 working days from the next day: 10-14…17 (4), 10-20…24 (9),
    # 10-27…31 (14), 11-03…07 (19), Monday 11-10 (20). Its last day is the 10th; the 11th lapses it.
    office.act(number, "fee-notice-received", user="reg", on="2025-10-13")
    assert office.case(number).state == "fee_pending"  # the last day not yet passed on the 10th
    created = _alerts(office.sweep("2025-11-11"))
    assert (number, "payment", "lapsed", "2025-11-10", ["han"]) in created
    view = office.case(number)
    assert (view.state, view.case.outcome) == ("closed", "other.fee_unpaid")
    assert office.history(number)[-1].on == date(2025, 11, 11)


def test_a_lapsed_opinion_period_only_tells_the_handler(office):
    number = register(office).number
    office.act(number, "assign", user="reg", on="2025-09-29", to="han")
    office.act(number, "consult", user="han", on="2025-10-09", party="third_party")
    office.act(number, "opinion-request-received", user="han", on="2025-10-10")
    # 15 working days from Friday 10-10 ([GK] 32, from the receipt): Saturday 10-11 (make-up) 1,
    # 10-13…17 (6), 10-20…24 (11), 10-27…30 (15): the 30th.
    assert _alerts(office.sweep("2025-10-30")) == []
    assert _alerts(office.sweep("2025-10-31")) == [(number, "opinion", "overdue", "2025-10-30", ["han"])]
    assert office.case(number).state == "consultation"


def test_an_unassigned_case_alerts_the_registrars(office):
    number = register(office).number
    # The correction-notice clock: 7 working days from 2025-09-26: Sunday 28, 29, 30 September, then
    # after National Day 9, 10, Saturday 11 (make-up days) and Monday 13 October.
    created = _alerts(office.sweep("2025-10-09"))
    assert (number, "correction_notice", "due_soon", "2025-10-13", ["admin", "reg"]) in created


def test_next_years_calendar_and_the_annual_report_are_reminded_once(office, database_url):
    created = _alerts(office.sweep(TODAY))  # 2026-11-20: no national data for 2027
    assert created == [(None, "calendar", "calendar_missing", None, ["admin", "boss"])]
    assert office.sweep(TODAY) == []
    january = Office.open(database_url, today=lambda: date(2027, 1, 5))
    try:
        assert _alerts(january.sweep()) == [(None, "annual_report", "annual_report_due", "2027-01-31", ["admin", "boss"])]
        assert january.sweep() == []
    finally:
        january.close()


def test_each_new_alert_is_queued_once_per_channel(assigned):
    office, _ = assigned
    office.settings = Settings(channels={"mail": {"type": "smtp"}, "wecom": {"type": "wecom"}})
    office.sweep("2025-10-27")
    with office.engine.connect() as connection:
        rows = connection.execute(text("SELECT channel, status, attempts FROM deliveries ORDER BY channel")).all()
    assert [tuple(row) for row in rows] == [("mail", "pending", 0), ("wecom", "pending", 0)]


def test_thresholds_come_from_the_settings(assigned):
    office, number = assigned
    office.settings = parse_settings({"alerts": {"reply": {"before_due": 1}}})
    assert office.sweep("2025-10-27") == []
    assert _alerts(office.sweep("2025-10-29"))[0][2] == "due_soon"


def test_a_sweep_ahead_of_today_is_refused(office):
    with pytest.raises(InvalidInput, match="ahead of today") as raised:
        office.sweep(date(2026, 11, 21))
    # Said in Chinese as what it is: a date later than today (not "earlier", as it once read).
    assert in_language(message_of(raised.value), "zh") == "巡检日期不能晚于今天（2026-11-20）：2026-11-21"
