"""`[letters] number_pattern` is checked when the settings are read (docs/letters.md, "Document numbers"):
its only fields are {year} and {seq}, a field carries at most a width of two digits, and anything else is
one line naming the key and the field, never a MemoryError nor a number such as 20261<class 'int'>."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure.paper_settings import PaperSettings, check_number_pattern, parse_paper_settings
from disclosure.workflow.errors import InvalidInput


def _read(pattern: str) -> PaperSettings:
    return parse_paper_settings({}, {"number_pattern": pattern}, {}, Path("."))


def _refusal(pattern: str) -> str:
    with pytest.raises(InvalidInput) as refused:
        _read(pattern)
    return str(refused.value)


def test_a_width_past_two_digits_is_refused_before_anything_is_formatted():
    # It was formatted as given when a letter was numbered: a string of 99,999,999,999 spaces, a MemoryError.
    assert _refusal("{year}{seq:>99999999999}") == (
        "letters.number_pattern '{year}{seq:>99999999999}': {seq:>99999999999} may carry only a width of at most two digits, "
        "such as {seq:03d}"
    )
    assert _refusal("{seq:0100d}").endswith("{seq:0100d} may carry only a width of at most two digits, such as {seq:03d}")


@pytest.mark.parametrize(
    "pattern, field",
    [
        ("{year}{seq}{seq.__class__}", "{seq.__class__}"),  # was accepted: letter 20261<class 'int'>
        ("{year}{seq.real}", "{seq.real}"),
        ("{year}{seq[0]}", "{seq[0]}"),
        ("{seq}{year!r}", "{year!r}"),
        ("{}{seq}", "{}"),
        ("{0}{seq}", "{0}"),
        ("{office}{seq}", "{office}"),
    ],
)
def test_only_the_documented_fields_without_attribute_index_or_conversion(pattern, field):
    assert _refusal(pattern) == f"letters.number_pattern {pattern!r} takes only {{year}} and {{seq}}, not {field}"


@pytest.mark.parametrize("pattern", ["{seq:{year}}", "{seq:x}", "{seq:c}", "{seq:,}", "{seq:.5}", "{seq:=+5}"])
def test_a_format_other_than_a_width_is_refused(pattern):
    assert "may carry only a width of at most two digits" in _refusal(pattern)


def test_a_pattern_without_seq_or_with_a_lone_brace_is_refused():
    assert _refusal("某政公开〔{year}〕") == (
        "letters.number_pattern '某政公开〔{year}〕' must contain {seq}, so each letter has its own number"
    )
    assert _refusal("第{seq号") == "letters.number_pattern '第{seq号' takes only {year} and {seq}: expected '}' before end of string"
    assert _refusal("第{seq}}号") == "letters.number_pattern '第{seq}}号' takes only {year} and {seq}: Single '}' encountered in format string"


@pytest.mark.parametrize(
    "pattern, number",
    [
        ("某政公开〔{year}〕第{seq}号", "某政公开〔2026〕第12号"),
        ("某政公开〔{year}〕第{seq:03d}号", "某政公开〔2026〕第012号"),
        ("{year}-{seq:0>4}", "2026-0012"),
        ("{year}-{seq:〇>4}", "2026-〇〇12"),
        ("{{{year}}}{seq:99d}", "{2026}" + " " * 97 + "12"),
        ("{seq:d}", "12"),
    ],
)
def test_the_documented_forms_are_accepted_and_number_letters(pattern, number):
    from disclosure.paper_settings import format_number  # how a letter is numbered (case_papers.py)

    settings = _read(pattern)
    assert settings.number_pattern == pattern
    assert settings.letter_number(2026, 12) == number == format_number(pattern, 2026, 12)


def test_settings_built_in_code_are_held_to_the_same_rule():
    with pytest.raises(InvalidInput, match=r"takes only \{year\} and \{seq\}, not \{seq.__class__\}$"):
        PaperSettings(number_pattern="{year}{seq}{seq.__class__}")
    assert check_number_pattern(PaperSettings().number_pattern) == "依申请公开〔{year}〕第{seq}号"
