"""Which column of an office's sheet holds which field, and what its own words mean.

A column is found by the ledger's Chinese header or the field's code (columns.py); an office whose
sheet says otherwise writes a mapping file (TOML):

    [columns]
    "来件日期" = "received_on"        # header → field (its code or its ledger header)
    "经办人" = "承办人"

    [values."申请方式"]                # field (code or header) → its values
    "网上" = "online"                  # → a code, or the code's Chinese label
    "信件" = "信函"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from typing import Any, Mapping

from disclosure.ledger.columns import COLUMNS, header_key
from disclosure.text_files import read_text_file
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = ["LedgerMapping", "read_mapping", "field_named", "column_fields"]

_BY_NAME = {header_key(name): code for code, header in COLUMNS.items() for name in (code, header)}


def field_named(name: object) -> str | None:
    """The field a header or code names (收到日期 and received_on are the same), or None."""
    return _BY_NAME.get(header_key(name))


@dataclass(frozen=True)
class LedgerMapping:
    columns: Mapping[str, str] = field(default_factory=dict)  # header_key → field
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # field → the sheet's word → code or label

    def value(self, field_code: str, cell: str) -> str:
        """The sheet's word for ``field_code`` as the office mapped it (unmapped: as written)."""
        return self.values.get(field_code, {}).get(cell, cell)


def read_mapping(path: str | os.PathLike[str] | None) -> LedgerMapping:
    """The mapping file at ``path`` (None: no mapping), or one InvalidInput naming the entry that is wrong."""
    if path is None:
        return LedgerMapping()
    what = t("the mapping {path}", path=path)
    try:
        data = tomllib.loads(read_text_file(path, t("the mapping")))
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(t("{what}: not TOML ({error})", what=what, error=error)) from None
    unknown = sorted(set(data) - {"columns", "values"})
    if unknown:
        raise InvalidInput(t("{what}: unknown table [{table}]; expected [columns] and [values.FIELD]", what=what, table=unknown[0]))
    columns = {header_key(header): _target(target, t("{what}: [columns] {header!r}",
                                                     what=what, header=header)) for header, target in _table(data, "columns", what).items()}
    values = {}
    for name, words in _table(data, "values", what).items():
        target = _target(name, t("{what}: [values.{name}]", what=what, name=name))
        values[target] = {str(word).strip(): str(_text(meaning, t("{what}: [values.{name}] {word!r}",
                                                                  what=what, name=name, word=word))).strip()
                          for word, meaning in _table({name: words}, name, what).items()}
    return LedgerMapping(columns, values)


def _table(data: Mapping[str, Any], name: str, what: str) -> Mapping[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise InvalidInput(t("{what}: {name} must be a table", what=what, name=name))
    return table


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(t("{what} must be text (got {value!r})", what=what, value=value))
    return value


def _target(name: Any, what: str) -> str:
    code = field_named(_text(name, what))
    if code is None:
        accepted = ", ".join(f"{code} {header}" for code, header in COLUMNS.items())
        raise InvalidInput(t("{what}: {name!r} is no field of the ledger; expected one of {accepted}",
                             what=what, name=name, accepted=accepted))
    return code


def column_fields(headers: list[str], mapping: LedgerMapping) -> tuple[dict[str, int], list[str]]:
    """Each field's column (its index), and the headers that name no field. Two columns for one field
    is one InvalidInput."""
    found: dict[str, int] = {}
    unused = []
    for index, header in enumerate(headers):
        if not header:
            continue
        code = mapping.columns.get(header_key(header)) or field_named(header)
        if code is None:
            unused.append(header)
            continue
        if code in found:
            raise InvalidInput(t("the columns {earlier!r} and {header!r} are both {code} {label}; map one elsewhere",
                                     earlier=headers[found[code]], header=header, code=code, label=COLUMNS[code]))
        found[code] = index
    return found, unused
