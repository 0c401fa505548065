"""Text a case book can keep: no NUL or other control character (a tab and line ends aside), and nothing
that is not UTF-8.

SQLite stores a NUL where PostgreSQL refuses it, and a string holding undecodable bytes (a
command-line argument Python kept as surrogate escapes) cannot be encoded for either. Both are
refused as input, before anything is read or written, so the two backends answer alike.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Mapping
from typing import Any, Callable, TypeVar

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t
from disclosure.workflow.method_wrapping import wrap_public_methods

__all__ = ["check_text", "check_texts", "checks_text_arguments"]

C = TypeVar("C", bound=type)


# Control characters but the tab and the line ends: an escape sequence kept in a name would be played
# by every clerk's terminal that lists the case (colours, a cleared screen, a retitled window).
_CONTROLS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_text(value: str, what: str) -> str:
    """``value`` when a case book can keep it, else a one-line InvalidInput naming ``what``."""
    if "\x00" in value:
        raise InvalidInput(t("{what} contains a NUL character, which a case book cannot keep", what=what))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(t("{what} is not valid UTF-8 text (it holds undecodable bytes)", what=what)) from None
    control = _CONTROLS.search(value)
    if control is not None:
        raise InvalidInput(t("{what} contains the control character U+{code:04X}, which a case book does not keep",
                             what=what, code=ord(control.group())))
    return value


def check_texts(value: Any, what: str) -> None:
    """Every string in ``value``, and in the mappings, lists, tuples and sets inside it, checked as text."""
    if isinstance(value, str):
        check_text(value, what)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            check_texts(key, what)
            check_texts(item, f"{what} {key}" if isinstance(key, str) and "\x00" not in key else what)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            check_texts(item, what)


def _checked(function: Callable[..., Any]) -> Callable[..., Any]:
    names = list(inspect.signature(function).parameters)
    # A method's first argument is its instance (or class); a static method has none.
    receivers = 1 if names and names[0] in ("self", "cls") else 0
    names = names[receivers:]

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        for name, value in zip(names, args[receivers:]):
            check_texts(value, name)
        for name, value in kwargs.items():
            check_texts(value, name)
        return function(*args, **kwargs)

    return checked


def checks_text_arguments(cls: C) -> C:
    """Every public method of the class (class methods included) refuses text a case book cannot keep."""
    return wrap_public_methods(cls, _checked, "__text_checked__")
