"""Letters as part of the case (issue 17 item 3): issued with their action or alone, numbered, kept in the
document store, recorded in the chain, and rendered again to the same bytes or told why not.

SQLite and PostgreSQL. Dates in November 2026 (no holiday that month); "today" is Fri 2026-11-20.
"""

from __future__ import annotations

import hashlib
import io
from contextlib import contextmanager

import pytest
from docx import Document

from disclosure.paper_settings import PaperSettings
from disclosure.service import Office
from disclosure.settings import Settings
from disclosure.workflow.errors import InvalidInput, RuleViolation
from tests.integration.conftest import TODAY, register

OFFICE = {"name": "某市某区人民政府办公室", "address": "某市某区人民路1号", "phone": "010-12345678", "contact": "王明"}
PATTERN = "某政公开〔{year}〕第{seq}号"


def _settings(tmp_path, **changes) -> Settings:
    office = {**OFFICE, **changes.pop("office", {})}
    return Settings(papers=PaperSettings(office=office, number_pattern=PATTERN, folder=str(tmp_path / "documents"), **changes))


@contextmanager
def _reopened(database_url: str, settings: Settings):
    """The same case book opened again with other settings, as another clerk's machine would."""
    other = Office.open(database_url, today=lambda: TODAY, create=False, settings=settings)
    try:
        yield other
    finally:
        other.close()


@pytest.fixture
def office(database_url, tmp_path):
    book = Office.open(database_url, today=lambda: TODAY, settings=_settings(tmp_path))
    book.init("测试办公室", admin="admin")
    for name, roles in {"reg": ["registrar"], "han": ["handler"], "rev": ["reviewer"], "boss": ["head"]}.items():
        book.add_user(name, roles, by="admin")
    yield book
    book.close()


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def _cleared(office) -> str:
    number = register(office, received="2026-11-02").number
    office.act(number, "assign", user="reg", on="2026-11-03", to="han")
    office.act(number, "submit-review", user="han", on="2026-11-04")
    office.act(number, "approve-review", user="rev", on="2026-11-05")
    return number


def test_the_registration_and_its_acknowledgement_are_one_step(office):
    view, issued = office.register_with_letter(
        user="reg", on="2026-11-02", channel="online", received="2026-11-02", applicant="张三", applicant_type="natural",
        request="2026年部门预算",
    )
    assert view.state == "registered"
    record = issued.record
    assert (record["number"], record["letter"], record["on"], record["version"]) == ("某政公开〔2026〕第1号", "acknowledgement", "2026-11-02", 2)
    assert record["sha256"] == hashlib.sha256(issued.content).hexdigest()
    text = _text(issued.content)
    # Received Mon 11-02: 20 working days from the next day end on Mon 11-30 ([GK] 33).
    assert "某政公开〔2026〕第1号" in text and "张三" in text and "2026年11月30日" in text and "某市某区人民路1号" in text
    events = office.history(view.number)
    assert [event.type for event in events] == ["register", "letter-issued"]
    assert events[1].data["template"] == "acknowledgement.docx" and events[1].data["template_source"] == "built-in"
    assert office.file(view.number, "某政公开〔2026〕第1号") == (record, issued.content)
    assert office.verify().intact and office.replay() == []


def test_a_reply_and_its_letter_go_together_or_not_at_all(office):
    number = _cleared(office)
    # A refusal's letter names the article of its legal basis ([GK] 36): refused, the reply it would go with
    # is not recorded either.
    with pytest.raises(RuleViolation, match=r"the article of the legal basis '有关规定'"):
        office.act_with_letter(number, "reply", user="han", on="2026-11-06", outcome="declined.confirmation", basis="有关规定")
    assert office.case(number).state == "cleared" and office.letters(number) == []
    view, issued = office.act_with_letter(
        number, "reply", user="han", on="2026-11-06", outcome="withheld.process_info", reason="所申请的会议纪要属于过程性信息",
    )
    assert view.state == "replied" and issued.record["letter"] == "reply" and issued.record["number"] == "某政公开〔2026〕第1号"
    text = _text(issued.content)
    assert "本机关不予公开" in text and "理由：所申请的会议纪要属于过程性信息" in text
    assert "60日内依法申请行政复议" in text and "6个月内依法提起行政诉讼" in text
    # A letter the case does not allow, an unknown kind: refused, no number used.
    with pytest.raises(RuleViolation):
        office.issue_letter(number, "extension", user="han")
    with pytest.raises(InvalidInput, match=r"^unknown letter kind 'memo'"):
        office.issue_letter(number, "memo", user="han")
    receipt = office.issue_letter(number, "送达回证", user="reg")
    assert receipt.record["number"] == "某政公开〔2026〕第2号"
    assert [letter["letter"] for letter in office.letters(number)] == ["reply", "delivery-receipt"]


def test_an_issued_letter_renders_again_to_its_bytes_or_says_why_not(office, database_url, tmp_path):
    number = _cleared(office)
    office.act_with_letter(number, "reply", user="han", on="2026-11-06", outcome="granted", available_at="某区人民政府门户网站")
    assert [reason for _, reason in office.recheck_letters(number)] == [None]
    # Later events do not change it: the letter is rendered from the case as it stood.
    office.act(number, "deliver", user="reg", on="2026-11-09", method="post")
    assert [reason for _, reason in office.recheck_letters(number)] == [None]

    with _reopened(database_url, _settings(tmp_path, office={"phone": "010-87654321"})) as moved:
        (reason,) = [reason for _, reason in moved.recheck_letters(number)]
    assert reason.startswith("the letter differs from the one issued") and reason.endswith("the office's phone changed")

    folder = tmp_path / "templates"
    folder.mkdir()
    document = Document()
    document.add_paragraph("{{ office.name }}：{{ addressee }}，{{ reply.outcome_label }}")
    document.save(str(folder / "reply.docx"))
    with _reopened(database_url, _settings(tmp_path, templates=str(folder))) as own:
        (reason,) = [reason for _, reason in own.recheck_letters(number)]
    assert "the template reply.docx changed" in reason


def test_a_template_with_a_field_no_letter_has_is_refused_and_writes_nothing(office, database_url, tmp_path):
    number = register(office, received="2026-11-02").number
    folder = tmp_path / "templates"
    folder.mkdir()
    document = Document()
    document.add_paragraph("{{ applicant.phone }}")
    document.save(str(folder / "acknowledgement.docx"))
    with _reopened(database_url, _settings(tmp_path, templates=str(folder))) as own:
        with pytest.raises(InvalidInput, match=r"^the template acknowledgement.docx uses \{\{ applicant.phone \}\}, which no letter has$"):
            own.issue_letter(number, "acknowledgement", user="reg")
    assert office.letters(number) == [] and len(office.history(number)) == 1
    assert office.issue_letter(number, "acknowledgement", user="reg").record["number"] == "某政公开〔2026〕第1号"
