"""The domain layer (disclosure/workflow) imports only the standard library,
``transitions``, ``chinese_calendar`` and itself: no storage, scheduler, CLI or
database driver, so that it can be tested and reasoned about on its own."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import disclosure.workflow

WORKFLOW = Path(disclosure.workflow.__file__).resolve().parent
PACKAGE = "disclosure.workflow"

THIRD_PARTY_ALLOWED = {"transitions", "chinese_calendar"}
FORBIDDEN_TOP_LEVEL = {"sqlmodel", "sqlalchemy", "apscheduler", "click", "psycopg", "psycopg2"}
FORBIDDEN_INTERNAL = {
    "disclosure.storage",
    "disclosure.notifications",
    "disclosure.cli",
    "disclosure.reports",
    "disclosure.audit",
    "disclosure.service",
}

SOURCES = sorted(WORKFLOW.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(WORKFLOW).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([PACKAGE, *parts])


def imported_modules(source: str, path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in the file, at any depth."""
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                if node.level > 1:
                    base = base[: -(node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from disclosure import storage` names a submodule through the alias.
            if module in ("disclosure", PACKAGE) or module.startswith(PACKAGE + "."):
                found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name in ("__import__", "importlib.import_module", "import_module"):
                found.append((node.lineno, f"<dynamic import {ast.unparse(node)}>"))
    return found


def problem(module: str) -> str | None:
    """Why this import is not allowed in the domain layer, or None."""
    top = module.split(".")[0]
    if module.startswith("<dynamic"):
        return "dynamic import"
    if top in FORBIDDEN_TOP_LEVEL:
        return "forbidden third-party package"
    if any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN_INTERNAL):
        return "forbidden project layer"
    if module == PACKAGE or module.startswith(PACKAGE + "."):
        return None
    if top == "disclosure":
        return "project module outside disclosure.workflow"
    if top in sys.stdlib_module_names or top in THIRD_PARTY_ALLOWED:
        return None
    return "not standard library, transitions or chinese_calendar"


def test_the_domain_sources_are_found():
    names = {path.name for path in SOURCES}
    assert {"__init__.py", "calendar.py", "clocks.py", "errors.py"} <= names


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(WORKFLOW)))
def test_imports_are_pure(path):
    imports = imported_modules(path.read_text(encoding="utf-8"), path)
    bad = [f"{path.name}:{line} imports {module} ({problem(module)})" for line, module in imports if problem(module)]
    assert not bad, "\n".join(bad)


def test_calendar_and_clocks_import_what_they_need():
    calendar = {m for _, m in imported_modules((WORKFLOW / "calendar.py").read_text("utf-8"), WORKFLOW / "calendar.py")}
    assert "chinese_calendar" in calendar
    assert "disclosure.workflow.errors" in calendar


# The checker itself: it must catch what it is meant to catch.


@pytest.mark.parametrize(
    "source",
    [
        "import sqlmodel",
        "import sqlalchemy.orm",
        "from sqlalchemy import select",
        "from apscheduler.schedulers.background import BackgroundScheduler",
        "import click",
        "import psycopg",
        "from disclosure.storage import Repository",
        "from disclosure import storage",
        "from disclosure import cli",
        "import disclosure.notifications",
        "from disclosure.reports.annual import build",
        "import disclosure.reports",
        "from disclosure import reports",
        "from disclosure.audit.verify import verify",
        "import disclosure.audit.replay",
        "from disclosure import audit",
        "from ..audit import replay",
        "from ..reports.stats import statistics",
        "from disclosure.service import open_case",
        "from ..storage import Repository",
        "from .. import cli",
        "from disclosure.timekeeping import now",
        "import requests",
        "def f():\n    import sqlalchemy\n",
        "import importlib\nimportlib.import_module('sqlalchemy')",
        "__import__('click')",
    ],
)
def test_checker_rejects(source):
    path = WORKFLOW / "example.py"
    assert any(problem(module) for _, module in imported_modules(source, path)), source


@pytest.mark.parametrize("layer", ["disclosure.audit", "disclosure.reports"])
def test_audit_and_reports_are_named_as_forbidden_layers(layer):
    # Named, not merely outside the domain: they read the book the domain must not know of.
    assert problem(layer) == "forbidden project layer"
    assert problem(f"{layer}.anything") == "forbidden project layer"


@pytest.mark.parametrize(
    "source",
    [
        "from __future__ import annotations",
        "import calendar as _gregorian",
        "import tomllib",
        "from datetime import date",
        "import chinese_calendar",
        "from transitions import Machine",
        "from transitions.extensions import GraphMachine",
        "from disclosure.workflow.errors import InvalidInput",
        "from disclosure.workflow import calendar",
        "from .errors import ClockError",
        "from . import clocks",
    ],
)
def test_checker_accepts(source):
    path = WORKFLOW / "example.py"
    assert not [module for _, module in imported_modules(source, path) if problem(module)], source


def test_each_domain_module_can_be_imported_first():
    """An embedder may import any module of the domain first: no import cycle breaks one (each in a fresh interpreter)."""
    import subprocess

    names = [f"{PACKAGE}.{'.'.join(source.relative_to(WORKFLOW).with_suffix('').parts)}" for source in SOURCES]
    names = [name.removesuffix(".__init__") for name in names]
    failed = {}
    for name in names:
        run = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, text=True)
        if run.returncode != 0:
            failed[name] = run.stderr.strip().splitlines()[-1]
    assert failed == {}
