"""The command line as a clerk runs it: a case book in a temporary folder, one user per call."""

from __future__ import annotations

import pytest

from disclosure.cli import main


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
