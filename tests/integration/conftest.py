"""One storage suite, two backends: SQLite always, PostgreSQL when DISCLOSURE_TEST_PG holds a URL."""

from __future__ import annotations

import os
from datetime import date

import pytest
from sqlalchemy import text

from disclosure.service import Office
from disclosure.storage.database import make_engine
from disclosure.storage.tables import metadata

PG_URL = os.environ.get("DISCLOSURE_TEST_PG")
TODAY = date(2026, 11, 20)


def _fresh_postgres(url: str) -> None:
    engine = make_engine(url)
    metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgres",
            marks=pytest.mark.skipif(not PG_URL, reason="DISCLOSURE_TEST_PG is not set (no PostgreSQL to test against)"),
        ),
    ]
)
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "book.db")
    _fresh_postgres(PG_URL)
    return PG_URL


@pytest.fixture
def office(database_url):
    book = Office.open(database_url, today=lambda: TODAY)
    book.init("测试办公室", admin="admin")
    for name, roles in {
        "reg": ["registrar"],
        "han": ["handler"],
        "han2": ["handler"],
        "rev": ["reviewer"],
        "boss": ["head"],
        "multi": ["handler", "reviewer"],
    }.items():
        book.add_user(name, roles, by="admin")
    yield book
    book.close()


def register(office: Office, received: str = "2025-09-26", on: str | None = None, **extra):
    params = {
        "channel": "online",
        "received": received,
        "applicant": "张三",
        "applicant_type": "natural",
        "request": "2025年部门预算",
    }
    params.update(extra)
    return office.register(user="reg", on=on or received, **params)


@pytest.fixture
def book(office):
    """Three cases, 12 events in one chain: 2025-0001 (1–2, 6–9), 2025-0002 (3–4, 10), 2025-0003 (5, 11–12).

    2025-0001 is cleared for reply (its clocks: correction_notice, opinion, reply); 2025-0002 is processing,
    its reply period extended by 10 working days; 2025-0003 is in consultation, its reply clock paused.
    """
    first = register(office).number
    office.act(first, "assign", user="reg", on="2025-09-29", to="han")
    second = register(office, received="2025-09-29").number
    office.act(second, "assign", user="reg", on="2025-09-30", to="han")
    third = register(office, received="2025-09-30").number
    office.act(first, "consult", user="han", on="2025-10-09", party="third_party")
    office.act(first, "receive-opinion", user="han", on="2025-10-13", consent="yes")
    office.act(first, "submit-review", user="han", on="2025-10-14")
    office.act(first, "approve-review", user="rev", on="2025-10-15")
    office.act(second, "extend", user="boss", on="2025-10-15", days=10)
    office.act(third, "assign", user="reg", on="2025-10-15", to="han2")
    office.act(third, "consult", user="han2", on="2025-10-16", party="agency", name="某局")
    return office


def run_sql(office, *statements: str) -> None:
    """Statements behind the engine's back, in one transaction: how the tampering tests edit a book."""
    with office.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def table4(**counts):
    """Table 四 as the report gives it: every appeal kind with its results, the given ones counted, total summed."""
    table = {kind: {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
             for kind in ("reconsideration", "litigation", "litigation_after_reconsideration")}
    for kind, results in counts.items():
        table[kind].update(results)
        table[kind]["total"] = sum(results.values())
    return table
