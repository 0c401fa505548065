"""What the sweep tells people, word for word: the horizon of due dates it reads, the Chinese subject
and text of each alert (docs/operations.md "The outbox": case number, clock, due date, days left or
overdue, and never the applicant, whom only an e-mail may name, at delivery), the lapse alert, and the office's yearly reminders. Dates counted by hand on the 2025
calendar (National Day 1–8 October off, Saturday 11 October a make-up working day)."""

from __future__ import annotations

from datetime import date

import pytest

from disclosure.notifications.sweep import alert_json, case_alert, horizon, lapse_alert, office_reminders
from disclosure.storage.outbox_rows import ClockDue
from disclosure.workflow.alerts import DEFAULT_POLICIES, AlertPolicy, Crossing
from disclosure.workflow.calendar import WorkCalendar

NATIONAL = WorkCalendar()  # national data through 2026 (tests/conftest.py): 2027 is not loaded


def _due(clock="reply", due_on=date(2025, 10, 30), kind="disclosure", case="2025-0001"):
    return ClockDue(case_number=case, clock=clock, due_on=due_on, ledger="[]", handler="han", kind=kind,
                    state="handling")


def _alert(today, threshold="due_soon", due_on=date(2025, 10, 30), clock="reply", kind="disclosure", started=0):
    crossing = Crossing(clock, started, threshold, due_on, "heads" if threshold == "escalation" else "handler")
    return case_alert(_due(clock, due_on, kind), crossing, today, NATIONAL, ["han"])


# -- the horizon ---------------------------------------------------------------------------------


def test_the_horizon_is_the_last_due_date_with_n_working_days_left():
    # Friday 2025-10-24, three days' warning: Mon 27, Tue 28, Wed 29 are three working days left,
    # the 4th working day is Thursday the 30th, so the latest due date that can have crossed is the 29th.
    assert horizon({"reply": AlertPolicy(before_due=3)}, date(2025, 10, 24), NATIONAL) == date(2025, 10, 29)
    # Tuesday 2025-09-30, two days: 9 and 10 October (National Day off), the 3rd is Saturday the 11th
    # (a make-up working day): due dates up to Friday the 10th.
    assert horizon({"reply": AlertPolicy(before_due=2)}, date(2025, 9, 30), NATIONAL) == date(2025, 10, 10)


def test_the_horizon_follows_the_longest_warning_of_the_clocks_that_warn():
    policies = {"reply": AlertPolicy(before_due=3), "correction_notice": AlertPolicy(before_due=5),
                "opinion": DEFAULT_POLICIES["opinion"], "payment": None}
    # Five days from Friday 2025-10-24: 27, 28, 29, 30, 31; the 6th is Monday 3 November.
    assert horizon(policies, date(2025, 10, 24), NATIONAL) == date(2025, 11, 2)


def test_without_a_warning_only_what_is_due_by_today_is_read():
    policies = {"reply": AlertPolicy(before_due=None), "opinion": DEFAULT_POLICIES["opinion"], "payment": None}
    assert horizon(policies, date(2025, 10, 24), NATIONAL) == date(2025, 10, 24)
    assert horizon({}, date(2025, 10, 24), NATIONAL) == date(2025, 10, 24)


# -- a case's alert ------------------------------------------------------------------------------


def test_an_alert_says_in_chinese_which_case_which_clock_when_and_how_it_stands():
    alert = _alert(date(2025, 10, 27))  # Monday: 28, 29, 30 left
    assert alert.subject == "【即将到期】2025-0001 答复期限 2025-10-30（剩余 3 个工作日）"
    assert alert.text.splitlines() == [
        "案件编号：2025-0001",
        "期限：答复期限（reply）",
        "到期日：2025-10-30",
        "情况：剩余 3 个工作日",
        "提醒：即将到期（due_soon）",
    ]
    assert (alert.key, alert.case_number, alert.clock, alert.started, alert.threshold, alert.due_on, alert.recipients) == (
        "2025-0001/reply/0/due_soon", "2025-0001", "reply", 0, "due_soon", date(2025, 10, 30), ("han",))


def test_the_days_left_are_working_days():
    # Tuesday 2025-09-30 to Monday 13 October: 9, 10, Saturday 11 (make-up), 13: four, not thirteen.
    alert = _alert(date(2025, 9, 30), due_on=date(2025, 10, 13), clock="correction_notice")
    assert alert.subject == "【即将到期】2025-0001 补正告知期限 2025-10-13（剩余 4 个工作日）"


@pytest.mark.parametrize(
    "today, threshold, due_on, subject, standing",
    [
        (date(2025, 10, 30), "due", date(2025, 10, 30), "【今日到期】2025-0001 答复期限 2025-10-30（今日到期）", "今日到期"),
        # Monday 3 November, the first working day after Friday 31 October
        (date(2025, 11, 3), "overdue", date(2025, 10, 31), "【已逾期】2025-0001 答复期限 2025-10-31（已逾期 1 个工作日）",
         "已逾期 1 个工作日"),
        # Saturday 1 November: past the due date, but no working day late yet
        (date(2025, 11, 1), "overdue", date(2025, 10, 31), "【已逾期】2025-0001 答复期限 2025-10-31（已过到期日）", "已过到期日"),
        # Thursday 6 November: 31 October, 3, 4, 5, 6 November
        (date(2025, 11, 6), "escalation", date(2025, 10, 30),
         "【逾期升级】2025-0001 答复期限 2025-10-30（已逾期 5 个工作日）", "已逾期 5 个工作日"),
    ],
)
def test_how_an_alert_says_the_clock_stands(today, threshold, due_on, subject, standing):
    alert = _alert(today, threshold, due_on)
    assert alert.subject == subject
    assert alert.text.splitlines()[3:] == [f"情况：{standing}", f"提醒：{subject[1:subject.index('】')]}（{threshold}）"]
    assert alert.key == f"2025-0001/reply/0/{threshold}"


