"""Text a case book can keep: no NUL character, and nothing that is not UTF-8.

SQLite stores a NUL where PostgreSQL refuses it, and a string holding undecodable bytes (a
command-line argument Python kept as surrogate escapes) cannot be encoded for either. Both are
refused as input, before anything is read or written, so the two backends answer alike.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Mapping
from typing import Any, Callable, TypeVar

from disclosure.workflow.errors import InvalidInput

__all__ = ["check_text", "check_texts", "checks_text_arguments"]

C = TypeVar("C", bound=type)


def check_text(value: str, what: str) -> str:
    """``value`` when a case book can keep it, else a one-line InvalidInput naming ``what``."""
    if "\x00" in value:
        raise InvalidInput(f"{what} contains a NUL character, which a case book cannot keep")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{what} is not valid UTF-8 text (it holds undecodable bytes)") from None
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
    names = [name for name in inspect.signature(function).parameters if name not in ("self", "cls")]

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        # args[0] is the instance (or the class); the rest line up with the signature's names.
        for name, value in zip(names, args[1:]):
            check_texts(value, name)
        for name, value in kwargs.items():
            check_texts(value, name)
        return function(*args, **kwargs)

    checked.__text_checked__ = True  # type: ignore[attr-defined]
    return checked


def checks_text_arguments(cls: C) -> C:
    """Every public method of the class (class methods included) refuses text a case book cannot keep."""
    for name in dir(cls):
        if name.startswith("_"):
            continue
        attribute = inspect.getattr_static(cls, name)
        if isinstance(attribute, classmethod) and inspect.isfunction(attribute.__func__):
            if not getattr(attribute.__func__, "__text_checked__", False):
                setattr(cls, name, classmethod(_checked(attribute.__func__)))
        elif inspect.isfunction(attribute) and not getattr(attribute, "__text_checked__", False):
            setattr(cls, name, _checked(attribute))
    return cls
