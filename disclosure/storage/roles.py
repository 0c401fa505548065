"""Least privilege on a shared PostgreSQL book: two group roles, what each may do table by table, and
a trigger keeping the records append-only (docs/operations.md, "A shared book on PostgreSQL: roles").

The statements are worked out from the tables the book holds when they are asked for, so a table a
later revision adds is granted once `db roles` runs again. Every statement can run twice: the roles
are created only when missing, each table's grants are revoked and given again, the triggers replaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from disclosure.storage.driver_errors import translating
from disclosure.workflow.errors import InvalidInput, NotFound, RuleViolation
from disclosure.workflow.messages import t

__all__ = [
    "TablePolicy", "POLICY", "APPEND_ONLY", "BookLayout", "RoleNames", "check_role_name", "book_layout",
    "role_statements", "run_statements", "granted", "members",
]


@dataclass(frozen=True)
class TablePolicy:
    """What each group may do to a table beyond reading it (every group reads every table)."""

    clerk: tuple[str, ...] = ()
    admin: tuple[str, ...] = ()  # beyond the clerk's: the admin group holds the clerk group


# DELETE only where the engine deletes rows (storage/casebook.py, outbox.py, calendar_store.py).
# A table missing here (one a later revision adds) is read only until it is given a policy.
POLICY: dict[str, TablePolicy] = {
    "events": TablePolicy(clerk=("INSERT",)),
    "office_log": TablePolicy(clerk=("INSERT",)),
    "cases": TablePolicy(clerk=("INSERT", "UPDATE")),
    # Commands update a case's clocks, and delete one that a step since undone had started.
    "clocks": TablePolicy(clerk=("INSERT", "UPDATE", "DELETE")),
    "case_counters": TablePolicy(clerk=("INSERT", "UPDATE")),
    "appeals": TablePolicy(clerk=("INSERT", "DELETE")),  # a case's appeal rows are replaced whole
    "alerts": TablePolicy(clerk=("INSERT",)),  # the sweep records them; no one changes one
    "deliveries": TablePolicy(clerk=("INSERT", "UPDATE")),
    # Users and how the channels reach them: a clerk who could rewrite another's address could take
    # the head's overdue alerts away, so only admins change them (the engine lets a user change their
    # own, which PostgreSQL cannot tell apart until logins are mapped to users).
    "users": TablePolicy(admin=("INSERT", "UPDATE")),
    "user_contacts": TablePolicy(admin=("INSERT", "DELETE")),  # a user's mobile number, replaced whole
    "office": TablePolicy(),  # written once, by `disclosure init`, as the owner
    "calendar_years": TablePolicy(admin=("INSERT", "UPDATE")),
    "calendar_days": TablePolicy(admin=("INSERT", "DELETE")),  # a day loaded again is replaced
    "calendar_loads": TablePolicy(admin=("INSERT",)),
    "documents": TablePolicy(clerk=("INSERT",)),  # content-addressed: a kept file is never changed
    "case_search": TablePolicy(clerk=("INSERT", "UPDATE")),  # a case's search row, rewritten with its notes
    # A step adds to the reports' tallies; a repair (an admin's) rewrites them whole.
    "report_tallies": TablePolicy(clerk=("INSERT", "UPDATE"), admin=("DELETE",)),
    "alembic_version": TablePolicy(),  # read when the book is opened; upgrades run as the owner
}

# The records: rows are added, never changed, but by the owner (migrations, repairs by hand).
APPEND_ONLY = ("events", "office_log", "calendar_loads", "documents")
TRIGGER_FUNCTION = "disclosure_refuse_rewrite"
TRIGGER = "disclosure_append_only"

# Unquoted PostgreSQL identifiers, lower case: a name that is also safe inside the statements' literals.
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def check_role_name(name: str, option: str) -> str:
    if not _ROLE_NAME.fullmatch(name):
        raise InvalidInput(
            t("{option} {name!r}: a role name is lower-case letters, digits and _, not starting with a digit, at most 63 characters",
              option=option, name=name)
        )
    if name.startswith("pg_"):
        raise InvalidInput(t("{option} {name!r}: names starting pg_ are PostgreSQL's own", option=option, name=name))
    return name


@dataclass(frozen=True)
class RoleNames:
    clerk: str
    admin: str


@dataclass(frozen=True)
class BookLayout:
    """What the statements are worked out from: the book's tables and the sequences their ids come from."""

    database: str
    schema: str
    tables: tuple[str, ...]
    sequences: dict[str, str]  # sequence → the table whose column it numbers