@pytest.mark.parametrize(
    "kind, clock, label",
    [
        ("petition", "acceptance", "受理告知期限"),  # the kind's own clock, with its own label
        ("suggestion", "payment", "缴费期限"),  # a kind without that clock: the common label
        ("withdrawn_kind", "opinion", "征求意见期限"),  # a kind no longer loaded: the common label
        ("withdrawn_kind", "handling", "handling"),  # nothing known of it: its name
    ],
)
def test_the_clock_is_named_by_its_kinds_label(kind, clock, label):
    alert = _alert(date(2025, 10, 27), clock=clock, kind=kind, started=4)
    assert alert.subject == f"【即将到期】2025-0001 {label} 2025-10-30（剩余 3 个工作日）"
    assert alert.text.splitlines()[1] == f"期限：{label}（{clock}）"
    assert alert.key == f"2025-0001/{clock}/4/due_soon"


# -- the engine's endings ------------------------------------------------------------------------


def test_a_lapse_alert_tells_the_handler_the_case_was_closed_and_how():
    due = _due("correction", date(2025, 10, 15))
    alert = lapse_alert(due, 3, "other.no_correction", date(2025, 10, 16), ["han"])
    standing = "2025-10-16 起期限届满，已按“逾期不补正”（other.no_correction）终止"
    assert alert.subject == f"【期限届满，案件已终止】2025-0001 补正期限 2025-10-15（{standing}）"
    assert alert.text.splitlines() == [
        "案件编号：2025-0001",
        "期限：补正期限（correction）",
        "到期日：2025-10-15",
        f"情况：{standing}",
        "提醒：期限届满，案件已终止（lapsed）",
    ]
    assert (alert.key, alert.case_number, alert.clock, alert.started, alert.threshold, alert.due_on, alert.recipients) == (
        "2025-0001/correction/3/lapsed", "2025-0001", "correction", 3, "lapsed", date(2025, 10, 15), ("han",))


def test_a_lapsed_payment_says_the_fee_was_not_paid():
    alert = lapse_alert(_due("payment", date(2025, 11, 5), case="2025-0007"), 0, "other.fee_unpaid", date(2025, 11, 6),
                        ["reg", "admin"])
    assert alert.subject == ("【期限届满，案件已终止】2025-0007 缴费期限 2025-11-05"
                             "（2025-11-06 起期限届满，已按“逾期未缴纳费用”（other.fee_unpaid）终止）")
    assert (alert.key, alert.recipients) == ("2025-0007/payment/0/lapsed", ("reg", "admin"))


# -- the office's yearly reminders ---------------------------------------------------------------


@pytest.mark.parametrize("today", [date(2026, 11, 1), date(2026, 12, 31)])
def test_from_1_november_next_years_calendar_is_asked_for_if_not_loaded(today):
    (alert,) = office_reminders(today, NATIONAL, ["admin", "boss"])
    assert (alert.key, alert.case_number, alert.clock, alert.started, alert.threshold, alert.due_on, alert.recipients) == (
        "-/calendar/2027/calendar_missing", None, "calendar", 2027, "calendar_missing", None, ("admin", "boss"))
    assert alert.subject == "【下一年度节假日安排尚未载入】2027年"
    assert alert.text == ("2027年的节假日安排尚未载入，跨年的期限只能按周末计算（暂定）。"
                          "国务院办公厅公布后，请用 `disclosure calendar load` 载入。")


@pytest.mark.parametrize("today", [date(2026, 10, 31), date(2025, 11, 3), date(2025, 12, 31), date(2027, 2, 1)])
def test_no_reminder_before_november_once_the_calendar_is_loaded_or_after_january(today):
    # 31 October 2026 is too early; in 2025 the 2026 calendar is loaded; February is past the report.
    assert office_reminders(today, NATIONAL, ["admin"]) == []


def test_a_calendar_loaded_for_next_year_silences_the_reminder():
    loaded = NATIONAL.with_year(2027)
    assert loaded.is_known_year(2027)
    assert office_reminders(date(2026, 11, 20), loaded, ["admin"]) == []


@pytest.mark.parametrize("today", [date(2027, 1, 1), date(2027, 1, 31)])
def test_in_january_the_annual_report_for_last_year_is_due_by_the_31st(today):
    (alert,) = office_reminders(today, NATIONAL, ["admin"])
    assert (alert.key, alert.case_number, alert.clock, alert.started, alert.threshold, alert.due_on, alert.recipients) == (
        "-/annual_report/2026/annual_report_due", None, "annual_report", 2026, "annual_report_due", date(2027, 1, 31),
        ("admin",))
    assert alert.subject == "【年度报告应于1月31日前公布】2026年度"
    assert alert.text == "2026年度政府信息公开工作年度报告应于2027年1月31日前向社会公布（条例第四十九条）。"


# -- what `sweep --json` prints ------------------------------------------------------------------


def test_alert_json_names_the_threshold_in_chinese_and_dates_as_iso():
    assert alert_json(_alert(date(2025, 11, 6), "escalation")) == {
        "case": "2025-0001", "clock": "reply", "threshold": "escalation", "threshold_label": "逾期升级",
        "due_on": "2025-10-30", "recipients": ["han"],
    }
    (reminder,) = office_reminders(date(2026, 11, 20), NATIONAL, ["admin", "boss"])
    assert alert_json(reminder) == {
        "case": None, "clock": "calendar", "threshold": "calendar_missing", "threshold_label": "下一年度节假日安排尚未载入",
        "due_on": None, "recipients": ["admin", "boss"],
    }
