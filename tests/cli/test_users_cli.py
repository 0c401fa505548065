"""`users add` says the roles the user holds: each once, code and label, however often it was given."""

from __future__ import annotations

import json

from tests.cli.test_cli_fuzz import _run


def test_a_role_given_twice_is_held_and_said_once(tmp_path):
    book = str(tmp_path / "book.db")
    assert _run(book, "admin", ["init", "--admin", "admin"])[0] == 0
    code, out, err = _run(book, "admin", ["users", "add", "wu", "--role", "handler", "--role", "承办人", "--role", "reviewer"])
    assert (code, err) == (0, "")
    assert out == "added wu (login wu): handler 承办人, reviewer 审查员\n"
    code, out, _ = _run(book, "admin", ["users", "add", "zhou", "--role", "handler", "--role", "handler", "--json"])
    assert code == 0 and json.loads(out)["roles"] == ["handler"]


def test_when_a_user_was_changed_is_said_in_the_offices_time(tmp_path):
    from freezegun import freeze_time

    book = str(tmp_path / "book.db")
    with freeze_time("2026-11-20 17:30:00"):  # UTC: 01:30 the next morning in Shanghai
        assert _run(book, "admin", ["init", "--admin", "admin"])[0] == 0
        assert _run(book, "admin", ["users", "add", "wu", "--role", "handler"])[0] == 0
        code, out, _ = _run(book, "admin", ["users", "show", "wu"])
    assert code == 0 and "  2026-11-21 01:30:00+08:00  user-added  " in out
