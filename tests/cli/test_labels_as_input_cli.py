"""Codes accept their Chinese labels (issue 18 item 1, in part): a clerk types 信函 or post, 自然人 or
natural, 办理中 or processing; the book keeps the code. An unknown value is one line listing the
accepted ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from freezegun import freeze_time

KIND_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "kinds" / "message_board.toml"


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


# -- every code a command takes, by its label too; a label two codes share is refused naming them ----------------

LETTER_SETTINGS = """
[office]
name = "某市某区人民政府办公室"
address = "某市某区人民路1号"
phone = "010-12345678"
contact = "王明"
"""


def _application(cli, received: str = "2026-11-02") -> None:
    cli("register", "--channel", "online", "--received", received, "--on", received, "--applicant", "张三",
        "--applicant-type", "natural", "--request", "x")


def _events(cli, number: str) -> list[dict]:
    return json.loads(cli("history", number, "--json")[1])


@freeze_time("2026-11-20 10:00:00")
def test_an_opinion_by_its_label(cli):
    cli("init", "--admin", "admin")
    for _ in range(2):
        _application(cli)
        number = f"2026-000{_ + 1}"
        cli("advance", number, "assign", "--to", "admin", "--on", "2026-11-03")
        cli("advance", number, "consult", "--party", "agency", "--on", "2026-11-04")
    code, out, err = cli("advance", "2026-0001", "receive-opinion", "--opinion", "同意公开", "--on", "2026-11-05")
    assert code == 0, err
    assert _events(cli, "2026-0001")[-1]["data"]["opinion"] == "agree"
    code, _, err = cli("advance", "2026-0002", "receive-opinion", "--opinion", "不同意公开", "--on", "2026-11-05")
    assert code == 0, err
    assert _events(cli, "2026-0002")[-1]["data"]["opinion"] == "object"


@freeze_time("2026-11-20 10:00:00")
def test_consent_and_opinion_that_contradict_each_other_are_refused_with_nothing_written(cli):
    cli("init", "--admin", "admin")
    _application(cli)
    cli("advance", "2026-0001", "assign", "--to", "admin", "--on", "2026-11-03")
    cli("advance", "2026-0001", "consult", "--party", "agency", "--on", "2026-11-04")
    for consent, opinion in (("no", "agree"), ("yes", "object"), ("yes", "不同意公开"), ("no", "none"), ("yes", "none")):
        code, out, err = cli("advance", "2026-0001", "receive-opinion", "--consent", consent, "--opinion", opinion, "--on", "2026-11-05")
        assert (code, out) == (2, ""), (consent, opinion)
        assert err.count("\n") == 1 and "--consent" in err and "--opinion" in err
    assert [event["type"] for event in _events(cli, "2026-0001")] == ["register", "assign", "consult"]
    code, _, err = cli("advance", "2026-0001", "receive-opinion", "--consent", "no", "--opinion", "不同意公开", "--on", "2026-11-05")
    assert code == 0, err  # the two say the same
    assert _events(cli, "2026-0001")[-1]["data"]["opinion"] == "object"


@freeze_time("2026-11-20 10:00:00")
def test_outcomes_ratings_and_scales_by_their_labels_for_every_kind(cli):
    cli("init", "--admin", "admin")
    cli("register", "--kind", "信访事项", "--channel", "post", "--received", "2026-09-16", "--on", "2026-09-16",
        "--applicant", "李四", "--applicant-type", "natural", "--request", "反映噪音")
    cli("advance", "2026-0001", "accept", "--on", "2026-09-18")
    cli("advance", "2026-0001", "assign", "--to", "admin", "--on", "2026-09-18")
    code, out, err = cli("advance", "2026-0001", "reply", "--outcome", "支持", "--on", "2026-10-09", "--json")
    assert code == 0, err
    assert (json.loads(out)["kind"], json.loads(out)["outcome"]) == ("petition", "supported")
    code, out, err = cli("advance", "2026-0001", "feedback", "--rating", "满意", "--on", "2026-10-12", "--json")
    assert code == 0 and json.loads(out)["facts"]["rating"] == "satisfied", err
    code, out, err = cli("register", "--kind", "suggestion", "--received", "2026-03-19", "--on", "2026-03-19", "--applicant", "王代表",
                         "--applicant-type", "deputy", "--request", "建议", "--set", "complex=no")
    cli("advance", "2026-0002", "assign", "--to", "admin", "--on", "2026-03-20")
    code, out, err = cli("advance", "2026-0002", "reply", "--outcome", "因条件限制暂时无法解决", "--on", "2026-06-01", "--json")
    assert code == 0 and json.loads(out)["outcome"] == "C", err
    code, out, err = cli("advance", "2026-0002", "feedback", "--set", "rating=基本满意", "--on", "2026-06-05", "--json")
    assert code == 0 and json.loads(out)["facts"]["rating"] == "basically_satisfied", err
    _application(cli)
    cli("advance", "2026-0003", "assign", "--to", "admin", "--on", "2026-11-03")
    code, out, err = cli("advance", "2026-0003", "reply", "--outcome", "支持", "--on", "2026-11-04")
    assert (code, out) == (2, "") and "unknown outcome '支持'" in err  # a petition's label, not an application's
    code, _, err = cli("advance", "2026-0003", "notify-fee", "--scale", "按量计收", "--pages", "120", "--on", "2026-11-04")
    assert code == 0, err
    assert _events(cli, "2026-0003")[-1]["data"]["scale"] == "page"


@freeze_time("2026-11-20 10:00:00")
def test_a_configured_kinds_outcome_by_its_label_and_a_shared_label_refused_naming_both(cli, tmp_path):
    kind_file = tmp_path / "board.toml"
    kind_file.write_text(KIND_FILE.read_text(encoding="utf-8").replace(
        'not_ours = "非本单位职责，已转办"', 'not_ours = "非本单位职责，已转办"\nanswered_late = "已回复"',
    ).replace('label = "交办"', 'label = "回复"'), encoding="utf-8")

    def run(*args, kinds=str(KIND_FILE)):
        return cli("--kinds", kinds, *args)

    run("init", "--admin", "admin")
    for number in ("2026-0001", "2026-0002"):
        run("register", "--kind", "领导留言板", "--channel", "online", "--received", "2026-11-02", "--on", "2026-11-02",
            "--applicant", "张三", "--applicant-type", "natural", "--request", "路灯")
        assert run("advance", number, "交办", "--to", "admin", "--on", "2026-11-03")[0] == 0
    code, out, err = run("advance", "2026-0001", "回复", "--outcome", "已回复", "--json")
    assert code == 0 and (json.loads(out)["state"], json.loads(out)["outcome"]) == ("replied", "answered"), err
    # With both outcomes called 已回复 and two actions called 回复: the label is refused, naming the codes.
    code, out, err = run("advance", "2026-0002", "reply", "--outcome", "已回复", kinds=str(kind_file))
    assert (code, out) == (2, "") and err.count("\n") == 1 and "answered, answered_late" in err
    code, out, err = run("advance", "2026-0002", "回复", "--outcome", "answered", kinds=str(kind_file))
    assert (code, out) == (2, "") and err.count("\n") == 1 and "assign, reply" in err
    assert [event["type"] for event in _events(cli, "2026-0002")] == ["register", "assign"]


@freeze_time("2026-11-20 10:00:00")
def test_a_kind_and_a_clock_by_their_labels(cli):
    cli("init", "--admin", "admin")
    cli("register", "--kind", "petition", "--channel", "post", "--received", "2026-09-16", "--on", "2026-09-16",
        "--applicant", "李四", "--applicant-type", "natural", "--request", "反映噪音")
    code, out, err = cli("kinds", "show", "信访事项")
    assert code == 0 and out.startswith("petition 信访事项"), err
    assert json.loads(cli("kinds", "show", "信访事项", "--json")[1])["code"] == "petition"
    code, out, err = cli("report", "stats", "--year", "2026", "--kind", "信访事项", "--json")
    assert code == 0 and list(json.loads(out)["kinds"]) == ["petition"], err
    code, out, err = cli("explain", "2026-0001", "--clock", "受理告知期限", "--json")
    assert code == 0 and json.loads(out)["clock"] == "acceptance", err
    _application(cli)
    code, out, err = cli("explain", "2026-0002", "--clock", "答复期限", "--json")
    assert code == 0 and json.loads(out)["clock"] == "reply", err
    code, _, err = cli("explain", "2026-0002", "--clock", "缴费期限")
    assert code == 1 and "has no payment clock" in err  # a clock of the kind the case has not started
    code, _, err = cli("kinds", "show", "信访")
    assert code == 2 and "unknown kind '信访'" in err


@freeze_time("2026-11-20 10:00:00")
def test_an_action_by_its_label(cli):
    cli("init", "--admin", "admin")
    cli("users", "add", "chen", "--role", "审查员")
    _application(cli)
    cli("advance", "2026-0001", "分办", "--to", "admin", "--on", "2026-11-03")
    assert cli("advance", "2026-0001", "提交保密审查", "--on", "2026-11-04")[0] == 0
    code, out, err = cli("advance", "2026-0001", "审查通过", "--on", "2026-11-05", user="chen")
    assert (code, err) == (0, "")
    assert out.startswith("2026-0001: approve-review → cleared 审查通过")
    assert [event["type"] for event in _events(cli, "2026-0001")] == ["register", "assign", "submit-review", "approve-review"]
    code, out, err = cli("advance", "2026-0001", "审查通过了")
    assert (code, out) == (2, "") and "unknown action '审查通过了'" in err


@freeze_time("2026-11-20 10:00:00")
def test_a_letter_kind_by_its_label_whole_without_its_brackets_or_by_them(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "disclosure.toml").write_text(LETTER_SETTINGS, encoding="utf-8")
    cli("init", "--admin", "admin")
    _application(cli)
    for given in ("收到申请告知书", "登记回执", "收到申请告知书（登记回执）", "收到申请告知书(登记回执)", "（登记回执）"):
        code, out, err = cli("letter", "2026-0001", given, "--json")
        assert code == 0 and json.loads(out)["letter"] == "acknowledgement", (given, err)
    code, out, err = cli("letter", "2026-0001", "告知书")
    assert (code, out) == (2, "") and "unknown letter kind '告知书'" in err
    # An action by its label, with its letter.
    cli("advance", "2026-0001", "assign", "--to", "admin", "--on", "2026-11-03")
    code, out, err = cli("advance", "2026-0001", "补正告知", "--note", "请写明文件名称", "--letter", "--json")
    assert code == 0, err
    assert (json.loads(out)["state"], json.loads(out)["letter"]["letter"]) == ("correction", "correction")


def test_a_letter_label_two_kinds_share_is_refused_naming_both(monkeypatch):
    from disclosure.workflow import letters
    from disclosure.workflow.errors import InvalidInput

    monkeypatch.setattr(letters, "LETTER_KINDS", {**letters.LETTER_KINDS, "receipt": "登记回执"})
    assert letters.letter_kind_code("收到申请告知书") == "acknowledgement"
    with pytest.raises(InvalidInput) as refused:
        letters.letter_kind_code("登记回执")
    assert "acknowledgement, receipt" in str(refused.value)


def test_a_code_choice_refuses_a_label_two_codes_share():
    import click

    from disclosure.cli._context import CodeChoice

    choice = CodeChoice({"a": "甲", "b": "甲", "c": "丙"})
    assert (choice.convert("丙", None, None), choice.convert("b", None, None)) == ("c", "b")
    with pytest.raises(click.BadParameter) as refused:
        choice.convert("甲", None, None)
    assert "a, b" in refused.value.format_message()


@freeze_time("2026-11-20 10:00:00")
def test_a_case_as_it_stood_is_at_a_day_or_a_version_not_both(cli):
    cli("init", "--admin", "admin")
    _application(cli)
    cli("advance", "2026-0001", "assign", "--to", "admin", "--on", "2026-11-03")
    for command in ("show", "history"):
        code, out, err = cli(command, "2026-0001", "--version", "1", "--as-of", "2026-11-04")
        assert (code, out) == (2, "") and err.count("\n") == 1 and "--as-of" in err and "--version" in err
        assert cli(command, "2026-0001", "--version", "1")[0] == 0 and cli(command, "2026-0001", "--as-of", "2026-11-04")[0] == 0
