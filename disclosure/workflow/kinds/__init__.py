"""The kinds of case the engine knows, each with its one state machine.

Built in: ``disclosure``, ``petition`` and ``suggestion``. An office adds its own from definition
files (disclosure/kind_files.py reads them; workflow/kinds/spec.py checks and builds them), and
``register_kind`` makes one known to this process.
"""

from __future__ import annotations

import threading

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.kinds.base import Action, Kind, KindMachine, State
from disclosure.workflow.kinds.disclosure import DISCLOSURE
from disclosure.workflow.kinds.petition import PETITION_DEFINITION
from disclosure.workflow.kinds.spec import kind_from_definition
from disclosure.workflow.kinds.suggestion import SUGGESTION_DEFINITION

__all__ = ["Action", "Kind", "KindMachine", "State", "KINDS", "BUILT_IN", "kind", "machine_for", "register_kind"]

BUILT_IN: dict[str, Kind] = {
    built.code: built
    for built in (
        DISCLOSURE,
        kind_from_definition(PETITION_DEFINITION, source="built in"),
        kind_from_definition(SUGGESTION_DEFINITION, source="built in"),
    )
}
KINDS: dict[str, Kind] = dict(BUILT_IN)
_machines: dict[str, tuple[Kind, KindMachine]] = {}
_lock = threading.Lock()


def kind(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise InvalidInput(f"unknown kind {code!r}; expected one of {', '.join(KINDS)}") from None


def register_kind(new: Kind) -> None:
    """Make a configured kind known (again: a file read anew replaces the kind of the same code)."""
    if new.code in BUILT_IN:
        raise InvalidInput(f"kind {new.code!r} is built in; a configured kind needs another code")
    with _lock:
        KINDS[new.code] = new


def machine_for(code: str) -> KindMachine:
    """The kind's one state machine, built on first use (and anew when the kind was replaced)."""
    current = kind(code)
    cached = _machines.get(code)
    if cached is not None and cached[0] is current:
        return cached[1]
    with _lock:
        machine = KindMachine(current)
        _machines[code] = (current, machine)
        return machine
