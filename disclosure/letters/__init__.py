"""Letters as Word documents (issue 17): a case's letter composed from its template, checked against what
the law requires first (workflow/letters.py), rendered to the same bytes each time (rendering.py).

The built-in templates are ``templates/<kind>.docx`` (built by scripts/make_letter_templates.py); an office
overrides one with a file of the same name in its templates folder. docs/letters.md is the manual.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterable, Mapping

from disclosure.letters.fields import letter_fields, personal_data_carried
from disclosure.letters.rendering import render_reading
from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.events import Event
from disclosure.workflow.kinds.base import Kind
from disclosure.workflow.letters import check_letter, letter_kind_code
from disclosure.workflow.messages import t
from disclosure.workflow.os_errors import os_problem

__all__ = ["ComposedLetter", "compose_letter", "explain_rerender", "letter_office", "OFFICE_FIELDS", "OFFICE_DEFAULTS"]

# What every letter carries of the office ([office] in disclosure.toml), each required.
OFFICE_FIELDS = ("name", "address", "phone", "contact")
# What a letter says when the office sets nothing: the seal's place, how to pay a fee, and the bodies of
# the remedies left unnamed (the letter then names the remedy and its time limit only).
OFFICE_DEFAULTS: Mapping[str, str] = {
    "seal": "（印章）",
    "payment": "凭本通知书到本机关办理缴费手续",
    "reconsideration": "",
    "court": "",
}
BUILT_IN = "built-in"


@dataclass(frozen=True)
class ComposedLetter:
    kind: str
    template: str  # the file name, e.g. reply.docx
    template_source: str  # "built-in" or the office's file
    template_sha256: str
    content: bytes = field(repr=False)
    sha256: str
    # Of the fields' canonical JSON without the office's (compared apart): a re-render can say the case's data changed.
    fields_sha256: str
    office: Mapping[str, str]
    # The applicant's personal data it carries: the fields of fields.py PERSONAL_LETTER_FIELDS its template prints,
    # not empty (("delivery.place",) on a delivery receipt to an applicant with an address). Issuing or fetching a
    # letter that carries any is a sight of it (case_papers.py).
    personal_data: tuple[str, ...] = ()

    def record(self) -> dict[str, Any]:
        """What the chain keeps of the letter, beside its number: enough for explain_rerender."""
        return {
            "kind": self.kind, "template": self.template, "template_source": self.template_source,
            "template_sha256": self.template_sha256, "sha256": self.sha256, "fields_sha256": self.fields_sha256,
            "office": dict(self.office), "personal_data": list(self.personal_data),
        }


def letter_office(office: Mapping[str, Any]) -> dict[str, str]:
    """The office fields a letter carries, the required ones checked (a missing one is a one-line error)."""
    for name in OFFICE_FIELDS:
        if not str(office.get(name) or "").strip():
            raise InvalidInput(t("letters need [office] {name} in disclosure.toml", name=name))
    chosen = {name: str(office[name]).strip() for name in OFFICE_FIELDS}
    for name, default in OFFICE_DEFAULTS.items():
        chosen[name] = str(office.get(name) or "").strip() or default
    return chosen


def _template(name: str, templates_folder: Path | None) -> tuple[bytes, str]:
    if templates_folder is not None:
        if not Path(templates_folder).is_dir():
            raise InvalidInput(t("the letters' templates folder {templates_folder} is not a folder", templates_folder=templates_folder))
        override = Path(templates_folder) / name
        if override.exists():
            try:
                return override.read_bytes(), str(override)
            except OSError as problem:
                raise InvalidInput(t("the template {override} cannot be read: {problem}",
                                     override=override, problem=os_problem(problem))) from None
    return files("disclosure.letters").joinpath("templates", name).read_bytes(), BUILT_IN


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def canonical_json(fields: Mapping[str, Any]) -> bytes:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def compose_letter(
    kind: str, case, events: Iterable[Event], *, number: str, issued_on: date, office: Mapping[str, Any],
    templates_folder: Path | None, calendar: WorkCalendar, labels: Kind,
) -> ComposedLetter:
    """The letter ``kind`` (code or label) of the case as it stands, numbered ``number`` and dated
    ``issued_on``; refused (RuleViolation) when the case does not allow it, InvalidInput for a missing
    office setting or a template field no letter has. ``case`` and ``events`` are the case's with its
    personal data revealed (the letter is addressed to the applicant); ``labels`` is the case's Kind (as the
    Office's KindRegistry gives it: its label, outcome labels and event upgrades); ``templates_folder`` the
    office's, where a file named as a built-in template (``reply.docx``) replaces it. The letter says which of the
    applicant's personal data it carries (``personal_data``), from what its template reads."""
    kind = letter_kind_code(kind)
    events = list(events)
    carried = letter_office(office)
    check_letter(kind, case, events, carried)
    fields = letter_fields(kind, case, events, number=number, issued_on=issued_on, office=carried, labels=labels, calendar=calendar)
    name = f"{kind}.docx"
    template, source = _template(name, templates_folder)
    content, read = render_reading(template, fields, name)
    return ComposedLetter(
        kind=kind, template=name, template_source=source, template_sha256=_sha256(template), content=content,
        sha256=_sha256(content), fields_sha256=_sha256(canonical_json({**fields, "office": None})), office=carried,
        personal_data=personal_data_carried(fields, read),
    )


def explain_rerender(previous: Mapping[str, Any], composed: ComposedLetter) -> str | None:
    """None when the re-rendered letter is the issued one's bytes; else one line saying why it differs.
    ``previous`` is the issued letter's record (ComposedLetter.record, with at least its sha256)."""
    if previous.get("sha256") == composed.sha256:
        return None
    reasons = []
    if previous.get("template_sha256") not in (None, composed.template_sha256):
        reasons.append(t("the template {template} changed ({was} → {now})", template=composed.template,
                         was=str(previous["template_sha256"])[:12], now=composed.template_sha256[:12]))
    if previous.get("office") is not None:
        changed = sorted(name for name in set(previous["office"]) | set(composed.office)
                         if previous["office"].get(name) != composed.office.get(name))
        if changed:
            reasons.append(t("the office's {fields} changed", fields=", ".join(changed)))
    if previous.get("fields_sha256") not in (None, composed.fields_sha256):
        reasons.append(t("the letter's fields (the case's data, its number or date) changed"))
    if not reasons and "template_sha256" in previous and "fields_sha256" in previous:
        reasons.append(t("same template and fields: the renderer (docxtpl, python-docx) is another version"))
    why = _one_after_another(reasons) or t("its record keeps no template or field hashes to say why")
    return t("the letter differs from the one issued ({was} → {now}): {why}", was=str(previous.get("sha256"))[:12],
             now=composed.sha256[:12], why=why)


def _one_after_another(reasons: list[str]) -> str | None:
    """The reasons as one message, "first; rest", each still said in the clerk's language."""
    if not reasons:
        return None
    rest = _one_after_another(reasons[1:])
    return reasons[0] if rest is None else t("{first}; {rest}", first=reasons[0], rest=rest)
