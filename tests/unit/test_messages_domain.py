"""The domain's messages (disclosure/workflow/) said in Chinese from its catalog fragment, the English unchanged.

The fragment `disclosure/locale/zh_CN/LC_MESSAGES/disclosure.po` is compiled here and put in place of the
package's catalog, so each refusal raised by the domain is read in both languages as a clerk meets it.
"""

from __future__ import annotations

import gettext
import importlib.util
import io
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from disclosure.workflow import messages
from disclosure.workflow.calendar import parse_overrides
from disclosure.workflow.clocks import Clock
from disclosure.workflow.errors import ClockError, DisclosureError, InvalidInput, RuleViolation
from disclosure.workflow.input_bounds import parse_date
from disclosure.workflow.kinds import BUILT_IN_KINDS  # noqa: F401  the kinds before letters: corrections, which letters imports, needs them whole
from disclosure.workflow.letters import check_letter
from disclosure.workflow.messages import in_language, message_of
from disclosure.workflow.receipt import legal_receipt

ROOT = Path(__file__).resolve().parents[2]
FRAGMENT = ROOT / "disclosure" / "locale" / "zh_CN" / "LC_MESSAGES" / "disclosure.po"  # the catalog these messages were merged into


def _fragment():
    with FRAGMENT.open("rb") as handle:
        return read_po(handle, locale="zh_CN", domain=messages.DOMAIN)


@pytest.fixture
def fragment_catalog(monkeypatch):
    """The package's catalog replaced by the fragment's, compiled."""
    compiled = io.BytesIO()
    write_mo(compiled, _fragment())
    compiled.seek(0)
    translations = gettext.GNUTranslations(compiled)
    monkeypatch.setattr(messages, "catalog", lambda language: translations)


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
def test_refused_input_in_both_languages(fragment_catalog, case):
    refuse, english, chinese = REFUSED_INPUT[case]
    with pytest.raises(InvalidInput) as raised:
        refuse()
    assert _said(raised.value) == (english, chinese)


def test_a_clock_started_twice(fragment_catalog):
    clock = Clock("reply").start(date(2026, 11, 9), 20)
    with pytest.raises(ClockError) as raised:
        clock.start(date(2026, 11, 10), 20)
    assert _said(raised.value) == ("the reply clock is already running", "期限 reply 已处于 running 状态")


def test_a_registration_online_without_a_receipt_date_says_what_the_channel_needs(fragment_catalog):
    with pytest.raises(InvalidInput) as raised:
        legal_receipt("online", {})
    assert _said(raised.value) == (
        "register needs --received, or the channel's dates: an application sent online is received on the day "
        "the office and the applicant confirm it ([GK] 31(3)): give --confirmed-on",
        "register 须给出 --received，或该申请方式的日期：以 online 方式提交的申请，以本机关与申请人双方确认之日为"
        "收到日期（[GK] 31(3)）：请给出 --confirmed-on",
    )


def test_a_reply_letter_lists_every_missing_part_each_in_chinese(fragment_catalog):
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


def _wanted() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("update_catalog", ROOT / "scripts" / "update_catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.wanted()


def test_every_message_of_the_fragment_is_one_the_code_has_and_is_translated():
    wanted = _wanted()
    entries = [message for message in _fragment() if message.id]
    assert entries, "the fragment holds no message"
    assert [message.id for message in entries if message.id not in wanted] == []
    assert [message.id for message in entries if not message.string] == []


def test_every_message_of_the_domain_is_in_the_fragment():
    domain = {
        msgid for msgid, where in _wanted().items()
        if where.startswith("disclosure/workflow/") and not where.startswith("disclosure/workflow/kinds/")
    }
    assert domain - {message.id for message in _fragment()} == set()
