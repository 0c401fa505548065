"""The command line's own messages in Chinese from the package's catalog, with their values put in; the
English of every message is what the rest of the suite reads (that every message is translated, its
placeholders kept: tests/unit/test_messages.py)."""

from __future__ import annotations

import os
import string

import pytest

from disclosure.cli import main
from disclosure.cli.output_files import check_output
from disclosure.cli.render import due_line, receipt_text
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import in_language, message_of


def _reply_clock(**changes):
    clock = {"name": "reply", "label": "答复期限", "status": "running", "due_on": "2026-12-07", "remaining": 5}
    return {**clock, **changes}


def test_a_due_line_with_its_flags_in_both_languages():
    data = {
        "running_clock": None, "clocks": [_reply_clock()], "due_clock": "reply", "due_on": "2026-12-07",
        "provisional": True, "overdue": True, "extended": True,
    }
    line = due_line(data)
    assert line == "due 答复期限: 2026-12-07 (provisional 暂定) OVERDUE 已逾期  extended 已延期"
    assert in_language(line, "zh") == "答复期限截止日：2026-12-07（暂定） 已逾期  已延期"


def test_a_paused_due_clock_and_a_running_one_in_chinese():
    paused = {
        "running_clock": None, "clocks": [_reply_clock(status="paused", due_on=None, remaining=18)], "due_clock": "reply",
        "due_on": None, "provisional": False, "overdue": False, "extended": False,
    }
    assert in_language(due_line(paused), "zh") == "答复期限截止日：-（reply 已暂停，剩余 18）"
    consulting = {
        "running_clock": {"name": "opinion", "label": "征求意见期限", "due_on": "2026-11-20", "provisional": False},
        "clocks": [_reply_clock(status="paused", due_on=None)], "due_clock": "reply",
    }
    assert in_language(due_line(consulting), "zh") == "征求意见期限截止日：2026-11-20（opinion 计时中；reply 答复期限 paused 已暂停）"


def test_the_receipt_rule_and_its_listed_dates_in_chinese():
    receipt = {"rule_text": "双方确认之日", "article": "[GK] 31(3)", "submitted_on": "2026-11-07", "confirmed_on": "2026-11-09"}
    text = receipt_text(receipt)
    assert text == "by 依据: 双方确认之日 ([GK] 31(3)); submitted 提交 2026-11-07, confirmed 确认 2026-11-09"
    assert in_language(text, "zh") == "依据：双方确认之日（[GK] 31(3)）；提交 2026-11-07，确认 2026-11-09"


def test_a_refused_output_file_is_said_in_chinese(tmp_path):
    target = tmp_path / "target.json"
    target.write_text("{}")
    link = tmp_path / "export.json"
    os.symlink(target, link)
    with pytest.raises(InvalidInput) as refused:
        check_output(str(link), db=str(tmp_path / "book.db"), force=True)
    assert str(refused.value) == f"--out {link} is a symbolic link; name the file itself"
    assert in_language(message_of(refused.value), "zh") == f"--out {link} 是符号链接；请指定文件本身"


def test_explain_prints_each_day_in_chinese(tmp_path, monkeypatch, capsys):
    # Friday 2026-11-06 + 5 working days: the weekend 11-07 and 11-08 not counted, 11-09 … 11-13 days 1 to 5.
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCLOSURE_CALENDAR", raising=False)
    assert main(["--lang", "zh", "calendar", "add-days", "2026-11-06", "5", "--explain"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "期间（period）自 2026-11-06 周五 起算：5个工作日（workdays），起算当日不计入",
        "  2026-11-07 周六  周末：不计",
        "  2026-11-08 周日  周末：不计",
        "  2026-11-09 周一  工作日 → 第1日",
        "  2026-11-10 周二  工作日 → 第2日",
        "  2026-11-11 周三  工作日 → 第3日",
        "  2026-11-12 周四  工作日 → 第4日",
        "  2026-11-13 周五  工作日 → 第5日",
        "截止日：2026-11-13 周五",
    ]


def test_a_plural_takes_its_own_sentence(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCLOSURE_CALENDAR", raising=False)
    monkeypatch.delenv("DISCLOSURE_USER", raising=False)
    assert main(["--lang", "zh", "init", "--admin", "li"]) == 0
    assert main(["--lang", "zh", "audit", "verify"]) == 0
    said = capsys.readouterr().out.splitlines()[-1]
    assert said.startswith("完好：0 个事件同在一条链上，0 件案件均与其事件一致；链头 0:")
    assert main(["--lang", "en", "audit", "verify"]) == 0
    assert capsys.readouterr().out.startswith("intact: 0 events in one chain, 0 cases agree with their events; head 0:")


def _placeholders(text: str) -> set[str]:
    return {
        "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        for _, name, spec, conversion in string.Formatter().parse(text) if name is not None
    }
