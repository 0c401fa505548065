"""On PostgreSQL a command waits for the server only when it needs an answer: twice, a step (who acts with
the case and the chain's head; the writes with the transaction's end) as a registration (who acts with its
number and the chain's head, once the office's number prefix is known; the writes). Counted in libpq's
trace of what the client sent, as benchmarks/bench_workflow_pg.py counts them: each simple query, Sync or
Flush is one wait, a Flush sent right after a Sync the same one."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.integration.conftest import PG_URL, _fresh_postgres

pytestmark = pytest.mark.skipif(not PG_URL, reason="DISCLOSURE_TEST_PG is not set (no PostgreSQL to test against)")


def _waits(trace: str) -> int:
    sent = re.findall(r"^F\t\d+\t(\w+)", trace, re.MULTILINE)
    return sum(
        1 for index, kind in enumerate(sent)
        if kind in ("Query", "Sync") or (kind == "Flush" and not (index and sent[index - 1] == "Sync"))
    )


@pytest.fixture
def traced_office(monkeypatch, tmp_path):
    import psycopg

    from disclosure.service import Office

    connections = []
    connect = psycopg.connect

    def remembered(*args, **kwargs):
        connection = connect(*args, **kwargs)
        connections.append(connection)
        return connection

    monkeypatch.setattr(psycopg, "connect", remembered)
    _fresh_postgres(PG_URL)
    office = Office.open(PG_URL, today=lambda: date(2026, 11, 20))
    office.init("测试办公室", admin="admin")
    for name, roles in {"reg": ["registrar"], "han": ["handler"]}.items():
        office.add_user(name, roles, by="admin")

    def waits_of(command) -> int:
        path = tmp_path / "trace.txt"
        with path.open("w") as trace:
            live = [connection for connection in connections if not connection.closed]
            for connection in live:
                connection.pgconn.trace(trace.fileno())
                connection.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
            try:
                command()
            finally:
                for connection in live:
                    connection.pgconn.untrace()
        return _waits(path.read_text(errors="replace"))

    yield office, waits_of
    office.close()


def _register(office):
    return office.register(user="reg", on="2026-11-02", channel="online", received="2026-11-02", applicant="张三",
                           applicant_type="natural", request="预算信息").number


def test_a_step_and_a_registration_wait_twice(traced_office):
    office, waits_of = traced_office
    for _ in range(2):  # the office's prefix read, the statements prepared
        number = _register(office)
        office.act(number, "assign", user="reg", on="2026-11-03", to="han")
        office.act(number, "submit-review", user="han", on="2026-11-05")
    numbers = []
    assert waits_of(lambda: numbers.append(_register(office))) == 2
    assert waits_of(lambda: office.act(numbers[0], "assign", user="reg", on="2026-11-03", to="han")) == 2
    assert waits_of(lambda: office.act(numbers[0], "submit-review", user="han", on="2026-11-05")) == 2
    assert office.case(numbers[0]).case.state == "review"
