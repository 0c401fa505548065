"""Codes accept their Chinese labels (issue 18 item 1, in part): a clerk types 信函 or post, 自然人 or
natural, 办理中 or processing; the book keeps the code. An unknown value is one line listing the
accepted ones."""

from __future__ import annotations

import json

from freezegun import freeze_time


@freeze_time("2026-11-20 10:00:00")
def test_labels_are_taken_for_their_codes_and_the_book_keeps_the_codes(cli):
    cli("init", "--admin", "admin")
    code, _, err = cli("users", "add", "li", "--role", "承办人")
    assert code == 0, err
    assert json.loads(cli("users", "list", "--json")[1])[1]["roles"] == ["handler"]  # admin, li, system: li second
    code, out, err = cli("register", "--channel", "信函", "--signed-on", "2026-11-02", "--on", "2026-11-02",
                         "--applicant", "张三", "--applicant-type", "自然人", "--request", "x", "--json")
    assert code == 0, err
    case = json.loads(out)
    assert (case["channel"], case["applicant_type"]) == ("post", "natural")
    assert json.loads(cli("history", "2026-0001", "--json")[1])[0]["data"]["channel"] == "post"
    cli("advance", "2026-0001", "assign", "--to", "li", "--on", "2026-11-03")
    for state in ("办理中", "processing"):
        code, out, _ = cli("list", "--state", state, "--json")
        assert code == 0 and [row["number"] for row in json.loads(out)] == ["2026-0001"]
    assert json.loads(cli("list", "--state", "已终止", "--json")[1]) == []  # an application's closed, by its label


@freeze_time("2026-11-20 10:00:00")
def test_an_unknown_value_is_one_line_listing_what_is_accepted(cli):
    cli("init", "--admin", "admin")
    code, out, err = cli("list", "--state", "办完了")
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert err.startswith("disclosure: error: unknown state '办完了'; expected one of registered 已登记, ")
    code, out, err = cli("register", "--channel", "鸽子", "--received", "2026-11-02", "--applicant", "x",
                         "--applicant-type", "natural", "--request", "x")
    assert (code, out) == (2, "") and "post 信函" in err and err.count("\n") == 1
    code, out, err = cli("register", "--channel", "online", "--confirmed-on", "2026-11-02", "--on", "2026-11-02",
                         "--applicant", "x", "--applicant-type", "个人", "--request", "x")
    assert (code, out) == (2, "") and "unknown applicant type '个人'" in err
    assert json.loads(cli("list", "--json")[1]) == []  # nothing was registered
