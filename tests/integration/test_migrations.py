"""Books made by earlier versions of the project are brought up to this version's schema.

The fixtures (tests/fixtures/books/) were written by the project's own earlier code
(scripts/make_legacy_book.py at commits 8e96da1, before the hash chain, 03dd756, before the appeals
projection, 31f4be9, before calendar loads were recorded: its book keeps a year's local day, and later
ones, each named in its fixture's ``made_by``),
the same five cases in each: its schema as that version compiled it and every row.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Date, DateTime, MetaData, text

from disclosure.maintenance import schema_status, upgrade_book
from disclosure.service import Office
from disclosure.storage.database import make_engine
from disclosure.storage.schema import HEAD, REVISIONS, BookNotCurrent

FIXTURES = Path(__file__).parents[1] / "fixtures" / "books"
SCRIPTS = Path(__file__).parents[2] / "scripts"
TODAY = date(2025, 12, 31)


def load_legacy(url: str, name: str) -> None:
    """The fixture's tables and rows, as that version wrote them, in an empty database."""
    document = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    engine = make_engine(url)
    with engine.begin() as connection:
        for statement in document["ddl"][connection.dialect.name]:
            connection.execute(text(statement))
        reflected = MetaData()
        reflected.reflect(connection)
        for table in reflected.sorted_tables:  # rows of a table before those that refer to it
            rows = document["rows"].get(table.name)
            if not rows:
                continue
            for row in rows:
                for column in table.columns:
                    value = row.get(column.name)
                    if isinstance(value, str) and isinstance(column.type, DateTime):
                        row[column.name] = datetime.fromisoformat(value)
                    elif isinstance(value, str) and isinstance(column.type, Date):
                        row[column.name] = date.fromisoformat(value)
            connection.execute(table.insert(), rows)
            if connection.dialect.name == "postgresql" and "id" in table.columns:
                # Rows given their ids leave the id's sequence behind them; the book's next row takes the one after.
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM {table.name}))"))
    engine.dispose()


def _scenario_module():
    sys.path.insert(0, str(SCRIPTS))
    try:
        import make_legacy_book
    finally:
        sys.path.remove(str(SCRIPTS))
    return make_legacy_book


@pytest.fixture
def expected_report(tmp_path):
    """The annual report of the same five cases recorded by this version: what an upgrade must give."""
    office = _scenario_module().build(str(tmp_path / "today.db"))
    report = office.annual_report(2025).as_dict()
    office.close()
    return report


@pytest.fixture
def expected_statistics(tmp_path):
    """The 2025 statistics, by handler, of the same five cases recorded by this version."""
    office = _scenario_module().build(str(tmp_path / "today-statistics.db"))
    figures = office.statistics(year=2025, by="handler")
    office.close()
    return figures


