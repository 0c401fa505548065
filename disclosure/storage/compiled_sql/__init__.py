"""The statements of storage/statements.py compiled ahead, one module per dialect (written by
scripts/compile_statements.py): a command loads only its own book's dialect."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["DIALECT_NAMES", "compiled_for"]

DIALECT_NAMES = ("postgresql", "sqlite")  # the modules beside this one, as storage/statements.py DIALECTS names them


def compiled_for(dialect: str) -> dict[str, Any]:
    """The dialect's compiled statements: ``statements``, ``filtered``, ``update_case``, ``where_mark`` (and on
    SQLite ``typed``)."""
    if dialect not in DIALECT_NAMES:
        raise ValueError(f"no statements compiled for {dialect!r}")
    return importlib.import_module(f"{__name__}.{dialect}").SQL
