"""One storage suite, two backends: SQLite always, PostgreSQL when DISCLOSURE_TEST_PG holds a URL."""

from __future__ import annotations

import os
from datetime import date

import pytest

from disclosure.service import Office
from disclosure.storage.database import make_engine
from disclosure.storage.tables import metadata

PG_URL = os.environ.get("DISCLOSURE_TEST_PG")
TODAY = date(2026, 11, 20)


def _fresh_postgres(url: str) -> None:
    engine = make_engine(url)
    metadata.drop_all(engine)
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
