"""The kinds one office knows: the built-in ones and the office's own, each with its one state machine.

An ``Office`` holds one registry (built from the built-in kinds and the office's kind files) and
passes it down; nothing reads a process-wide list of kinds, so two offices in one process can know
different kinds.
"""

from __future__ import annotations

import threading
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.kinds.base import Kind, KindMachine
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import FEEDBACK_FACT, code_named

__all__ = ["KindRegistry"]

# A case of a kind this registry does not know (its file was removed) is still shown and audited:
# its due date is taken from a clock of this name, as a disclosure case's is.
_FALLBACK_DUE_CLOCKS = ("reply",)


class KindRegistry:
    """Kinds by code, and each kind's machine, built on first use."""

    def __init__(self, built_in: Iterable[Kind], office_kinds: Iterable[Kind] = ()) -> None:
        from disclosure.workflow.corrections import with_corrections  # it folds with case.py, which imports the kinds

        # Every kind, built in or the office's, gets the actions that fix mistakes (workflow/corrections.py).
        self._built_in = {kind.code: with_corrections(kind) for kind in built_in}
        kinds = dict(self._built_in)
        for kind in map(with_corrections, office_kinds):
            if kind.code in self._built_in:
                raise InvalidInput(t("kind {kind!r} is built in; a configured kind needs another code", kind=kind.code))
            if kind.code in kinds:
                raise InvalidInput(t("two kind files define the kind {kind!r}", kind=kind.code))
            kinds[kind.code] = kind
        self._kinds: Mapping[str, Kind] = MappingProxyType(kinds)
        self._machines: dict[str, KindMachine] = {}
        self._lock = threading.Lock()

    def with_office_kinds(self, office_kinds: Iterable[Kind]) -> "KindRegistry":
        """The built-in kinds of this registry and these office kinds (this registry is unchanged)."""
        return KindRegistry(self._built_in.values(), office_kinds)

    def kind(self, code: str) -> Kind:
        """The kind of this code, or of this Chinese label (信访事项 is petition)."""
        found = self._kinds.get(code)
        if found is not None:
            return found
        labelled = [(kind.code, kind.label) for kind in self._kinds.values()]
        named = code_named(code, labelled)
        if named is not None:
            return self._kinds[named]
        raise InvalidInput(t("unknown kind {kind!r}; expected one of {kinds}", kind=code, kinds=", ".join(self._kinds)))

    def get(self, code: str) -> Kind | None:
        return self._kinds.get(code)

    def machine(self, code: str) -> KindMachine:
        """The kind's one state machine (a transitions Machine costs milliseconds to build)."""
        machine = self._machines.get(code)
        if machine is None:
            kind = self.kind(code)
            code = kind.code  # given by its label: the one machine of its code
            with self._lock:
                machine = self._machines.get(code)
                if machine is None:
                    machine = self._machines[code] = KindMachine(kind)
        return machine

    def is_built_in(self, code: str) -> bool:
        return code in self._built_in

    def rated_kinds(self) -> tuple[str, ...]:
        """The kinds with an action that records a rating of the reply (反馈, 满意度评价)."""
        return tuple(kind.code for kind in self if any(FEEDBACK_FACT in action.options for action in kind.actions))

    def due_clocks(self, code: str) -> tuple[str, ...]:
        """The clocks whose due date is a case's, for a case of this kind (known or not)."""
        kind = self._kinds.get(code)
        return kind.due_clocks if kind is not None else _FALLBACK_DUE_CLOCKS

    def __contains__(self, code: object) -> bool:
        return code in self._kinds

    def __iter__(self) -> Iterator[Kind]:
        return iter(self._kinds.values())

    def __len__(self) -> int:
        return len(self._kinds)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._kinds)
