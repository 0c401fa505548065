"""A wrong system clock, on both backends: the sweep will not end cases on a date no person's work
bears out unless confirmed, and a head undoes a lapse with ``reinstate`` (docs/operations.md, the
sweep; docs/clerk.md, undoing a lapse).

The case (hand-counted on the 2025 calendar, tests/unit/test_disclosure_reinstate.py): received
Friday 2025-09-26, assigned 09-29, a correction asked on Thursday 10-09 with 15 working days, so
the correction period's last day is Wednesday 2025-10-29.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from disclosure.notifications.scheduler import OfficeScheduler
from disclosure.service import Office
from disclosure.timekeeping import OFFICE_TIMEZONE
from disclosure.workflow.errors import RuleViolation

from tests.integration.conftest import register


class SystemClock:
    """The machine's clock as the office's code sees it: today, and the moment an event is recorded."""

    def __init__(self, today: date) -> None:
        self.day = today

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return datetime.combine(self.day, datetime.min.time(), OFFICE_TIMEZONE) + timedelta(hours=10)


@pytest.fixture
def clocked(office, database_url):
    """The office's book opened on a clock the test sets; the case 2025-0001 waiting for a correction,
    each event recorded on the day it was effective."""
    clock = SystemClock(date(2025, 9, 26))
    book = Office.open(database_url, today=clock.today, now=clock.now)
    number = register(book).number
    clock.day = date(2025, 9, 29)
    book.act(number, "assign", user="reg", to="han")
    clock.day = date(2025, 10, 9)
    book.act(number, "request-correction", user="han")
    yield book, clock, number
    book.close()


def _lapse_alerts(created):
    return [(alert["case"], alert["threshold"]) for alert in created if alert["threshold"] == "lapsed"]


def test_a_sweep_200_days_ahead_of_the_newest_persons_event_refuses_and_changes_nothing(clocked):
    office, clock, number = clocked
    events_before = office.event_count()
    clock.day = date(2025, 10, 9) + timedelta(days=200)  # 2026-04-27: the machine's clock went wrong
    with pytest.raises(RuleViolation) as refused:
        office.sweep()
    assert str(refused.value) == (
        "the sweep of 2026-04-27 would end 1 case(s) by lapse, but the newest event a person recorded is of "
        "2025-10-09, 200 days before: if the system clock is right, sweep with --confirm; nothing was changed"
    )
    assert office.event_count() == events_before
    assert office.notifications() == []  # not even the alerts of that sweep were recorded
    assert office.case(number).state == "correction"


def test_only_a_head_or_an_admin_confirms_a_sweep(clocked):
    office, clock, number = clocked
    clock.day = date(2026, 4, 27)
    events_before = office.event_count()
    for user in ("han", "reg"):
        with pytest.raises(RuleViolation, match=f"^confirming a sweep needs the role head or admin; {user} does not hold it$"):
            office.acting_for(user).sweep(confirm=True)
    assert office.event_count() == events_before and office.case(number).state == "correction"
    assert _lapse_alerts(office.acting_for("boss").sweep(confirm=True)) == [(number, "lapsed")]


def test_within_three_days_of_a_persons_event_the_sweep_ends_the_case_unasked(clocked):
    office, clock, number = clocked
    # Thursday 10-30 lapses the period; a person's last event was the correction request of 10-09,
    # but a clerk registered another application on Monday 10-27: three days before.
    clock.day = date(2025, 10, 27)
    register(office, received="2025-10-27")
    clock.day = date(2025, 10, 31)  # four days after the newest person's event
    with pytest.raises(RuleViolation, match="newest event a person recorded is of 2025-10-27, 4 days before"):
        office.sweep()
    assert _lapse_alerts(office.sweep("2025-10-30")) == [(number, "lapsed")]
    assert office.case(number).case.outcome == "other.no_correction"


def test_a_back_dated_event_counts_from_the_day_it_was_recorded(clocked):
    office, clock, number = clocked
    clock.day = date(2025, 10, 29)
    register(office, received="2025-10-20", on="2025-10-20")  # entered on 10-29, effective 10-20
    clock.day = date(2025, 11, 1)
    assert _lapse_alerts(office.sweep()) == [(number, "lapsed")]


def test_a_sweep_with_nothing_to_end_records_its_alerts_unconfirmed_whatever_its_date(clocked):
    office, clock, number = clocked
    other = register(office).number  # recorded on 10-09, received 09-26: its reply is due 10-30 too
    clock.day = date(2025, 10, 28)  # nineteen days after the newest person's event; no period has run out
    created = office.sweep()
    assert (other, "reply", "due_soon") in {(alert["case"], alert["clock"], alert["threshold"]) for alert in created}
    assert office.case(number).state == "correction"


def test_confirmed_the_wrong_clocks_lapse_is_undone_by_a_head_once_the_clock_is_right(clocked):
    office, clock, number = clocked
    clock.day = date(2026, 4, 27)
    assert _lapse_alerts(office.sweep(confirm=True)) == [(number, "lapsed")]
    lapsed = office.case(number).case
    # Effective the day after the period's last day: a date still in the future once the clock is fixed.
    assert (lapsed.state, lapsed.outcome, lapsed.concluded_on) == ("closed", "other.no_correction", date(2025, 10, 30))

    clock.day = date(2025, 10, 14)  # the clock put right
    with pytest.raises(RuleViolation, match="before the case's last event on 2025-10-30"):
        office.act(number, "receive-correction", user="han")
    view = office.act(number, "reinstate", user="boss", reason="服务器时钟快了200天，误作逾期不补正")
    assert (view.case.state, view.case.outcome, view.case.concluded_on) == ("correction", None, None)
    assert view.case.due(office.calendar, "correction").on == date(2025, 10, 29)
    assert office.history(number)[-1].data["reason"] == "服务器时钟快了200天，误作逾期不补正"
    # As of a day between the undoing and the lapse's date, the case waits for its correction.
    assert office.case(number, as_of="2025-10-20").case.state == "correction"
    assert _lapse_alerts(office.sweep()) == []
    clock.day = date(2025, 10, 20)
    office.act(number, "receive-correction", user="han")
    assert office.case(number).due.on == date(2025, 11, 17)  # the reply clock restarted in full from 10-20
    assert office.verify().intact
    assert office.replay() == []


def test_the_annual_report_counts_a_reinstated_case_as_open(clocked):
    office, clock, number = clocked
    clock.day = date(2025, 10, 30)
    assert _lapse_alerts(office.sweep(confirm=True)) == [(number, "lapsed")]  # 21 days after a person's event
    lapsed = office.annual_report(2025).as_dict()["table3"]
    assert (lapsed["other.no_correction"]["total"], lapsed["carried_out"]["total"]) == (1, 0)
    office.act(number, "reinstate", user="boss", on="2025-10-29", reason="申请人10月29日已当面提交补正材料，登记遗漏")
    table3 = office.annual_report(2025).as_dict()["table3"]
    assert table3["new"]["total"] == 1
    assert table3["other.no_correction"]["total"] == 0
    assert table3["concluded"]["total"] == 0
    assert table3["carried_out"]["total"] == 1
    assert office.statistics(year=2025)["kinds"]["disclosure"]["total"]["concluded"] == 0


def test_the_scheduler_does_not_confirm_and_logs_the_refusal_in_one_line(clocked, caplog):
    office, clock, number = clocked
    clock.day = date(2026, 4, 27)  # a Monday, a working day
    with caplog.at_level("WARNING", logger="disclosure.scheduler"):
        OfficeScheduler(office).sweep()
    refusals = [record for record in caplog.records if record.name == "disclosure.scheduler"]
    assert [record.getMessage() for record in refusals] == [
        "sweep refused: the sweep of 2026-04-27 would end 1 case(s) by lapse, but the newest event a person "
        "recorded is of 2025-10-09, 200 days before: if the system clock is right, sweep with --confirm; nothing was changed"
    ]
    assert all(record.exc_info is None for record in refusals)
    assert office.case(number).state == "correction" and office.notifications() == []


def test_a_lapse_the_engine_took_is_not_amended_to_another_date(clocked):
    # Its date is the rule's, the day after the period's last: moved to 10-20, the applicant would lose
    # nine working days of a correction period that ran to 10-29.
    office, clock, number = clocked
    clock.day = date(2025, 10, 31)
    assert _lapse_alerts(office.sweep("2025-10-30", confirm=True)) == [(number, "lapsed")]
    lapse = office.history(number)[-1]
    assert (lapse.type, lapse.user, lapse.on) == ("lapse", "system", date(2025, 10, 30))
    with pytest.raises(RuleViolation, match=f"^v{lapse.version} lapse was taken by the engine on the day its rule fixes; it is not amended"):
        office.acting_for("boss").amend(number, version=lapse.version, field="on", value="2025-10-20", reason="测试")
    assert office.history(number)[-1] == lapse and office.verify().intact


def test_a_case_that_lapses_again_after_its_reinstatement_is_told_again(clocked):
    # Reinstated on 10-29 (the period's last day) and nothing recorded after: the sweep of 11-03 ends it
    # again, and the handler hears of it (the first lapse's alert key once swallowed the second).
    office, clock, number = clocked
    clock.day = date(2025, 10, 31)
    assert _lapse_alerts(office.sweep("2025-10-30", confirm=True)) == [(number, "lapsed")]
    office.acting_for("boss").act(number, "reinstate", on="2025-10-29", reason="补正材料已收到，登记遗漏")
    assert office.case(number).state == "correction"
    clock.day = date(2025, 11, 3)
    again = office.sweep(confirm=True)
    assert _lapse_alerts(again) == [(number, "lapsed")]
    assert len([row for row in office.notifications() if row["threshold"] == "lapsed" and row["case_number"] == number]) == 2
    assert office.case(number).state == "closed" and office.verify().intact


def test_an_amended_step_that_would_leave_the_lapsed_period_still_running_is_refused(clocked):
    # The correction was asked on 10-09 (15 working days: to 10-29 with Sat 10-11 a make-up day) and lapsed on
    # 10-30. Amended to 10-20, the request would run to 11-10: the case must not stay ended by the old lapse.
    office, clock, number = clocked
    clock.day = date(2025, 10, 31)
    assert _lapse_alerts(office.sweep("2025-10-30", confirm=True)) == [(number, "lapsed")]
    asked = next(event for event in office.history(number) if event.type == "request-correction")
    with pytest.raises(RuleViolation, match=r"period would still run on 2025-10-30, when the engine ended it .*reinstate first$"):
        office.acting_for("boss").amend(number, version=asked.version, field="on", value="2025-10-20", reason="测试")
    assert office.history(number)[-1].type == "lapse" and office.verify().intact
