"""The audit's, the case desk's and storage's messages said in Chinese from the package's catalog, with
their values put in, and English unchanged (that every message is translated: tests/unit/test_messages.py)."""

from __future__ import annotations


import pytest

from disclosure.audit.export import read_export
from disclosure.audit.export_form import CSV_FIELDS, FORMAT, check_form
from disclosure.audit.verify_chain import Finding
from disclosure.storage.roles import check_role_name
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import in_language, message_of, t
from disclosure.workflow.receipt import receipt_rule_text


def test_a_finding_names_its_problem_place_and_case_in_chinese():
    finding = Finding("changed", 5, "2026-0001", t("the event's stored hash was edited"))
    assert str(finding) == "changed at position 5 (case 2026-0001): the event's stored hash was edited"
    assert in_language(str(finding), "zh") == "内容被改（位置 5，案件 2026-0001）：该事件存储的哈希值被修改"


def test_a_csv_line_of_too_few_fields_counts_them_in_chinese():
    with pytest.raises(InvalidInput) as refused:
        read_export(",".join(CSV_FIELDS) + "\n1,2\n")
    message = message_of(refused.value)
    assert message == f"CSV line 2 has 2 fields, not {len(CSV_FIELDS)}"
    assert in_language(message, "zh") == f"CSV 第 2 行有 2 个字段，应为 {len(CSV_FIELDS)} 个"


def test_a_malformed_event_is_said_whole_with_its_parts_translated():
    with pytest.raises(InvalidInput) as refused:
        check_form({"format": FORMAT, "format_version": 2, "events": [[]]})
    message = message_of(refused.value)
    assert message == "the export is malformed: event 1 of the export is not an object"
    assert in_language(message, "zh") == "导出文件格式有误：导出文件的第 1 个事件不是对象"


def test_a_role_name_refused_keeps_the_option_and_the_name():
    with pytest.raises(InvalidInput) as refused:
        check_role_name("pg_clerks", "--clerk-role")
    message = message_of(refused.value)
    assert message == "--clerk-role 'pg_clerks': names starting pg_ are PostgreSQL's own"
    assert in_language(message, "zh") == "--clerk-role 'pg_clerks'：以 pg_ 开头的名称为 PostgreSQL 保留"


def test_a_receipt_rule_is_its_chinese_half_in_chinese():
    text, article = receipt_rule_text("signed_on", "post")
    assert (text, article) == ("the day the office signed for the letter 行政机关签收之日", "[GK] 31(2)")
    assert in_language(text, "zh") == "行政机关签收之日"
