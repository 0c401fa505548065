"""A ledger row read and planned, without a book: dates as offices write them, the state a sheet without
状态 implies, the steps each state takes, the key that recognises a row, and the mapping file's errors."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from disclosure.ledger.mapping import LedgerMapping, column_fields, read_mapping
from disclosure.ledger.rows import plan_row, row_key
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.kinds import BUILT_IN_KINDS

TODAY = date(2026, 11, 20)
STATES = {state.code: state.label for state in BUILT_IN_KINDS.kind("disclosure").states}
FIELDS = ("received_on", "applicant", "applicant_type", "channel", "request", "handler", "state", "replied_on", "outcome",
          "delivery_method")
COLUMNS = {name: index for index, name in enumerate(FIELDS)}


def _plan(*cells, mapping: LedgerMapping = LedgerMapping()):
    return plan_row(7, list(cells), COLUMNS, mapping, STATES, TODAY)


@pytest.mark.parametrize("written", ["2026-03-02", "2026/3/2", "2026.03.02", "2026年3月2日", datetime(2026, 3, 2, 0, 0), date(2026, 3, 2)])
def test_a_date_as_offices_write_it(written):
    assert _plan(written, "张三", "自然人", "信函", "某批复").values["received_on"] == date(2026, 3, 2)


@pytest.mark.parametrize("written, problem", [
    ("3月2日", "收到日期 received_on '3月2日' is not a date (2026-03-02, 2026/3/2 or 2026年3月2日)"),
    ("2026-02-30", "收到日期 received_on '2026-02-30' is not a date (2026-03-02, 2026/3/2 or 2026年3月2日)"),
    ("1989-12-31", "收到日期 received_on 1989-12-31 is outside the years 1990–2100"),
    ("2026-11-21", "收到日期 received_on 2026-11-21 is in the future (today is 2026-11-20)"),
])
def test_a_date_that_is_none_is_the_rows_problem(written, problem):
    assert _plan(written, "张三", "自然人", "信函", "某批复").problems == [problem]


def test_the_steps_of_each_state():
    def steps(*cells):
        planned = _plan("2026-03-02", "张三", "natural", "post", "某批复", *cells)
        assert planned.problems == []
        return [(step.action, step.on.isoformat(), step.by) for step in planned.steps]

    register = ("register", "2026-03-02", "importer")
    assign = ("assign", "2026-03-02", "importer")
    assert steps() == [register]
    assert steps("li") == [register, assign]  # no 状态: a handler implies 办理中
    assert steps("li", "", "2026-03-20", "予以公开", "邮寄") == [  # no 状态: a reply and a delivery imply 已送达
        register, assign, ("submit-review", "2026-03-20", "handler"), ("approve-review", "2026-03-20", "reviewer"),
        ("reply", "2026-03-20", "handler"), ("deliver", "2026-03-20", "importer"),
    ]
    assert steps("li", "已答复", "2026-03-20", "属于国家秘密") == [register, assign, ("reply", "2026-03-20", "handler")]
    assert steps("", "已终止", "2026-03-04", "其他") == [register, ("withdraw", "2026-03-04", "importer")]
    assert steps("", "已归档", "2026-03-04", "其他") == [register, ("withdraw", "2026-03-04", "importer"), ("archive", "2026-03-04", "importer")]


@pytest.mark.parametrize("cells, problem", [
    (("li", "已登记"), "状态 state registered (已登记) has no 承办人 handler, 答复日期 or 答复结果: an assigned case is 办理中 processing"),
    (("", "办理中"), "状态 state processing needs a 承办人 handler"),
    (("li", "已答复", "", "予以公开"), "状态 state replied needs its 答复日期 replied_on (for a withdrawal, the day it was withdrawn)"),
    (("li", "已送达", "2026-03-20", "予以公开"), "状态 state delivered needs its 送达方式 delivery_method"),
    (("", "已终止", "2026-03-04", "予以公开"),
     "状态 state closed without a reply is a withdrawal: its 答复结果 is 其他 other.other or empty, not granted"),
])
def test_a_row_whose_columns_disagree(cells, problem):
    assert _plan("2026-03-02", "张三", "natural", "post", "某批复", *cells).problems == [problem]


def test_a_lapse_is_not_a_reply_a_ledger_brings_in():
    [problem] = _plan("2026-03-02", "张三", "natural", "post", "某批复", "li", "已答复", "2026-03-20", "逾期不补正").problems
    assert problem.startswith("答复结果 outcome other.no_correction (逾期不补正) is no reply")


def test_two_rows_are_the_same_by_number_date_applicant_and_request_spaces_ignored():
    base = {"received_on": date(2026, 3, 2), "applicant": "张三", "request": "某路段 改造批复"}
    assert row_key(base) == row_key({**base, "request": "某路段改造批复 ", "handler": "li"})
    assert row_key(base) != row_key({**base, "number": "旧0001"})
    assert row_key(base) != row_key({**base, "received_on": date(2026, 3, 3)})
    assert row_key(base) != row_key({**base, "applicant": "张四"})


def test_a_mapping_names_headers_and_words(tmp_path):
    path = tmp_path / "map.toml"
    path.write_text('[columns]\n"来件 日期" = "收到日期"\n\n[values."申请方式"]\n"网上" = "online"\n', encoding="utf-8")
    mapping = read_mapping(path)
    found, unused = column_fields(["序号", "来件日期", "申请方式", "经办人"], mapping)
    assert found == {"seq": 0, "received_on": 1, "channel": 2} and unused == ["经办人"]
    assert mapping.value("channel", "网上") == "online" and mapping.value("channel", "信函") == "信函"


def test_a_mapping_that_is_wrong_is_one_line(tmp_path):
    wrong = {
        '[columns]\n"来件日期" = "收件时间"\n': "[columns] '来件日期': '收件时间' is no field of the ledger; expected one of seq 序号,",
        "[sheet]\nname = 1\n": "unknown table [sheet]; expected [columns] and [values.FIELD]",
        '[values.channel]\n"网上" = 1\n': "[values.channel] '网上' must be text (got 1)",
        "columns = [": "not TOML (",
    }
    for number, (text, message) in enumerate(wrong.items()):
        path = tmp_path / f"map{number}.toml"
        path.write_text(text, encoding="utf-8")
        try:
            read_mapping(path)
        except InvalidInput as refused:
            assert str(refused).startswith(f"the mapping {path}: {message}") and "\n" not in str(refused), refused
        else:
            pytest.fail(f"{text!r} was read")


def test_two_columns_for_one_field_is_refused():
    with pytest.raises(InvalidInput, match="the columns '收到日期' and 'received_on' are both received_on 收到日期"):
        column_fields(["收到日期", "received_on"], LedgerMapping())
