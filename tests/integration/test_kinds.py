"""Petitions and suggestions through the Office on both backends, dates counted by hand on the 2026
calendar: National Day 1–7 October with Saturday the 10th worked, Mid-Autumn 25–27 September with
Sunday the 20th worked, the Dragon Boat Festival 19–21 June."""

from __future__ import annotations

from datetime import date

import pytest

from disclosure.service import Office
from disclosure.workflow.errors import InvalidInput, RuleViolation

from tests.integration.conftest import TODAY


def _clocks(view) -> dict[str, tuple[str, str | None]]:
    return {clock["name"]: (clock["status"], clock["due_on"]) for clock in view.to_dict()["clocks"]}


def _petition(office, received="2026-09-16"):
    return office.register(
        kind="petition", user="reg", on=received, received=received, channel="post",
        applicant="李四", applicant_type="natural", request="反映小区噪音扰民",
    )


def test_a_petitions_whole_path_across_national_day(office):
    view = _petition(office)
    # 15 days from 16 September end on 1 October, a holiday: the period rolls to Thursday 8 October.
    assert (view.state, view.due.on, _clocks(view)) == ("registered", date(2026, 10, 8), {"acceptance": ("running", "2026-10-08")})
    number = view.number
    view = office.act(number, "accept", user="reg", on="2026-09-18")
    assert view.due.on == date(2026, 11, 17)  # 60 days from the acceptance
    office.act(number, "assign", user="reg", on="2026-09-18", to="han")
    with pytest.raises(RuleViolation, match="extend needs the role head"):
        office.act(number, "extend", user="han", on="2026-09-30", days=30, reason="情况复杂")
    with pytest.raises(RuleViolation, match="--days may be at most 30"):
        office.act(number, "extend", user="boss", on="2026-09-30", days=31, reason="情况复杂")
    with pytest.raises(InvalidInput, match="extend needs --reason"):
        office.act(number, "extend", user="boss", on="2026-09-30", days=30)
    view = office.act(number, "extend", user="boss", on="2026-09-30", days=30, reason="涉及多个部门，情况复杂")
    assert view.due.on == date(2026, 12, 17) and view.case.facts["reason"] == "涉及多个部门，情况复杂"
    with pytest.raises(RuleViolation, match="extend may be taken once per case"):
        office.act(number, "extend", user="boss", on="2026-10-08", days=5, reason="再次延期")
    view = office.act(number, "reply", user="han", on="2026-10-09", outcome="supported")
    assert (view.state, view.case.outcome, view.case.concluded_on) == ("replied", "supported", date(2026, 10, 9))
    assert "review_window" not in _clocks(view)  # it waits for the petitioner to receive the reply
    view = office.act(number, "deliver-reply", user="reg", on="2026-10-09")
    # The petitioner may ask for a review within 30 days of receiving it: 8 November is a Sunday, so Monday the 9th.
    assert _clocks(view)["review_window"] == ("running", "2026-11-09")
    view = office.act(number, "request-review", user="reg", on="2026-10-20")
    assert (view.state, view.due.on, view.case.concluded_on) == ("reviewing", date(2026, 11, 19), None)
    view = office.act(number, "review-reply", user="han", on="2026-10-30", outcome="upheld")
    assert "rereview_window" not in _clocks(view)
    view = office.act(number, "deliver-review-reply", user="han", on="2026-10-30")
    assert _clocks(view)["rereview_window"] == ("running", "2026-11-30")  # 29 November is a Sunday
    view = office.act(number, "request-rereview", user="reg", on="2026-11-03")
    assert view.due.on == date(2026, 12, 3)
    office.act(number, "pause-hearing", user="han", on="2026-11-05")
    view = office.act(number, "resume-hearing", user="han", on="2026-11-10")
    assert view.due.on == date(2026, 12, 8)  # five days of hearing do not count
    view = office.act(number, "rereview-reply", user="boss", on="2026-11-19", outcome="upheld")
    assert (view.state, view.state_label, view.case.concluded_on) == ("closed", "已终结", date(2026, 11, 19))
    # After 复核 the case is closed for good: nothing more is done with it but the petitioner's rating.
    assert all(office.actions(number, user) == [] for user in ("han", "boss"))
    assert office.actions(number, "reg") == office.actions(number, "admin") == ["feedback"]
    with pytest.raises(RuleViolation, match="not allowed while the case is in state closed"):
        office.act(number, "request-review", user="reg", on="2026-11-20")
    assert office.verify().intact and office.replay() == []


