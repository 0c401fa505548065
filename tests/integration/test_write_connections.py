"""Commands reuse one connection per thread; a broken one is replaced; closing the office closes them all."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from disclosure.storage.database import WriteConnections, create_schema, make_engine


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    create_schema(engine)
    yield engine
    engine.dispose()


def _in_transaction(connections: WriteConnections):
    with connections.transaction() as connection:
        assert connection.execute(text("SELECT 1")).scalar_one() == 1
        return connection


def test_one_thread_keeps_its_connection_and_threads_do_not_share(engine):
    connections = WriteConnections(engine)
    first = _in_transaction(connections)
    assert _in_transaction(connections) is first
    seen = []
    worker = threading.Thread(target=lambda: seen.append(_in_transaction(connections)))
    worker.start()
    worker.join()
    assert seen and seen[0] is not first
    connections.close()
    assert first.closed and seen[0].closed


def test_a_broken_connection_is_replaced_at_the_next_command(engine):
    connections = WriteConnections(engine)
    first = _in_transaction(connections)
    first.invalidate()  # what SQLAlchemy does when the driver reports a lost connection
    second = _in_transaction(connections)
    assert second is not first and first.closed
    connections.close()


def test_a_failed_command_rolls_back_and_the_connection_stays_usable(engine):
    connections = WriteConnections(engine)
    with pytest.raises(ZeroDivisionError):
        with connections.transaction() as connection:
            connection.execute(text("INSERT INTO case_counters (series, last) VALUES ('x', 1)"))
            1 / 0
    with connections.transaction() as connection:
        assert connection.execute(text("SELECT count(*) FROM case_counters")).scalar_one() == 0
    connections.close()
