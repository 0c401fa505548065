"""The public API: what ``disclosure.__all__`` names resolves, every error the package defines is in it,
and ``import disclosure`` stays cheap (the names load on first use)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import disclosure

ROOT = Path(disclosure.__file__).resolve().parents[1]


def _package_modules() -> list[str]:
    # The migrations are Alembic's scripts, run by Alembic inside an upgrade, never imported.
    return sorted(
        info.name for info in pkgutil.walk_packages(disclosure.__path__, prefix="disclosure.")
        if not info.name.startswith("disclosure.storage.migrations")
    )


def _public_error_classes() -> dict[str, type[BaseException]]:
    """Every exception class a module of the package defines under a public name."""
    found: dict[str, type[BaseException]] = {}
    for name in _package_modules():
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == name
                and not attribute.startswith("_")
            ):
                found[attribute] = value
    return found


@pytest.mark.parametrize("name", disclosure.__all__)
def test_every_exported_name_resolves(name):
    value = getattr(disclosure, name)
    assert value is not None
    module = getattr(value, "__module__", None) or type(value).__module__
    assert module.startswith("disclosure."), f"{name} comes from {module}"


def test_the_exports_are_unique_and_listed_by_dir():
    assert len(disclosure.__all__) == len(set(disclosure.__all__))
    assert set(disclosure.__all__) <= set(dir(disclosure))


def test_the_promised_names_are_exported():
    promised = {"Office", "WorkCalendar", "Due", "CaseView", "ClockView", "Explanation", "Settings", "DisclosureError"}
    assert promised <= set(disclosure.__all__)


def test_every_public_error_class_is_exported():
    errors = _public_error_classes()
    assert {"DisclosureError", "StorageError", "BookLocked", "StorageUnavailable", "DeliveryError"} <= set(errors)
    missing = sorted(set(errors) - set(disclosure.__all__))
    assert not missing, f"error classes not in disclosure.__all__: {missing}"
    for name, cls in errors.items():
        assert getattr(disclosure, name) is cls


def test_every_error_descends_from_the_one_base():
    for name, cls in _public_error_classes().items():
        assert issubclass(cls, disclosure.DisclosureError), name
        assert isinstance(cls.exit_code, int), name


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        disclosure.Nothing  # noqa: B018
    assert not hasattr(disclosure, "_EXPORTS_NOT_THERE")


def test_the_package_is_typed():
    assert (Path(disclosure.__file__).parent / "py.typed").is_file()


def _loaded_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    return set(result.stdout.split())


def test_importing_the_package_loads_no_database_layer():
    loaded = _loaded_after("import disclosure")
    assert not {"sqlalchemy", "sqlmodel", "psycopg", "disclosure.service", "chinese_calendar"} & loaded


def test_an_error_class_alone_loads_no_database_layer():
    loaded = _loaded_after("import disclosure\ndisclosure.StorageError, disclosure.NotFound")
    assert "sqlalchemy" not in loaded and "disclosure.workflow.errors" in loaded


def test_the_office_loads_on_first_use_and_the_database_layer_only_when_an_operation_needs_it():
    loaded = _loaded_after("import disclosure\ndisclosure.Office")
    assert "disclosure.service" in loaded and "sqlalchemy" not in loaded
