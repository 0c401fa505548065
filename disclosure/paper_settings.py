"""The settings of the letters and files an office keeps: `[office]`, `[letters]` and `[documents]`.

```toml
[office]
name = "某某区人民政府办公室"       # default: the name given to `disclosure init`
address = "某某市某某区某某路1号"
phone = "010-12345678"
contact = "政务公开科"             # who answers for the letters
seal = "（印章）"                  # the seal's placeholder on every letter
payment = "请将费用汇至……"           # how to pay a fee (收费通知书)
reconsideration = "某某市人民政府"    # where a reply's remedies send the applicant (optional:
court = "某某区人民法院"              # without them the letter names the remedy and its time limit)

[letters]
number_pattern = "某政公开〔{year}〕第{seq}号"  # {year}, {seq} (or {seq:03d}: a width of 2 digits at most); one sequence a year
templates = "letter-templates"    # the office's own templates (same file names override the built-in ones)

[documents]
store = "folder"                  # or "database" (the default on PostgreSQL)
folder = "/srv/gkb/documents"     # default: disclosure.documents beside a SQLite book
max_file_mb = 50                  # a larger file is refused
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from string import Formatter
from typing import Any, Mapping

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = ["PaperSettings", "parse_paper_settings", "check_number_pattern", "format_number", "OFFICE_KEYS", "KEYS"]

OFFICE_KEYS = ("name", "address", "phone", "contact", "seal", "payment", "reconsideration", "court")
KEYS = {"office": OFFICE_KEYS, "letters": ("number_pattern", "templates"), "documents": ("store", "folder", "max_file_mb")}
DEFAULT_NUMBER_PATTERN = "依申请公开〔{year}〕第{seq}号"
STORES = ("folder", "database")


@dataclass(frozen=True)
class PaperSettings:
    office: Mapping[str, str] = field(default_factory=dict)  # [office]: only the keys the file gives
    number_pattern: str = DEFAULT_NUMBER_PATTERN
    templates: str | None = None  # the office's templates folder, resolved against the settings file
    store: str | None = None  # None: a folder for a SQLite book, the database for PostgreSQL
    folder: str | None = None
    max_file_bytes: int = 50 * 1024 * 1024

    def __post_init__(self) -> None:
        check_number_pattern(self.number_pattern)  # settings built in code are held to the file's rule

    def letter_number(self, year: int, seq: int) -> str:
        """The document number of the ``seq``-th letter of ``year`` (某政公开〔2026〕第12号)."""
        return format_number(self.number_pattern, year, seq)

    def check_size(self, name: str, size: int) -> None:
        """Refuse a file of ``size`` bytes larger than a case's file may be."""
        if size > self.max_file_bytes:
            raise InvalidInput(t(
                "{name} is {size:.1f} MB, more than the {limit:g} MB a case's file may be ([documents] max_file_mb)",
                name=name, size=size / 1048576, limit=self.max_file_bytes / 1048576,
            ))


def _text(table: Mapping[str, Any], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(t("{where}.{key} must be a non-empty text", where=where, key=key))
    return value.strip()


# The fields a number pattern may use, and what each may carry after its colon: a width of at most
# two digits, with a fill and an alignment or a leading 0, and at most the type d ({seq:03d}, {seq:0>4}).
NUMBER_FIELDS = ("year", "seq")
_NUMBER_FORMAT = re.compile(r"(?:[^{}]?[<>^=])?0?[0-9]{0,2}d?", re.ASCII)


def check_number_pattern(pattern: str) -> str:
    """A pattern of the documented fields only, that gives a distinct number for each (year, seq).

    Read with ``string.Formatter().parse``, the pattern's fields are checked before it is ever
    formatted: a field's attribute or index (``{seq.__class__}``, ``{seq[0]}``), a conversion
    (``{seq!r}``), a numbered or unnamed field and a width of more than two digits are refused.
    """
    try:
        fields = [(name, conversion, spec) for _literal, name, spec, conversion in Formatter().parse(pattern) if name is not None]
    except ValueError as error:  # a lone { or }
        raise InvalidInput(t("letters.number_pattern {pattern!r} takes only {{year}} and {{seq}}: {error}",
                             pattern=pattern, error=error)) from None
    for name, conversion, spec in fields:
        written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if name not in NUMBER_FIELDS or conversion:
            raise InvalidInput(t("letters.number_pattern {pattern!r} takes only {{year}} and {{seq}}, not {field}",
                                 pattern=pattern, field=written))
        if spec and not _NUMBER_FORMAT.fullmatch(spec):
            raise InvalidInput(t(
                "letters.number_pattern {pattern!r}: {field} may carry only a width of at most two digits, such as {{seq:03d}}",
                pattern=pattern, field=written,
            ))
    if "seq" not in (name for name, _conversion, _spec in fields):
        raise InvalidInput(t("letters.number_pattern {pattern!r} must contain {{seq}}, so each letter has its own number", pattern=pattern))
    try:
        pattern.format(year=2026, seq=12)
    except ValueError as error:  # a format the fields' check let through but int refuses (a fill of = before…)
        raise InvalidInput(t("letters.number_pattern {pattern!r} takes only {{year}} and {{seq}}: {error}",
                             pattern=pattern, error=error)) from None
    return pattern


def format_number(pattern: str, year: int, seq: int) -> str:
    """A letter's document number: ``pattern`` (checked first, whatever built the settings) with its year and place."""
    return check_number_pattern(pattern).format(year=year, seq=seq)


def parse_paper_settings(office: Mapping[str, Any], letters: Mapping[str, Any], documents: Mapping[str, Any], base: Path) -> PaperSettings:
    """The three tables, each checked by the caller for unknown keys (``KEYS``)."""
    details = {key: value for key in OFFICE_KEYS if (value := _text(office, key, "office")) is not None}
    values: dict[str, Any] = {"office": details}
    pattern = _text(letters, "number_pattern", "letters")
    if pattern is not None:
        values["number_pattern"] = check_number_pattern(pattern)
    templates = _text(letters, "templates", "letters")
    if templates is not None:
        values["templates"] = str(base / templates)
    store = _text(documents, "store", "documents")
    if store is not None and store not in STORES:
        raise InvalidInput(t("documents.store must be {stores}, not {store!r}", stores=" or ".join(STORES), store=store))
    values["store"] = store
    folder = _text(documents, "folder", "documents")
    if folder is not None:
        values["folder"] = str(base / folder)
    if "max_file_mb" in documents:
        size = documents["max_file_mb"]
        if isinstance(size, bool) or not isinstance(size, (int, float)) or size <= 0:
            raise InvalidInput(t("documents.max_file_mb must be a positive number, not {size!r}", size=size))
        values["max_file_bytes"] = int(size * 1024 * 1024)
    return PaperSettings(**values)
