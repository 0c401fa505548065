"""Wrapping every public method of a class once: the Office's guards (driver errors translated,
text checked) are class decorators built on this."""

from __future__ import annotations

import inspect
from typing import Any, Callable, TypeVar

__all__ = ["wrap_public_methods"]

C = TypeVar("C", bound=type)


def wrap_public_methods(cls: C, wrap: Callable[[Callable[..., Any]], Callable[..., Any]], marker: str) -> C:
    """Replace each public method of ``cls`` (inherited, class and static ones included) by ``wrap(method)``.

    ``marker`` is set on every wrapper, so a method wrapped already (a subclass decorated again) is left."""
    for name in dir(cls):
        if name.startswith("_"):
            continue
        attribute = inspect.getattr_static(cls, name)
        if isinstance(attribute, (classmethod, staticmethod)):
            inner = attribute.__func__
            if inspect.isfunction(inner) and not getattr(inner, marker, False):
                setattr(cls, name, type(attribute)(_marked(wrap(inner), marker)))
        elif inspect.isfunction(attribute) and not getattr(attribute, marker, False):
            setattr(cls, name, _marked(wrap(attribute), marker))
    return cls


def _marked(function: Callable[..., Any], marker: str) -> Callable[..., Any]:
    setattr(function, marker, True)
    return function
