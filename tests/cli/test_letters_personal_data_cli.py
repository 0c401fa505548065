"""A letter that shows the applicant's address is a sight of their personal data (docs/security.md): from
the command line, whoever is refused `show --reveal` for a case gets no such letter of it either, by
`letter`, `register`/`advance --letter` or `file`, and each letter that is given is listed by `audit access`."""

from __future__ import annotations

import json

import pytest
from docx import Document
from freezegun import freeze_time

SETTINGS = """
[office]
name = "某市某区人民政府办公室"
address = "某市某区人民路1号"
phone = "010-12345678"
contact = "王明"
"""
ADDRESS = "北京市东城区某街1号"
PHONE = "13912345678"
ID_NUMBER = "110101199001011234"
TODAY = "2026-11-20 10:00:00"


@pytest.fixture
def office(cli, tmp_path, monkeypatch):
    """Case 2026-0001 (handled by li), with an address, replied to with its letter 依申请公开〔2026〕第1号; case
    2026-0002 handled by zhao; chen reviews."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "disclosure.toml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "申请表.pdf").write_bytes(f"申请表 {ID_NUMBER} {PHONE} {ADDRESS}".encode("utf-8"))
    with freeze_time(TODAY):
        assert cli("init", "--admin", "admin")[0] == 0
        for name, role in (("wang", "registrar"), ("li", "handler"), ("zhao", "handler"), ("chen", "reviewer"), ("liu", "head"),
                           ("sun", "auditor")):
            assert cli("users", "add", name, "--role", role)[0] == 0
        for number, handler in (("2026-0001", "li"), ("2026-0002", "zhao")):
            code, out, err = cli(
                "register", "--channel", "post", "--received", "2026-11-02", "--on", "2026-11-02", "--applicant", "张三",
                "--applicant-type", "natural", "--request", "某路段改造批复", "--id-number", ID_NUMBER, "--phone", PHONE,
                "--address", ADDRESS, user="wang",
            )
            assert (code, out.strip(), err) == (0, number, "")
            assert cli("advance", number, "assign", "--to", handler, "--on", "2026-11-03", user="wang")[0] == 0
        assert cli("advance", "2026-0001", "submit-review", "--on", "2026-11-04", user="li")[0] == 0
        assert cli("advance", "2026-0001", "approve-review", "--on", "2026-11-05", user="chen")[0] == 0
        code, out, err = cli("advance", "2026-0001", "reply", "--outcome", "granted", "--available-at", "区政府门户网站",
                             "--on", "2026-11-06", "--letter", user="li")
        assert code == 0 and "依申请公开〔2026〕第1号" in out, err
    return tmp_path


def _text(path) -> str:
    document = Document(str(path))
    return "\n".join([paragraph.text for paragraph in document.paragraphs]
                     + [cell.text for table in document.tables for row in table.rows for cell in row.cells])


def _sights(cli) -> list[tuple[str, str, str]]:
    code, out, err = cli("audit", "access", "--case", "2026-0001", "--json", user="sun")
    assert code == 0, err
    return [(entry["user"], entry["via"], entry["reason"]) for entry in json.loads(out)]


def _letters(cli) -> list[str]:
    code, out, _ = cli("letters", "2026-0001", "--json", user="wang")
    assert code == 0
    return [letter["number"] for letter in json.loads(out)]


@freeze_time(TODAY)
@pytest.mark.parametrize("user", ["chen", "zhao"])
def test_whoever_may_not_reveal_the_case_gets_no_delivery_receipt_of_it(cli, office, user):
    code, out, err = cli("show", "2026-0001", "--reveal", "--reason", "x", user=user)
    assert (code, out) == (1, "") and err.endswith(f"{user} has neither\n")

    code, out, err = cli("letter", "2026-0001", "delivery-receipt", "--out", f"{user}.docx", user=user)
    assert (code, out) == (1, "")
    assert err == (
        "disclosure: error: the delivery-receipt letter (送达回证) of case 2026-0001 carries the applicant's address: issuing it "
        f"needs the role registrar or head, or handling the case; {user} has neither\n"
    )
    assert not (office / f"{user}.docx").exists()
    code, out, err = cli("letter", "2026-0001", "送达回证", "--json", user=user)
    assert code == 1 and json.loads(err)["error"]["code"] == "rule_violation" and out == ""
    code, out, err = cli("--lang", "zh", "letter", "2026-0001", "送达回证", user=user)
    assert code == 1 and err == (
        "disclosure：错误：案件 2026-0001 的送达回证（delivery-receipt）载有申请人的地址：出具须具有登记员或负责人角色，或为该案件承办人；"
        f"{user} 均不符合\n"
    )
    assert _letters(cli) == ["依申请公开〔2026〕第1号"]  # nothing issued, no number used
    assert _sights(cli) == []

    # The handler's receipt takes the next number; fetching it is refused to the same users.
    code, out, err = cli("letter", "2026-0001", "delivery-receipt", "--out", "li.docx", user="li")
    assert code == 0, err
    assert "依申请公开〔2026〕第2号" in out and ADDRESS in _text(office / "li.docx")
    code, out, err = cli("file", "2026-0001", "依申请公开〔2026〕第2号", "--out", f"{user}.docx", user=user)
    assert (code, out) == (1, "") and err == (
        "disclosure: error: the delivery-receipt letter 依申请公开〔2026〕第2号 (送达回证) of case 2026-0001 holds the applicant's "
        f"personal data: fetching it needs the role registrar, head or auditor, or handling the case; {user} has neither\n"
    )
    assert not (office / f"{user}.docx").exists()
    # The letter without the address is theirs to fetch, as before, and no sight.
    code, _, err = cli("file", "2026-0001", "依申请公开〔2026〕第1号", "--out", f"{user}-reply.docx", user=user)
    assert code == 0, err
    assert ADDRESS not in _text(office / f"{user}-reply.docx")
    assert _sights(cli) == [("li", "letter", "出具送达回证 依申请公开〔2026〕第2号")]


@freeze_time(TODAY)
def test_each_letter_given_with_the_address_is_in_the_access_log_with_its_number(cli, office):
    code, out, err = cli("letter", "2026-0001", "delivery-receipt", "--out", "回证.docx", "--json", user="li")
    assert code == 0, err
    issued = json.loads(out)
    assert (issued["number"], issued["personal_data"], issued["written_to"]) == ("依申请公开〔2026〕第2号", ["delivery.place"], "回证.docx")
    for user in ("wang", "liu", "sun", "li"):
        code, _, err = cli("file", "2026-0001", "依申请公开〔2026〕第2号", "--out", f"{user}.docx", user=user)
        assert code == 0, err
        assert ADDRESS in _text(office / f"{user}.docx")
    assert _sights(cli) == [
        ("li", "letter", "出具送达回证 依申请公开〔2026〕第2号"),
        *((user, "file", "调取送达回证 依申请公开〔2026〕第2号") for user in ("wang", "liu", "sun", "li")),
    ]
    code, out, _ = cli("audit", "access", "--case", "2026-0001", user="sun")
    lines = [line.split() for line in out.splitlines()]
    assert [line[3:5] for line in lines] == [["查看个人信息", "letter"]] + [["查看个人信息", "file"]] * 4
    assert " ".join(lines[0][-3:]) == "reason: 出具送达回证 依申请公开〔2026〕第2号"


@freeze_time(TODAY)
def test_a_kept_scan_is_fetched_only_by_whoever_may_see_the_cases_personal_data(cli, office):
    code, _, err = cli("attach", "2026-0001", "申请表.pdf", "--kind", "application", user="chen")  # keeping one is anyone's work
    assert code == 0, err
    for user in ("chen", "zhao"):
        code, out, err = cli("file", "2026-0001", "1", "--out", f"{user}.pdf", user=user)
        assert (code, out) == (1, "") and err == (
            "disclosure: error: file 1 申请表.pdf of case 2026-0001 holds the applicant's personal data: fetching it needs the "
            f"role registrar, head or auditor, or handling the case; {user} has neither\n"
        )
        assert not (office / f"{user}.pdf").exists()
    code, _, err = cli("file", "2026-0001", "1", "--out", "li.pdf", user="li")
    assert code == 0, err
    assert _sights(cli) == [("li", "file", "调取申请书 申请表.pdf（文件1）")]


@freeze_time(TODAY)
def test_the_listings_and_the_re_rendering_show_no_personal_data(cli, office):
    assert cli("letter", "2026-0001", "delivery-receipt", user="li")[0] == 0
    assert cli("attach", "2026-0001", "申请表.pdf", "--kind", "application", user="li")[0] == 0
    for args in (("letters", "2026-0001"), ("letters", "2026-0001", "--json"), ("letters", "2026-0001", "--check"),
                 ("letters", "2026-0001", "--check", "--json"), ("files", "2026-0001"), ("files", "2026-0001", "--json"),
                 ("history", "2026-0001", "--json"), ("show", "2026-0001", "--json")):
        code, out, err = cli(*args, user="chen")
        assert code == 0, (args, err)
        for value in (ADDRESS, PHONE, ID_NUMBER):
            assert value not in out, (args, value)
    code, out, _ = cli("letters", "2026-0001", "--check", user="chen")
    assert [line.endswith("same bytes") for line in out.splitlines()] == [True, True]
    assert _sights(cli) == [("li", "letter", "出具送达回证 依申请公开〔2026〕第2号")]


@freeze_time(TODAY)
def test_an_action_whose_letter_shows_the_address_is_refused_whole_with_its_letter_out_unwritten(cli, office):
    folder = office / "letter-templates"
    folder.mkdir()
    document = Document()
    document.add_paragraph("{{ office.name }}")
    document.add_paragraph("{{ addressee }}（{{ applicant.address }}）：{{ correction.items }}")
    document.save(str(folder / "correction.docx"))
    (office / "disclosure.toml").write_text(SETTINGS + '\n[letters]\ntemplates = "letter-templates"\n', encoding="utf-8")
    code, out, err = cli("advance", "2026-0002", "request-correction", "--note", "请写明项目名称", "--letter", "--letter-out", "补正.docx",
                         user="li")  # another case's handler
    assert (code, out) == (1, "") and err == (
        "disclosure: error: the correction letter (补正告知书) of case 2026-0002 carries the applicant's address: issuing it needs "
        "the role registrar or head, or handling the case; li has neither\n"
    )
    assert not (office / "补正.docx").exists()
    code, out, _ = cli("history", "2026-0002", "--json", user="wang")
    assert [event["type"] for event in json.loads(out)] == ["register", "assign"]  # no correction asked either
    assert cli("letters", "2026-0002", user="wang")[1] == "case 2026-0002 has no letters\n"
    code, out, err = cli("advance", "2026-0002", "request-correction", "--note", "请写明项目名称", "--letter", "--letter-out", "补正.docx",
                         user="zhao")
    assert code == 0, err
    assert "依申请公开〔2026〕第2号" in out and ADDRESS in _text(office / "补正.docx")
    code, out, _ = cli("audit", "access", "--case", "2026-0002", "--json", user="sun")
    assert [(entry["user"], entry["via"], entry["reason"]) for entry in json.loads(out)] == [
        ("zhao", "letter", "出具补正告知书 依申请公开〔2026〕第2号"),
    ]
