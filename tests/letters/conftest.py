"""Cases built through the engine for the letters' tests, and a letter composed from one and read back.

The dates are in November and December 2026 (national calendar; no holiday in either month), "today"
is Thu 2026-12-31, and every case is registered through the Office as a clerk would.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from docx import Document

from disclosure.letters import compose_letter
from disclosure.service import Office
from disclosure.workflow.kinds import BUILT_IN

TODAY = date(2026, 12, 31)
OFFICE = {
    "name": "某市某区人民政府办公室",
    "address": "某市某区人民路1号",
    "phone": "010-12345678",
    "contact": "王明",
}


@pytest.fixture
def office(tmp_path):
    book = Office.open(str(tmp_path / "b.db"), today=lambda: TODAY)
    book.init("某区政务公开办", admin="admin")
    for name, roles in {"reg": ["registrar"], "han": ["handler"], "rev": ["reviewer"], "boss": ["head"]}.items():
        book.add_user(name, roles, by="admin")
    yield book
    book.close()


def register(office: Office, received: str = "2026-11-02", **extra) -> str:
    params = {
        "channel": "online", "received": received, "confirmed_on": received, "applicant": "张三", "applicant_type": "natural",
        "request": "2026年某区老旧小区改造项目的招标文件", "address": "某市某区幸福路8号", "phone": "13800001234",
    }
    params.update(extra)
    return office.register(user="reg", on=received, **params).number


def cleared(office: Office, received: str = "2026-11-02") -> str:
    """Registered, assigned and through its confidentiality review, ready for any reply."""
    number = register(office, received)
    office.act(number, "assign", user="reg", on="2026-11-03", to="han")
    office.act(number, "submit-review", user="han", on="2026-11-04")
    office.act(number, "approve-review", user="rev", on="2026-11-05")
    return number


@dataclass
class Letter:
    composed: Any
    text: str  # every paragraph and table cell, one line each

    def __contains__(self, words: str) -> bool:
        return words in self.text


def document_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def story(office: Office, number: str, letters: list[dict] | None = None):
    """The case as it stands (its personal data revealed, as a letter needs) and its events."""
    case = office.case(number, reveal="寄送告知书").case
    if letters is not None:
        case.letters = letters
    return case, office.history(number, reveal="寄送告知书")


def compose(office: Office, number: str, kind: str, *, letters: list[dict] | None = None, issued_on: date = date(2026, 12, 1),
            office_fields: dict | None = None, templates_folder=None, serial: int = 12) -> Letter:
    case, events = story(office, number, letters)
    composed = compose_letter(
        kind, case, events, number=f"某政公开〔2026〕第{serial}号", issued_on=issued_on, office=office_fields or OFFICE,
        templates_folder=templates_folder, calendar=office.calendar, labels=BUILT_IN[case.kind],
    )
    return Letter(composed, document_text(composed.content))
