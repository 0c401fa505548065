"""`letter`, `letters`, and `register`/`advance --letter` from the command line."""

from __future__ import annotations

import io
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

[letters]
number_pattern = "某政公开〔{year}〕第{seq}号"
"""


@pytest.fixture
def office(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "disclosure.toml").write_text(SETTINGS, encoding="utf-8")
    with freeze_time("2026-11-20 10:00:00"):
        assert cli("init", "--admin", "admin")[0] == 0
        for name, role in (("wang", "registrar"), ("li", "handler"), ("chen", "reviewer"), ("liu", "head")):
            assert cli("users", "add", name, "--role", role)[0] == 0
    return tmp_path


def _text(path) -> str:
    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(path.read_bytes())).paragraphs)


@freeze_time("2026-11-20 10:00:00")
def test_a_clerks_letters_from_registration_to_reply(cli, office):
    code, out, err = cli(
        "register", "--channel", "post", "--received", "2026-11-02", "--on", "2026-11-02", "--applicant", "张三",
        "--applicant-type", "自然人", "--request", "某路段改造批复", "--letter", "--letter-out", "回执.docx", user="wang",
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "2026-0001"
    assert lines[1].startswith("2026-0001: issued 某政公开〔2026〕第1号 acknowledgement 收到申请告知书") and lines[2] == "written to 回执.docx"
    assert "某政公开〔2026〕第1号" in _text(office / "回执.docx")

    assert cli("advance", "2026-0001", "assign", "--to", "li", "--on", "2026-11-03", user="wang")[0] == 0
    extended = cli("advance", "2026-0001", "extend", "--days", "10", "--on", "2026-11-04", "--note", "需调取多个部门档案", user="liu")
    assert extended[0] == 0, extended
    code, out, _ = cli("letter", "2026-0001", "延期答复告知书", "--out", "延期.docx", "--json", user="li")
    assert code == 0
    issued = json.loads(out)
    assert (issued["number"], issued["letter"], issued["label"], issued["written_to"]) == ("某政公开〔2026〕第2号", "extension", "延期答复告知书", "延期.docx")
    assert "需调取多个部门档案" in _text(office / "延期.docx")

    code, out, err = cli("letter", "2026-0001", "fee", user="li")
    assert (code, out) == (1, "") and err.startswith("disclosure: error: no fee letter (收费通知书) for case 2026-0001")
    code, out, err = cli("advance", "2026-0001", "reply", "--letter-out", "x.docx", user="li")
    assert code == 2 and err == "disclosure: error: --letter-out goes with --letter\n"

    code, out, _ = cli("letters", "2026-0001", "--check")
    assert code == 0
    assert [line.split()[:2] for line in out.splitlines()] == [["某政公开〔2026〕第1号", "acknowledgement"], ["某政公开〔2026〕第2号", "extension"]]
    assert all(line.endswith("same bytes") for line in out.splitlines())
    code, out, _ = cli("show", "2026-0001")
    assert "  papers 文书: 2 letters 告知书 (latest 某政公开〔2026〕第2号 extension, 2026-11-20)" in out.splitlines()
