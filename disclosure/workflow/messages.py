"""Messages in the clerk's language: English by default, Chinese from the package's gettext catalog.

A message is written once, in English, as a template with named values:
``t("no case {number}", number=number)``. It is an ordinary ``str`` (the English text), so code and
tests that read it as text are unaffected, and it remembers its template and values, so the command
line can say it in Chinese (``in_language``): the template is the catalog's message id, and the
values are put into the translation (a value that is itself a message is translated too).
Help texts are plain strings, looked up whole. The catalog is `disclosure/locale/zh_CN/LC_MESSAGES/
disclosure.po`, compiled to the `.mo` beside it (`scripts/update_catalog.py` extracts, merges and
compiles; a test checks every message has both languages).
"""

from __future__ import annotations

import gettext
import os
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

__all__ = [
    "Text", "t", "chained", "in_language", "language_from", "speaking", "say", "message_of", "LANGUAGES", "LOCALE_DIR", "DOMAIN", "catalog",
]

DOMAIN = "disclosure"
LOCALE_DIR = Path(__file__).parents[1] / "locale"
LANGUAGES = ("zh", "en")
_CATALOG_LANGUAGE = {"zh": "zh_CN"}


class Text(str):
    """English text that keeps its message id and values, to be said again in another language."""

    __slots__ = ("msgid", "values")

    msgid: str
    values: Mapping[str, Any]

    def __new__(cls, msgid: str, values: Mapping[str, Any]) -> "Text":
        text = super().__new__(cls, msgid.format(**values) if values else msgid)
        text.msgid = msgid
        text.values = values
        return text

    def __reduce__(self):  # survives pickling (a second process's finding) as the same message
        return (Text, (self.msgid, dict(self.values)))


def t(msgid: str, /, **values: Any) -> Text:
    """The message ``msgid`` (an English str.format template) with its values."""
    return Text(msgid, values)


def chained(texts: Iterable[str], join: Callable[[str, str], Text]) -> str:
    """``texts`` one after another, each pair joined by ``join`` (a message of the two: "{a} or {b}", "{a};
    {b}"), so every part stays a message another language can say; "" for none."""
    said: str | None = None
    for text in texts:
        said = text if said is None else join(said, text)
    return said if said is not None else ""


@lru_cache(maxsize=None)
def catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog of ``language`` (English: none, the message ids are English)."""
    name = _CATALOG_LANGUAGE.get(language)
    if name is None:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[name], fallback=True)


def in_language(text: str, language: str) -> str:
    """``text`` said in ``language``: a message through its template, a plain string whole; as it is
    when the catalog has no translation."""
    if language == "en" or not text:
        return str(text)
    translations = catalog(language)
    if isinstance(text, Text):
        values = {name: in_language(value, language) if isinstance(value, Text) else value for name, value in text.values.items()}
        template = translations.gettext(text.msgid)
        try:
            return template.format(**values) if values else template
        except (KeyError, IndexError, ValueError):  # a translation naming a value the message lacks: say it in English
            return str(text)
    return translations.gettext(str(text))


def language_from(chosen: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """``chosen`` (`--lang`) when given, else Chinese under a Chinese locale (LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG, the first one set), else English."""
    if chosen:
        return chosen
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


_speaking: ContextVar[str] = ContextVar("speaking", default="en")


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Within the block, ``say`` speaks ``language`` (the command line sets it for one command)."""
    token = _speaking.set(language)
    try:
        yield
    finally:
        _speaking.reset(token)


def say(text: str) -> str:
    """``text`` in the language being spoken."""
    return in_language(text, _speaking.get())


def message_of(error: BaseException) -> str:
    """An exception's message, as the message it was raised with (so it can be translated)."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, Text) else str(error)
