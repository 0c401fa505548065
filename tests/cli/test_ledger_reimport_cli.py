"""`disclosure ledger import` of a ledger the book already holds, from the terminal, on SQLite and
PostgreSQL: the book's own export (with a 要求行政机关确认… reply and its 法律依据) comes back as rows
already there, on the screen and in --json; a row naming a case registered otherwise is refused in one
line, nothing written."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time

from tests.cli.test_cli_fuzz import _run

TODAY = "2026-11-20 10:00:00"
BASIS = "《中华人民共和国政府信息公开条例》第三十九条"


@pytest.fixture
def book(book_url):
    """2026-0001 received Mon 11-02 by post from 张三, assigned to li on 11-03, who declined it on Tue 11-10 as
    a request to confirm information already obtained, on the basis the office gave; 2026-0002 received
    Wed 11-04 online from 李四, registered only."""
    with freeze_time(TODAY):
        for user, args in (
            ("admin", ["init", "--admin", "admin"]),
            ("admin", ["users", "add", "li", "--role", "handler"]),
            ("admin", ["users", "add", "wang", "--role", "registrar"]),
            ("wang", ["register", "--channel", "信函", "--received", "2026-11-02", "--on", "2026-11-02", "--applicant", "张三",
                      "--applicant-type", "自然人", "--request", "确认某批复文件的真实性"]),
            ("wang", ["advance", "2026-0001", "assign", "--to", "li", "--on", "2026-11-03"]),
            ("li", ["advance", "2026-0001", "reply", "--outcome", "declined.confirmation", "--basis", BASIS, "--on", "2026-11-10"]),
            ("wang", ["register", "--channel", "online", "--received", "2026-11-04", "--on", "2026-11-04", "--applicant", "李四",
                      "--applicant-type", "enterprise", "--request", "某项目环评"]),
        ):
            code, _, err = _run(book_url, user, args)
            assert code == 0, (args, err)
    return book_url


def _export(book: str, out) -> None:
    code, _, err = _run(book, "wang", ["ledger", "export", "--year", "2026", "--reveal", "--reason", "核对", "--out", str(out)])
    assert code == 0, err


@freeze_time(TODAY)
def test_the_books_own_ledger_imported_again_is_all_already_there(book, tmp_path):
    sheet = tmp_path / "rt.csv"
    _export(book, sheet)
    lines = sheet.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split(",")[11:13] == ["答复理由", "法律依据"]
    assert lines[1].split(",")[10:13] == ["要求行政机关确认或重新出具已获取信息", "要求行政机关确认或重新出具已获取信息", BASIS]
    code, out, err = _run(book, "wang", ["ledger", "import", str(sheet)])
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "row 2: already in the book 已在案件库 as 2026-0001",
        "row 3: already in the book 已在案件库 as 2026-0002",
        "imported 已导入: 0 new 新建, 2 already in the book 已在案件库, 0 with problems 有问题",
    ]
    code, out, _ = _run(book, "wang", ["ledger", "import", str(sheet), "--json"])
    report = json.loads(out)
    assert code == 0 and (report["new"], report["already_imported"], report["created"]) == (0, 2, 0)
    assert [row["existing"] for row in report["rows"]] == ["2026-0001", "2026-0002"]
    code, out, _ = _run(book, "wang", ["list", "--json"])
    assert [case["number"] for case in json.loads(out)] == ["2026-0001", "2026-0002"]


@freeze_time(TODAY)
def test_a_row_naming_a_case_registered_otherwise_is_refused_in_one_line(book, tmp_path):
    sheet = tmp_path / "rt.csv"
    _export(book, sheet)
    changed = tmp_path / "changed.csv"
    changed.write_text(sheet.read_text(encoding="utf-8-sig").replace(",2026-11-04,李四,", ",2026-11-05,李四,"), encoding="utf-8")
    code, out, err = _run(book, "wang", ["ledger", "import", str(changed)])
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert err == (
        "disclosure: error: 1 of 2 rows have problems, nothing was imported; row 3: 案件编号 number 2026-0002 names a case of "
        "this book registered otherwise: 收到日期 received_on '2026-11-05' in the row, '2026-11-04' in the book; a row naming a "
        "case must agree with it: correct the row, or clear its 案件编号 if that is another register's number (--dry-run lists "
        "them all)\n"
    )
    code, out, _ = _run(book, "wang", ["list", "--json"])
    assert [case["number"] for case in json.loads(out)] == ["2026-0001", "2026-0002"]
    code, out, _ = _run(book, "wang", ["ledger", "import", str(changed), "--dry-run"])
    assert code == 1 and out.splitlines()[0] == "row 2: already in the book 已在案件库 as 2026-0001"
