"""The domain's messages (disclosure/workflow/) said in Chinese from the package's catalog, the English
unchanged (that every message is translated: tests/unit/test_messages.py)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from disclosure.workflow.calendar import parse_overrides
from disclosure.workflow.clocks import Clock
from disclosure.workflow.errors import ClockError, DisclosureError, InvalidInput, RuleViolation
from disclosure.workflow.input_bounds import parse_date
from disclosure.workflow.letters import check_letter
from disclosure.workflow.messages import in_language, message_of, t
from disclosure.workflow.receipt import legal_receipt


def _said(error: DisclosureError) -> tuple[str, str]:
    message = message_of(error)
    return str(message), in_language(message, "zh")


REFUSED_INPUT = {
    "a malformed date, named by its option": (
        lambda: parse_date("2026-13-01", "--on"),
        "--on '2026-13-01' is not a date of the form YYYY-MM-DD",
        "--on '2026-13-01' 不是 YYYY-MM-DD 格式的日期",
    ),
    "a date nobody named is called a date": (
        lambda: parse_date("tomorrow"),
        "date 'tomorrow' is not a date of the form YYYY-MM-DD",
        "日期 'tomorrow' 不是 YYYY-MM-DD 格式的日期",
    ),
    # February 2027 has 28 days: the entry, a string, is read as a date and refused, named by a message of its own.
    "a calendar file's entry": (
        lambda: parse_overrides('[2027]\nholidays = ["2027-02-30"]\n', "office.toml"),
        "office.toml: [2027] holidays entry '2027-02-30' is not a date of the form YYYY-MM-DD",
        "office.toml：[2027] holidays 中的日期 '2027-02-30' 不是 YYYY-MM-DD 格式的日期",
    ),
}


@pytest.mark.parametrize("case", REFUSED_INPUT)
def test_refused_input_in_both_languages(case):
    refuse, english, chinese = REFUSED_INPUT[case]
    with pytest.raises(InvalidInput) as raised:
        refuse()
    assert _said(raised.value) == (english, chinese)


def test_a_clock_started_twice():
    clock = Clock("reply").start(date(2026, 11, 9), 20)
    with pytest.raises(ClockError) as raised:
        clock.start(date(2026, 11, 10), 20)
    assert _said(raised.value) == ("the reply clock is already running", "期限 reply 已处于 running 状态")


def test_a_registration_online_without_a_receipt_date_says_what_the_channel_needs():
    with pytest.raises(InvalidInput) as raised:
        legal_receipt("online", {})
    assert _said(raised.value) == (
        "register needs --received, or the channel's dates: an application sent online is received on the day "
        "the office and the applicant confirm it ([GK] 31(3)): give --confirmed-on",
        "register 须给出 --received，或该申请方式的日期：以 online 方式提交的申请，以本机关与申请人双方确认之日为"
        "收到日期（[GK] 31(3)）：请给出 --confirmed-on",
    )


def test_a_reply_letter_lists_every_missing_part_each_in_chinese():
    # Withheld as a state secret with neither reason nor legal basis: [GK] 36 asks for both.
    case = SimpleNamespace(
        number="2026-0007", kind="disclosure", state="replied", outcome="withheld.state_secret",
        replied_on=date(2026, 11, 20), reply_reasons={}, letters=[], facts={}, extended=False,
    )
    with pytest.raises(RuleViolation) as raised:
        check_letter("reply", case, [])
    assert _said(raised.value) == (
        "no reply letter (答复告知书) for case 2026-0007: [GK] 36–39 require "
        "the reason for withheld.state_secret (理由); the legal basis for withheld.state_secret (法律依据)",
        "不能为案件 2026-0007 出具 reply（答复告知书）：[GK] 36–39 要求写明："
        "withheld.state_secret 的理由；withheld.state_secret 的法律依据",
    )


def test_the_roles_an_action_needs_are_named_in_chinese_in_a_chinese_message():
    from disclosure.workflow.errors import RuleViolation
    from disclosure.workflow.messages import t
    from disclosure.workflow.vocabulary import any_of_roles

    needed = t("{doing} needs the role {roles}; {actor_name} does not hold it",
               doing=t("reading the access log"), roles=any_of_roles(["auditor", "head", "admin"]), actor_name="han")
    assert _said(RuleViolation(needed)) == (
        "reading the access log needs the role auditor or head or admin; han does not hold it",
        "读取查阅日志需要 审计员或负责人或管理员 角色；han 不具有该角色",
    )
    assert (str(any_of_roles(["admin"])), in_language(any_of_roles(["admin"]), "zh")) == ("admin", "管理员")


def test_the_systems_common_refusals_of_a_file_are_said_in_chinese_and_the_rest_as_the_system_said():
    import errno

    from disclosure.workflow.os_errors import os_problem

    missing = os_problem(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    assert (str(missing), in_language(missing, "zh")) == ("No such file or directory", "没有那个文件或目录")
    full = os_problem(OSError(errno.ENOSPC, "No space left on device"))
    assert in_language(full, "zh") == "设备上没有空间"
    assert os_problem(OSError(errno.EIO, "Input/output error")) == "Input/output error"
    assert os_problem(OSError("odd")) == "odd"


def test_a_verify_finding_about_a_document_and_a_delivery_id_are_said_in_chinese():
    from disclosure.audit.verify_chain import Finding
    from disclosure.workflow.calendar import check_count

    detail = t("the {what} ({sha256}…) is altered in the document store", what=t("letter {number}", number="依申请公开〔2026〕第4号"),
               sha256="7c392da635de")
    said = in_language(str(Finding("document", 715, "2026-0067", detail)), "zh")
    assert "依申请公开〔2026〕第4号" in said and "在文书库中已被改动" in said and "altered" not in said
    with pytest.raises(InvalidInput) as raised:
        check_count(0, t("a delivery id"), least=1, most=2147483647)
    assert in_language(message_of(raised.value), "zh").startswith("发送记录编号")
