"""Personal data as people see it unless they reveal it: masked (个人信息保护法).

An applicant's ID number, phone and address are masked wherever a case is shown; in an export, which
leaves the office, the applicant's name too. Revealing them is for permitted users with a reason
(workflow/identity.py may_reveal), and is recorded in the office log.
"""

from __future__ import annotations

from typing import Any, Mapping

__all__ = ["PERSONAL_FIELDS", "mask", "masked_applicant", "masked_event_data", "MASKED_MARK"]

PERSONAL_FIELDS = ("id_number", "phone", "address")
# Set in an exported event's data whose personal data was masked: its hash cannot be recomputed from it.
MASKED_MARK = "_masked"


def mask(value: str | None) -> str | None:
    """The first three and last four characters stay (110***********1234); short values keep their first."""
    if not value:
        return value
    if len(value) <= 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def masked_applicant(applicant: Mapping[str, Any], *, name: bool = False) -> dict[str, Any]:
    """The applicant with ID number, phone and address masked (and the name, with ``name``)."""
    masked = dict(applicant)
    for field in (*PERSONAL_FIELDS, "name") if name else PERSONAL_FIELDS:
        if isinstance(masked.get(field), str):
            masked[field] = mask(masked[field])
    return masked


def masked_event_data(data: Mapping[str, Any], *, name: bool = False) -> Mapping[str, Any]:
    """An event's data with its applicant masked; the same mapping when it holds no applicant. An
    amendment (workflow/corrections.py) of an applicant's field is masked in its value, the value it
    replaced and the registration it restates."""
    masked = dict(data)
    applicant = data.get("applicant")
    if isinstance(applicant, Mapping):
        masked["applicant"] = masked_applicant(applicant, name=name)
    if data.get("field") in ((*PERSONAL_FIELDS, "applicant") if name else PERSONAL_FIELDS):
        masked.update(value=mask(data.get("value")), previous=mask(data.get("previous")))
    if isinstance(data.get("changes"), Mapping):
        masked["changes"] = {
            version: {**change, "data": masked_event_data(change["data"], name=name)} if "data" in change else change
            for version, change in data["changes"].items()
        }
    return data if masked == data else masked
