"""The kinds of case the engine knows, each with its one state machine."""

from __future__ import annotations

from functools import lru_cache

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.kinds.base import Action, Kind, KindMachine, State
from disclosure.workflow.kinds.disclosure import DISCLOSURE

__all__ = ["Action", "Kind", "KindMachine", "State", "KINDS", "kind", "machine_for"]

KINDS: dict[str, Kind] = {DISCLOSURE.code: DISCLOSURE}


def kind(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise InvalidInput(f"unknown kind {code!r}; expected one of {', '.join(KINDS)}") from None


@lru_cache(maxsize=None)
def machine_for(code: str) -> KindMachine:
    return KindMachine(kind(code))
