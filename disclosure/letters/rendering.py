"""A letter template (docxtpl: a Word file with Jinja fields) filled with a letter's fields, as the same
bytes every time for the same template and fields: the letter's SHA-256 is recorded in the chain, so a
re-render must be able to reproduce it."""

from __future__ import annotations

import io
import zipfile
from typing import Any, Mapping

from jinja2 import StrictUndefined, TemplateError, Undefined, nodes
from jinja2.utils import missing

from disclosure.template_sandbox import TemplateSandbox
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = ["Section", "render_docx", "render_reading", "fields_named", "fixed_zip"]

# Every entry of a rendered letter carries this time instead of the moment it was written.
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# Word expects the content types first; the rest follow by name, whatever order the writer used.
_FIRST_ENTRY = "[Content_Types].xml"


class Section(dict):
    """A group of fields (``fee``, ``reply``…) that knows its own name, so a template that asks for a
    field the group lacks is told which. Empty (and so false in ``{% if %}``) on a letter it is not for."""

    def __init__(self, path: str, values: Mapping[str, Any] | None = None) -> None:
        super().__init__(values or {})
        self.path = path


class _UnknownField(TemplateError):
    def __init__(self, field: str, inapplicable: bool) -> None:
        super().__init__(field)
        self.field = field
        self.inapplicable = inapplicable


class _FieldUndefined(StrictUndefined):
    """StrictUndefined that names the whole field (``fee.amount``) and whether its group exists on other letters."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any):
        owner = self._undefined_obj
        if owner is missing:
            raise _UnknownField(str(self._undefined_name), inapplicable=False)
        if isinstance(owner, Section):
            raise _UnknownField(f"{owner.path}.{self._undefined_name}", inapplicable=not owner)
        raise _UnknownField(f"….{self._undefined_name}", inapplicable=False)


# Jinja's Undefined binds each operator (str, bool, +, …) to its own failure function, not to a subclass's.
for _name in dir(StrictUndefined):
    if getattr(StrictUndefined, _name, None) is Undefined._fail_with_undefined_error:
        setattr(_FieldUndefined, _name, _FieldUndefined._fail_with_undefined_error)


class _LetterEnvironment(TemplateSandbox):
    """Fields are looked up as fields only: ``correction.items`` is the field, never the dict's method. Sandboxed:
    a template is an office's file, and its fields may read the letter, never Python's internals.

    It keeps the fields every part of the document names (``read``: its body, headers, footers, footnotes and
    properties, each compiled here by docxtpl), so a letter can tell whether it carries a field (fields.py
    PERSONAL_LETTER_FIELDS: the applicant's address) however the office's template prints it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Section):
            return obj[attribute] if attribute in obj else self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def compile(self, source: Any, name: str | None = None, filename: str | None = None, raw: bool = False,
                defer_init: bool = False) -> Any:
        if isinstance(source, str):
            source = self.parse(source, name, filename)
        self.read |= fields_named(source)
        return super().compile(source, name, filename, raw, defer_init)


def _named(name: nodes.Name, parent: nodes.Node | None) -> str | None:
    """What a template's use of a top-level name reads: one field of it (``applicant.address``, ``applicant['address']``),
    nothing (a group only tested: ``{% if fee %}``, ``not fee``, ``fee is defined``), or the whole of it (``applicant``:
    printed, iterated, filtered, passed on, assigned to another name)."""
    if isinstance(parent, nodes.Getattr) and parent.node is name:
        return f"{name.name}.{parent.attr}"
    if (isinstance(parent, nodes.Getitem) and parent.node is name and isinstance(parent.arg, nodes.Const)
            and isinstance(parent.arg.value, str)):
        return f"{name.name}.{parent.arg.value}"
    if isinstance(parent, (nodes.If, nodes.CondExpr)) and parent.test is name:
        return None
    if isinstance(parent, (nodes.Not, nodes.Test)) and parent.node is name:
        return None
    return name.name


def fields_named(tree: nodes.Node) -> set[str]:
    """The fields a parsed template reads: ``group.field`` for one field of a group, the bare name for a field or a
    group used whole. Conservative: a group used in any other way than a field of it, or a test of it, is read whole."""
    named: set[str] = set()
    waiting: list[tuple[nodes.Node, nodes.Node | None]] = [(tree, None)]
    while waiting:
        node, parent = waiting.pop()
        if isinstance(node, nodes.Name) and node.ctx == "load":
            field = _named(node, parent)
            if field is not None:
                named.add(field)
        waiting.extend((child, node) for child in node.iter_child_nodes())
    return named


def fixed_zip(document: bytes) -> bytes:
    """The same .docx with its entries in a fixed order, each with a fixed time, mode and compression."""
    with zipfile.ZipFile(io.BytesIO(document)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    names = sorted(entries, key=lambda name: (name != _FIRST_ENTRY, name))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as written:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o600 << 16
            written.writestr(info, entries[name], compresslevel=9)
    return target.getvalue()


def _letter_name(fields: Mapping[str, Any]) -> str:
    letter = fields.get("letter") or {}
    code = str(letter.get("code", "?"))
    return f"{'an' if code[:1] in tuple('aeiou') else 'a'} {code} letter ({letter.get('label', '?')})"


def render_docx(template: bytes, fields: Mapping[str, Any], template_name: str) -> bytes:
    """The template filled with ``fields``; a field the fields do not have is a one-line InvalidInput."""
    return render_reading(template, fields, template_name)[0]


def render_reading(template: bytes, fields: Mapping[str, Any], template_name: str) -> tuple[bytes, frozenset[str]]:
    """The template filled with ``fields`` (as render_docx), and the fields it reads (fields_named, over every part)."""
    from docxtpl import DocxTemplate

    environment = _LetterEnvironment(autoescape=True, undefined=_FieldUndefined)
    try:
        document = DocxTemplate(io.BytesIO(template))
        document.render(dict(fields), environment)
        written = io.BytesIO()
        document.save(written)
    except _UnknownField as unknown:
        if unknown.inapplicable:
            raise InvalidInput(t("the template {template_name} uses {{{{ {field} }}}}, which {letter} does not have",
                                 template_name=template_name, field=unknown.field, letter=_letter_name(fields))) from None
        raise InvalidInput(t("the template {template_name} uses {{{{ {field} }}}}, which no letter has",
                             template_name=template_name, field=unknown.field)) from None
    except Exception as problem:  # a file that is no docx, or a field written wrongly in Word
        detail = " ".join(str(problem).split()) or type(problem).__name__
        raise InvalidInput(t("the template {template_name} cannot be filled: {problem}: {detail}",
                             template_name=template_name, problem=type(problem).__name__, detail=detail)) from None
    return fixed_zip(written.getvalue()), frozenset(environment.read)
