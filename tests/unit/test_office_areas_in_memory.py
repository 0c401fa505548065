"""The Office's area services (cases, users, the sweep) on the in-memory unit of work of tests/fakes.py:
their own logic, without a database. Dates are the worked examples of test_disclosure_workflow.py
(2025: National Day 1–8 October off, Saturday 11 October a make-up working day)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from disclosure.cases import Cases
from disclosure.notifications.sweeping import Sweeper
from disclosure.office_context import OfficeContext
from disclosure.settings import DEFAULT_SETTINGS
from disclosure.users import Users
from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.errors import RuleViolation, UnknownUser
from disclosure.workflow.kinds import BUILT_IN_KINDS
from tests.fakes import MemoryStorage

TODAY = date(2025, 12, 1)
APPLICATION = dict(channel="in_person", applicant="张三", applicant_type="natural", request="某街道老旧小区改造资金使用情况")


@pytest.fixture
def office():
    context = OfficeContext(
        None, kinds=BUILT_IN_KINDS, settings=DEFAULT_SETTINGS, calendar=WorkCalendar(),
        today=lambda: TODAY, now=lambda: datetime(2025, 12, 1, 9, 0),
    )
    context.storage = MemoryStorage(lambda: context.calendar)
    users, cases = Users(context), Cases(context)
    users.init("某区政府信息公开办公室", admin="admin", prefix="", settings=None)
    for name, roles in (("wang", ["registrar"]), ("hank", ["handler", "reviewer"]), ("chen", ["reviewer"]), ("liu", ["head"])):
        users.add_user(name, roles, by="admin", email=None, mobile=None)
    return context, cases, Sweeper(context, cases)


def test_a_case_is_numbered_per_year_and_due_twenty_working_days_from_its_receipt(office):
    context, cases, _ = office
    first = cases.register(user="wang", on="2025-09-26", received="2025-09-26", **APPLICATION)
    second = cases.register(user="wang", on="2025-09-29", received="2025-09-29", **APPLICATION)
    assert (first.number, second.number) == ("2025-0001", "2025-0002")
    # 26 Sep + 20 working days, National Day 1–8 Oct skipped and Saturday 11 Oct counted: 30 Oct.
    assert first.due.on == date(2025, 10, 30) and first.state_label == "已登记"
    assert [event.type for event in cases.history("2025-0001")] == ["register"]


def test_a_refused_command_changes_nothing_and_uses_up_no_number(office):
    context, cases, _ = office
    number = cases.register(user="wang", on="2025-09-26", received="2025-09-26", **APPLICATION).number
    cases.act(number, "assign", user="wang", on="2025-09-29", to="hank")
    cases.act(number, "submit-review", user="hank", on="2025-10-20")
    before = context.storage.book.cases[number].copy()
    with pytest.raises(RuleViolation, match="hank submitted this reply for review and may not approve it"):
        cases.act(number, "approve-review", user="hank", on="2025-10-21")  # a reviewer, but the submitter
    with pytest.raises(UnknownUser):
        cases.register(user="nobody", on="2025-10-21", received="2025-10-21", **APPLICATION)
    with pytest.raises(RuleViolation, match="is after the registration date"):
        cases.register(user="wang", on="2025-10-21", received="2025-10-22", **APPLICATION)
    assert context.storage.book.cases[number] == before and len(cases.history(number)) == 3
    assert cases.register(user="wang", on="2025-10-21", received="2025-10-21", **APPLICATION).number == "2025-0002"


def test_the_actions_open_to_a_user_are_those_the_machine_lets_through(office):
    _, cases, _ = office
    number = cases.register(user="wang", on="2025-09-26", received="2025-09-26", **APPLICATION).number
    cases.act(number, "assign", user="wang", on="2025-09-29", to="hank")
    cases.act(number, "submit-review", user="hank", on="2025-10-20")
    assert cases.actions(number, "hank") == ["return-review"]  # a reviewer too, but never of his own submission
    assert cases.actions(number, "chen") == ["approve-review", "return-review"]


def test_the_sweep_ends_a_lapsed_correction_period_once_and_tells_the_handler(office):
    context, cases, sweeper = office
    number = cases.register(user="wang", on="2025-09-26", received="2025-09-26", **APPLICATION).number
    cases.act(number, "assign", user="wang", on="2025-09-29", to="hank")
    cases.act(number, "request-correction", user="hank", on="2025-10-09")  # 15 working days: last day 29 Oct
    assert [alert for alert in sweeper.sweep("2025-10-29") if alert["threshold"] == "lapsed"] == []
    assert cases.case(number).state == "correction"
    alerts = sweeper.sweep("2025-10-30")
    lapsed = [alert for alert in alerts if alert["threshold"] == "lapsed"]
    assert [(alert["case"], alert["clock"], alert["recipients"]) for alert in lapsed] == [(number, "correction", ["hank"])]
    closed = cases.case(number).case
    assert (closed.state, closed.outcome, closed.last_on) == ("closed", "other.no_correction", date(2025, 10, 30))
    assert [event.user for event in cases.history(number)][-1] == "system"
    assert [alert for alert in sweeper.sweep("2025-10-30") if alert["threshold"] == "lapsed"] == []
