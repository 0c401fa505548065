"""The statements compiled ahead (storage/compiled_sql.py) are storage/statements.py's, and run as SQLAlchemy would.

The clerk's commands run these strings on the driver without SQLAlchemy; these tests hold them to
SQLAlchemy's own compilation and its own stored forms of values, so the two paths cannot drift apart.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import Boolean, Date, DateTime, bindparam

from disclosure.storage.compiled_sql import DIALECT_NAMES, compiled_for
from disclosure.storage.sql_runner import SqlRunner, sqlite_value
from disclosure.storage.statements import DIALECTS, FILTERED, STATEMENTS, UPDATE_CASE, UPDATE_CASE_COLUMNS, compile_all

ROOT = Path(__file__).resolve().parents[2]


def test_the_compiled_statements_are_the_statements_compiled_now():
    assert DIALECT_NAMES == tuple(sorted(DIALECTS))
    assert {dialect: compiled_for(dialect) for dialect in DIALECT_NAMES} == compile_all(), "run scripts/compile_statements.py"


def test_the_script_checks_the_file_as_the_suite_does():
    result = subprocess.run([sys.executable, "scripts/compile_statements.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _runner(dialect: str) -> SqlRunner:
    return SqlRunner(dialect, lambda: None, Exception)


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_a_case_update_of_any_columns_is_the_statement_sqlalchemy_compiles_for_them(dialect):
    runner, seen = _runner(dialect), []
    runner.execute = lambda sql, values: seen.append(sql)
    in_table_order = sorted(UPDATE_CASE_COLUMNS, key=list(UPDATE_CASE.table.c.keys()).index)  # SQLAlchemy's SET order
    for count in (1, 2, len(UPDATE_CASE_COLUMNS)):
        for columns in itertools.islice(itertools.combinations(in_table_order, count), 25):
            runner.update_case(columns, {})
            expected = UPDATE_CASE.values({name: bindparam(name) for name in columns}).compile(dialect=DIALECTS[dialect])
            assert seen.pop() == str(expected)


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_a_filtered_query_is_the_query_with_its_conditions_in_parentheses(dialect):
    runner, seen = _runner(dialect), []
    runner.execute = lambda sql, values: seen.append(sql)
    runner.filtered("same_applicant", ["same_name_or_id"], {})
    condition = FILTERED[dialect]["same_applicant"].conditions["same_name_or_id"]
    query = FILTERED[dialect]["same_applicant"].query
    # An OR among the AND of the rest must keep its own parentheses, else it widens the whole WHERE.
    expected = str(query.compile(dialect=DIALECTS[dialect])).replace("1 = 1", f"({condition.compile(dialect=DIALECTS[dialect])})")
    assert seen == [expected]
    runner.filtered("find_cases", [], {})
    assert "1 = 1" in seen[-1]  # no condition: every row


def _sqlite_binds():
    """Every bound parameter of a compiled SQLite statement that SQLAlchemy processes, with its type."""
    for name, statement in STATEMENTS["sqlite"].items():
        compiled = statement.compile(dialect=DIALECTS["sqlite"])
        for bind, bind_name in compiled.bind_names.items():
            processor = bind.type.dialect_impl(DIALECTS["sqlite"]).bind_processor(DIALECTS["sqlite"])
            if processor is not None:
                yield f"{name}.{bind_name}", bind.type, processor


SAMPLES = {
    Date: [date(2026, 11, 20), date(1999, 1, 2)],
    DateTime: [datetime(2026, 11, 20, 2, 3, 4, 5, tzinfo=timezone.utc), datetime(2026, 1, 2, 3, 4, 5)],
    Boolean: [True, False],
}


@pytest.mark.parametrize("where, column_type, processor", list(_sqlite_binds()), ids=lambda value: str(value)[:40])
def test_every_value_sqlalchemy_processes_on_sqlite_is_given_the_same_stored_form(where, column_type, processor):
    kind = next(kind for kind in SAMPLES if isinstance(column_type, kind))  # a type without samples fails here
    for value in SAMPLES[kind]:
        assert sqlite_value(value) == processor(value), where


def test_the_stored_forms_hold_under_a_frozen_clock_too():
    with freeze_time("2026-11-20 10:00:00"):
        now, today = datetime.now(timezone.utc), date.today()
        assert type(now).__name__ == "FakeDatetime" and type(today).__name__ == "FakeDate"
        assert sqlite_value(now) == "2026-11-20 10:00:00.000000" and sqlite_value(today) == "2026-11-20"


def test_postgresql_values_pass_as_they_are():
    # psycopg adapts every value itself; what SQLAlchemy's processors do (a boolean's bool()) changes none of ours.
    dialect = DIALECTS["postgresql"]
    for name, statement in STATEMENTS["postgresql"].items():
        compiled = statement.compile(dialect=dialect)
        for bind, bind_name in compiled.bind_names.items():
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                kind = next(kind for kind in SAMPLES if isinstance(bind.type, kind))
                assert all(processor(value) == value for value in SAMPLES[kind]), f"{name}.{bind_name}"
