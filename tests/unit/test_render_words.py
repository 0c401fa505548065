"""The small words of the text output: nouns in their number, booleans as yes/no."""

from __future__ import annotations

from disclosure.cli.render import counted, detail_text


def test_a_noun_takes_the_number_of_its_count():
    assert [counted(n, "case") for n in (0, 1, 2)] == ["0 cases", "1 case", "2 cases"]
    assert counted(1, "hash", "hashes") == "1 hash" and counted(3, "hash", "hashes") == "3 hashes"


def test_event_values_read_as_a_clerk_writes_them():
    assert detail_text(True) == "yes 是" and detail_text(False) == "no 否" and detail_text(None) == "-"
    assert detail_text({"rule": "given", "late": False}) == "{rule=given, late=no 否}"
    assert detail_text([1, True]) == "[1, yes 是]" and detail_text(15) == "15"
