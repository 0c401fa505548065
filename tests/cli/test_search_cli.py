"""`search` and `list`'s filters from the command line: the table's columns, the JSON, one-line refusals.

Today is Friday 2026-11-20. Two letters: 2026-0001 from 张三 (ID number 110101199003071234), received
Monday 10-26 and assigned to li, due 20 working days later: 10-27…30 (4), 11-02…06 (9), 09…13 (14),
16…20 (19), 23 (20) → 11-23; 2026-0002 from 张三丰, received online on 11-19, not assigned: 11-20 (1),
23…27 (6), 30 (7), 12-01…04 (11), 07…11 (16), 14…17 (20) → 12-17.
"""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time


@pytest.fixture
def two_cases(cli):
    with freeze_time("2026-11-20 10:00:00"):
        cli("init", "--admin", "admin")
        for name, role in (("wang", "registrar"), ("li", "handler")):
            cli("users", "add", name, "--role", role)
        assert cli("register", "--channel", "post", "--received", "2026-10-26", "--on", "2026-10-27", "--applicant", "张三",
                   "--applicant-type", "natural", "--request", "某路段改造批复", "--id-number", "110101199003071234",
                   user="wang")[0] == 0
        assert cli("register", "--channel", "网络", "--confirmed-on", "2026-11-19", "--applicant", "张三丰",
                   "--applicant-type", "natural", "--request", "老旧小区加装电梯", user="wang")[0] == 0
        assert cli("advance", "2026-0001", "assign", "--to", "li", "--note", "请电话联系", user="wang")[0] == 0
    return cli


@freeze_time("2026-11-20 10:00:00")
def test_search_prints_kind_state_receipt_due_handler_and_the_name_masked(two_cases):
    cli = two_cases
    assert cli("search", "张三") == (0, (
        "2026-0001  政府信息公开申请  processing  办理中  2026-10-26  due 2026-11-23  li  张*\n"
        "2026-0002  政府信息公开申请  registered  已登记  2026-11-19  due 2026-12-17  -   张**\n"
    ), "")
    assert cli("search", "电话")[1].startswith("2026-0001  ")  # the assignment's note
    assert cli("search", "110101199003071234")[1].startswith("2026-0001  ")
    assert cli("search", "加装电梯", "--state", "已登记")[1].startswith("2026-0002  ")
    assert cli("search", "李四") == (0, "", "")
    found = json.loads(cli("search", "张三", "--limit", "1", "--json")[1])
    assert [(row["number"], row["kind"], row["handler"], row["applicant"]["name"], row["applicant"]["id_number"])
            for row in found] == [("2026-0001", "disclosure", "li", "张*", "110***********1234")]


@freeze_time("2026-11-20 10:00:00")
def test_list_filters_and_its_columns(two_cases):
    cli = two_cases
    assert cli("list", "--handler", "li") == (
        0, "2026-0001  政府信息公开申请  processing  办理中  2026-10-26  due 2026-11-23  li  张三\n", "",
    )
    assert cli("list", "--channel", "网络", "--received-from", "2026-11-01")[1].startswith("2026-0002  ")
    assert cli("list", "--kind", "disclosure", "--received-to", "2026-10-31", "--due-within", "1")[1].startswith("2026-0001  ")
    assert [row["number"] for row in json.loads(cli("list", "--kind", "政府信息公开申请", "--json")[1])] == ["2026-0001", "2026-0002"]
    rows = json.loads(cli("list", "--json")[1])
    assert [(row["kind"], row["kind_label"], row["handler"]) for row in rows] == [
        ("disclosure", "政府信息公开申请", "li"), ("disclosure", "政府信息公开申请", None),
    ]


@freeze_time("2026-11-20 10:00:00")
@pytest.mark.parametrize("args, message", [
    (("list", "--handler", "zhao"), "no user zhao"),
    (("list", "--channel", "pigeon"), "unknown channel 'pigeon'; expected one of in_person 当面, post 信函, online 网络, fax 传真, email 电子邮件"),
    (("list", "--kind", "complaint"),
     "unknown kind 'complaint'; expected one of disclosure 政府信息公开申请, petition 信访事项, suggestion 人大代表建议·政协提案"),
    (("list", "--received-from", "2026-11-02", "--received-to", "2026-11-01"), "--received-from 2026-11-02 is after --received-to 2026-11-01"),
    (("search", " "), "search needs a text: a case number, a name, words of the request or of a note, or an ID number"),
    (("search", "张三", "--limit", "0"), "--limit must be from 1 to 1000 (got 0)"),
    (("search", "张三", "--limit", "5000"), "--limit must be from 1 to 1000 (got 5000)"),
    (("search", "张三", "--kind", "complaint"),
     "unknown kind 'complaint'; expected one of disclosure 政府信息公开申请, petition 信访事项, suggestion 人大代表建议·政协提案"),
])
def test_a_bad_filter_is_one_line_and_exit_two(two_cases, args, message):
    assert two_cases(*args) == (2, "", f"disclosure: error: {message}\n")  # bad input, as a bad date
