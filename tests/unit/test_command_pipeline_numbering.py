"""A PostgreSQL command's statements are prepared with PostgreSQL's own numbered parameters: each name
numbered at its first use and the same number wherever it appears again, psycopg's escaped % unescaped."""

from __future__ import annotations

from disclosure.storage.command_pipeline import _numbered
from disclosure.storage.compiled_sql import compiled_for


def test_a_name_used_twice_is_one_parameter_and_names_come_in_order_of_first_use():
    text, names = _numbered("UPDATE t SET a = %(a)s, b = %(b)s WHERE a = %(a)s AND c LIKE 'x%%' || %(c)s")
    assert text == b"UPDATE t SET a = $1, b = $2 WHERE a = $1 AND c LIKE 'x%' || $3"
    assert names == ("a", "b", "c")


def test_every_compiled_postgresql_statement_keeps_no_named_parameter():
    for name, sql in compiled_for("postgresql")["statements"].items():
        text, names = _numbered(sql)
        assert b"%(" not in text, name
        assert sorted(names) == sorted(set(names)), name
        assert all(f"${index}".encode() in text for index in range(1, len(names) + 1)), name
