"""Rows written on the driver's cursor are the rows SQLAlchemy itself would write, on both backends."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, insert, select

from disclosure.storage.database import create_schema, make_engine, write_transaction
from disclosure.storage.driver import DriverStatement, compiled_for
from disclosure.storage.tables import CaseRow, EventRow

cases = CaseRow.__table__
events = EventRow.__table__

_CASE = {
    "kind": "disclosure", "state": "replied", "outcome": None, "applicant_name": "张三", "applicant_type": "natural",
    "id_number": "110101199001011234", "phone": None, "address": None, "channel": "post", "request": "预算",
    "received_on": date(2025, 9, 26), "registered_on": date(2025, 9, 28), "due_on": date(2025, 10, 30),
    "provisional": True, "open_due_on": None, "replied_on": None, "concluded_on": date(2025, 10, 29), "on_time": False,
    "handler": "han", "version": 1, "snapshot": "{}",
}
_EVENT = {
    "version": 1, "type": "register", "data": "{}", "user_name": "reg", "role": "registrar",
    "effective_on": date(2025, 9, 28),
    "recorded_at": datetime(2025, 9, 28, 9, 30, 15, 123456, tzinfo=ZoneInfo("Asia/Shanghai")),
    "schema_version": 1, "hash": "ab" * 32, "snapshot_hash": "cd" * 32,
}
_INSERT_EVENT = insert(events).values({name: bindparam(name) for name in ("case_number", "position", *_EVENT)})


def _stored(connection, table: str, key: str, value: str) -> dict:
    """The row as the database holds it, read without SQLAlchemy's type processing."""
    row = connection.exec_driver_sql(f"SELECT * FROM {table} WHERE {key} = '{value}'").mappings().one()
    return {name: row[name] for name in row.keys() if name != "position"}


def test_driver_rows_equal_sqlalchemy_rows(database_url):
    engine = make_engine(database_url)
    create_schema(engine)
    try:
        with write_transaction(engine) as connection:
            connection.execute(insert(cases), {**_CASE, "number": "A"})
            connection.execute(_INSERT_EVENT, {**_EVENT, "case_number": "A", "position": 1})
            DriverStatement(insert(cases), connection.dialect).execute(connection, {**_CASE, "number": "B"})
            DriverStatement(_INSERT_EVENT, connection.dialect).execute(connection, {**_EVENT, "case_number": "B", "position": 2})
        with engine.connect() as connection:
            by_sqlalchemy = _stored(connection, "cases", "number", "A"), _stored(connection, "events", "case_number", "A")
            by_driver = _stored(connection, "cases", "number", "B"), _stored(connection, "events", "case_number", "B")
            typed = connection.execute(select(cases.c.received_on, cases.c.provisional, cases.c.on_time).where(cases.c.number == "B")).one()
            recorded = dict(connection.execute(select(events.c.case_number, events.c.recorded_at)).all())
    finally:
        engine.dispose()
    by_sqlalchemy[0]["number"] = by_sqlalchemy[1]["case_number"] = "B"
    assert by_driver == by_sqlalchemy
    assert tuple(typed) == (date(2025, 9, 26), True, False)
    assert recorded["A"] == recorded["B"]


def test_literals_in_a_statement_are_bound_with_their_value(database_url):
    engine = make_engine(database_url)
    create_schema(engine)
    try:
        with write_transaction(engine) as connection:
            for number, version in (("A", 41), ("B", 42)):
                DriverStatement(insert(cases), connection.dialect).execute(connection, {**_CASE, "number": number, "version": version})
            later = DriverStatement(select(cases.c.number).where(cases.c.version > 41), connection.dialect)
            assert later.execute(connection).fetchall() == [("B",)]
    finally:
        engine.dispose()


def test_statements_compile_once_per_dialect(database_url):
    engine = make_engine(database_url)
    try:
        first = compiled_for(engine.dialect, _INSERT_EVENT)
        assert compiled_for(engine.dialect, _INSERT_EVENT) is first
    finally:
        engine.dispose()
