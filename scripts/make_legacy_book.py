"""Build a case book with an earlier version of this project, and write it out as a fixture.

Run with an older checkout first on the path, so its own code writes the book:

    git worktree add /tmp/old 8e96da1        # before the hash chain (tests/fixtures/books/pre_audit.json)
    PYTHONPATH=/tmp/old .venv/bin/python scripts/make_legacy_book.py tests/fixtures/books/pre_audit.json 8e96da1

    git worktree add /tmp/old 03dd756        # before the appeals projection (pre_appeals.json)

    git worktree add /tmp/old 31f4be9        # before calendar loads were recorded (calendar_unrecorded.json)

    git worktree add /tmp/old 61f6765        # before the document store (pre_documents.json)

    git worktree add /tmp/old 1f448ca        # before the search index (pre_search.json)

    git worktree add /tmp/old 3f3bf49        # before the clocks' working days (pre_working_days.json)

The fixture holds that version's schema as DDL for SQLite and PostgreSQL (compiled by that version's
own tables) and every row, so a test can load it into either backend and upgrade it
(tests/integration/test_migrations.py). The cases are the same in every fixture: see ``SCENARIO``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo
from pathlib import Path

from sqlalchemy import create_mock_engine, select

from disclosure.service import Office
from disclosure.storage.tables import metadata
from disclosure.workflow.calendar import parse_overrides

TODAY = date(2025, 12, 31)
# A local rest day of the next year, kept in the book by the versions that keep calendar days (2025's
# figures do not depend on it).
LOCAL_DAYS = '[2026]\nholidays = ["2026-01-05"]\n'
APPLICANT = dict(channel="post", applicant_type="natural", request="某街道老旧小区改造资金使用情况")

# What each case goes through (effective dates in 2025); every action exists in both earlier versions.
SCENARIO = {
    "granted, delivered, archived, a reconsideration decided and a lawsuit pending": [
        ("register", "wang", "2025-03-03", {"received": "2025-03-03", "applicant": "张三"}),
        ("assign", "wang", "2025-03-04", {"to": "hank"}),
        ("submit-review", "hank", "2025-03-10", {}),
        ("approve-review", "chen", "2025-03-11", {}),
        ("reply", "hank", "2025-03-12", {"outcome": "granted"}),
        ("deliver", "wang", "2025-03-13", {"method": "post"}),
        ("archive", "wang", "2025-03-20", {}),
        ("record-appeal", "wang", "2025-04-01", {"type": "reconsideration", "result": "upheld"}),
        ("record-appeal", "wang", "2025-05-06", {"type": "litigation", "result": "pending"}),
    ],
    "corrected, consulted (an opinion event of schema 1), not held": [
        ("register", "wang", "2025-04-07", {"received": "2025-04-03", "applicant": "李四"}),
        ("assign", "wang", "2025-04-08", {"to": "hank"}),
        ("request-correction", "hank", "2025-04-09", {}),
        ("receive-correction", "wang", "2025-04-21", {}),
        ("consult", "hank", "2025-04-22", {"party": "third_party", "name": "某建设公司"}),
        ("receive-opinion", "hank", "2025-05-06", {"consent": "no"}),
        ("reply", "hank", "2025-05-12", {"outcome": "unavailable.not_held"}),
    ],
    "a fee (schema 1), paid, partly granted, with a note": [
        ("register", "wang", "2025-06-02", {"received": "2025-05-30", "applicant": "某律师事务所", "applicant_type": "legal_service"}),
        ("assign", "wang", "2025-06-03", {"to": "hank"}),
        ("notify-fee", "hank", "2025-06-04", {"amount": "120.50"}),
        ("receive-payment", "hank", "2025-06-10", {"note": "银行转账"}),
        ("extend", "liu", "2025-06-20", {"days": 10}),
        ("submit-review", "hank", "2025-07-01", {}),
        ("approve-review", "chen", "2025-07-02", {}),
        ("reply", "hank", "2025-07-03", {"outcome": "partial", "reason": "涉及第三方的部分不予公开"}),
    ],
    "withdrawn": [
        ("register", "wang", "2025-09-01", {"received": "2025-09-01", "applicant": "王五"}),
        ("withdraw", "wang", "2025-09-05", {}),
    ],
    "open and overdue at the end of the year": [
        ("register", "wang", "2025-11-03", {"received": "2025-11-03", "applicant": "赵六"}),
        ("assign", "wang", "2025-11-04", {"to": "hank"}),
    ],
}


def _in_this_engines_words(action: str, params: dict) -> dict:
    """The scenario's parameters as the engine running it takes them: since issue 16 a fee notice names
    the scale it is charged on, so this engine is given the pages (43: pages 31–43 at ¥10 = ¥130, above
    the ¥120.50 charged); the older versions the fixtures were made with take the scenario as written."""
    try:
        from disclosure.workflow.kinds import BUILT_IN_KINDS
    except ImportError:
        return params
    if action == "notify-fee" and "pages" in BUILT_IN_KINDS.kind("disclosure").action(action).options:
        return {**params, "pages": 43}
    return params


def build(url: str) -> Office:
    ticks = iter(range(10_000))

    def now() -> datetime:  # the office's time, as those versions recorded it; one second per event, the same on every run
        return datetime(2025, 12, 31, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai")) + timedelta(seconds=next(ticks))

    office = Office.open(url, today=lambda: TODAY, now=now)
    office.init("某区政府信息公开办公室", admin="admin")
    for name, roles in (("wang", ["registrar"]), ("hank", ["handler"]), ("chen", ["reviewer"]), ("liu", ["head"])):
        office.add_user(name, roles, by="admin")
    for steps in SCENARIO.values():
        number = None
        for action, user, on, params in steps:
            if action == "register":
                number = office.register(user=user, on=on, **{**APPLICANT, **params}).number
            else:
                office.act(number, action, user=user, on=on, **_in_this_engines_words(action, params))
    if hasattr(office, "load_calendar"):  # versions that keep calendar days in the book: one load, after the cases
        office.load_calendar([parse_overrides(LOCAL_DAYS, source="local.toml")], user="admin")
    return office


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _schema_statements(url: str) -> list[str]:
    """The DDL this version's tables compile to on one backend, as `create_all` runs it: with what each
    table brings beside its CREATE TABLE (SQLite's FTS5 tables and triggers, an extension, an index made
    on one backend only)."""
    statements = []

    def executor(sql, *multiparams, **params):
        statements.append(str(sql.compile(dialect=engine.dialect)).strip())

    engine = create_mock_engine(url, executor)
    metadata.create_all(engine, checkfirst=False)
    return statements


def dump(office: Office, made_by: str) -> dict:
    ddl = {name: _schema_statements(url) for name, url in (("sqlite", "sqlite://"), ("postgresql", "postgresql+psycopg://"))}
    rows = {}
    with office.engine.connect() as connection:
        for table in metadata.sorted_tables:
            rows[table.name] = [
                {key: _plain(value) for key, value in row._mapping.items()}
                for row in connection.execute(select(table))
            ]
    return {"made_by": made_by, "ddl": ddl, "rows": rows}


def main() -> None:
    out, made_by = Path(sys.argv[1]), f"disclosure at commit {sys.argv[2]}"
    with tempfile.TemporaryDirectory() as folder:
        office = build(str(Path(folder) / "legacy.db"))
        document = dump(office, made_by)
        office.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{out}: {sum(len(rows) for rows in document['rows'].values())} rows in {len(document['rows'])} tables")


if __name__ == "__main__":
    main()
