"""Which letters carry the applicant's personal data (docs/security.md: their ID number, phone and address,
masked wherever a case is shown): a letter whose template prints a field holding it, not empty. Issuing or
fetching such a letter is a sight of it (tests/integration/test_letters_personal_data.py)."""

from __future__ import annotations

import pytest
from docx import Document
from jinja2.sandbox import SandboxedEnvironment

from disclosure.letters.fields import PERSONAL_LETTER_FIELDS, letter_fields, personal_data_carried
from disclosure.letters.rendering import fields_named
from disclosure.workflow.kinds import BUILT_IN
from disclosure.workflow.letters import LETTER_KINDS
from disclosure.workflow.papers import holds_personal_data
from tests.letters.conftest import cleared, compose, register, story

ADDRESS, PHONE, ID_NUMBER = "某市某区幸福路8号", "13800001234", "110101199001011234"


def _one_of_each_kind(office) -> dict[str, object]:
    """Every kind of letter, of cases whose applicant gave an address, a phone and an ID number."""
    letters = {}
    acknowledged = register(office, id_number=ID_NUMBER)
    letters["acknowledgement"] = compose(office, acknowledged, "acknowledgement")
    corrected = register(office, id_number=ID_NUMBER)
    office.act(corrected, "request-correction", user="han", on="2026-11-03", note="请写明所需招标文件的项目名称")
    letters["correction"] = compose(office, corrected, "correction")
    number = register(office, id_number=ID_NUMBER)
    office.act(number, "assign", user="reg", on="2026-11-03", to="han")
    office.act(number, "extend", user="boss", on="2026-11-04", days=10, note="需要调取多个部门的档案")
    letters["extension"] = compose(office, number, "extension")
    office.act(number, "consult", user="han", on="2026-11-05", party="third_party", name="某建设工程有限公司", note="载有报价")
    letters["consultation"] = compose(office, number, "consultation")
    office.act(number, "opinion-request-received", user="reg", on="2026-11-06")
    office.act(number, "receive-opinion", user="han", on="2026-11-09", opinion="object", reason="报价属于商业秘密")
    office.act(number, "public-interest-release", user="boss", on="2026-11-10", reason="涉及公共安全")
    letters["third-party-decision"] = compose(office, number, "third-party-decision")
    office.act(number, "notify-fee", user="han", on="2026-11-11", pages=120)
    letters["fee"] = compose(office, number, "fee")
    granted = cleared(office)
    office.act(granted, "reply", user="han", on="2026-11-06", outcome="granted", available_at="某区人民政府门户网站")
    letters["reply"] = compose(office, granted, "reply")
    office.act(granted, "deliver", user="reg", on="2026-11-09", method="post")
    issued = [{"version": 5, "on": "2026-11-06", "letter": "reply", "number": "某政公开〔2026〕第9号", "sha256": "0", "template": "reply.docx"}]
    letters["delivery-receipt"] = compose(office, granted, "delivery-receipt", letters=issued)
    assert set(letters) == set(LETTER_KINDS)
    return letters


def test_of_the_built_in_letters_only_the_delivery_receipt_to_the_applicant_carries_personal_data(office):
    for kind, letter in _one_of_each_kind(office).items():
        carried = ("delivery.place",) if kind == "delivery-receipt" else ()
        assert letter.composed.personal_data == carried, kind
        assert letter.composed.record()["personal_data"] == list(carried)
        # What the letter says agrees: the address on the receipt alone; never the phone or the ID number.
        assert (ADDRESS in letter.text) == (kind == "delivery-receipt"), kind
        assert PHONE not in letter.text and ID_NUMBER not in letter.text, kind


def test_no_letter_field_but_the_personal_ones_holds_the_applicants_address_phone_or_id_number(office):
    number = cleared(office)
    office.act(number, "reply", user="han", on="2026-11-06", outcome="granted")
    issued = [{"version": 5, "on": "2026-11-06", "letter": "reply", "number": "某政公开〔2026〕第9号", "sha256": "0", "template": "reply.docx"}]
    case, events = story(office, number, issued)
    fields = letter_fields("delivery-receipt", case, events, number="某政公开〔2026〕第12号", issued_on=case.last_on,
                           office={"name": "某办", "address": "某路1号", "phone": "010-1"}, labels=BUILT_IN[case.kind],
                           calendar=office.calendar)

    def leaves(value, path):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield from leaves(inner, f"{path}.{key}" if path else key)
        elif isinstance(value, (list, tuple)):
            for inner in value:
                yield from leaves(inner, f"{path}[]")
        else:
            yield path, str(value)

    holding = {path for path, value in leaves(fields, "") if ADDRESS in value or PHONE in value or ID_NUMBER in value}
    assert holding == set(PERSONAL_LETTER_FIELDS) == {"applicant.address", "delivery.place"}


