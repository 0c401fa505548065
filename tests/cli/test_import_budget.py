"""The import budget of a clerk's everyday commands: each one, run as a fresh process on a SQLite book,
loads no database library, no document, spreadsheet or translation-tooling library, and no other command's
module. A clerk's command is a whole process; what it imports is most of what it costs (docs/benchmarks.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure.service import Office

ROOT = Path(__file__).resolve().parents[2]

# Loaded only by the operations that need them: the audit, a report's files, letters, ledgers, migrations, PostgreSQL.
HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "psycopg", "docxtpl", "docx", "jinja2", "openpyxl", "babel", "apscheduler")

_RUN = """
import json, sys
from disclosure.cli import main
code = main(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("budget") / "book.db"
    office = Office.open(str(path))
    office.init("预算办公室", admin="admin")
    office.add_user("wang", ["registrar", "handler"], by="admin")
    office.register(user="wang", on="2026-11-02", channel="online", received="2026-11-02", applicant="张三",
                    applicant_type="natural", request="2025年预算信息")
    office.close()
    return path


def _modules(book: Path, tmp_path: Path, *arguments: str) -> list[str]:
    out = tmp_path / "modules.json"
    environment = {**os.environ, "DISCLOSURE_USER": "wang", "PYTHONPATH": str(ROOT)}
    environment.pop("DISCLOSURE_CONFIG", None)
    environment.pop("DISCLOSURE_KINDS", None)
    subprocess.run([sys.executable, "-c", _RUN, str(out), "--db", str(book), *arguments], check=True, env=environment, cwd=tmp_path)
    result = json.loads(out.read_text())
    assert result["code"] == 0, arguments
    return result["modules"]


@pytest.mark.parametrize("arguments", [
    ("show", "2026-0001"),
    ("list",),
    ("list", "--overdue"),
    ("actions", "2026-0001"),
    ("history", "2026-0001"),
    ("explain", "2026-0001"),
    ("search", "张三"),
    ("--json", "register", "--channel", "post", "--received", "2026-11-03", "--on", "2026-11-03",
     "--applicant", "李四", "--applicant-type", "natural", "--request", "公开目录"),
    ("advance", "2026-0001", "assign", "--to", "wang", "--on", "2026-11-03"),
    # The head's reports too: they sum the tallies with the statements compiled ahead.
    ("report", "stats", "--year", "2026"),
    ("report", "annual", "--year", "2026"),
    ("sweep",),  # and the scheduler's sweep, run by hand
], ids=lambda arguments: " ".join(arguments[:2]))
def test_a_clerks_command_imports_no_heavy_library(book, tmp_path, arguments):
    loaded = _modules(book, tmp_path, *arguments)
    heavy = sorted({name.split(".")[0] for name in loaded} & set(HEAVY))
    assert heavy == [], f"{' '.join(arguments)} imported {heavy}"
