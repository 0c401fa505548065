"""Messages in two languages: the catalog covers every message the code has, its translations keep
the message's values, and a message is said in the language asked for (workflow/messages.py)."""

from __future__ import annotations

import gettext
import importlib.util
import pickle
import re
import string
from collections import Counter
from pathlib import Path

import pytest

from disclosure.workflow import messages
from disclosure.workflow.errors import NotFound
from disclosure.workflow.messages import Text, in_language, language_from, message_of, t

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.fixture(scope="module")
def update_catalog():
    """scripts/update_catalog.py as a module: what it extracts, merges and compiles."""
    spec = importlib.util.spec_from_file_location("update_catalog", SCRIPTS / "update_catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def placeholders(text: str) -> Counter:
    """The values a message puts in: each ``{name!conversion:spec}`` and each ``%(name)s``, ``%s``, ``%d``."""
    found = Counter(
        ("{}", name, conversion, spec) for _, name, spec, conversion in string.Formatter().parse(text) if name is not None
    )
    found.update(("%", directive) for directive in re.findall(r"%(?:\([^)]*\))?[sd]", text))
    return found


def test_placeholders_are_read_whole_and_counted():
    assert placeholders("{value!r} is not {choice}. {value!r}") == Counter(
        {("{}", "value", "r", ""): 2, ("{}", "choice", None, ""): 1}
    )
    assert placeholders("%(prog)s, version %(version)s, %s of %d") == Counter(
        {("%", "%(prog)s"): 1, ("%", "%(version)s"): 1, ("%", "%s"): 1, ("%", "%d"): 1}
    )
    assert placeholders("{n:>3} 天（{n:>3}）") != placeholders("{n:>3} 天")
    assert placeholders("没有占位符（全角括号）") == Counter()


def test_every_message_the_code_has_is_translated_in_the_committed_catalog(update_catalog):
    wanted = update_catalog.wanted()
    committed = update_catalog.read_catalog()
    brought_up_to_date = update_catalog.merged(committed, wanted)

    assert update_catalog.untranslated(brought_up_to_date) == []
    assert {message.id for message in committed if message.id} == set(wanted)
    # the messages this change's tests say, among them
    assert {"no case {number}", "disclosure: error: {message}", "Usage:", "Show this message and exit."} <= set(wanted)


def test_the_committed_mo_is_the_compiled_po(update_catalog):
    assert update_catalog.MO.read_bytes() == update_catalog.compiled(update_catalog.read_catalog())


def test_every_translation_has_exactly_the_placeholders_of_its_message(update_catalog):
    differing = {}
    for message in update_catalog.read_catalog():
        if not message.id:
            continue
        # A message chosen by a count has two forms, each translated with its own placeholders.
        forms = zip(message.id, message.string) if message.pluralizable else [(message.id, message.string)]
        # The same values, each with its conversion and format; a translation may name one once where the
        # English repeats it (or the other way round), never leave one out or bring in another.
        differing.update({msgid: string for msgid, string in forms if set(placeholders(msgid)) != set(placeholders(string))})
    assert differing == {}


def test_a_message_is_its_english_text_and_keeps_its_id_and_values():
    text = t("no case {number}", number="2026-0099")
    assert isinstance(text, str) and isinstance(text, Text)
    assert text == "no case 2026-0099"
    assert (text.msgid, dict(text.values)) == ("no case {number}", {"number": "2026-0099"})
    assert t("interrupted") == "interrupted"


def test_a_message_in_chinese_has_its_values_put_into_the_translation():
    assert in_language(t("no case {number}", number="2026-0099"), "zh") == "没有案件 2026-0099"
    took_no_option = t("{action} takes no option {option!r}", action="reply", option="days")
    assert in_language(took_no_option, "zh") == "reply 不接受选项 'days'"
    dates = t("the effective date {on} is in the future (today is {today})", on="2026-12-02", today="2026-12-01")
    assert in_language(dates, "zh") == "办理日期 2026-12-02 晚于今天（今天是 2026-12-01）"


def test_a_value_that_is_itself_a_message_is_translated_too():
    error = t("disclosure: error: {message}", message=t("no case {number}", number="2026-0099"))
    assert in_language(error, "zh") == "disclosure：错误：没有案件 2026-0099"
    assert in_language(error, "en") == "disclosure: error: no case 2026-0099"


def test_a_plain_help_string_is_looked_up_whole():
    assert in_language("Show this message and exit.", "zh") == "显示此帮助并退出。"
    assert in_language("Usage:", "zh") == "用法："
    assert in_language("Take ACTION on case NUMBER.", "zh") == "对案件 NUMBER 办理 ACTION。"
    assert in_language("Take ACTION on case", "zh") == "Take ACTION on case"  # only a whole message is one
    assert in_language("", "zh") == ""


def test_english_is_the_message_id_formatted():
    text = t("{action} is not allowed while the case is in state {state} {label}", action="reply", state="registered", label="已登记")
    assert in_language(text, "en") == "reply is not allowed while the case is in state registered 已登记"
    assert in_language(text, "zh") == "案件处于 registered 已登记 状态，不能办理 reply"
    assert in_language("Show this message and exit.", "en") == "Show this message and exit."


def test_a_translation_naming_a_value_the_message_lacks_is_said_in_english(monkeypatch):
    class Misnamed(gettext.NullTranslations):
        def gettext(self, message):
            return "没有案件 {case}"

    monkeypatch.setattr(messages, "catalog", lambda language: Misnamed())
    assert in_language(t("no case {number}", number="2026-0099"), "zh") == "no case 2026-0099"


def test_a_message_survives_pickling_and_an_exception_keeps_it():
    text = t("no case {number}", number="2026-0099")
    again = pickle.loads(pickle.dumps(text))
    assert (again, again.msgid, dict(again.values)) == (text, text.msgid, {"number": "2026-0099"})
    assert message_of(NotFound(text)).msgid == "no case {number}"
    assert message_of(NotFound("plain words")) == "plain words"


@pytest.mark.parametrize(
    "chosen, environ, language",
    [
        ("en", {"LANG": "zh_CN.UTF-8"}, "en"),  # --lang wins over the locale
        ("zh", {"LANG": "C"}, "zh"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
        (None, {"LANG": "zh_CN"}, "zh"),
        (None, {"LANG": "C"}, "en"),
        (None, {"LANG": "en_US.UTF-8"}, "en"),
        (None, {}, "en"),
        (None, {"LANGUAGE": "en_US", "LC_ALL": "zh_CN.UTF-8"}, "en"),  # the first one set
        (None, {"LC_ALL": "zh_CN.UTF-8", "LANG": "C"}, "zh"),
        (None, {"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        (None, {"LANGUAGE": "", "LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "zh"),  # empty is not set
    ],
)
def test_the_language_is_lang_else_the_first_locale_variable_set(chosen, environ, language):
    assert language_from(chosen, environ) == language


def test_the_language_comes_from_the_process_environment_by_default(monkeypatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert language_from() == "zh"
    monkeypatch.setenv("LANG", "C")
    assert language_from() == "en"
