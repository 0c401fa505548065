"""`db roles` on a real PostgreSQL book: logins in the clerk and admin groups, refused by the server
itself what the groups may not do, and the append-only trigger behind the privileges."""

from __future__ import annotations

import secrets

import pytest
from freezegun import freeze_time
from sqlalchemy import text
from sqlalchemy.engine import make_url

from disclosure.maintenance import book_roles
from disclosure.service import Office
from disclosure.storage.database import make_engine
from disclosure.storage.tables import metadata
from disclosure.workflow.calendar import parse_overrides
from disclosure.workflow.errors import NotFound, RuleViolation
from tests.integration.conftest import PG_URL, TODAY, _fresh_postgres, register

pytestmark = pytest.mark.skipif(not PG_URL, reason="DISCLOSURE_TEST_PG is not set (no PostgreSQL to test against)")

psycopg = pytest.importorskip("psycopg")


class Server:
    """The owner's connection to the test database, and the roles a test made (dropped at teardown)."""

    def __init__(self) -> None:
        self.suffix = secrets.token_hex(4)
        self.clerks = f"clerks_{self.suffix}"
        self.admins = f"admins_{self.suffix}"
        self.made: list[str] = [self.clerks, self.admins]
        self.owner = psycopg.connect(_conninfo(None), autocommit=True)

    def apply(self) -> dict:
        return book_roles(PG_URL, clerk=self.clerks, admin=self.admins, apply=True)

    def login(self, name: str, group: str) -> str:
        """A real LOGIN role of the group, ``name`` made unique; the engine's URL for it."""
        login = f"{name}_{self.suffix}"
        self.made.insert(0, login)
        self.owner.execute(f'CREATE ROLE "{login}" LOGIN')
        self.owner.execute(f'GRANT "{group}" TO "{login}"')
        return make_url(PG_URL).set(username=login).render_as_string(hide_password=False)

    def drop(self) -> None:
        for role in self.made:
            exists = self.owner.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            if exists:
                self.owner.execute(f'DROP OWNED BY "{role}"')
                self.owner.execute(f'DROP ROLE "{role}"')
        self.owner.close()


def _conninfo(url: str | None) -> str:
    return make_url(url or PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)


def _connect(url: str):
    return psycopg.connect(_conninfo(url), autocommit=True)


@pytest.fixture
def server():
    found = Server()
    yield found
    found.drop()


@pytest.fixture
def book(server):
    """A book made by the owner: one case registered, a user to update, the groups set up."""
    _fresh_postgres(PG_URL)
    office = Office.open(PG_URL, today=lambda: TODAY)
    office.init("测试办公室", admin="admin")
    office.add_user("reg", ["registrar"], by="admin")
    office.add_user("han", ["handler"], by="admin")
    number = register(office).number
    office.close()
    server.apply()
    return number


def _refused(connection, statement: str) -> str:
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
        connection.execute(statement)
    return str(refused.value)


def test_a_clerk_reads_and_keeps_the_projections_but_cannot_change_the_record_or_the_users(server, book):
    clerk = _connect(server.login("clerk", server.clerks))
    try:
        assert clerk.execute("SELECT number FROM cases").fetchall() == [(book,)]
        clerk.execute("INSERT INTO case_counters (series, last) VALUES ('X2026', 1)")
        clerk.execute("UPDATE cases SET handler = 'han'")
        for statement in (
            "UPDATE events SET user_name = 'someone else'",
            "DELETE FROM events",
            "TRUNCATE events",
            "UPDATE users SET roles = 'admin'",
            "INSERT INTO users (name, roles, created_at) VALUES ('mallory', 'admin', now())",
            "DELETE FROM cases",
            "INSERT INTO calendar_loads (position, loaded_at, loaded_by, source, days, head_position, head_hash, hash)"
            " VALUES (9, now(), 'x', 'x', '', 0, '', '')",
            "UPDATE alembic_version SET version_num = '9999'",
            "CREATE TABLE clerks_own (id int)",
        ):
            assert "permission denied" in _refused(clerk, statement)
    finally:
        clerk.close()