@pytest.mark.parametrize("name, revision, pending", [
    ("pre_audit", "0001", ["0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011"]),
    ("pre_appeals", "0003", ["0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011"]),
    ("calendar_unrecorded", "0004", ["0005", "0006", "0007", "0008", "0009", "0010", "0011"]),
    ("pre_identity", "0005", ["0006", "0007", "0008", "0009", "0010", "0011"]),
    ("pre_documents", "0006", ["0007", "0008", "0009", "0010", "0011"]),
    ("pre_open_due", "0007", ["0008", "0009", "0010", "0011"]),
    ("pre_search", "0008", ["0009", "0010", "0011"]),
    ("pre_working_days", "0009", ["0010", "0011"]),
    ("pre_tallies", "0010", ["0011"]),
])
def test_an_older_book_is_refused_until_upgraded_then_verifies_and_reports_as_before(
    database_url, name, revision, pending, expected_report, expected_statistics
):
    load_legacy(database_url, name)
    assert schema_status(database_url) == {
        "revision": revision, "recorded": False, "head": HEAD, "current": False, "pending": pending,
    }
    with pytest.raises(BookNotCurrent, match=rf"^the case book's schema is {revision}, older than this version's \({HEAD}\); "
                                             r"back it up and run `disclosure db upgrade`$"):
        Office.open(database_url, create=False, today=lambda: TODAY)
    assert upgrade_book(database_url, dry_run=True) == pending
    assert schema_status(database_url)["revision"] == revision  # a dry run changes nothing

    assert upgrade_book(database_url) == pending
    assert schema_status(database_url) == {"revision": HEAD, "recorded": True, "head": HEAD, "current": True, "pending": []}
    # As an embedder vouching for the admin: a book that had logins before the upgrade maps the admin to
    # the OS login that made it, which is not the PostgreSQL login running this test.
    office = Office.open(database_url, create=False, today=lambda: TODAY, user="admin")
    try:
        verification = office.verify(office.anchor())
        assert verification.intact and verification.events == 28 and verification.cases == 5, verification.finding
        assert office.replay() == []
        assert office.repair(user="admin") == []  # snapshots of the older form are the same cases: nothing rewritten
        assert office.verify().intact
        assert office.annual_report(2025).as_dict() == expected_report
        # The reports' tallies (0011), counted from the upgraded book: the statistics as this version records them.
        assert office.statistics(year=2025, by="handler") == expected_statistics
        # Hand-counted from the fixture's five cases: table 四 has the reconsideration (upheld, decided)
        # and the lawsuit (still pending) of 2025-0001.
        appealed = office.case("2025-0001").case.appeals
        assert [(appeal["type"], appeal["result"]) for appeal in appealed] == [("reconsideration", "upheld"), ("litigation", "pending")]
        assert [view.number for view in office.cases(state="processing")] == ["2025-0005"]
        # The open due dates (0008): 2025-0005, received Monday 2025-11-03, has 20 working days, 11-04…07 (4),
        # 10…14 (9), 17…21 (14), 24…28 (19), 12-01 (20): due 2025-12-01, overdue on 2025-12-31. The four
        # concluded cases keep their due dates in due_on and match no due filter.
        assert [view.number for view in office.cases(overdue=True)] == ["2025-0005"]
        assert [view.number for view in office.cases(due_within=5)] == ["2025-0005"]
        assert [str(view.due.on) for view in office.cases(overdue=True)] == ["2025-12-01"]
        # The search index (0009), filled from the stored cases: the applicant 赵六 (two characters), the
        # request every case shares, and the note 银行转账 of 2025-0003's payment.
        assert [view.number for view in office.search("赵六")] == ["2025-0005"]
        assert [view.number for view in office.search("老旧小区")] == [f"2025-000{n}" for n in range(1, 6)]
        assert [view.number for view in office.search("银行转账")] == ["2025-0003"]
        # The book takes new work, and its chain still verifies.
        office.act("2025-0005", "reply", user="hank", on="2025-12-31", outcome="unavailable.not_held")
        assert office.verify().intact and office.replay() == []
        assert upgrade_book(database_url) == []  # a second upgrade finds nothing to do
    finally:
        office.close()


def test_a_book_of_this_schema_made_before_revisions_were_recorded_is_stamped_when_opened(database_url):
    office = Office.open(database_url, today=lambda: TODAY)
    office.init("测试办公室", admin="admin")
    office.close()
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    engine.dispose()
    assert schema_status(database_url)["recorded"] is False
    Office.open(database_url, create=False, today=lambda: TODAY).close()
    assert schema_status(database_url) == {"revision": HEAD, "recorded": True, "head": HEAD, "current": True, "pending": []}


def test_a_book_written_by_a_newer_version_is_refused(database_url):
    Office.open(database_url, today=lambda: TODAY).close()
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    with pytest.raises(BookNotCurrent, match=r"^the case book's schema is 0099, newer than this version of disclosure knows"):
        Office.open(database_url, create=False, today=lambda: TODAY)
    with pytest.raises(BookNotCurrent, match="newer than this version of disclosure knows"):
        upgrade_book(database_url)


def test_the_revisions_the_engine_knows_are_alembics():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parents[2] / "disclosure" / "storage" / "migrations"))
    scripts = ScriptDirectory.from_config(config)
    assert scripts.get_current_head() == HEAD
    assert [script.revision for script in reversed(list(scripts.walk_revisions()))] == list(REVISIONS)


def test_the_cli_says_in_one_line_what_to_run_and_upgrades(tmp_path):
    book = str(tmp_path / "old.db")
    load_legacy(book, "pre_appeals")
    disclosure = [str(Path(sys.executable).parent / "disclosure")]
    refused = subprocess.run([*disclosure, "--db", book, "--user", "wang", "list"], capture_output=True, text=True)
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr == ("disclosure: error: the case book's schema is 0003, older than this version's (0011); "
                              "back it up and run `disclosure db upgrade`\n")
    status = subprocess.run([*disclosure, "--db", book, "db", "status"], capture_output=True, text=True)
    assert status.stdout == f"{book}: schema 0003, this version's 0011: behind: `disclosure db upgrade` applies 0004, 0005, 0006, 0007, 0008, 0009, 0010, 0011\n"
    upgraded = subprocess.run([*disclosure, "--db", book, "db", "upgrade"], capture_output=True, text=True)
    assert (upgraded.returncode, upgraded.stdout) == (0, f"{book}: applied 0004, 0005, 0006, 0007, 0008, 0009, 0010, 0011\n")
    listed = subprocess.run([*disclosure, "--db", book, "--user", "wang", "list", "--json"], capture_output=True, text=True)
    assert [case["number"] for case in json.loads(listed.stdout)] == [f"2025-000{n}" for n in range(1, 6)]
