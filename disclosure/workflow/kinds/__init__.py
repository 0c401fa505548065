"""The kinds of case the engine knows, each with its one state machine.

Built in: ``disclosure``, ``petition`` and ``suggestion``. An office adds its own from definition
files (disclosure/kind_files.py reads them; workflow/kinds/spec.py checks and builds them); a
``KindRegistry`` holds the kinds one office knows and is handed to whoever needs them.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from disclosure.workflow.kinds.base import Action, Kind, KindMachine, State
from disclosure.workflow.kinds.disclosure import DISCLOSURE
from disclosure.workflow.kinds.petition import PETITION
from disclosure.workflow.kinds.registry import KindRegistry
from disclosure.workflow.kinds.spec import BUILT_IN_SOURCE, kind_from_definition
from disclosure.workflow.kinds.suggestion import SUGGESTION_DEFINITION

__all__ = ["Action", "Kind", "KindMachine", "KindRegistry", "State", "BUILT_IN", "BUILT_IN_KINDS"]

BUILT_IN: Mapping[str, Kind] = MappingProxyType(
    {
        built.code: built
        for built in (
            DISCLOSURE,
            PETITION,
            kind_from_definition(SUGGESTION_DEFINITION, source=BUILT_IN_SOURCE),
        )
    }
)


def __getattr__(name: str):
    """``BUILT_IN_KINDS``, the kinds of an office with no kind files of its own: made on first use, because
    the registry gives each kind the corrections of workflow/corrections.py, which itself imports the kinds."""
    if name == "BUILT_IN_KINDS":
        registry = globals()["BUILT_IN_KINDS"] = KindRegistry(BUILT_IN.values())
        return registry
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
