"""The text each channel is given, word for word: the applicant's line taken out of a stored text (a
name over several lines too), put back after the case number for an e-mail the office allows, and
which channels may have it; and the setting that allows it, read from disclosure.toml."""

from __future__ import annotations

import pytest

from disclosure.notifications.channels import RecordingChannel, SmtpChannel, WebhookChannel
from disclosure.notifications.composing import channels_that_may_name_the_applicant, with_applicant, without_applicant
from disclosure.settings import Settings, parse_settings
from disclosure.workflow.errors import InvalidInput

TEXT = "案件编号：2025-0001\n期限：答复期限（reply）\n到期日：2025-10-30\n情况：剩余 3 个工作日\n提醒：即将到期（due_soon）"
NAMED = "案件编号：2025-0001\n申请人：张三\n期限：答复期限（reply）\n到期日：2025-10-30\n情况：剩余 3 个工作日\n提醒：即将到期（due_soon）"
REMINDER = "2027年的节假日安排尚未载入，跨年的期限只能按周末计算（暂定）。"


def test_a_text_without_an_applicant_line_is_left_as_it_is():
    assert without_applicant(TEXT) == TEXT
    assert without_applicant(REMINDER) == REMINDER


def test_an_earlier_versions_applicant_line_is_taken_out():
    assert without_applicant(NAMED) == TEXT


def test_a_name_running_over_several_lines_is_taken_out_whole():
    stored = NAMED.replace("申请人：张三", "申请人：张三\n（代理人：李四）\n13800001234")
    assert without_applicant(stored) == TEXT


def test_the_name_is_put_after_the_case_number_once():
    assert with_applicant(TEXT, "张三") == NAMED
    assert with_applicant(NAMED, "张三") == NAMED  # a stored name is replaced, not repeated
    assert with_applicant(NAMED, "张三丰") == NAMED.replace("张三", "张三丰")  # the name the case records now


@pytest.mark.parametrize("name", [None, ""])
def test_without_a_name_the_text_names_nobody(name):
    assert with_applicant(NAMED, name) == TEXT


def test_a_text_without_a_case_number_gets_no_name():
    assert with_applicant(REMINDER, "张三") == REMINDER


class OfficeOwnChannel:
    """A channel an office wrote that says nothing about who reads it."""

    name = "own"

    def send(self, message) -> None:  # pragma: no cover - never sent here
        raise AssertionError


CHANNELS = {
    "mail": SmtpChannel("mail", "127.0.0.1", 25, "gk@example.gov.cn"),
    "hook": WebhookChannel("hook", "https://oa.example.gov.cn/hooks"),
    "group": RecordingChannel("group"),
    "private": RecordingChannel("private", reaches_recipients_only=True),
    "own": OfficeOwnChannel(),
}


def test_by_default_no_channel_may_name_the_applicant():
    assert channels_that_may_name_the_applicant(CHANNELS, Settings()) == frozenset()


def test_with_the_setting_only_the_channels_reaching_their_recipients_only_may():
    allowed = channels_that_may_name_the_applicant(CHANNELS, Settings(email_applicant_name=True))
    assert allowed == {"mail", "private"}


def test_the_setting_is_read_from_the_notifications_table():
    assert parse_settings({}).email_applicant_name is False
    assert parse_settings({"notifications": {}}).email_applicant_name is False
    assert parse_settings({"notifications": {"email_applicant_name": True}}).email_applicant_name is True
    assert parse_settings({"notifications": {"email_applicant_name": False}}).email_applicant_name is False


@pytest.mark.parametrize(
    "table, message",
    [
        ({"email_applicant_name": "yes"}, "notifications.email_applicant_name must be true or false (got 'yes')"),
        ({"email_applicant_name": 1}, "notifications.email_applicant_name must be true or false (got 1)"),
        ({"applicant_name": True}, "notifications: unknown setting 'applicant_name' (expected one of email_applicant_name)"),
    ],
)
def test_a_bad_setting_is_refused_naming_it(table, message):
    with pytest.raises(InvalidInput) as refused:
        parse_settings({"notifications": table})
    assert str(refused.value) == message


def test_notifications_must_be_a_table():
    with pytest.raises(InvalidInput, match=r"^\[notifications\] must be a table$"):
        parse_settings({"notifications": True})
