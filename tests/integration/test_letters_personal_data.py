"""A letter or kept file that holds the applicant's personal data is a sight of it, as `show --reveal` is
(docs/security.md): issued or fetched only by a user who may reveal the case's personal data (a registrar,
head or auditor, or the case's handler), each time an entry of the office log written in the same
transaction; a reviewer or another case's handler is refused with nothing written and no number used.

SQLite and PostgreSQL. Dates in November 2026 (no holiday that month); "today" is Fri 2026-11-20.
"""

from __future__ import annotations

import io

import pytest
from docx import Document

from disclosure.paper_settings import PaperSettings
from disclosure.service import Office
from disclosure.settings import Settings
from disclosure.workflow.errors import RuleViolation
from tests.integration.conftest import TODAY, register

OFFICE = {"name": "某市某区人民政府办公室", "address": "某市某区人民路1号", "phone": "010-12345678", "contact": "王明"}
PATTERN = "某政公开〔{year}〕第{seq}号"
ADDRESS = "某市某区幸福路8号"
SCAN = "申请表：张三，身份证号110101199001011234，电话13800001234".encode("utf-8")


def _settings(tmp_path, **changes) -> Settings:
    return Settings(papers=PaperSettings(office=OFFICE, number_pattern=PATTERN, folder=str(tmp_path / "documents"), **changes))


@pytest.fixture
def office(database_url, tmp_path):
    book = Office.open(database_url, today=lambda: TODAY, settings=_settings(tmp_path))
    book.init("测试办公室", admin="admin")
    for name, roles in {
        "reg": ["registrar"], "han": ["handler"], "zhao": ["handler"], "chen": ["reviewer"], "boss": ["head"], "aud": ["auditor"],
    }.items():
        book.add_user(name, roles, by="admin")
    yield book
    book.close()


def _replied(office, **extra) -> str:
    """Registered with the applicant's address, handled by han, replied to with its letter (letter 1)."""
    number = register(office, received="2026-11-02", address=ADDRESS, phone="13800001234", **extra).number
    office.act(number, "assign", user="reg", on="2026-11-03", to="han")
    office.act(number, "submit-review", user="han", on="2026-11-04")
    office.act(number, "approve-review", user="chen", on="2026-11-05")
    office.act_with_letter(number, "reply", user="han", on="2026-11-06", outcome="granted", available_at="某区人民政府门户网站")
    return number


def _sights(office, number: str) -> list[tuple[str, str, str]]:
    return [(entry["user"], entry["via"], entry["reason"]) for entry in office.acting_for("boss").access_log(case=number)]


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join([paragraph.text for paragraph in document.paragraphs]
                     + [cell.text for table in document.tables for row in table.rows for cell in row.cells])


@pytest.mark.parametrize("user", ["chen", "zhao"])
def test_a_reviewer_or_another_cases_handler_gets_no_delivery_receipt_and_nothing_is_written(office, user):
    number = _replied(office)
    with pytest.raises(RuleViolation) as refused:
        office.issue_letter(number, "送达回证", user=user)
    assert str(refused.value) == (
        f"the delivery-receipt letter (送达回证) of case {number} carries the applicant's address: issuing it needs the role "
        f"registrar or head, or handling the case; {user} has neither"
    )
    assert [letter["letter"] for letter in office.letters(number)] == ["reply"]
    assert [event.type for event in office.history(number)][-1] == "letter-issued" and len(office.history(number)) == 6
    assert _sights(office, number) == []
    # No number was used: the handler's receipt takes the next one.
    receipt = office.issue_letter(number, "delivery-receipt", user="han")
    assert receipt.record["number"] == "某政公开〔2026〕第2号" and ADDRESS in _text(receipt.content)
    assert office.verify().intact and office.replay() == []


@pytest.mark.parametrize("user", ["han", "reg", "boss"])
def test_the_cases_handler_a_registrar_or_a_head_issues_it_and_the_sight_is_logged(office, user):
    number = _replied(office)
    receipt = office.issue_letter(number, "delivery-receipt", user=user)
    assert receipt.record["personal_data"] == ["delivery.place"] and "送达地点\n" + ADDRESS in _text(receipt.content)
    assert office.history(number)[-1].data["personal_data"] == ["delivery.place"]
    assert _sights(office, number) == [(user, "letter", "出具送达回证 某政公开〔2026〕第2号")]
    entry = office.acting_for("boss").access_log(case=number)[0]
    assert (entry["type"], entry["label"], entry["cases"]) == ("personal-data-viewed", "查看个人信息", [number])
    assert office.verify().intact and office.replay() == []


