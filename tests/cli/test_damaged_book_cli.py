"""A book edited behind the engine's back (stored JSON or a date that no longer reads) is one line, exit 70,
pointing at `audit verify`: never a traceback, unless DISCLOSURE_DEBUG asks for it."""

from __future__ import annotations

import json
import sqlite3

import pytest
from freezegun import freeze_time

from tests.cli.test_cli_fuzz import _run

REGISTER = ["register", "--channel", "post", "--received", "2026-11-02", "--applicant-type", "natural",
            "--on", "2026-11-02", "--applicant", "张三", "--request", "x"]
EDITS = {
    "an event's data": ("UPDATE events SET data = 'not json' WHERE version = 1", ["history", "2026-0001"], "JSONDecodeError"),
    "a case's snapshot": ("UPDATE cases SET snapshot = '{' WHERE number = '2026-0001'", ["show", "2026-0001"], "JSONDecodeError"),
    "an event's date": ("UPDATE events SET effective_on = '2026-13-02' WHERE version = 1", ["history", "2026-0001"], "ValueError"),
}


@pytest.fixture
def book(tmp_path):
    path = str(tmp_path / "book.db")
    with freeze_time("2026-11-20 10:00:00"):
        assert _run(path, "admin", ["init", "--admin", "admin"])[0] == 0
        assert _run(path, "admin", REGISTER)[0] == 0
    return path


@pytest.mark.parametrize("edit", EDITS)
@freeze_time("2026-11-20 10:00:00")
def test_a_book_edited_behind_the_engines_back_is_one_line_pointing_at_verify(book, edit, monkeypatch):
    statement, command, problem = EDITS[edit]
    with sqlite3.connect(book) as connection:
        connection.execute(statement)
    monkeypatch.delenv("DISCLOSURE_DEBUG", raising=False)
    code, out, err = _run(book, "admin", command)
    assert (code, out) == (70, "")
    assert err.startswith(f"disclosure: error: unexpected {problem}: ") and err.count("\n") == 1
    assert "`disclosure audit verify` says where" in err and "Traceback" not in err
    code, _out, err = _run(book, "admin", ["--json", *command])
    assert code == 70 and json.loads(err)["error"]["code"] == "unexpected"
    monkeypatch.setenv("DISCLOSURE_DEBUG", "1")
    with pytest.raises(ValueError):  # JSONDecodeError is a ValueError
        _run(book, "admin", command)
