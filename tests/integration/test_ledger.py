"""The ledger (台账) out and in, on SQLite and PostgreSQL.

The book: five applications received in March 2026 and one in December 2025 (not in the 2026
ledger). March 2026 has no holiday on a working day (Qingming's 4 April onwards is after every date
counted here), so working days are Monday to Friday:

- 2026-0001, received Mon 03-02 online from 张三, assigned to han, granted after review on Fri 03-20:
  the reply's 20 working days from 03-02 run 03-03…06 (4), 09…13 (9), 16…20 (14), 23…27 (19), 30 (20),
  so it was due Mon 03-30 and came on time; it took 03-03…20 = 14 working days. Delivered by post.
- 2026-0002, received Mon 03-02 by post from 某公司 (enterprise), assigned to han, withheld as a state
  secret on Wed 04-01: late (due 03-30), after 03-03…31 = 21 working days and 04-01, 22 in all.
- 2026-0003, received Thu 03-05 in person from 王五, withdrawn Fri 03-06 before assignment.
- 2026-0004, received Tue 03-10 by e-mail from 赵六, assigned to han2, being handled.
- 2026-0005, received Wed 03-11 by fax from 钱七, registered only.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from disclosure.ledger.export import to_csv, to_xlsx
from disclosure.service import Office
from disclosure.workflow.errors import InvalidInput, RuleViolation

from tests.integration.conftest import TODAY, _fresh_postgres, register

HEADER = "序号,案件编号,收到日期,申请人,申请人类型,申请方式,申请内容,承办人,状态,答复日期,答复结果,答复理由,送达方式,是否按期,办理时长(工作日),备注"
REVEALED = [
    "1,2026-0001,2026-03-02,张三,自然人,网络,2025年部门预算,han,已送达,2026-03-20,予以公开,,邮寄,是,14,原台账第1号",
    "2,2026-0002,2026-03-02,某公司,商业企业,信函,某项目环评批复,han,已答复,2026-04-01,属于国家秘密,属于国家秘密,,否,22,",
    "3,2026-0003,2026-03-05,王五,自然人,当面,某路段改造批复,,已终止,2026-03-06,其他,,,,,",
    "4,2026-0004,2026-03-10,赵六,自然人,电子邮件,某小区规划许可,han2,办理中,,,,,,,",
    "5,2026-0005,2026-03-11,钱七,自然人,传真,某河道整治方案,,已登记,,,,,,,",
]


def _hand_counted(office: Office) -> Office:
    register(office, received="2025-12-30", request="2025年度决算")  # 2025-0001: another year's ledger
    first = register(office, received="2026-03-02", note="原台账第1号").number
    office.act(first, "assign", user="reg", on="2026-03-02", to="han")
    second = register(office, received="2026-03-02", channel="post", applicant="某公司", applicant_type="enterprise",
                      request="某项目环评批复").number
    office.act(second, "assign", user="reg", on="2026-03-03", to="han")
    office.act(first, "submit-review", user="han", on="2026-03-19")
    office.act(first, "approve-review", user="rev", on="2026-03-20")
    office.act(first, "reply", user="han", on="2026-03-20", outcome="granted")
    office.act(first, "deliver", user="reg", on="2026-03-23", method="post")
    third = register(office, received="2026-03-05", channel="in_person", applicant="王五", request="某路段改造批复").number
    office.act(third, "withdraw", user="reg", on="2026-03-06")
    fourth = register(office, received="2026-03-10", channel="email", applicant="赵六", request="某小区规划许可").number
    office.act(fourth, "assign", user="reg", on="2026-03-10", to="han2")
    register(office, received="2026-03-11", channel="fax", applicant="钱七", request="某河道整治方案")
    office.act(second, "reply", user="han", on="2026-04-01", outcome="withheld.state_secret")
    return office


@pytest.fixture
def ledger_book(office):
    return _hand_counted(office)


def _lines(rows) -> list[str]:
    return to_csv(rows).removeprefix("\ufeff").splitlines()


def test_the_2026_ledger_lists_the_years_applications_as_counted_by_hand(ledger_book):
    ledger = ledger_book.ledger(2026, reveal="核对台账")
    assert ledger["title"] == "测试办公室2026年政府信息公开申请台账"
    assert _lines(ledger["rows"]) == [HEADER, *REVEALED]
    first = ledger["rows"][0]
    assert (first["state"], first["outcome"], first["on_time"], first["working_days"]) == ("delivered", "granted", True, 14)
    assert ledger_book.ledger(2025)["rows"][0]["request"] == "2025年度决算"


def test_names_are_masked_unless_revealed_and_revealing_is_logged(ledger_book):
    masked = ledger_book.ledger(2026)["rows"]
    assert [row["applicant"] for row in masked] == ["张*", "某**", "王*", "赵*", "钱*"]
    assert ledger_book.access_log() == []
    ledger_book.ledger(2026, reveal="核对台账")
    [entry] = ledger_book.access_log()
    assert (entry["via"], entry["reason"], entry["cases"]) == ("ledger", "核对台账", [f"2026-000{n}" for n in range(1, 6)])
    with pytest.raises(RuleViolation, match="needs the role registrar, head or auditor"):
        ledger_book.acting_as("rev").ledger(2026, reveal="看看")


def _empty_book_url(office: Office, database_url: str, tmp_path: Path) -> str:
    """Where a second, empty book goes: another SQLite file, or the PostgreSQL database emptied."""
    if "://" not in database_url:
        return str(tmp_path / "second.db")
    office.close()
    _fresh_postgres(database_url)
    return database_url


def _new_office(url: str) -> Office:
    office = Office.open(url, today=lambda: TODAY)
    office.init("测试办公室", admin="admin")
    for name, roles in {"reg": ["registrar"], "han": ["handler"], "han2": ["handler"]}.items():
        office.add_user(name, roles, by="admin")
    return office


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_an_exported_ledger_imported_into_a_new_book_gives_the_same_ledger(ledger_book, database_url, tmp_path, suffix):
    ledger = ledger_book.ledger(2026, reveal="迁移")
    sheet = tmp_path / f"ledger.{suffix}"
    if suffix == "xlsx":
        to_xlsx(ledger["rows"], ledger["title"], str(sheet))
    else:
        sheet.write_text(to_csv(ledger["rows"]), encoding="utf-8")
    second = _new_office(_empty_book_url(ledger_book, database_url, tmp_path))
    report = second.import_ledger(sheet)
    assert (report["created"], report["with_problems"]) == (5, 0)
    assert [row["number"] for row in report["rows"]] == [f"2026-000{n}" for n in range(1, 6)]
    assert _lines(second.ledger(2026, reveal="核对")["rows"]) == [HEADER, *REVEALED]
    # The history is the engine's: a reply recorded for the handler by the admin who imported it.
    reply = [event for event in second.history("2026-0001") if event.type == "reply"][0]
    assert (reply.user, reply.by, reply.on.isoformat(), reply.data["on_time"]) == ("han", "admin", "2026-03-20", True)
    assert second.verify().intact and second.replay() == []


def _write_csv(path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header or ["收到日期", "申请人", "申请人类型", "申请方式", "申请内容", "承办人", "状态", "答复日期", "答复结果"])
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


GOOD = ["2026-10-09", "孙八", "自然人", "信函", "某道路规划", "han", "办理中", "", ""]


def test_a_second_import_of_the_same_sheet_creates_nothing(office, tmp_path):
    sheet = _write_csv(tmp_path / "l.csv", [GOOD, ["2026-10-12", "周九", "natural", "online", "某学校建设", "", "", "", ""]])
    first = office.import_ledger(sheet)
    assert first["created"] == 2 and office.event_count() == 3  # register + assign, register
    again = office.import_ledger(sheet)
    assert (again["created"], again["already_imported"], again["new"]) == (0, 2, 0)
    assert [row["existing"] for row in again["rows"]] == ["2026-0001", "2026-0002"]
    assert office.event_count() == 3


def test_chinese_labels_and_an_offices_own_words_through_a_mapping(office, tmp_path):
    sheet = _write_csv(
        tmp_path / "own.csv", [["2026年10月9日", "孙八", "个人", "网上", "某道路规划", "李明", "已答复", "2026/10/20", "本机关不掌握相关政府信息"]],
        header=["来件日期", "申请人", "申请人类型", "申请方式", "申请内容", "经办人", "状态", "答复日期", "答复结果"],
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[columns]\n"来件日期" = "received_on"\n"经办人" = "承办人"\n\n'
        '[values."申请方式"]\n"网上" = "online"\n\n[values.applicant_type]\n"个人" = "自然人"\n\n[values.handler]\n"李明" = "han"\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput, match="no column for 收到日期 received_on"):
        office.import_ledger(sheet)
    office.import_ledger(sheet, mapping=mapping)
    case = office.case("2026-0001").case
    assert (case.received_on.isoformat(), case.channel, case.applicant["type"], case.handler) == ("2026-10-09", "online", "natural", "han")
    assert (case.state, case.outcome, case.replied_on.isoformat()) == ("replied", "unavailable.not_held", "2026-10-20")


def test_a_dry_run_lists_every_rows_problems_and_writes_nothing(office, tmp_path):
    rows = [
        GOOD,
        ["2026-10-09", "孙八", "自然人", "网上", "某道路规划图", "", "", "", ""],  # row 3: unknown channel
        ["2026-10-12", "", "自然人", "信函", "某学校建设", "", "", "", ""],  # row 4: no applicant
        ["2026-10-12", "周九", "自然人", "信函", "某学校建设", "nobody", "办理中", "", ""],  # row 5: unknown handler
        ["2026-10-12", "周九", "自然人", "信函", "某学校", "han", "已答复", "2026-10-01", "予以公开"],  # row 6: replied before received
        ["2026-11-23", "吴十", "自然人", "信函", "某计划", "", "", "", ""],  # row 7: received after today (11-20)
        ["2026-10-13", "吴十", "自然人", "信函", "某计划", "han", "征求意见中", "", ""],  # row 8: a state a ledger cannot bring
        GOOD,  # row 9: row 2 again
        ["2026-10-14", "郑*", "自然人", "信函", "某计划", "", "", "", ""],  # row 10: a masked name (an export without --reveal)
    ]
    report = office.import_ledger(_write_csv(tmp_path / "bad.csv", rows), dry_run=True)
    problems = {row["row"]: row["problems"] for row in report["rows"] if row["problems"]}
    assert sorted(problems) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert problems[3] == ["申请方式 channel '网上' is not one of in_person 当面, post 信函, online 网络, fax 传真, email 电子邮件"]
    assert problems[4] == ["申请人 applicant is missing"]
    assert problems[5] == ["承办人 handler 'nobody' is no user of this case book"]
    assert problems[6] == ["答复日期 replied_on 2026-10-01 is before 收到日期 received_on 2026-10-12"]
    assert problems[7] == ["收到日期 received_on 2026-11-23 is in the future (today is 2026-11-20)"]
    assert problems[8][0].startswith("状态 state consultation cannot be brought in from a ledger")
    assert problems[9] == ["repeats row 2 (the same 案件编号, 收到日期, 申请人 and 申请内容)"]
    assert problems[10] == ["申请人 applicant '郑*' is masked: bring in a ledger exported with --reveal"]
    assert report["rows"][0]["steps"] == [{"action": "register", "on": "2026-10-09"}, {"action": "assign", "on": "2026-10-09"}]
    assert (report["new"], report["with_problems"], report["created"]) == (1, 8, 0)
    assert office.event_count() == 0


def test_one_bad_row_in_the_middle_and_nothing_is_written(office, tmp_path):
    rows = [GOOD, ["2026-10-12", "周九", "自然人", "信鸽", "某学校建设", "", "", "", ""],
            ["2026-10-13", "吴十", "自然人", "信函", "某计划", "", "", "", ""]]
    with pytest.raises(InvalidInput) as refused:
        office.import_ledger(_write_csv(tmp_path / "l.csv", rows))
    assert str(refused.value) == (
        "1 of 3 rows have problems, nothing was imported; row 3: 申请方式 channel '信鸽' is not one of in_person 当面, "
        "post 信函, online 网络, fax 传真, email 电子邮件 (--dry-run lists them all)"
    )
    assert office.event_count() == 0 and office.cases() == []
    # The numbers were not used up either: the first case imported later is the year's first.
    office.import_ledger(_write_csv(tmp_path / "good.csv", [GOOD]))
    assert [view.number for view in office.cases()] == ["2026-0001"]


def test_who_records_the_steps_a_registrar_alone_cannot_bring_in_a_reply(office, tmp_path):
    replied = ["2026-10-12", "周九", "自然人", "信函", "某学校", "han", "已答复", "2026-10-20", "本机关不掌握相关政府信息"]
    granted = ["2026-10-13", "吴十", "自然人", "信函", "某计划", "han", "已答复", "2026-10-21", "予以公开"]
    sheet = _write_csv(tmp_path / "l.csv", [GOOD, replied, granted])
    # The registrar at their own login: they may register and assign, but the reply is the handler's.
    as_registrar = office.acting_as("reg").import_ledger(sheet, dry_run=True)
    assert [row["problems"] for row in as_registrar["rows"]] == [
        [],
        ["the reply is the handler's step: reg holds no role handler, and only an admin records it for han"],
        ["the reply is the handler's step: reg holds no role handler, and only an admin records it for han"],
    ]
    # An admin acting for the registrar records the reply for han; the review's approval is the importer's
    # own, and reg holds no role reviewer.
    for_registrar = office.import_ledger(sheet, dry_run=True, user="reg")
    assert [row["problems"] for row in for_registrar["rows"]] == [[], [], [
        "the confidentiality review (保密审查) is approved by the importer as reviewer; reg holds no role reviewer"
    ]]
    with pytest.raises(RuleViolation, match="importing a ledger needs the role registrar; han does not hold it"):
        office.acting_as("han").import_ledger(sheet, dry_run=True)
    office.import_ledger(_write_csv(tmp_path / "two.csv", [GOOD, replied]), user="reg")
    events = office.history("2026-0002")
    assert [(event.type, event.user, event.by) for event in events] == [
        ("register", "reg", "admin"), ("assign", "reg", "admin"), ("reply", "han", "admin"),
    ]


def test_a_sheet_that_is_not_a_ledger_is_one_line(office, tmp_path):
    with pytest.raises(InvalidInput, match="must be .xlsx or .csv"):
        office.import_ledger(tmp_path / "l.txt")
    with pytest.raises(InvalidInput, match="no header row in its first 10 lines"):
        office.import_ledger(_write_csv(tmp_path / "l.csv", [["x"]], header=["a", "b"]))
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(InvalidInput, match="not an XLSX workbook"):
        office.import_ledger(tmp_path / "broken.xlsx")
    assert not os.path.exists(tmp_path / "missing.csv")
    with pytest.raises(InvalidInput, match="the ledger .*missing.csv"):
        office.import_ledger(tmp_path / "missing.csv")
