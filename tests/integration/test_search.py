"""`search` and `list`'s filters on both backends, against a book whose every case is written out below.

The book (TODAY 2026-11-20; numbers in the order registered):

    2025-0001  张三     online  2025-09-26  "2025年部门预算"                  ID 110101199003071234  assigned han
    2025-0002  欧阳明月  post    2025-10-09  "某街道老旧小区改造资金使用情况"                          assigned han2
    2025-0003  李小龙   post    2025-10-10  "PPP项目合同"  note at assignment "申请人电话催办"         assigned han
    2025-0004  张三丰   online  2025-10-13  "老旧小区加装电梯补贴"                                   (not assigned)
    2025-0005  王五     post    2025-10-14  "重复登记"                                             voided
    2025-0006  李四     post    2025-10-15  petition "反映小区噪音扰民"                              (not assigned)
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from disclosure.workflow.errors import InvalidInput


@pytest.fixture
def searched(office):
    def register(received, applicant, request, channel="post", kind="disclosure", **extra):
        dates = {"confirmed_on": received} if channel == "online" else {"signed_on": received}
        return office.register(
            user="reg", on=received, kind=kind, channel=channel, applicant=applicant, applicant_type="natural",
            request=request, **dates, **extra,
        ).number

    first = register("2025-09-26", "张三", "2025年部门预算", channel="online", id_number="110101199003071234")
    office.act(first, "assign", user="reg", on="2025-09-29", to="han")
    second = register("2025-10-09", "欧阳明月", "某街道老旧小区改造资金使用情况")
    office.act(second, "assign", user="reg", on="2025-10-10", to="han2")
    third = register("2025-10-10", "李小龙", "PPP项目合同")
    office.act(third, "assign", user="reg", on="2025-10-13", to="han", note="申请人电话催办")
    register("2025-10-13", "张三丰", "老旧小区加装电梯补贴", channel="online")
    fifth = register("2025-10-14", "王五", "重复登记")
    office.void(fifth, user="reg", reason="与2025-0004重复登记")
    office.approve_void(fifth, user="boss")
    register("2025-10-15", "李四", "反映小区噪音扰民", kind="petition")
    return office


def numbers(views) -> list[str]:
    return [view.number for view in views]


@pytest.mark.parametrize("query, expected", [
    ("张三", ["2025-0001", "2025-0004"]),  # a name of two characters, and inside 张三丰
    ("张三丰", ["2025-0004"]),  # three characters
    ("欧阳明月", ["2025-0002"]),
    ("张", ["2025-0001", "2025-0004"]),  # one character
    ("小区", ["2025-0002", "2025-0004", "2025-0006"]),  # a word inside the request, two characters, every kind
    ("老旧小区", ["2025-0002", "2025-0004"]),
    ("催办", ["2025-0003"]),  # a note, added by a step after the registration
    ("电话催办", ["2025-0003"]),
    ("ppp", ["2025-0003"]),  # Latin letters in either case
    ("2025-0003", ["2025-0003"]),  # a case number
    ("0003", ["2025-0003"]),
    ("110101199003071234", ["2025-0001"]),  # an ID number, exactly
    ("11010119900307123", []),  # seventeen digits: no ID number, and in no searched text
    ("李四五", []),
    ("王五", []),  # voided
    ("重复", []),
])
def test_search_finds_by_name_request_note_number_and_id_number(searched, query, expected):
    assert numbers(searched.search(query)) == expected


def test_search_masks_the_applicant_and_shows_kind_state_handler_and_receipt(searched):
    found = [view.to_dict() for view in searched.search("张三")]
    assert [(row["applicant"]["name"], row["applicant"].get("id_number")) for row in found] == [
        ("张*", "110***********1234"), ("张**", None),
    ]
    assert [(row["kind"], row["state"], row["state_label"], row["handler"], row["received_on"]) for row in found] == [
        ("disclosure", "processing", "办理中", "han", "2025-09-26"),
        ("disclosure", "registered", "已登记", None, "2025-10-13"),
    ]


def test_search_by_kind_state_and_limit(searched):
    assert numbers(searched.search("王五", state="voided")) == ["2025-0005"]
    assert numbers(searched.search("王五", state="已作废")) == ["2025-0005"]
    assert numbers(searched.search("小区", kind="petition")) == ["2025-0006"]
    assert numbers(searched.search("小区", kind="信访事项")) == ["2025-0006"]
    assert numbers(searched.search("小区", state="办理中")) == ["2025-0002"]
    assert numbers(searched.search("小区", limit=2)) == ["2025-0002", "2025-0004"]
    with pytest.raises(InvalidInput, match=r"^unknown state 'nonsense'; expected one of registered 已登记, "):
        searched.search("小区", state="nonsense")
    with pytest.raises(InvalidInput, match=r"^search needs a text"):
        searched.search("  ")


def test_the_search_index_is_a_projection_replay_finds_and_repair_rewrites(searched, database_url):
    engine = searched.engine
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM case_search WHERE case_number = '2025-0003'"))
        connection.execute(text("UPDATE case_search SET body = 'x', grams = 'x' WHERE case_number = '2025-0002'"))
    assert numbers(searched.search("催办")) == [] and numbers(searched.search("老旧小区")) == ["2025-0004"]
    assert [(difference.case, difference.field) for difference in searched.replay()] == [
        ("2025-0002", "search"), ("2025-0003", "search row"),
    ]
    assert searched.repair(user="admin") == ["2025-0002", "2025-0003"]
    assert searched.replay() == []
    assert numbers(searched.search("催办")) == ["2025-0003"]
    assert numbers(searched.search("老旧小区")) == ["2025-0002", "2025-0004"]


def test_a_note_and_an_amended_name_are_found_at_once(searched):
    searched.act("2025-0004", "assign", user="reg", on="2025-10-14", to="han", note="已电话联系申请人")
    assert numbers(searched.search("电话")) == ["2025-0003", "2025-0004"]
    searched.amend("2025-0004", version=1, field="applicant", value="张三峰", reason="姓名录错", user="boss")
    assert numbers(searched.search("张三丰")) == [] and numbers(searched.search("三峰")) == ["2025-0004"]
    assert searched.replay() == []


# list's filters, counted from the table above (2025-0005 is voided, so never listed without --state).
@pytest.mark.parametrize("filters, expected", [
    ({}, ["2025-0001", "2025-0002", "2025-0003", "2025-0004", "2025-0006"]),
    ({"kind": "disclosure"}, ["2025-0001", "2025-0002", "2025-0003", "2025-0004"]),
    ({"kind": "信访事项"}, ["2025-0006"]),
    ({"handler": "han"}, ["2025-0001", "2025-0003"]),
    ({"handler": "han2"}, ["2025-0002"]),
    ({"channel": "online"}, ["2025-0001", "2025-0004"]),
    ({"channel": "信函"}, ["2025-0002", "2025-0003", "2025-0006"]),
    ({"received_from": "2025-10-10"}, ["2025-0003", "2025-0004", "2025-0006"]),
    ({"received_to": "2025-10-10"}, ["2025-0001", "2025-0002", "2025-0003"]),
    ({"received_from": "2025-10-09", "received_to": "2025-10-13"}, ["2025-0002", "2025-0003", "2025-0004"]),
    ({"channel": "post", "received_from": "2025-10-10", "kind": "disclosure"}, ["2025-0003"]),
    ({"state": "已登记"}, ["2025-0004", "2025-0006"]),  # a petition registered too
    ({"state": "voided", "channel": "post"}, ["2025-0005"]),
    ({"handler": "han", "state": "processing"}, ["2025-0001", "2025-0003"]),
    ({"handler": "multi"}, []),  # a user who handles nothing
])
def test_list_filters_combine_with_and(searched, filters, expected):
    assert numbers(searched.cases(**filters)) == expected


def test_list_filters_combine_with_the_due_filters(searched):
    # On TODAY (2026-11-20) every open application received in 2025 is past its 20 working days, and due
    # within any number of days: the due filters keep them all, the others choose among them.
    assert numbers(searched.cases(overdue=True, handler="han")) == ["2025-0001", "2025-0003"]
    assert numbers(searched.cases(overdue=True, channel="online")) == ["2025-0001", "2025-0004"]
    assert numbers(searched.cases(due_within=5, kind="disclosure", received_from="2025-10-13")) == ["2025-0004"]


@pytest.mark.parametrize("filters, message", [
    ({"handler": "nobody"}, "no user nobody"),
    ({"kind": "complaint"}, "unknown kind 'complaint'; expected one of disclosure 政府信息公开申请, petition 信访事项, "
                            "suggestion 人大代表建议·政协提案"),
    ({"channel": "信鸽"}, "unknown channel '信鸽'; expected one of in_person 当面, post 信函, online 网络, fax 传真, email 电子邮件"),
    ({"received_from": "2025-10-13", "received_to": "2025-10-09"}, "--received-from 2025-10-13 is after --received-to 2025-10-09"),
    ({"received_to": "2025-13-01"}, "--received-to '2025-13-01' is not a date of the form YYYY-MM-DD"),
])
def test_an_unknown_filter_value_is_one_line_naming_the_accepted(searched, filters, message):
    with pytest.raises(InvalidInput) as refused:
        searched.cases(**filters)
    assert str(refused.value) == message
