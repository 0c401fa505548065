"""What `show`, `advance`, `history`, `audit verify` and refusals say: the clock that runs now, the
kind and the handler, yes/no for booleans, nouns in their number, states with their labels."""

from __future__ import annotations

import json

from freezegun import freeze_time


def _registered(cli) -> None:
    assert cli("init", "--admin", "admin")[0] == 0
    assert cli("users", "add", "li", "--role", "handler")[0] == 0
    code, out, _ = cli("register", "--channel", "post", "--received", "2026-10-26", "--on", "2026-10-26",
                       "--applicant", "张三", "--applicant-type", "natural", "--request", "某路段")
    assert (code, out.strip()) == (0, "2026-0001")


def _due_line(out: str) -> str:
    return next(line.strip() for line in out.splitlines() if line.strip().startswith("due "))


@freeze_time("2026-11-05 10:00:00")
def test_show_gives_the_kind_the_handler_and_the_correction_period_while_it_runs(cli):
    _registered(cli)
    code, out, _ = cli("show", "2026-0001")
    assert code == 0 and out.splitlines()[:2] == ["2026-0001  registered 已登记", "  kind 类型: disclosure 政府信息公开申请"]
    assert "  handler 承办人: - (not assigned 未分配)" in out.splitlines()
    assert _due_line(out) == "due 答复期限: 2026-11-23"
    cli("advance", "2026-0001", "assign", "--to", "li", "--on", "2026-10-27")

    code, out, _ = cli("advance", "2026-0001", "request-correction", "--on", "2026-10-28", user="li")
    assert (code, out.strip()) == (0, "2026-0001: request-correction → correction 待补正, due 2026-11-18 补正期限 (correction)")
    code, out, _ = cli("show", "2026-0001")
    assert _due_line(out) == "due 补正期限: 2026-11-18  (correction running 计时中; reply 答复期限 stopped 已停止)"
    assert "  handler 承办人: li" in out.splitlines()
    shown = json.loads(cli("show", "2026-0001", "--json")[1])
    assert shown["running_clock"] == {"name": "correction", "label": "补正期限", "due_on": "2026-11-18", "provisional": False}
    # The case's own due date, which list and the reports count by, is still the reply clock's.
    assert (shown["due_clock"], shown["due_on"], shown["kind_label"]) == ("reply", "2026-11-23", "政府信息公开申请")

    code, out, _ = cli("advance", "2026-0001", "receive-correction", "--on", "2026-11-02", user="li")
    assert (code, out.strip()) == (0, "2026-0001: receive-correction → processing 办理中, due 2026-11-30")
    shown = json.loads(cli("show", "2026-0001", "--json")[1])
    assert shown["running_clock"]["name"] == "reply" and shown["running_clock"]["due_on"] == shown["due_on"] == "2026-11-30"
    assert _due_line(cli("show", "2026-0001")[1]) == "due 答复期限: 2026-11-30"


@freeze_time("2026-11-05 10:00:00")
def test_show_during_a_consultation_gives_the_opinion_period_and_the_paused_reply_clock(cli):
    _registered(cli)
    cli("advance", "2026-0001", "assign", "--to", "li", "--on", "2026-10-27")
    assert cli("advance", "2026-0001", "consult", "--party", "third_party", "--on", "2026-10-28", user="li")[0] == 0
    out = cli("show", "2026-0001")[1]
    assert _due_line(out) == "due 答复期限: -  (reply paused 已暂停, 18 left 剩余)"
    assert json.loads(cli("show", "2026-0001", "--json")[1])["running_clock"] is None
    cli("advance", "2026-0001", "opinion-request-received", "--on", "2026-10-30", user="li")
    out = cli("show", "2026-0001")[1]
    assert _due_line(out) == "due 征求意见期限: 2026-11-20  (opinion running 计时中; reply 答复期限 paused 已暂停)"

    code, _, err = cli("advance", "2026-0001", "reply", "--outcome", "declined.petition", "--on", "2026-11-02", user="li")
    assert code == 1 and err.strip() == "disclosure: error: reply is not allowed while the case is in state consultation 征求意见中"


@freeze_time("2026-11-20 10:00:00")
def test_history_says_yes_and_no_and_never_python_syntax(cli):
    _registered(cli)
    cli("advance", "2026-0001", "assign", "--to", "li", "--on", "2026-10-27")
    cli("advance", "2026-0001", "request-correction", "--on", "2026-10-28", user="li")
    cli("advance", "2026-0001", "receive-correction", "--on", "2026-11-02", user="li")
    assert cli("advance", "2026-0001", "reply", "--outcome", "declined.petition", "--on", "2026-11-03", user="li")[0] == 0
    code, out, _ = cli("history", "2026-0001")
    assert code == 0
    lines = out.splitlines()
    assert "late=no 否" in lines[2] and "on_time=yes 是" in lines[4]
    assert "receipt={rule=given}" in lines[0]
    assert not any(word in out for word in ("True", "False", "None", "{'"))
    # --json keeps JSON's own booleans.
    assert json.loads(cli("history", "2026-0001", "--json")[1])[4]["data"]["on_time"] is True


@freeze_time("2026-11-20 10:00:00")
def test_audit_verify_counts_one_case_and_one_event_in_the_singular(cli):
    _registered(cli)
    code, out, _ = cli("audit", "verify")
    assert code == 0 and out.startswith("intact: 1 event in one chain, 1 case agrees with its events; head 1:")
    cli("register", "--channel", "post", "--received", "2026-10-26", "--on", "2026-10-26",
        "--applicant", "李四", "--applicant-type", "natural", "--request", "预算")
    out = cli("audit", "verify")[1]
    assert out.startswith("intact: 2 events in one chain, 2 cases agree with their events; head 2:")
