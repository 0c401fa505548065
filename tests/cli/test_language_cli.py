"""The command line in the clerk's language: Chinese under a Chinese locale or with `--lang zh`, English
with `--lang en` or any other locale; help, click's own words and the translated messages alike."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time

REGISTER = ["register", "--channel", "post", "--received", "2026-11-02", "--on", "2026-11-02",
            "--applicant-type", "natural", "--applicant", "张三", "--request", "某路段改造批复"]


def _squeezed(text: str) -> str:
    """The text without its whitespace: click wraps help at its own width, inside Chinese words too."""
    return "".join(text.split())


def _speak(monkeypatch, locale: str) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", locale)


@pytest.fixture
def book(cli):
    """An initialised case book with one registered case, 2026-0001, on 2026-11-20."""
    with freeze_time("2026-11-20 10:00:00"):
        assert cli("init", "--admin", "admin")[0] == 0
        assert cli(*REGISTER)[:2] == (0, "2026-0001\n")
    return cli


def test_a_refusal_is_said_in_chinese_under_a_chinese_locale(book, monkeypatch):
    _speak(monkeypatch, "zh_CN.UTF-8")
    assert book("show", "2026-0099") == (1, "", "disclosure：错误：没有案件 2026-0099\n")
    with freeze_time("2026-11-20 10:00:00"):
        assert book("advance", "2026-0001", "deliver") == (
            1, "", "disclosure：错误：案件处于 registered 已登记 状态，不能办理 deliver\n",
        )
        assert book("advance", "2026-0001", "assign", "--to", "admin", "--on", "2026-11-23") == (
            1, "", "disclosure：错误：办理日期 2026-11-23 晚于今天（今天是 2026-11-20）\n",
        )


def test_lang_chooses_over_the_locale(book, monkeypatch):
    _speak(monkeypatch, "zh_CN.UTF-8")
    assert book("--lang", "en", "show", "2026-0099") == (1, "", "disclosure: error: no case 2026-0099\n")
    _speak(monkeypatch, "C")
    assert book("--lang", "zh", "show", "2026-0099") == (1, "", "disclosure：错误：没有案件 2026-0099\n")
    assert book("--lang=zh", "show", "2026-0099") == (1, "", "disclosure：错误：没有案件 2026-0099\n")


def test_help_is_chinese_under_a_chinese_locale(cli, monkeypatch):
    _speak(monkeypatch, "zh_CN.UTF-8")
    code, out, err = cli("--help")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "用法： disclosure [OPTIONS] COMMAND [ARGS]..."
    assert "选项:" in out.splitlines() and "命令:" in out.splitlines()
    for said in ("disclosure：按中国工作日历办理政府信息公开案件。", "SQLite 文件或数据库 URL。", "显示此帮助并退出。",
                 "对案件 NUMBER 办理 ACTION。", "[默认：disclosure.db]"):
        assert _squeezed(said) in _squeezed(out), said


def test_advance_help_is_chinese_under_a_chinese_locale(cli, monkeypatch):
    _speak(monkeypatch, "zh_CN.UTF-8")
    code, out, err = cli("advance", "--help")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "用法： disclosure advance [OPTIONS] NUMBER ACTION"
    for said in (
        "对案件 NUMBER 办理 ACTION。",
        "办理日期（默认今天）；不得晚于今天，不得早于上一步骤。",
        "receive-opinion：agree 同意公开、object 不同意公开或 none 逾期未答复。",
        "extend：延长的工作日数（最多 20）。",
    ):
        assert _squeezed(said) in _squeezed(out), said
    assert "Effective date" not in out


def test_a_usage_error_is_chinese_and_exits_2(cli, monkeypatch):
    _speak(monkeypatch, "zh_CN.UTF-8")
    # click's words are translated; the date's own complaint is not a t() message yet
    assert cli("list", "--on", "2026-13-01") == (
        2, "", "disclosure：错误：'--on' 的值无效：日期 '2026-13-01' 不是 YYYY-MM-DD 格式的日期\n",
    )
    assert cli("list", "--bogus") == (2, "", "disclosure：错误：没有此选项：'--bogus'。\n")
    assert cli("show") == (2, "", "disclosure：错误：缺少参数 'NUMBER'.\n")
    assert cli("no-such-command") == (2, "", "disclosure：错误：没有此命令：'no-such-command'。\n")


def test_nothing_of_a_chinese_call_leaks_into_the_next(book, monkeypatch):
    _speak(monkeypatch, "zh_CN.UTF-8")
    assert book("--help")[1].startswith("用法：")
    assert book("show", "2026-0099")[2] == "disclosure：错误：没有案件 2026-0099\n"
    assert book("list", "--on", "2026-13-01")[0] == 2

    _speak(monkeypatch, "C")
    code, out, _ = book("--help")
    assert out.splitlines()[0] == "Usage: disclosure [OPTIONS] COMMAND [ARGS]..."
    assert "Options:" in out.splitlines() and "Commands:" in out.splitlines()
    assert "Show this message and exit." in out and "显示此帮助并退出。" not in out
    assert _squeezed("Take ACTION on case NUMBER.") in _squeezed(out)
    assert book("show", "2026-0099") == (1, "", "disclosure: error: no case 2026-0099\n")
    assert book("list", "--bogus") == (2, "", "disclosure: error: No such option '--bogus'.\n")


def test_json_errors_carry_the_translated_message(book, monkeypatch):
    _speak(monkeypatch, "zh_CN.UTF-8")
    code, out, err = book("--json", "show", "2026-0099")
    assert (code, out) == (1, "")
    assert json.loads(err) == {"error": {"code": "not_found", "message": "没有案件 2026-0099"}}
    code, out, err = book("--json", "list", "--on", "2026-13-01")
    assert (code, out) == (2, "")
    assert json.loads(err) == {
        "error": {"code": "usage", "message": "'--on' 的值无效：日期 '2026-13-01' 不是 YYYY-MM-DD 格式的日期"},
    }
    _speak(monkeypatch, "en_US.UTF-8")
    assert json.loads(book("--json", "show", "2026-0099")[2]) == {"error": {"code": "not_found", "message": "no case 2026-0099"}}


def test_the_short_help_option_and_clicks_counted_words_in_chinese_leave_english_as_it_was(book, monkeypatch):
    _speak(monkeypatch, "zh_CN.UTF-8")
    code, out, _ = book("list", "-h")
    assert code == 0 and out.startswith("用法： disclosure list [OPTIONS]")
    # click picks these by a count: the singular and the plural each have their translation.
    assert book("show", "2026-0001", "x", "y") == (2, "", "disclosure：错误：多余的参数（x y）\n")
    code, _, err = book("report", "annual", "--year", "2026", "--format", "pdf")
    assert code == 2 and err == "disclosure：错误：'--format' 的值无效：'pdf' 不是以下之一：'md', 'csv', 'xlsx', 'json', 'docx'。\n"
    _speak(monkeypatch, "C")
    code, out, _ = book("list", "-h")
    assert code == 0 and out.startswith("Usage: disclosure list [OPTIONS]")
    assert book("show", "2026-0001", "x", "y") == (2, "", "disclosure: error: Got unexpected extra arguments (x y)\n")
