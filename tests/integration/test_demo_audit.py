"""The demo office, as `make demo` builds it: its history verifies and replays without difference,
and the audit's quick reading of each snapshot gives the cases row the write path stored."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from disclosure.storage.audit_rows import CASE_COLUMNS, plain
from disclosure.storage.projection import snapshot_row

_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "demo_office.py"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("demo_office", _SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    office = module.build(str(tmp_path_factory.mktemp("demo") / "demo.db"))
    yield office
    office.close()


def test_the_demo_office_verifies_and_replays_without_difference(demo):
    result = demo.verify(demo.anchor())
    assert result.intact, result.finding
    assert result.cases == len(demo.cases()) == 100
    assert result.events == demo.event_count() > 500
    assert demo.replay() == []


def test_each_snapshot_read_quickly_gives_the_stored_cases_row(demo):
    with demo.engine.connect() as connection:
        rows = connection.execute(text(f"SELECT {', '.join(CASE_COLUMNS)} FROM cases")).all()
    assert len(rows) == 100
    states = set()
    for row in rows:
        view = demo.case(row[CASE_COLUMNS.index("number")])
        states.add(view.state)
        quick = snapshot_row(json.loads(row[-1]), view.due)
        assert quick == tuple(plain(value) for value in row[:-1])
    assert len(states) >= 5  # open, replied and archived cases, not one shape


def test_an_appeal_row_edited_is_caught_and_repaired(demo):
    with demo.engine.begin() as connection:
        case, number = connection.execute(text("SELECT case_number, number FROM appeals ORDER BY case_number LIMIT 1")).one()
        connection.execute(
            text(
                "UPDATE appeals SET result = CASE result WHEN 'upheld' THEN 'other' ELSE 'upheld' END"
                " WHERE case_number = :case AND number = :number"
            ),
            {"case": case, "number": number},
        )
    finding = demo.verify().finding
    assert (finding.problem, finding.case) == ("projection", case) and "appeals are stored as" in finding.detail
    assert [(d.case, d.field) for d in demo.replay()] == [(case, "appeals")]
    assert demo.repair(user="admin") == [case]
    assert demo.verify().intact and demo.replay() == []