def test_an_admin_manages_users_and_the_calendar_but_cannot_change_the_record(server, book):
    admin = _connect(server.login("admin", server.admins))
    try:
        admin.execute("UPDATE users SET roles = 'registrar handler' WHERE name = 'reg'")
        admin.execute("INSERT INTO calendar_years (year, source, loaded_by, loaded_at) VALUES (2027, 'x', 'admin', now())")
        assert admin.execute("SELECT count(*) FROM events").fetchone() == (1,)
        assert "permission denied" in _refused(admin, "UPDATE events SET user_name = 'someone else'")
        assert "permission denied" in _refused(admin, "DELETE FROM calendar_loads")
    finally:
        admin.close()


def test_the_trigger_refuses_a_login_granted_too_much_but_lets_the_owner_through(server, book):
    careless = server.login("careless", server.clerks)
    server.owner.execute(f'GRANT UPDATE, DELETE, TRUNCATE ON events, calendar_loads TO "{make_url(careless).username}"')
    clerk = _connect(careless)
    try:
        for statement in ("UPDATE events SET user_name = 'someone else'", "DELETE FROM events WHERE false", "TRUNCATE events",
                          "DELETE FROM calendar_loads"):
            assert "refused: its rows are a record" in _refused(clerk, statement)
    finally:
        clerk.close()
    server.owner.execute("UPDATE events SET user_name = user_name")  # a repair by hand, as the owner
    assert server.owner.execute("SELECT count(*) FROM events").fetchone() == (1,)


def test_running_it_again_changes_nothing_and_takes_back_what_the_groups_were_given_since(server, book):
    server.owner.execute(f'GRANT UPDATE ON events TO "{server.clerks}"')
    again = server.apply()
    assert again["members"][server.clerks] == [server.admins]
    assert again["append_only"] == ["events", "office_log", "calendar_loads", "documents"]
    clerk = _connect(server.login("clerk", server.clerks))
    try:
        # The privilege is gone: the server refuses before the trigger is reached.
        assert "permission denied for table events" in _refused(clerk, "UPDATE events SET user_name = 'x'")
    finally:
        clerk.close()


@pytest.fixture
def later_tables(server, book):
    """The office_log of revision 0006 (made here while the book's schema lacks it) and a table no policy names."""
    made = ["unheard_of"]
    if "office_log" not in metadata.tables:
        made.append("office_log")
        server.owner.execute(
            "CREATE TABLE office_log (position int PRIMARY KEY, recorded_at timestamptz, user_name text, acted_by text,"
            " type text, subject text, data text, head_position int, head_hash text, hash text)"
        )
    server.owner.execute("CREATE TABLE unheard_of (id int)")
    yield
    server.owner.execute(f"DROP TABLE IF EXISTS {', '.join(made)}")


def test_tables_a_later_revision_adds_are_granted_by_their_policy_or_read_only(server, later_tables):
    made = server.apply()
    assert made["tables"]["office_log"] == {"clerk": ["SELECT", "INSERT"], "admin": []}
    assert made["tables"]["unheard_of"] == {"clerk": ["SELECT"], "admin": []}
    assert made["append_only"] == ["events", "office_log", "calendar_loads", "documents"]
    careless = server.login("careless", server.clerks)
    server.owner.execute(f'GRANT UPDATE ON office_log TO "{make_url(careless).username}"')
    clerk = _connect(careless)
    try:
        clerk.execute(
            "INSERT INTO office_log (position, recorded_at, user_name, acted_by, type, subject, data, head_position,"
            " head_hash, hash) VALUES (999999, now(), 'admin', 'admin', 'user-added', 'li', '{}', 0, '', '')"
        )
        assert "refused: its rows are a record" in _refused(clerk, "UPDATE office_log SET user_name = 'x'")
        assert clerk.execute("SELECT count(*) FROM unheard_of").fetchone() == (0,)
        assert "permission denied" in _refused(clerk, "INSERT INTO unheard_of VALUES (1)")
    finally:
        clerk.close()


