"""A ledger brought in again, on SQLite and PostgreSQL: the book's own export, or a sheet imported before,
changes nothing and reports every row as already there; a row whose 案件编号 names a case of the book
registered otherwise is refused with nothing stored; a reply whose legal basis the statute does not name
(要求行政机关确认或重新出具已获取信息, declined.confirmation) goes out with its 法律依据 and comes back with it.

The book (all received in October 2026, before TODAY 11-20):

- 2026-0001, 张三, received Mon 10-12 online, assigned to han, declined on Fri 10-16 as a request to confirm
  information already obtained, on a basis the office gave (the statute names none), delivered by post;
- 2026-0002, 某公司 (enterprise), received Tue 10-13 by post, assigned to han, withheld as a state secret on
  Tue 10-20 (the outcome's own article as basis);
- 2026-0003, 王五, received Wed 10-14 in person, withdrawn on Thu 10-15;
- 2026-0004, 赵六, received Thu 10-15 by e-mail, assigned to han2, being handled;
- 2026-0005, a petition (信访) of 李四 received Fri 10-16: no application, not in the ledger.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from disclosure.ledger.export import exported_columns, to_csv, to_xlsx
from disclosure.service import Office
from disclosure.workflow.errors import InvalidInput

from tests.integration.conftest import register
from tests.integration.test_ledger import _empty_book_url, _new_office

BASIS = "《中华人民共和国政府信息公开条例》第三十九条及国务院办公厅政府信息公开办公室答复意见"
HEADER = ("序号,案件编号,收到日期,申请人,申请人类型,申请方式,申请内容,承办人,状态,答复日期,答复结果,答复理由,法律依据,送达方式,"
          "是否按期,办理时长(工作日),备注")
REVEALED = [
    f"1,2026-0001,2026-10-12,张三,自然人,网络,确认已获取的某批复文件的真实性,han,已送达,2026-10-16,要求行政机关确认或重新出具已获取信息,"
    f"要求行政机关确认或重新出具已获取信息,{BASIS},邮寄,是,4,",
    "2,2026-0002,2026-10-13,某公司,商业企业,信函,某项目环评批复,han,已答复,2026-10-20,属于国家秘密,属于国家秘密,"
    "《中华人民共和国政府信息公开条例》第十四条,,是,5,",
    "3,2026-0003,2026-10-14,王五,自然人,当面,某路段改造批复,,已终止,2026-10-15,其他,,,,,,",
    "4,2026-0004,2026-10-15,赵六,自然人,电子邮件,某小区规划许可,han2,办理中,,,,,,,,",
]


@pytest.fixture
def ledger_book(office):
    first = register(office, received="2026-10-12", request="确认已获取的某批复文件的真实性").number
    office.act(first, "assign", user="reg", on="2026-10-12", to="han")
    office.act(first, "reply", user="han", on="2026-10-16", outcome="declined.confirmation", basis=BASIS)
    office.act(first, "deliver", user="reg", on="2026-10-16", method="post")
    second = register(office, received="2026-10-13", channel="post", applicant="某公司", applicant_type="enterprise",
                      request="某项目环评批复").number
    office.act(second, "assign", user="reg", on="2026-10-13", to="han")
    office.act(second, "reply", user="han", on="2026-10-20", outcome="withheld.state_secret")
    third = register(office, received="2026-10-14", channel="in_person", applicant="王五", request="某路段改造批复").number
    office.act(third, "withdraw", user="reg", on="2026-10-15")
    fourth = register(office, received="2026-10-15", channel="email", applicant="赵六", request="某小区规划许可").number
    office.act(fourth, "assign", user="reg", on="2026-10-15", to="han2")
    office.register(user="reg", on="2026-10-16", kind="petition", channel="post", received="2026-10-16", signed_on="2026-10-16",
                    applicant="李四", applicant_type="natural", request="反映某小区夜间施工噪声")
    return office


def _lines(rows) -> list[str]:
    return to_csv(rows).removeprefix("\ufeff").splitlines()


def _sheet(office: Office, tmp_path: Path, suffix: str = "csv", name: str = "ledger") -> Path:
    ledger = office.ledger(2026, reveal="核对台账")
    sheet = tmp_path / f"{name}.{suffix}"
    if suffix == "xlsx":
        to_xlsx(ledger["rows"], ledger["title"], str(sheet))
    else:
        sheet.write_text(to_csv(ledger["rows"]), encoding="utf-8")
    return sheet


def _rewritten(sheet: Path, out: Path, change) -> Path:
    """The CSV ``sheet`` with ``change(rows)`` applied to its rows (the header row first), as ``out``."""
    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    change(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    out.write_text(buffer.getvalue(), encoding="utf-8")
    return out


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_books_own_ledger_imported_again_changes_nothing_and_every_row_is_already_there(ledger_book, tmp_path, suffix):
    sheet = _sheet(ledger_book, tmp_path, suffix)
    events = ledger_book.event_count()
    report = ledger_book.import_ledger(sheet)
    assert (report["new"], report["already_imported"], report["with_problems"], report["created"]) == (0, 4, 0, 0)
    assert [(row["row"], row["existing"], row["problems"]) for row in report["rows"]] == [
        (3 if suffix == "xlsx" else 2, "2026-0001", []), (4 if suffix == "xlsx" else 3, "2026-0002", []),
        (5 if suffix == "xlsx" else 4, "2026-0003", []), (6 if suffix == "xlsx" else 5, "2026-0004", []),
    ]
    assert all("steps" not in row and "number" not in row for row in report["rows"])
    assert ledger_book.event_count() == events
    assert [view.number for view in ledger_book.cases()] == [f"2026-000{n}" for n in range(1, 6)]
    # The rows already there are skipped before anything is asked of them: the dry run says the same.
    dry = ledger_book.import_ledger(sheet, dry_run=True)
    assert (dry["new"], dry["already_imported"], dry["with_problems"]) == (0, 4, 0)


def test_the_books_own_rows_without_its_declined_confirmation_are_no_new_cases_either(ledger_book, tmp_path):
    # The tester's reproduction: before, every such row was a new case (2026-0006 repeating 2026-0002, …).
    sheet = _rewritten(_sheet(ledger_book, tmp_path), tmp_path / "rest.csv", lambda rows: rows.pop(1))
    report = ledger_book.import_ledger(sheet)
    assert (report["new"], report["already_imported"], report["created"]) == (0, 3, 0)
    assert [row["existing"] for row in report["rows"]] == ["2026-0002", "2026-0003", "2026-0004"]
    assert len(ledger_book.cases()) == 5


def test_a_ledger_grown_since_brings_in_only_its_new_rows(ledger_book, tmp_path):
    sheet = _sheet(ledger_book, tmp_path)
    grown = _rewritten(sheet, tmp_path / "grown.csv", lambda rows: rows.append(
        ["5", "", "2026-11-02", "孙八", "自然人", "信函", "某道路规划", "han", "办理中", "", "", "", "", "", "", "", ""]))
    report = ledger_book.import_ledger(grown)
    assert (report["new"], report["already_imported"], report["created"]) == (1, 4, 1)
    assert report["rows"][-1]["number"] == "2026-0006"
    again = ledger_book.import_ledger(grown)
    assert (again["new"], again["already_imported"], again["created"]) == (0, 5, 0)
    assert [row["existing"] for row in again["rows"]] == ["2026-0001", "2026-0002", "2026-0003", "2026-0004", "2026-0006"]


def test_a_sheet_numbered_by_another_register_imported_twice_and_then_the_books_own_export_imports_once(office, tmp_path):
    sheet = tmp_path / "old.csv"
    sheet.write_text(
        "案件编号,收到日期,申请人,申请人类型,申请方式,申请内容,承办人,状态\n"
        "旧-001,2026-10-09,孙八,自然人,信函,某道路规划,han,办理中\n"
        "旧-002,2026-10-12,周九,自然人,网络,某学校建设,,已登记\n",
        encoding="utf-8",
    )
    first = office.import_ledger(sheet)
    # A number naming no case of the book is the sheet's own: the rows are new cases, numbered by the book.
    assert [row["number"] for row in first["rows"]] == ["2026-0001", "2026-0002"]
    events = office.event_count()
    again = office.import_ledger(sheet)
    assert (again["new"], again["already_imported"], again["created"]) == (0, 2, 0)
    # The book's own ledger names its own numbers, not the old ones: its rows are the same cases all the same.
    own = office.import_ledger(_sheet(office, tmp_path))
    assert (own["new"], own["already_imported"], own["created"]) == (0, 2, 0)
    assert [row["existing"] for row in own["rows"]] == ["2026-0001", "2026-0002"]
    assert office.event_count() == events and len(office.cases()) == 2


def test_a_row_naming_a_case_registered_otherwise_is_refused_and_nothing_is_stored(ledger_book, tmp_path):
    def change(rows):
        rows[1][3] = "张四"  # 2026-0001: another applicant
        rows[2][2] = "2026-10-14"  # 2026-0002: another receipt date
        rows[3][1] = "2026-0005"  # the petition's number on 王五's withdrawn application
        rows.append(["5", "", "2026-11-02", "孙八", "自然人", "信函", "某道路规划", "han", "办理中", "", "", "", "", "", "", "", ""])

    sheet = _rewritten(_sheet(ledger_book, tmp_path), tmp_path / "changed.csv", change)
    events = ledger_book.event_count()
    with pytest.raises(InvalidInput) as refused:
        ledger_book.import_ledger(sheet)
    assert str(refused.value) == (
        "3 of 5 rows have problems, nothing was imported; row 2: 案件编号 number 2026-0001 names a case of this book registered "
        "otherwise: 申请人 applicant '张四' in the row, '张*' in the book; a row naming a case must agree with it: correct the "
        "row, or clear its 案件编号 if that is another register's number (--dry-run lists them all)"
    )
    assert "\n" not in str(refused.value)
    assert ledger_book.event_count() == events and len(ledger_book.cases()) == 5
    report = ledger_book.import_ledger(sheet, dry_run=True)
    problems = {row["row"]: row["problems"] for row in report["rows"] if row["problems"]}
    assert problems == {
        2: ["案件编号 number 2026-0001 names a case of this book registered otherwise: 申请人 applicant '张四' in the row, '张*' "
            "in the book; a row naming a case must agree with it: correct the row, or clear its 案件编号 if that is another "
            "register's number"],
        3: ["案件编号 number 2026-0002 names a case of this book registered otherwise: 收到日期 received_on '2026-10-14' in the "
            "row, '2026-10-13' in the book; a row naming a case must agree with it: correct the row, or clear its 案件编号 if "
            "that is another register's number"],
        4: ["案件编号 number 2026-0005 names a petition case of this book, not an application: correct the row, or clear its "
            "案件编号 if that is another register's number"],
    }
    assert [row.get("existing") for row in report["rows"]] == [None, None, None, "2026-0004", None]
    assert (report["new"], report["already_imported"], report["with_problems"]) == (1, 1, 3)
    assert ledger_book.event_count() == events


def test_every_registered_fact_is_compared_spaces_aside(ledger_book, tmp_path):
    def change(rows):
        rows[1][6] = " 确认已获取的某批复文件 的真实性 "  # spaces only: still 2026-0001
        rows[1][7] = "han2"  # the handler, the state, the reply may have moved on: not compared
        rows[2][4], rows[2][5] = "自然人", "网络"  # 2026-0002 was an enterprise's letter
        rows[4][6] = "某小区规划许可及附图"

    report = ledger_book.import_ledger(_rewritten(_sheet(ledger_book, tmp_path), tmp_path / "c.csv", change), dry_run=True)
    assert report["rows"][0]["existing"] == "2026-0001"
    assert [problem.split(": ", 1)[1].split("; a row", 1)[0] for problem in report["rows"][1]["problems"]] == [
        "申请人类型 applicant_type 'natural' in the row, 'enterprise' in the book; 申请方式 channel 'online' in the row, 'post' in the book",
    ]
    assert report["rows"][3]["problems"][0].split(": ", 1)[1].startswith(
        "申请内容 request '某小区规划许可及附图' in the row, '某小区规划许可' in the book;")


def test_a_declined_confirmation_goes_out_with_its_basis_and_comes_back_with_it(ledger_book, database_url, tmp_path):
    ledger = ledger_book.ledger(2026, reveal="迁移")
    assert _lines(ledger["rows"]) == [HEADER, *REVEALED]
    assert ledger["rows"][0]["basis"] == BASIS
    sheet = _sheet(ledger_book, tmp_path, "xlsx")
    second = _new_office(_empty_book_url(ledger_book, database_url, tmp_path))
    report = second.import_ledger(sheet)
    assert (report["created"], report["with_problems"]) == (4, 0)
    reply = [event for event in second.history("2026-0001") if event.type == "reply"][0]
    assert (reply.data["outcome"], reply.data["basis"], reply.user, reply.by) == ("declined.confirmation", BASIS, "han", "admin")
    assert _lines(second.ledger(2026, reveal="核对")["rows"]) == [HEADER, *REVEALED]
    again = second.import_ledger(sheet)
    assert (again["new"], again["already_imported"], again["created"]) == (0, 4, 0)


def test_a_declined_confirmation_without_its_basis_is_refused_in_one_line(office, tmp_path):
    sheet = tmp_path / "office.csv"
    sheet.write_text(
        "收到日期,申请人,申请人类型,申请方式,申请内容,承办人,状态,答复日期,答复结果\n"
        "2026-10-12,张三,自然人,网络,某批复,han,办理中,,\n"
        "2026-10-12,李四,自然人,网络,确认某文件,han,已答复,2026-10-16,要求行政机关确认或重新出具已获取信息\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as refused:
        office.import_ledger(sheet)
    assert str(refused.value) == (
        "1 of 2 rows have problems, nothing was imported; row 3: 答复结果 outcome declined.confirmation (要求行政机关确认或重新出具已"
        "获取信息) needs its 法律依据 basis, for which the statute names no default article: give it in a 法律依据 column (a "
        "ledger exported with such replies has one) (--dry-run lists them all)"
    )
    assert office.event_count() == 0
    with_basis = tmp_path / "with_basis.csv"
    with_basis.write_text(
        "收到日期,申请人,申请人类型,申请方式,申请内容,承办人,状态,答复日期,答复结果,法律依据\n"
        f"2026-10-12,李四,自然人,网络,确认某文件,han,已答复,2026-10-16,要求行政机关确认或重新出具已获取信息,{BASIS}\n",
        encoding="utf-8",
    )
    office.import_ledger(with_basis)
    assert office.case("2026-0001").case.reply_reasons == {"reason": "要求行政机关确认或重新出具已获取信息", "basis": BASIS}


def test_the_basis_column_only_when_a_reply_rests_on_another_basis_than_its_outcomes_article(ledger_book):
    rows = ledger_book.ledger(2026, reveal="核对")["rows"]
    assert "basis" in exported_columns(rows)
    assert "basis" not in exported_columns(rows[1:])  # 属于国家秘密 on its own article, [GK] 14
    assert list(exported_columns(rows))[11:13] == ["reason", "basis"]
