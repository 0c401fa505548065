"""The areas' and storage's messages said in Chinese from the package's catalog, with their values put in,
and English unchanged (that every message is translated: tests/unit/test_messages.py)."""

from __future__ import annotations

import os
import string

import pytest

from disclosure.letters import ComposedLetter, explain_rerender
from disclosure.notifications.channels.config import CHANNEL_TYPES, build_channels
from disclosure.private_files import book_folder_warnings
from disclosure.settings import parse_settings
from disclosure.storage.waits import busy_message
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import in_language, message_of


def test_a_setting_refused_is_said_in_chinese_with_the_value_given():
    with pytest.raises(InvalidInput) as refused:
        parse_settings({"scheduler": {"sweep_at": ["08:30", "25:00"]}}, "disclosure.toml")
    message = message_of(refused.value)
    assert message == "scheduler.sweep_at: '25:00' is not a time (HH:MM)"
    assert in_language(message, "zh") == "scheduler.sweep_at：'25:00' 不是时间（HH:MM）"


def test_a_channel_of_an_unknown_type_names_the_types_in_chinese():
    with pytest.raises(InvalidInput) as refused:
        build_channels({"pigeon": {"type": "carrier-pigeon"}}, environ={})
    types = ", ".join(CHANNEL_TYPES)
    message = message_of(refused.value)
    assert message == f"channel pigeon: unknown type 'carrier-pigeon' (expected one of {types})"
    assert in_language(message, "zh") == f"发送渠道 pigeon：未知类型 'carrier-pigeon'（应为以下之一：{types}）"


def test_the_busy_book_says_how_long_it_waited():
    message = busy_message(2.5)
    assert message == "the case book is busy (held by another command for 2.5 s); try again"


def test_the_busy_book_in_chinese():
    assert in_language(busy_message(2.5), "zh") == "案件库正忙（被另一命令占用，已等待 2.5 秒）；请重试"
    assert in_language(busy_message(None), "zh") == "案件库正忙（被另一命令占用）；请重试"


@pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX")
def test_an_open_folder_warning_translates_what_others_can_do_inside_it(tmp_path):
    folder = tmp_path / "office"
    folder.mkdir()
    folder.chmod(0o777)  # others may list (r-x) and replace (w): both parts of the warning
    try:
        (warning,) = book_folder_warnings(str(folder / "book.db"))
    finally:
        folder.chmod(0o700)
    assert warning.startswith(f"the case book's folder {folder} is open to every user of this machine (mode 0777): "
                              "they can list its files and delete or replace the case book; ")
    assert in_language(warning, "zh") == (
        f"案件库所在文件夹 {folder} 对本机所有用户开放（权限 0777）：他们可以列出其中的文件，并删除或替换案件库；"
        "请将案件库放在只有本机关能进入的文件夹中（chmod o-rwx），本机多名用户共用的机关请使用 PostgreSQL"
    )


def test_the_reasons_a_letter_differs_are_each_translated():
    issued = {"sha256": "a" * 64, "template_sha256": "b" * 64, "fields_sha256": "c" * 64, "office": {"name": "某区政府办"}}
    again = ComposedLetter(kind="reply", template="reply.docx", template_source="built-in", template_sha256="d" * 64,
                           content=b"", sha256="e" * 64, fields_sha256="f" * 64, office={"name": "某区人民政府办公室"})
    why = explain_rerender(issued, again)
    assert why == ("the letter differs from the one issued (aaaaaaaaaaaa → eeeeeeeeeeee): the template reply.docx changed "
                   "(bbbbbbbbbbbb → dddddddddddd); the office's name changed; the letter's fields (the case's data, its "
                   "number or date) changed")
    assert in_language(why, "zh") == (
        "该文书与已出具的文书不同（aaaaaaaaaaaa → eeeeeeeeeeee）：模板 reply.docx 已更改（bbbbbbbbbbbb → dddddddddddd）；"
        "本机关的 name 已更改；文书的字段（案件数据、文号或日期）已更改"
    )


def _fields(template: str) -> list[tuple[str, str, str]]:
    return sorted((name, conversion or "", spec or "") for _, name, spec, conversion in string.Formatter().parse(template)
                  if name is not None)
