"""The command line as a clerk runs it: a case book in a temporary folder, one user per call."""

from __future__ import annotations

import os

import pytest

from disclosure.cli import main

PG_URL = os.environ.get("DISCLOSURE_TEST_PG")


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DISCLOSURE_CALENDAR", raising=False)
    monkeypatch.delenv("DISCLOSURE_USER", raising=False)
    monkeypatch.setenv("DISCLOSURE_DB", str(tmp_path / "cli.db"))

    def run(*args: str, user: str = "admin") -> tuple[int, str, str]:
        code = main(["--user", user, *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.skipif(not PG_URL, reason="DISCLOSURE_TEST_PG is not set")),
    ]
)
def book_url(request, tmp_path) -> str:
    """Where a command-line test keeps its case book: a SQLite file, then an emptied PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "book.db")
    from disclosure.storage.database import make_engine
    from disclosure.storage.tables import metadata

    engine = make_engine(PG_URL)
    metadata.drop_all(engine)
    engine.dispose()
    return PG_URL
