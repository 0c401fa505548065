"""`disclosure ledger` from the terminal, on SQLite and PostgreSQL: the sheet written, the template, an
office's sheet brought in, its problems listed, a refusal in one line with nothing written."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook

from tests.cli.test_cli_fuzz import _run

TODAY = "2026-11-20 10:00:00"
HEADER = "序号,案件编号,收到日期,申请人,申请人类型,申请方式,申请内容,承办人,状态,答复日期,答复结果,答复理由,送达方式,是否按期,办理时长(工作日),备注"


@pytest.fixture
def book(book_url):
    """Two applications: 2026-0001 received Mon 11-02 by post, assigned to li on 11-03, who replied on
    Tue 11-10 that the office holds nothing: 11-03…06 (4), 09, 10 = 6 working days, due 11-30 (on time);
    2026-0002 received Wed 11-04 online, registered only."""
    with freeze_time(TODAY):
        for user, args in (
            ("admin", ["init", "--admin", "admin"]),
            ("admin", ["users", "add", "li", "--role", "handler"]),
            ("admin", ["users", "add", "wang", "--role", "registrar"]),
            ("wang", ["register", "--channel", "信函", "--received", "2026-11-02", "--on", "2026-11-02", "--applicant", "张三",
                      "--applicant-type", "自然人", "--request", "某路段改造批复"]),
            ("wang", ["advance", "2026-0001", "assign", "--to", "li", "--on", "2026-11-03"]),
            ("li", ["advance", "2026-0001", "reply", "--outcome", "unavailable.not_held", "--on", "2026-11-10"]),
            ("wang", ["register", "--channel", "online", "--received", "2026-11-04", "--on", "2026-11-04", "--applicant", "李四",
                      "--applicant-type", "enterprise", "--request", "某项目环评"]),
        ):
            code, _, err = _run(book_url, user, args)
            assert code == 0, (args, err)
    return book_url


ROWS = [
    "1,2026-0001,2026-11-02,张*,自然人,信函,某路段改造批复,li,已答复,2026-11-10,本机关不掌握相关政府信息,本机关不掌握相关政府信息,,是,6,",
    "2,2026-0002,2026-11-04,李*,商业企业,网络,某项目环评,,已登记,,,,,,,",
]


@freeze_time(TODAY)
def test_ledger_export_as_csv_json_and_an_xlsx_that_prints_on_a4(book, tmp_path):
    code, out, _ = _run(book, "wang", ["ledger", "export", "--year", "2026"])
    assert code == 0 and out.splitlines() == ["\ufeff" + HEADER, *ROWS]
    code, out, _ = _run(book, "wang", ["ledger", "export", "--year", "2026", "--json"])
    rows = json.loads(out)["rows"]
    assert [(row["number"], row["state"], row["state_label"], row["on_time"], row["working_days"]) for row in rows] == [
        ("2026-0001", "replied", "已答复", True, 6), ("2026-0002", "registered", "已登记", None, None),
    ]
    code, _, err = _run(book, "wang", ["ledger", "export", "--year", "2026", "--reveal"])
    assert code == 2 and err == "disclosure: error: --reveal needs --reason: why you look at the personal data (it is logged)\n"
    out_file = tmp_path / "ledger.xlsx"
    code, _, err = _run(book, "wang", ["ledger", "export", "--year", "2026", "--format", "xlsx", "--out", str(out_file),
                                       "--reveal", "--reason", "归档"])
    assert code == 0 and err == f"wrote the 2026 ledger (2 rows) to {out_file} 台账已写入\n"
    sheet = load_workbook(out_file).active
    assert sheet["A1"].value == "政府信息公开办公室2026年政府信息公开申请台账"
    assert [cell.value for cell in sheet[2]] == HEADER.split(",")
    assert [cell.value for cell in sheet[3]][:5] == [1, "2026-0001", datetime(2026, 11, 2), "张三", "自然人"]
    assert sheet.page_setup.paperSize == int(sheet.PAPERSIZE_A4) and sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$2" and sheet.column_dimensions["G"].width >= 16  # 某路段改造批复: 14 cells
    code, _, err = _run(book, "wang", ["ledger", "export", "--year", "2026", "--format", "xlsx"])
    assert code == 2 and err == "disclosure: error: --format xlsx needs --out FILE\n"


@freeze_time(TODAY)
def test_the_template_imports_as_its_example_case(book, tmp_path):
    template = tmp_path / "template.xlsx"
    code, _, err = _run(book, "admin", ["ledger", "template", "--out", str(template), "--json"])
    assert code == 0 and json.loads(err) == {"wrote": {"template": "xlsx", "out": str(template)}}
    sheet = load_workbook(template).active
    assert [cell.value for cell in sheet[2]] == HEADER.split(",")
    code, out, err = _run(book, "admin", ["ledger", "import", str(template)])
    assert code == 0, err
    assert out.splitlines() == [
        "row 3: new 新建: register 2026-01-05, assign 2026-01-05, submit-review 2026-01-26, approve-review 2026-01-26, "
        "reply 2026-01-26, deliver 2026-01-26 → 2026-0003",
        "imported 已导入: 1 new 新建, 0 already in the book 已在案件库, 0 with problems 有问题",
    ]
    code, out, _ = _run(book, "admin", ["ledger", "export", "--year", "2026", "--reveal", "--reason", "核对"])
    # The template's example as the engine counts it: 01-06…09 (4), 12…16 (9), 19…23 (14), 26 (15) working days.
    assert out.splitlines()[1] == "1,2026-0003,2026-01-05,张三,自然人,信函,某路段改造工程的立项批复,li,已送达,2026-01-26,予以公开,,邮寄,是,15,"


@freeze_time(TODAY)
def test_a_dry_run_lists_the_problems_and_a_real_import_refuses_in_one_line(book, tmp_path):
    sheet = tmp_path / "office.csv"
    sheet.write_text(
        "收到日期,申请人,申请人类型,申请方式,申请内容,承办人\n"
        "2026-11-09,王五,自然人,当面,某小区规划,li\n"
        "2026-11-09,赵六,个人,当面,某学校建设,li\n"
        "2026-11-10,,自然人,网络,某河道整治,\n",
        encoding="utf-8",
    )
    code, out, _ = _run(book, "wang", ["ledger", "import", str(sheet), "--dry-run"])
    assert code == 1 and out.splitlines() == [
        "row 2: would create 将新建: register 2026-11-09, assign 2026-11-09",
        "row 3: problem 问题: 申请人类型 applicant_type '个人' is not one of natural 自然人, enterprise 商业企业, research 科研机构, "
        "public_interest 社会公益组织, legal_service 法律服务机构, other_org 其他",
        "row 4: problem 问题: 申请人 applicant is missing",
        "dry run 试运行, nothing written 未写入: 1 new 新建, 0 already in the book 已在案件库, 2 with problems 有问题",
    ]
    code, out, err = _run(book, "wang", ["ledger", "import", str(sheet)])
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert err.startswith("disclosure: error: 2 of 3 rows have problems, nothing was imported; row 3: 申请人类型 applicant_type '个人'")
    code, out, _ = _run(book, "wang", ["list", "--json"])
    assert [case["number"] for case in json.loads(out)] == ["2026-0001", "2026-0002"]
