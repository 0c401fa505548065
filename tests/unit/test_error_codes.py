"""Every error the package exports has the machine name `--json` prints, and docs/errors.md lists each."""

from __future__ import annotations

import re
from pathlib import Path

import disclosure
from disclosure.workflow.errors import DisclosureError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "errors.md"


def _exported_errors() -> list[type[DisclosureError]]:
    exported = (getattr(disclosure, name) for name in disclosure.__all__)
    return [item for item in exported if isinstance(item, type) and issubclass(item, DisclosureError)]


def test_each_exported_error_has_a_code_and_the_docs_name_it():
    errors = _exported_errors()
    assert len(errors) >= 14
    documented = DOCS.read_text(encoding="utf-8")
    for error in errors:
        assert re.fullmatch(r"[a-z_]+", error.error_code), error
        assert f"`{error.error_code}`" in documented, error


def test_a_subclass_without_its_own_code_answers_with_its_parents():
    class LocalRefusal(disclosure.RuleViolation):
        pass

    assert LocalRefusal("x").error_code == "rule_violation"