@pytest.mark.parametrize("source, read", [
    ("{{ applicant.name }}：{{ office.address }}", {"applicant.name", "office.address"}),
    ("{{ applicant.address }}", {"applicant.address"}),
    ("{{ applicant['address'] }}", {"applicant.address"}),
    ("{{ applicant.address[:3] | upper }}", {"applicant.address"}),
    ("{% if applicant.address %}有{% endif %}", {"applicant.address"}),
    ("{{ applicant }}", {"applicant"}),  # printed whole
    ("{% for key, value in applicant|items %}{{ value }}{% endfor %}", {"applicant", "value"}),
    ("{% set someone = applicant %}{{ someone.address }}", {"applicant", "someone.address"}),
    ("{{ applicant[key] }}", {"applicant", "key"}),
    ("{% if delivery %}{% for letter in delivery.letters %}{{ letter.number }}{% endfor %}{% endif %}", {"delivery.letters", "letter.number"}),
    ("{{ '有' if applicant else '无' }}{{ not delivery }}{{ fee is defined }}", set()),
])
def test_what_a_template_reads(source, read):
    assert fields_named(SandboxedEnvironment().parse(source)) == read


@pytest.mark.parametrize("read, carried", [
    ({"applicant.name", "delivery.letters"}, ()),
    ({"applicant.address"}, ("applicant.address",)),
    ({"applicant"}, ("applicant.address",)),
    ({"delivery"}, ("delivery.place",)),
    ({"delivery.place", "applicant.address"}, ("applicant.address", "delivery.place")),
])
def test_a_letter_carries_what_its_template_reads_of_the_personal_fields_when_not_empty(read, carried):
    fields = {"applicant": {"name": "张三", "address": ADDRESS}, "delivery": {"place": ADDRESS, "letters": []}}
    assert personal_data_carried(fields, read) == carried
    empty = {"applicant": {"name": "张三", "address": ""}, "delivery": {"place": "  "}}
    assert personal_data_carried(empty, read) == ()


def _template(folder, name: str, *lines: str) -> None:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    folder.mkdir(exist_ok=True)
    document.save(str(folder / name))


@pytest.mark.parametrize("line, carries", [
    ("申请人地址：{{ applicant.address }}", True),
    ("{{ applicant }}", True),
    ("{% if applicant %}{{ applicant.name }}{% endif %}", False),
    ("{{ addressee }}：{{ office.address }}", False),
])
def test_an_office_template_that_prints_the_address_makes_its_letter_carry_it(office, tmp_path, line, carries):
    number = register(office)
    _template(tmp_path / "t", "acknowledgement.docx", "{{ office.name }}", line)
    letter = compose(office, number, "acknowledgement", templates_folder=tmp_path / "t")
    assert letter.composed.personal_data == (("applicant.address",) if carries else ())
    # Without an address registered, the same template carries nothing.
    bare = register(office, address="")
    assert compose(office, bare, "acknowledgement", templates_folder=tmp_path / "t").composed.personal_data == ()


def test_a_template_reading_the_address_only_in_a_header_or_the_documents_properties_still_carries_it(office, tmp_path):
    number = register(office)
    document = Document()
    document.add_paragraph("{{ office.name }}")
    document.sections[0].header.paragraphs[0].text = "{{ applicant.address }}"
    (tmp_path / "t").mkdir()
    document.save(str(tmp_path / "t" / "acknowledgement.docx"))
    assert compose(office, number, "acknowledgement", templates_folder=tmp_path / "t").composed.personal_data == ("applicant.address",)
    document = Document()
    document.add_paragraph("{{ office.name }}")
    document.core_properties.title = "{{ applicant.address }}"
    document.save(str(tmp_path / "t" / "acknowledgement.docx"))
    assert compose(office, number, "acknowledgement", templates_folder=tmp_path / "t").composed.personal_data == ("applicant.address",)


def test_which_papers_hold_personal_data():
    letter = {"version": 3, "on": "2026-11-02", "letter": "delivery-receipt", "number": "1", "sha256": "0", "template": "t", "size": 1}
    assert holds_personal_data({**letter, "personal_data": ["delivery.place"]})
    assert not holds_personal_data({**letter, "personal_data": []})
    assert holds_personal_data(letter)  # issued before letters recorded it: it may
    # Every kept file: a scan the engine does not read.
    assert holds_personal_data({"id": 1, "version": 2, "on": "2026-11-02", "kind": "opinion", "name": "x.pdf", "sha256": "0", "size": 1})
