"""Composing a letter: the same bytes every time, an office's own template, and the one-line errors for
a template field no letter has and for a missing office setting; re-rendering says why it differs."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import zipfile
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

import pytest
from docx import Document
from freezegun import freeze_time

from disclosure.letters import BUILT_IN, compose_letter, explain_rerender
from disclosure.letters.rendering import render_docx
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.letters import LETTER_KINDS
from tests.letters.conftest import OFFICE, cleared, compose, document_text, register

_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_letter_templates.py"
_spec = importlib.util.spec_from_file_location("make_letter_templates", _SCRIPT)
make_letter_templates = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_letter_templates)


def _replied(office) -> str:
    number = cleared(office)
    office.act(number, "reply", user="han", on="2026-11-06", outcome="withheld.process_info", reason="会议纪要属于讨论记录")
    return number


def _office_template(folder, name: str, *lines: str) -> None:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    folder.mkdir(exist_ok=True)
    document.save(str(folder / name))


def test_the_same_letter_is_the_same_bytes_whenever_it_is_rendered(office):
    number = _replied(office)
    with freeze_time("2026-12-01 09:00:00"):
        first = compose(office, number, "reply").composed
    with freeze_time("2027-03-15 17:45:12"):
        second = compose(office, number, "reply").composed
    assert first.content == second.content
    assert first.sha256 == second.sha256 == hashlib.sha256(first.content).hexdigest()
    assert (first.template, first.template_source) == ("reply.docx", BUILT_IN)
    with zipfile.ZipFile(io.BytesIO(first.content)) as letter:
        entries = letter.infolist()
        core = letter.read("docProps/core.xml").decode("utf-8")
    assert entries[0].filename == "[Content_Types].xml"
    assert [entry.filename for entry in entries[1:]] == sorted(entry.filename for entry in entries[1:])
    assert {entry.date_time for entry in entries} == {(1980, 1, 1, 0, 0, 0)}
    # The document's own dates are the template's, fixed when it was built, never the rendering's.
    assert "2026-01-01T00:00:00Z" in core and "2027" not in core and "2026-12" not in core
    assert "<dc:title>政府信息公开申请答复告知书</dc:title>" in core and "<dc:subject>2026-0001</dc:subject>" in core


def test_another_number_or_date_is_another_letter(office):
    number = _replied(office)
    first = compose(office, number, "reply").composed
    renumbered = compose(office, number, "reply", serial=13).composed
    assert renumbered.sha256 != first.sha256 and renumbered.template_sha256 == first.template_sha256
    assert "某政公开〔2026〕第13号" in document_text(renumbered.content)


def test_an_office_template_of_the_same_name_is_used_instead(office, tmp_path):
    number = _replied(office)
    folder = tmp_path / "templates"
    _office_template(folder, "reply.docx", "{{ office.name }}（自拟答复书）", "{{ addressee }}：{{ reply.outcome_label }}，{{ reply.basis }}")
    letter = compose(office, number, "reply", templates_folder=folder)
    assert letter.composed.template_source == str(folder / "reply.docx")
    assert letter.composed.template_sha256 == hashlib.sha256((folder / "reply.docx").read_bytes()).hexdigest()
    assert letter.text == "某市某区人民政府办公室（自拟答复书）\n张三：属于四类过程性信息，《中华人民共和国政府信息公开条例》第十六条第二款"
    # Another kind, with no file of its own in the folder, keeps the built-in template.
    assert compose(office, register(office), "acknowledgement", templates_folder=folder).composed.template_source == BUILT_IN


@pytest.mark.parametrize("line, message", [
    ("{{ applicant.phone }}", "the template reply.docx uses {{ applicant.phone }}, which no letter has"),
    ("{% if stamp %}盖章{% endif %}", "the template reply.docx uses {{ stamp }}, which no letter has"),
    ("{{ fee.amount }}元", "the template reply.docx uses {{ fee.amount }}, which a reply letter (答复告知书) does not have"),
    ("{{ correction.items }}", "the template reply.docx uses {{ correction.items }}, which a reply letter (答复告知书) does not have"),
])
def test_a_template_field_no_letter_has_is_one_line_and_nothing_is_composed(office, tmp_path, line, message):
    number = _replied(office)
    _office_template(tmp_path / "t", "reply.docx", "{{ office.name }}", line)
    with pytest.raises(InvalidInput) as refused:
        compose(office, number, "reply", templates_folder=tmp_path / "t")
    assert str(refused.value) == message


def test_a_field_of_another_letter_names_the_letter_it_is_used_in(office, tmp_path):
    _office_template(tmp_path, "extension.docx", "{{ extension.due_on }}")
    (tmp_path / "acknowledgement.docx").write_bytes((tmp_path / "extension.docx").read_bytes())
    with pytest.raises(InvalidInput) as refused:
        compose(office, register(office), "acknowledgement", templates_folder=tmp_path)
    assert str(refused.value) == (
        "the template acknowledgement.docx uses {{ extension.due_on }}, which an acknowledgement letter (收到申请告知书(登记回执)) does not have"
    )


def test_a_file_that_is_no_word_document_is_one_line(office, tmp_path):
    number = _replied(office)
    (tmp_path / "reply.docx").write_text("not a docx")
    with pytest.raises(InvalidInput, match=r"^the template reply\.docx cannot be filled: BadZipFile: File is not a zip file$"):
        compose(office, number, "reply", templates_folder=tmp_path)


@pytest.mark.parametrize("missing", ["name", "address", "phone", "contact"])
def test_a_missing_office_setting_is_named(office, missing):
    number = register(office)
    with pytest.raises(InvalidInput) as refused:
        compose(office, number, "acknowledgement", office_fields={**OFFICE, missing: "  "})
    assert str(refused.value) == f"letters need [office] {missing} in disclosure.toml"


def test_the_fields_are_rendered_as_text_not_as_markup(office):
    number = register(office, applicant="A&B <律师事务所>", applicant_type="legal_service")
    letter = compose(office, number, "acknowledgement")
    assert "A&B <律师事务所>：" in letter


def test_render_docx_alone_gives_fixed_bytes(tmp_path):
    _office_template(tmp_path, "t.docx", "{{ name }}")
    template = (tmp_path / "t.docx").read_bytes()
    with freeze_time("2026-01-02"):
        first = render_docx(template, {"name": "甲"}, "t.docx")
    with freeze_time("2030-06-07"):
        assert render_docx(template, {"name": "甲"}, "t.docx") == first
    assert document_text(first) == "甲"


def test_a_re_render_says_why_it_differs(office, tmp_path):
    number = _replied(office)
    issued = compose(office, number, "reply").composed
    record = issued.record()
    assert explain_rerender(record, compose(office, number, "reply").composed) is None
    moved = compose(office, number, "reply", office_fields={**OFFICE, "phone": "010-99998888", "contact": "李红"}).composed
    assert explain_rerender(record, moved) == (
        f"the letter differs from the one issued ({issued.sha256[:12]} → {moved.sha256[:12]}): the office's contact, phone changed"
    )
    _office_template(tmp_path, "reply.docx", "{{ office.name }}", "{{ reply.reason }}")
    retemplated = compose(office, number, "reply", templates_folder=tmp_path).composed
    assert explain_rerender(record, retemplated).endswith(
        f"the template reply.docx changed ({issued.template_sha256[:12]} → {retemplated.template_sha256[:12]})"
    )
    renumbered = compose(office, number, "reply", serial=99).composed
    assert explain_rerender(record, renumbered).endswith(": the letter's fields (the case's data, its number or date) changed")
    same_inputs = replace(issued, content=b"", sha256="0" * 64)
    assert explain_rerender(record, same_inputs).endswith("same template and fields: the renderer (docxtpl, python-docx) is another version")
    assert explain_rerender({"sha256": "f" * 64}, issued).endswith("its record keeps no template or field hashes to say why")


def test_compose_checks_the_letter_first(office):
    number = register(office)
    case = office.case(number).case
    with pytest.raises(RuleViolation, match="its reply period was not extended"):
        compose_letter("extension", case, office.history(number), number="x", issued_on=case.received_on, office=OFFICE,
                       templates_folder=None, calendar=office.calendar, labels=office.kinds.kind("disclosure"))


def test_a_templates_folder_that_is_not_there_is_one_line(office, tmp_path):
    number = register(office)
    with pytest.raises(InvalidInput) as refused:
        compose(office, number, "acknowledgement", templates_folder=tmp_path / "模板")
    assert str(refused.value) == f"the letters' templates folder {tmp_path / '模板'} is not a folder"


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_the_shipped_templates_are_what_the_script_builds(kind):
    shipped = files("disclosure.letters").joinpath("templates", f"{kind}.docx").read_bytes()
    assert make_letter_templates.build(kind) == shipped, f"run scripts/make_letter_templates.py and commit {kind}.docx"


def test_a_template_cannot_reach_pythons_internals(tmp_path):
    # A template is an office's file: a field that climbs from a Jinja global to the os module is refused,
    # and the command it names never runs.
    witness = tmp_path / "ran.txt"
    document = Document()
    document.add_paragraph("{{ cycler.__init__.__globals__.os.popen('touch " + str(witness) + "').read() }}")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(InvalidInput, match=r"the template evil.docx uses \{\{ ….__init__ \}\}, which no letter has"):
        render_docx(buffer.getvalue(), {"letter": {"code": "reply"}}, "evil.docx")
    assert not witness.exists()


@pytest.mark.parametrize(("field", "refusal"), [
    ("{{ lipsum }}", r"uses \{\{ lipsum \}\}, which no letter has"),  # no Jinja global: a function's address is no field
    ("{{ range(3) }}", r"uses \{\{ range \}\}, which no letter has"),
    ("{{ 'a' * 999999999 }}", r"cannot be filled: SecurityError: a template may repeat a value at most 1000 times"),
    ("{{ 9 ** 99999999 }}", r"cannot be filled: SecurityError: a template may not raise to a power"),
])
def test_a_template_can_neither_print_jinjas_globals_nor_build_a_value_too_large_to_write(field, refusal):
    document = Document()
    document.add_paragraph(field)
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(InvalidInput, match=refusal):
        render_docx(buffer.getvalue(), {"letter": {"code": "reply"}}, "ours.docx")