def test_an_admin_acting_for_a_reviewer_is_refused_and_for_the_handler_is_logged_as_by_the_admin(office):
    number = _replied(office)
    with pytest.raises(RuleViolation, match="chen has neither$"):
        office.acting_for("chen").issue_letter(number, "delivery-receipt")
    office.acting_for("han").issue_letter(number, "delivery-receipt")
    (entry,) = office.acting_for("boss").access_log(case=number)
    assert (entry["user"], entry["acted_by"], entry["via"]) == ("han", "admin", "letter")


def test_letters_that_carry_no_personal_data_are_issued_and_fetched_as_before_unlogged(office):
    number = _replied(office)
    reply = office.letters(number)[0]
    assert reply["personal_data"] == []
    for user in ("chen", "zhao"):
        acknowledgement = office.issue_letter(number, "acknowledgement", user=user)
        assert acknowledgement.record["personal_data"] == [] and ADDRESS not in _text(acknowledgement.content)
        record, content = office.acting_for(user).file(number, reply["number"])
        assert record == reply and "张三" in _text(content)
    assert _sights(office, number) == []


def test_a_delivery_receipt_without_an_address_to_show_is_no_sight(office):
    # The applicant gave no address: the receipt's place is empty, and any clerk may issue it.
    number = register(office, received="2026-11-02").number
    office.issue_letter(number, "acknowledgement", user="reg")
    receipt = office.issue_letter(number, "delivery-receipt", user="chen")
    assert receipt.record["personal_data"] == []
    assert office.acting_for("zhao").file(number, receipt.record["number"])[1] == receipt.content
    assert _sights(office, number) == []


def test_a_delivery_receipt_to_the_consulted_third_party_carries_no_applicant_address(office):
    number = register(office, received="2026-11-02", address=ADDRESS).number
    office.act(number, "assign", user="reg", on="2026-11-03", to="han")
    office.act_with_letter(number, "consult", user="han", on="2026-11-04", party="third_party", name="某建设工程有限公司")
    receipt = office.issue_letter(number, "delivery-receipt", user="chen")
    assert receipt.record["personal_data"] == [] and ADDRESS not in _text(receipt.content)
    assert _sights(office, number) == []


def test_a_kept_letter_with_personal_data_is_fetched_only_by_those_who_may_see_it_each_time_logged(office):
    number = _replied(office)
    receipt = office.issue_letter(number, "delivery-receipt", user="han")
    letter = receipt.record["number"]
    for user in ("chen", "zhao"):
        with pytest.raises(RuleViolation) as refused:
            office.acting_for(user).file(number, letter)
        assert str(refused.value) == (
            f"the delivery-receipt letter {letter} (送达回证) of case {number} holds the applicant's personal data: fetching it "
            f"needs the role registrar, head or auditor, or handling the case; {user} has neither"
        )
        # By its hash too.
        with pytest.raises(RuleViolation, match=f"{user} has neither$"):
            office.acting_for(user).file(number, receipt.record["sha256"][:12])
    for user in ("han", "reg", "boss", "aud"):
        assert office.acting_for(user).file(number, letter) == (receipt.record, receipt.content)
    assert _sights(office, number) == [
        ("han", "letter", f"出具送达回证 {letter}"),
        *((user, "file", f"调取送达回证 {letter}") for user in ("han", "reg", "boss", "aud")),
    ]


def test_a_kept_file_is_the_applicants_papers_fetched_only_by_those_who_may_see_them(office):
    number = _replied(office)
    kept = office.attach(number, SCAN, "申请表.pdf", kind="application", user="reg")
    # Anyone who works on cases keeps a paper, and sees its record; only its content is a sight.
    assert office.acting_for("chen").files(number) == [kept]
    for user in ("chen", "zhao"):
        with pytest.raises(RuleViolation) as refused:
            office.acting_for(user).file(number, "1")
        assert str(refused.value) == (
            f"file 1 申请表.pdf of case {number} holds the applicant's personal data: fetching it needs the role registrar, head "
            f"or auditor, or handling the case; {user} has neither"
        )
    assert office.acting_for("han").file(number, "1") == (kept, SCAN)
    assert _sights(office, number) == [("han", "file", "调取申请书 申请表.pdf（文件1）")]
    assert office.verify().intact