def test_the_engine_acts_as_the_book_user_whose_login_is_the_session_user(server, book):
    clerk_url, chief_url = server.login("clerk", server.clerks), server.login("admin", server.admins)
    owner = Office.open(PG_URL, today=lambda: TODAY, create=False)
    owner.set_login("reg", make_url(clerk_url).username)
    owner.add_user("chief", ["admin", "head"], login=make_url(chief_url).username)
    owner.close()
    clerk = Office.open(clerk_url, today=lambda: TODAY, create=False)
    try:
        assert clerk.whoami()["user"] == "reg"
        second = register(clerk, received="2025-09-29").number
        clerk.act(second, "assign", on="2025-09-30", to="han")
        with pytest.raises(RuleViolation, match="^logged in as reg, not han; only an admin acts for another user$"):
            clerk.act(second, "request-correction", user="han", on="2025-10-09", period=5)
        with pytest.raises(RuleViolation, match="managing users needs the role admin; reg does not hold it"):
            clerk.add_user("mallory", ["admin"])
        clerk.act(book, "assign", on="2025-09-29", to="han")
        assert [alert["case"] for alert in clerk.sweep("2025-10-27")] == [book]  # the sweep acts as system, for any login
        assert [(event.user, event.by) for event in clerk.history(second)] == [("reg", None), ("reg", None)]
    finally:
        clerk.close()
    admin = Office.open(chief_url, today=lambda: TODAY, create=False)
    try:
        admin.add_user("rev2", ["reviewer"])
        admin.set_contact("han", email="han@example.org", mobile="13800000000")
        loaded = admin.load_calendar([parse_overrides('[2025]\nholidays = ["2025-10-29"]\n', source="t.toml")], user=None)
        assert loaded["years"] == [2025] and loaded["moved"]
        # An admin's login acts for another user; the event names both.
        admin.act(second, "request-correction", user="han", on="2025-10-09", period=5)
        assert admin.history(second)[-1].user == "han" and admin.history(second)[-1].by == "chief"
        assert admin.verify().intact
    finally:
        admin.close()


def test_a_clerk_undoes_a_step_that_started_a_clock_and_its_clock_row_goes_with_it(server, book):
    handler_url = server.login("handler", server.clerks)
    owner = Office.open(PG_URL, today=lambda: TODAY, create=False)
    owner.set_login("han", make_url(handler_url).username)
    owner.act(book, "assign", user="reg", on="2025-09-29", to="han")
    with freeze_time("2026-11-20 01:00:00"):  # 09:00 in Beijing on TODAY: the step is undone the day it was recorded
        handler = Office.open(handler_url, today=lambda: TODAY, create=False)
        try:
            handler.act(book, "request-correction", on="2025-10-09")
            assert handler.undo(book).state == "processing"
            assert [deadline.clock for deadline in handler.open_deadlines()] == ["reply"]
        finally:
            handler.close()
    assert owner.replay() == [] and owner.verify().intact
    owner.close()


def test_only_the_owner_sets_up_the_roles(server, book):
    login = server.login("clerk", server.clerks)
    owner = make_url(PG_URL).username
    with pytest.raises(RuleViolation, match=rf"connect as the case book's owner \({owner}\) to set up its roles"):
        book_roles(login, clerk=server.clerks, admin=server.admins)


def test_a_database_without_a_book_is_refused(server):
    _fresh_postgres(PG_URL)
    engine = make_engine(PG_URL)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT to_regclass('events')")).scalar() is None
    engine.dispose()
    with pytest.raises(NotFound, match="no case book at"):
        book_roles(PG_URL, clerk=server.clerks, admin=server.admins)