def test_a_review_asked_for_after_its_window_is_refused(office):
    number = _petition(office, received="2026-08-20").number
    office.act(number, "accept", user="reg", on="2026-08-21")
    office.act(number, "assign", user="reg", on="2026-08-21", to="han")
    office.act(number, "reply", user="han", on="2026-09-01", outcome="not_supported")
    office.act(number, "deliver-reply", user="reg", on="2026-09-01")  # handed over the day it was made
    # 30 days from 1 September end on 1 October: rolled to 8 October.
    with pytest.raises(RuleViolation, match=r"request-review must come within the 复查申请期限 \(review_window\); it ended on 2026-10-08"):
        office.act(number, "request-review", user="reg", on="2026-10-09")
    assert office.case(number).state == "replied"
    assert office.act(number, "request-review", user="reg", on="2026-10-08").state == "reviewing"


def test_refusing_and_transferring_conclude_a_petition(office):
    refused = _petition(office).number
    view = office.act(refused, "refuse", user="reg", on="2026-09-18", reason="不属于本机关职权范围")
    assert (view.state, view.case.outcome, view.case.facts["reason"]) == ("not_accepted", "not_accepted", "不属于本机关职权范围")
    transferred = _petition(office).number
    view = office.act(transferred, "transfer", user="reg", on="2026-09-18", to="区住建局")
    assert (view.state, view.case.outcome, view.case.facts["to"], view.due.on) == (
        "transferred", "transferred", "区住建局", date(2026, 10, 8),
    )
    assert _clocks(view)["acceptance"][0] == "stopped"


def test_an_office_setting_counts_petition_periods_in_working_days(database_url):
    office = Office.open(database_url, today=lambda: TODAY)
    try:
        office.init("信访办", admin="admin", settings={"petition_unit": "workdays"})
        office.add_user("reg", ["registrar"])
        view = _petition(office)
        # 15 working days from 16 September: 17, 18, Sunday 20 (worked), 21–24, 28–30, 8, 9, Saturday 10, 12, 13.
        assert view.due.on == date(2026, 10, 13)
    finally:
        office.close()


def _suggestion(office, **extra):
    return office.register(
        kind="suggestion", user="reg", on="2026-03-19", received="2026-03-19", applicant="王代表",
        applicant_type="deputy", request="关于加快老旧小区改造的建议", **extra,
    )


def test_a_suggestion_is_due_three_months_after_assignment_rolled_past_the_dragon_boat_holiday(office):
    view = _suggestion(office)
    # 19 June is the Dragon Boat Festival, 20–21 June a weekend: Monday 22 June.
    assert (view.state, view.due.on, view.case.channel) == ("assigned", date(2026, 6, 22), "")
    assert view.to_dict()["applicant_type_label"] == "人大代表"


def test_a_complex_suggestion_has_six_months(office):
    # 19 September is a Saturday; Sunday the 20th is a make-up working day.
    assert _suggestion(office, complex="yes").due.on == date(2026, 9, 20)
    with pytest.raises(InvalidInput, match="--complex must be yes or no"):
        _suggestion(office, complex="perhaps")


