"""The sandbox an office's Word templates (letters, the annual report) are filled in.

Jinja's own sandbox keeps a field from reaching Python's internals. On top of it: no globals (``lipsum``,
``range``, ``cycler``… are no field of a letter, and ``{{ lipsum }}`` would print a function's address,
so a letter would not render to the same bytes twice), and no operator that builds a value too large to
write (``{{ 'a' * 999999999 }}`` held the command for minutes)."""

from __future__ import annotations

from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

__all__ = ["TemplateSandbox"]

# More copies of a text or a list than a letter or a report ever prints.
_MOST_REPEATS = 1000


class TemplateSandbox(SandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals.clear()

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            raise SecurityError("a template may not raise to a power")
        sequences = [value for value in (left, right) if isinstance(value, (str, list, tuple))]
        counts = [value for value in (left, right) if isinstance(value, int) and not isinstance(value, bool)]
        if sequences and counts and counts[0] > _MOST_REPEATS:
            raise SecurityError(f"a template may repeat a value at most {_MOST_REPEATS} times")
        return super().call_binop(context, operator, left, right)