def test_a_paper_that_is_not_there_is_not_found_before_anyone_is_refused(office):
    number = _replied(office)
    with pytest.raises(Exception, match=r"has no file or letter '7'"):
        office.acting_for("chen").file(number, "7")


def _own_templates(tmp_path, name: str, line: str):
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    document = Document()
    document.add_paragraph("{{ office.name }}")
    document.add_paragraph(line)
    document.save(str(folder / name))
    return folder


def test_an_office_template_printing_the_address_makes_its_letter_a_sight_whatever_its_kind(office, database_url, tmp_path):
    folder = _own_templates(tmp_path, "acknowledgement.docx", "{{ addressee }}（通信地址：{{ applicant.address }}）")
    own = Office.open(database_url, today=lambda: TODAY, create=False, settings=_settings(tmp_path, templates=str(folder)))
    try:
        view, issued = own.acting_for("reg").register_with_letter(
            on="2026-11-02", channel="online", received="2026-11-02", applicant="张三", applicant_type="natural",
            request="2026年部门预算", address=ADDRESS,
        )
        number = view.number
        assert issued.record["personal_data"] == ["applicant.address"] and ADDRESS in _text(issued.content)
        assert _sights(own, number) == [("reg", "letter", "出具收到申请告知书(登记回执) 某政公开〔2026〕第1号")]
        with pytest.raises(RuleViolation, match="carries the applicant's address: .* chen has neither$"):
            own.acting_for("chen").issue_letter(number, "acknowledgement")
        with pytest.raises(RuleViolation, match="holds the applicant's personal data: .* chen has neither$"):
            own.acting_for("chen").file(number, issued.record["number"])
        # A registration without an address gives the same template's letter nothing to carry.
        bare, plain = own.acting_for("reg").register_with_letter(
            on="2026-11-02", channel="online", received="2026-11-02", applicant="李四", applicant_type="natural", request="x",
        )
        assert plain.record["personal_data"] == [] and _sights(own, bare.number) == []
    finally:
        own.close()


def test_an_action_whose_letter_would_show_the_address_to_another_cases_handler_is_not_taken(office, database_url, tmp_path):
    folder = _own_templates(tmp_path, "correction.docx", "{{ applicant }}：{{ correction.items }}")
    number = register(office, received="2026-11-02", address=ADDRESS).number
    office.act(number, "assign", user="reg", on="2026-11-03", to="han")
    own = Office.open(database_url, today=lambda: TODAY, create=False, settings=_settings(tmp_path, templates=str(folder)))
    try:
        before = len(own.history(number))
        with pytest.raises(RuleViolation, match="correction letter .* zhao has neither$"):
            own.acting_for("zhao").act_with_letter(number, "request-correction", on="2026-11-04", note="请写明项目名称")
        assert len(own.history(number)) == before and own.letters(number) == [] and _sights(own, number) == []
        view, issued = own.acting_for("han").act_with_letter(number, "request-correction", on="2026-11-04", note="请写明项目名称")
        assert issued.record["number"] == "某政公开〔2026〕第1号" and view.state == own.case(number).state
        assert _sights(own, number) == [("han", "letter", "出具补正告知书 某政公开〔2026〕第1号")]
    finally:
        own.close()


def test_rendering_again_shows_nothing_and_needs_no_reveal(office):
    number = _replied(office)
    office.issue_letter(number, "delivery-receipt", user="han")
    checked = office.acting_for("chen").recheck_letters(number)
    assert [(record["letter"], reason) for record, reason in checked] == [("reply", None), ("delivery-receipt", None)]
    assert ADDRESS not in repr(checked) and ADDRESS not in repr(office.acting_for("chen").letters(number))
    assert _sights(office, number) == [("han", "letter", "出具送达回证 某政公开〔2026〕第2号")]
