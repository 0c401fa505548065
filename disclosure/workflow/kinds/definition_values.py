"""The forms a kind definition's values take (workflow/kinds/spec.py, clock_spec.py): each reader returns the
value under a key, or refuses a wrong one in a line naming the key."""

from __future__ import annotations

from typing import Any, Mapping

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = ["listed", "texts", "tables", "table", "text", "flag", "whole", "only_for", "only_keys"]


def listed(table: Mapping[str, Any], key: str, where: str) -> list:
    """The list under ``key`` (empty when absent). One text is not read as a list of its letters, nor
    taken as a list of one: it is refused, with the list it would be written as."""
    value = table.get(key, ())
    if isinstance(value, str):
        raise InvalidInput(t("{where}: {key} must be a list, such as {key} = [{value!r}], not one text", where=where, key=key, value=value))
    if not isinstance(value, (list, tuple)):
        raise InvalidInput(t("{where}: {key} must be a list (got {value!r})", where=where, key=key, value=value))
    return list(value)


def texts(table: Mapping[str, Any], key: str, where: str) -> list[str]:
    values = listed(table, key, where)
    for value in values:
        if not isinstance(value, str) or not value:
            raise InvalidInput(t("{where}: {key} must be a list of texts (got {value!r})", where=where, key=key, value=table[key]))
    return values


def tables(table: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    value = table.get(key, ())
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, Mapping) for item in value):
        raise InvalidInput(t("{where}: {key} must be a list of tables (got {value!r})", where=where, key=key, value=value))
    return list(value)


def table(table: Mapping[str, Any], key: str, where: str, values: type | None = None) -> Mapping[str, Any]:
    """The table under ``key`` (empty when absent); with ``values``, each of its values a non-empty text."""
    value = table.get(key, {})
    if not isinstance(value, Mapping):
        raise InvalidInput(t("{where}: {key} must be a table (got {value!r})", where=where, key=key, value=value))
    if values is str:
        for name, text in value.items():
            if not isinstance(text, str) or not text:
                dotted = f"{key}.{name}"
                raise InvalidInput(t("{where}: {key} must be a non-empty text (got {value!r})", where=where, key=dotted, value=text))
    return value


def text(table: Mapping[str, Any], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is not None and (not isinstance(value, str) or not value):
        raise InvalidInput(t("{where}: {key} must be a non-empty text (got {value!r})", where=where, key=key, value=value))
    return value


def flag(table: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    """A TOML boolean: "no" is a text, and a text would read as true."""
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise InvalidInput(t("{where}: {key} must be true or false (got {value!r})", where=where, key=key, value=value))
    return value


def whole(value: Any, key: str, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidInput(t("{where}: {key} must be a whole number, at least 1 (got {value!r})", where=where, key=key, value=value))
    return value


def only_for(spec: Mapping[str, Any], key: str, kind: str, where: str) -> None:
    if spec["type"] != kind:
        raise InvalidInput(t("{where}: {key} applies to a param of type {type} only", where=where, key=key, type=kind))


def only_keys(table: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    if not isinstance(table, Mapping):
        raise InvalidInput(t("{where}: a table is expected (got {value!r})", where=where, value=table))
    for key in table:
        if key not in allowed:
            raise InvalidInput(t("{where}: unknown key {key!r} (expected one of {keys})", where=where, key=key, keys=", ".join(allowed)))
