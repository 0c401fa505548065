"""A PostgreSQL command's transaction is its pipeline's implicit one (storage/command_pipeline.py): committed at
its end, and only then; rolled back whenever the command fails, whether it stayed in the pipeline, waited for
a write's answer on the way, or turned to SQLAlchemy; the book's lock held from its first statement to its end."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date

import psycopg
import pytest
from sqlalchemy import text

from disclosure.storage.database import CHAIN_LOCK_KEY, EngineConnections, WriteConnections, create_schema, make_engine
from tests.integration.conftest import PG_URL, _fresh_postgres

pytestmark = pytest.mark.skipif(not PG_URL, reason="DISCLOSURE_TEST_PG is not set (no PostgreSQL to test against)")

DAY = date(2026, 11, 20)


@pytest.fixture
def connections():
    _fresh_postgres(PG_URL)
    engine = make_engine(PG_URL)
    create_schema(engine)
    held = EngineConnections(engine)
    yield held
    held.close()


@pytest.fixture
def onlooker():
    """Another connection, outside the command: what it sees is what is committed."""
    from sqlalchemy.engine import make_url

    with psycopg.connect(make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as connection:
        yield connection


def _tally(sql, detail: str, count: int = 1) -> None:
    sql.write("add_tally", {"measure": "received", "day": DAY, "kind": "disclosure", "handler": "", "detail": detail,
                            "count": count, "fen": 0})


def _tallies(onlooker) -> dict[str, int]:
    return dict(onlooker.execute("SELECT detail, count FROM report_tallies").fetchall())


def _lock_is_free(onlooker) -> bool:
    free = onlooker.execute("SELECT pg_try_advisory_lock(%s)", (CHAIN_LOCK_KEY,)).fetchone()[0]
    if free:
        onlooker.execute("SELECT pg_advisory_unlock(%s)", (CHAIN_LOCK_KEY,))
    return free


class Failed(Exception):
    pass


def test_a_command_is_committed_at_its_end_holding_the_lock_until_then(connections, onlooker):
    with connections.session(write=True) as session:
        _tally(session.sql, "a")
        assert session.sql.one("chain_head") is None  # an answer read: the lock and the write have reached the server
        assert not _lock_is_free(onlooker)
        assert _tallies(onlooker) == {}
    assert _tallies(onlooker) == {"a": 1}
    assert _lock_is_free(onlooker)


@pytest.mark.parametrize("midway", ["nothing", "a read", "a write's row count", "SQLAlchemy"])
def test_a_failed_command_leaves_nothing_and_frees_the_lock(connections, onlooker, midway):
    with pytest.raises(Failed):
        with connections.session(write=True) as session:
            _tally(session.sql, "a")
            if midway == "a read":
                session.sql.one("chain_head")
            elif midway == "a write's row count":  # the pipeline syncs here, the transaction still open
                assert session.sql.run("add_tally", {"measure": "received", "day": DAY, "kind": "disclosure",
                                                     "handler": "", "detail": "b", "count": 1, "fen": 0}).rowcount == 1
            elif midway == "SQLAlchemy":  # the pipeline left, the transaction still open
                session.connection.execute(text("UPDATE report_tallies SET count = 5"))
                assert not _lock_is_free(onlooker)
            _tally(session.sql, "c")
            raise Failed
    assert _tallies(onlooker) == {}
    assert _lock_is_free(onlooker)
    with connections.session(write=True) as session:  # the connection serves the next command
        _tally(session.sql, "d")
    assert _tallies(onlooker) == {"d": 1}


def test_a_command_that_waits_for_a_write_midway_commits_everything_at_its_end(connections, onlooker):
    with connections.session(write=True) as session:
        _tally(session.sql, "a")
        assert session.sql.run("add_tally", {"measure": "received", "day": DAY, "kind": "disclosure", "handler": "",
                                             "detail": "b", "count": 1, "fen": 0}).rowcount == 1
        assert _tallies(onlooker) == {}
        _tally(session.sql, "c")
    assert _tallies(onlooker) == {"a": 1, "b": 1, "c": 1}
    assert _lock_is_free(onlooker)


def test_a_command_that_turns_to_sqlalchemy_commits_everything_at_its_end(connections, onlooker):
    with connections.session(write=True) as session:
        _tally(session.sql, "a")
        session.connection.execute(text("UPDATE report_tallies SET count = 5"))
        assert _tallies(onlooker) == {}
        assert not _lock_is_free(onlooker)
    assert _tallies(onlooker) == {"a": 5}
    assert _lock_is_free(onlooker)


def test_a_command_of_thousands_of_writes_reads_their_answers_on_the_way_and_commits_them_all(connections, onlooker):
    with connections.session(write=True) as session:
        for index in range(3000):  # far more answers than the server would hold back unread
            _tally(session.sql, str(index % 1000))
    assert _tallies(onlooker) == {str(index): 3 for index in range(1000)}


def test_a_statement_the_server_no_longer_has_fails_that_command_only(connections, onlooker):
    with connections.session(write=True) as session:
        _tally(session.sql, "a")
    with connections.session(write=True) as session:
        session.connection.exec_driver_sql("DEALLOCATE ALL")  # as by another hand on the same connection
    from disclosure.workflow.errors import StorageError

    with pytest.raises(StorageError):
        with connections.session(write=True) as session:
            _tally(session.sql, "b")
    with connections.session(write=True) as session:  # prepared again
        _tally(session.sql, "c")
    assert _tallies(onlooker) == {"a": 1, "c": 1}


@pytest.mark.parametrize("ending", ["committed", "failed"])
def test_a_command_that_leaves_its_pipeline_and_writes_through_the_driver_alone_ends_as_one(onlooker, ending):
    """SQLAlchemy's transaction never begun: the transaction the pipeline left open is ended on the driver."""
    _fresh_postgres(PG_URL)
    engine = make_engine(PG_URL)
    create_schema(engine)
    writes = WriteConnections(engine)
    try:
        with pytest.raises(Failed) if ending == "failed" else nullcontext():
            with writes.transaction() as connection:  # not pipelined: the pipeline is left at once
                driver = connection.connection.driver_connection
                driver.execute("INSERT INTO report_tallies (measure, day, kind, handler, detail, count, fen)"
                               " VALUES ('received', %s, 'disclosure', '', 'a', 1, 0)", (DAY,))
                assert not connection.in_transaction()
                assert not _lock_is_free(onlooker) and _tallies(onlooker) == {}
                if ending == "failed":
                    raise Failed
        assert _tallies(onlooker) == ({"a": 1} if ending == "committed" else {})
        assert _lock_is_free(onlooker)
    finally:
        writes.close()
        engine.dispose()


def test_a_command_that_sends_its_end_ahead_is_committed_by_it_and_queues_nothing_after(connections, onlooker):
    with connections.session(write=True) as session:
        _tally(session.sql, "a")
        session.sql.end_ahead()  # what a command does before it shows the case it wrote
        assert _tallies_when_committed(onlooker) == {"a": 1}  # the server commits meanwhile
    assert _lock_is_free(onlooker)
    with pytest.raises(RuntimeError):  # a write after the end would be a transaction of its own: refused
        with connections.session(write=True) as session:
            session.sql.end_ahead()
            _tally(session.sql, "b")
    assert _tallies(onlooker) == {"a": 1} and _lock_is_free(onlooker)
    with connections.session(write=True) as session:  # the connection serves the next command
        _tally(session.sql, "c")
    assert _tallies(onlooker) == {"a": 1, "c": 1}


def _tallies_when_committed(onlooker, seconds: float = 5.0) -> dict[str, int]:
    """The tallies as soon as some are committed (the end was sent, not yet answered)."""
    import time

    deadline = time.monotonic() + seconds
    while not (seen := _tallies(onlooker)) and time.monotonic() < deadline:
        time.sleep(0.01)
    return seen