def book_layout(connection: Connection, url: str) -> BookLayout:
    """The book's tables in the connection's schema; refused unless a case book is there and the
    connection is its owner's (only the owner may grant on its tables)."""
    database, schema, user = connection.execute(text("SELECT current_database(), current_schema(), current_user")).one()
    owners = dict(connection.execute(
        text("SELECT tablename, tableowner FROM pg_catalog.pg_tables WHERE schemaname = :schema"), {"schema": schema}
    ).all())
    if "events" not in owners:
        raise NotFound(t("no case book at {url}; run `disclosure init` first", url=url))
    owner = owners["events"]
    owning = connection.execute(
        text("SELECT pg_catalog.pg_has_role(current_user, :owner, 'USAGE')"), {"owner": owner}
    ).scalar()
    if not owning:
        raise RuleViolation(t("connect as the case book's owner ({owner}) to set up its roles; {user} does not own it", owner=owner, user=user))
    sequences = dict(connection.execute(text(
        "SELECT sequence.relname, owner.relname FROM pg_catalog.pg_class sequence"
        " JOIN pg_catalog.pg_namespace namespace ON namespace.oid = sequence.relnamespace"
        " JOIN pg_catalog.pg_depend dependency ON dependency.objid = sequence.oid"
        "  AND dependency.classid = 'pg_catalog.pg_class'::regclass"
        "  AND dependency.refclassid = 'pg_catalog.pg_class'::regclass AND dependency.deptype IN ('a', 'i')"
        " JOIN pg_catalog.pg_class owner ON owner.oid = dependency.refobjid"
        " WHERE sequence.relkind = 'S' AND namespace.nspname = :schema"
    ), {"schema": schema}).all())
    return BookLayout(database, schema, tuple(sorted(owners)), sequences)


def granted(layout: BookLayout) -> dict[str, TablePolicy]:
    """Each of the book's tables with its policy (a table without one: read only)."""
    return {table: POLICY.get(table, TablePolicy()) for table in layout.tables}


def role_statements(layout: BookLayout, roles: RoleNames) -> list[str]:
    """The statements giving the two groups what POLICY says on the book's tables, and no more."""
    clerk, admin = _quoted(roles.clerk), _quoted(roles.admin)
    schema = _quoted(layout.schema)
    statements = [_create_group(roles.clerk), _create_group(roles.admin), f"GRANT {clerk} TO {admin}"]
    statements += [
        f"GRANT CONNECT ON DATABASE {_quoted(layout.database)} TO {clerk}",
        # Before PostgreSQL 15 everyone may create tables in the public schema: no one but the owner here.
        f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC",
        f"REVOKE CREATE ON SCHEMA {schema} FROM {clerk}, {admin}",
        f"GRANT USAGE ON SCHEMA {schema} TO {clerk}",
    ]
    policies = granted(layout)
    for table, policy in policies.items():
        name = f"{schema}.{_quoted(table)}"
        statements.append(f"REVOKE ALL ON TABLE {name} FROM {clerk}, {admin}")
        statements.append(f"GRANT {', '.join(('SELECT',) + policy.clerk)} ON TABLE {name} TO {clerk}")
        if policy.admin:
            statements.append(f"GRANT {', '.join(policy.admin)} ON TABLE {name} TO {admin}")
    for sequence, table in sorted(layout.sequences.items()):
        name = f"{schema}.{_quoted(sequence)}"
        statements.append(f"REVOKE ALL ON SEQUENCE {name} FROM {clerk}, {admin}")
        policy = policies.get(table, TablePolicy())
        inserting = clerk if "INSERT" in policy.clerk else admin if "INSERT" in policy.admin else None
        if inserting:
            statements.append(f"GRANT USAGE ON SEQUENCE {name} TO {inserting}")
    statements += _append_only_statements(layout)
    return statements


def run_statements(connection: Connection, statements: list[str]) -> None:
    """Run the statements as they are printed, in the connection's transaction."""
    # On the driver's cursor without parameters: the trigger's message holds % placeholders of its own.
    with translating(dialect=connection.dialect), connection.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def members(connection: Connection, roles: RoleNames) -> dict[str, list[str]]:
    """The roles each group is granted to (its clerks' and admins' logins; the clerk group's includes the admin group)."""
    rows = connection.execute(text(
        "SELECT grp.rolname, member.rolname FROM pg_catalog.pg_auth_members membership"
        " JOIN pg_catalog.pg_roles grp ON grp.oid = membership.roleid"
        " JOIN pg_catalog.pg_roles member ON member.oid = membership.member"
        " WHERE grp.rolname IN (:clerk, :admin) ORDER BY member.rolname"
    ), {"clerk": roles.clerk, "admin": roles.admin}).all()
    found: dict[str, list[str]] = {roles.clerk: [], roles.admin: []}
    for group, member in rows:
        found[group].append(member)
    return found


def _create_group(name: str) -> str:
    # A role that exists keeps its members and attributes: only a missing one is created.
    return (
        "DO $$ BEGIN "
        f"IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{name}') THEN CREATE ROLE {_quoted(name)} NOLOGIN; END IF; "
        "END $$"
    )


def _append_only_statements(layout: BookLayout) -> list[str]:
    function = f"{_quoted(layout.schema)}.{TRIGGER_FUNCTION}"
    statements = [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$ "
        "BEGIN "
        # The owner's own statements (migrations, a repair by hand) pass: it could drop the trigger anyway.
        "IF NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN "
        "RAISE EXCEPTION '% on % refused: its rows are a record, added to and never changed (only its owner may)', "
        "TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; "
        "END IF; "
        "RETURN NULL; "
        "END $$"
    ]
    for table in APPEND_ONLY:
        if table not in layout.tables:
            continue
        name = f"{_quoted(layout.schema)}.{_quoted(table)}"
        statements.append(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {name}")
        # One statement trigger: it fires for TRUNCATE too, and for an UPDATE or DELETE that matches no row.
        statements.append(
            f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE OR TRUNCATE ON {name} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    return statements


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
