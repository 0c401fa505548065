"""`disclosure db roles` where it cannot run: a SQLite book, group names PostgreSQL would not take.
What it does on PostgreSQL is tests/integration/test_pg_roles.py's."""

from __future__ import annotations

import pytest

from disclosure.storage.roles import BookLayout, RoleNames, role_statements

NOWHERE = "postgresql://nobody@127.0.0.1:1/none"  # never reached: the names are refused first


def test_a_sqlite_book_is_refused_in_one_line(cli, tmp_path):
    path = str(tmp_path / "book.db")
    assert cli("--db", path, "init")[0] == 0
    code, out, err = cli("--db", path, "db", "roles")
    assert (code, out) == (2, "")
    assert err == "disclosure: error: SQLite has no roles: an office whose clerks share one book keeps it on PostgreSQL (docs/operations.md)\n"


@pytest.mark.parametrize("option, name, says", [
    ("--clerk-role", "Clerks", "a role name is lower-case letters"),
    ("--admin-role", "admins; DROP TABLE events", "a role name is lower-case letters"),
    ("--clerk-role", "1clerks", "not starting with a digit"),
    ("--admin-role", "a" * 64, "at most 63 characters"),
    ("--clerk-role", "pg_monitor", "names starting pg_ are PostgreSQL's own"),
    ("--admin-role", "disclosure_clerk", "the clerk group and the admin group need two names"),
])
def test_a_group_name_postgresql_would_not_take_is_refused_before_connecting(cli, option, name, says):
    code, out, err = cli("--db", NOWHERE, "db", "roles", option, name)
    assert code == 2 and out == "" and err.startswith("disclosure: error: ") and err.count("\n") == 1
    assert says in err


def _statements(*tables: str) -> list[str]:
    layout = BookLayout("book", "public", tables, {"alerts_id_seq": "alerts", "odd_seq": "unheard_of"})
    return role_statements(layout, RoleNames("c", "a"))


def test_a_table_without_a_policy_is_read_only_and_one_not_in_the_book_is_left_alone():
    statements = _statements("events", "alerts", "unheard_of")
    assert 'GRANT SELECT ON TABLE "public"."unheard_of" TO "c"' in statements
    assert not any("unheard_of" in statement and "TO \"a\"" in statement for statement in statements)
    assert not any("office_log" in statement for statement in statements)
    assert 'GRANT USAGE ON SEQUENCE "public"."alerts_id_seq" TO "c"' in statements
    assert not any(statement.startswith("GRANT") and "odd_seq" in statement for statement in statements)


def _grants(statements: list[str], table: str) -> list[str]:
    return [statement for statement in statements if statement.startswith("GRANT") and f'"public"."{table}" TO' in statement]


def test_the_records_and_the_users_are_never_rewritten_by_a_group_and_the_records_are_guarded_by_the_trigger():
    statements = _statements("events", "office_log", "calendar_loads", "users", "alembic_version")
    assert _grants(statements, "events") == ['GRANT SELECT, INSERT ON TABLE "public"."events" TO "c"']
    assert _grants(statements, "office_log") == ['GRANT SELECT, INSERT ON TABLE "public"."office_log" TO "c"']
    assert _grants(statements, "calendar_loads") == [
        'GRANT SELECT ON TABLE "public"."calendar_loads" TO "c"', 'GRANT INSERT ON TABLE "public"."calendar_loads" TO "a"',
    ]
    assert _grants(statements, "users") == [
        'GRANT SELECT ON TABLE "public"."users" TO "c"', 'GRANT INSERT, UPDATE ON TABLE "public"."users" TO "a"',
    ]
    assert _grants(statements, "alembic_version") == ['GRANT SELECT ON TABLE "public"."alembic_version" TO "c"']
    guarded = [statement.split(" ON ")[1].split()[0] for statement in statements if statement.startswith("CREATE TRIGGER")]
    assert guarded == ['"public"."events"', '"public"."office_log"', '"public"."calendar_loads"']