def test_a_dissatisfied_deputy_can_have_the_suggestion_reopened(office):
    number = _suggestion(office).number
    office.act(number, "assign", user="reg", on="2026-03-20", to="han")
    view = office.act(number, "reply", user="han", on="2026-05-20", outcome="B")
    assert (view.state, view.case.outcome, view.case.reply_on_time) == ("replied", "B", True)
    assert view.to_dict()["outcome_label"] == "正在解决或列入计划解决"
    with pytest.raises(RuleViolation, match="reopen needs rating to be 'dissatisfied'"):
        office.act(number, "reopen", user="boss", on="2026-05-25")
    with pytest.raises(InvalidInput, match="unknown rating 'angry'"):
        office.act(number, "feedback", user="reg", on="2026-05-25", rating="angry")
    office.act(number, "feedback", user="reg", on="2026-05-25", rating="dissatisfied")
    view = office.act(number, "reopen", user="boss", on="2026-05-26")
    # Three months again from the reopening: 26 August.
    assert (view.state, view.due.on, view.case.outcome, view.case.reopened) == ("assigned", date(2026, 8, 26), None, 1)
    view = office.act(number, "reply", user="han", on="2026-07-01", outcome="A")
    office.act(number, "feedback", user="reg", on="2026-07-05", rating="satisfied")
    assert office.case(number).case.facts["rating"] == "satisfied"
    assert "reopen" not in office.actions(number, "boss")
    assert office.verify().intact and office.replay() == []


def test_statistics_count_each_kind(office):
    _petition(office)
    _suggestion(office)
    kinds = office.statistics(year=2026)["kinds"]
    # Each kind apart; applications for government information always shown, here with none.
    assert {kind: section["total"]["received"]["total"] for kind, section in kinds.items()} == {
        "disclosure": 0, "petition": 1, "suggestion": 1,
    }
    report = office.annual_report(2026).as_dict()  # the annual report counts applications for information only
    assert report["table3"]["new"]["total"] == 0


def test_a_bad_office_setting_is_a_clear_error_and_writes_nothing(database_url):
    office = Office.open(database_url, today=lambda: TODAY)
    try:
        with pytest.raises(InvalidInput, match="^the office setting petition_unit: unknown unit 'weeks'"):
            office.init("信访办", admin="admin", settings={"petition_unit": "weeks"})
        office.init("信访办", admin="admin")  # nothing was written: the book is still to be initialised
        office.add_user("reg", ["registrar"])
        assert office.cases() == []
    finally:
        office.close()


def test_a_bad_setting_kept_by_an_older_book_is_still_a_clear_error_at_registration(database_url):
    first = Office.open(database_url, today=lambda: TODAY)
    try:
        first.init("信访办", admin="admin")
        first.add_user("reg", ["registrar"])
        with first.engine.begin() as connection:  # kept before init checked its settings
            connection.exec_driver_sql("UPDATE office SET settings = '{\"petition_unit\": \"weeks\"}'")
    finally:
        first.close()
    office = Office.open(database_url, today=lambda: TODAY)  # reads the office's settings afresh
    try:
        with pytest.raises(InvalidInput, match="unknown unit 'weeks'"):
            _petition(office)
        assert office.cases() == []
    finally:
        office.close()


def test_a_statutory_period_an_older_book_kept_as_an_office_setting_is_not_applied(database_url):
    # Books made before init checked its settings may hold reply_days and the like: [GK] 33 still gives
    # 20 working days (received Mon 2026-11-02: due Mon 2026-11-30), and the office's correction period holds.
    office = Office.open(database_url, today=lambda: TODAY)
    try:
        office.init("测试办公室", admin="admin", settings={"correction_days": 10})
        with office.engine.begin() as connection:
            connection.exec_driver_sql(
                "UPDATE office SET settings = '{\"reply_days\": 60, \"correction_notice_days\": 30, \"correction_days\": 10}'")
    finally:
        office.close()
    office = Office.open(database_url, today=lambda: TODAY)
    try:
        office.add_user("reg", ["registrar"])
        office.add_user("han", ["handler"])
        number = office.register(user="reg", on="2026-11-02", channel="in_person", received="2026-11-02", applicant="张三",
                                 applicant_type="natural", request="x").number
        shown = office.case(number)
        assert shown.due.on == date(2026, 11, 30)
        assert {clock.name: clock.due_on for clock in shown.clocks}["correction_notice"] == date(2026, 11, 11)
        office.act(number, "assign", user="reg", on="2026-11-03", to="han")
        office.act(number, "request-correction", user="han", on="2026-11-04")
        assert {clock.name: clock.due_on for clock in office.case(number).clocks}["correction"] == date(2026, 11, 18)
    finally:
        office.close()
