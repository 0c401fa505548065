"""The whole annual report, published and frozen, on both backends ([NB]; STATUTE.md §3; docs/rules.md).

A small office, worked by hand (received → what became of it):

    A natural     2025-03-03 → declined.duplicate 2025-03-10; reconsideration filed 2026-02-02, decided
                               "corrected" 2026-03-02; reopened 2026-03-03; granted 2026-03-20
    B enterprise  2025-12-15 → open at the end of 2025; fee ¥50 notified 2025-12-17, paid 2026-01-05;
                               unavailable.not_held 2026-01-12
    C natural     2025-12-22 → open when 2025 was published (2026-01-20); its reply, unavailable.not_held
                               effective 2025-12-30, recorded only on 2026-01-21
    D natural     2026-04-01 → fee ¥120 notified 2026-04-02, paid 2026-04-08; open at the end of 2026

The 2025 report, published 2026-01-20: 一 新收 natural 2 (A C), enterprise 1 (B); 三 declined.duplicate
natural 1 (A); 四 结转 natural 1 (C), enterprise 1 (B). Check: natural 2 + 0 = 1 + 1; enterprise 1 + 0 = 0 + 1.
"""

from __future__ import annotations

from datetime import date

import pytest

from disclosure.reports.annual_parts import parts_from_mapping
from disclosure.service import Office
from disclosure.workflow.errors import InvalidInput, NotFound, RuleViolation

from tests.integration.conftest import register

PARTS = parts_from_mapping({
    "overview": "2025年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。\n全年主动公开政府信息1234条。",
    "problems": "政策解读形式较单一。",
    "other_matters": "无其他需要报告的事项。",
    "regulations.made": 0, "regulations.repealed": 0, "regulations.in_force": 2,
    "normative_documents.made": 5, "normative_documents.repealed": 1, "normative_documents.in_force": 40,
    "licences": 1200, "penalties": 35, "enforcement": 3, "charges": "12.5",
}, "test")


def _row(natural=0, enterprise=0):
    return {"natural": natural, "enterprise": enterprise, "research": 0, "public_interest": 0,
            "legal_service": 0, "other_org": 0, "total": natural + enterprise}


def _nonzero(table3: dict) -> dict:
    return {key: cells for key, cells in table3.items() if cells["total"]}


@pytest.fixture
def clock():
    return {"today": date(2026, 1, 20)}


@pytest.fixture
def office(database_url, clock):
    book = Office.open(database_url, today=lambda: clock["today"])
    book.init("测试办公室", admin="admin")
    for name, roles in {"reg": ["registrar"], "han": ["handler"], "rev": ["reviewer"], "boss": ["head"]}.items():
        book.add_user(name, roles, by="admin")
    yield book
    book.close()


@pytest.fixture
def published_2025(office, clock):
    a = register(office, received="2025-03-03").number
    office.act(a, "assign", user="reg", on="2025-03-04", to="han")
    office.act(a, "reply", user="han", on="2025-03-10", outcome="declined.duplicate")
    office.act(a, "deliver", user="reg", on="2025-03-11", method="post")
    b = register(office, received="2025-12-15", applicant_type="enterprise").number
    office.act(b, "assign", user="reg", on="2025-12-16", to="han")
    office.act(b, "notify-fee", user="han", on="2025-12-17", pages=35)  # per page: 1–30 free, 31–35 at ¥10 = ¥50
    c = register(office, received="2025-12-22").number
    office.act(c, "assign", user="reg", on="2025-12-23", to="han")
    office.act(b, "receive-payment", user="han", on="2026-01-05")
    office.publish_annual_report(2025, parts=PARTS, user="boss")
    return office, {"A": a, "B": b, "C": c}


def _after_publishing(office, clock, numbers):
    clock["today"] = date(2026, 12, 31)
    a, b, c = numbers["A"], numbers["B"], numbers["C"]
    office.act(c, "reply", user="han", on="2025-12-30", outcome="unavailable.not_held")  # recorded after publishing
    office.act(b, "reply", user="han", on="2026-01-12", outcome="unavailable.not_held")
    office.act(a, "record-appeal", user="reg", on="2026-02-02", type="reconsideration", result="pending")
    office.act(a, "record-appeal", user="reg", on="2026-03-02", appeal=1, result="corrected")
    office.act(a, "reopen", user="boss", on="2026-03-03", due="2026-03-31")
    office.act(a, "submit-review", user="han", on="2026-03-16")
    office.act(a, "approve-review", user="rev", on="2026-03-17")
    office.act(a, "reply", user="han", on="2026-03-20", outcome="granted")
    d = register(office, received="2026-04-01").number
    office.act(d, "assign", user="reg", on="2026-04-01", to="han")
    office.act(d, "notify-fee", user="han", on="2026-04-02", pages=42)  # 31–42 at ¥10 = ¥120
    office.act(d, "receive-payment", user="han", on="2026-04-08")
    numbers["D"] = d


def test_the_published_2025_report_is_whole_and_balanced(published_2025):
    office, _ = published_2025
    report = office.annual_report(2025)
    assert report.published["by"] == "boss" and report.balanced
    assert _nonzero(report.as_dict()["table3"]) == {
        "new": _row(natural=2, enterprise=1),  # A C · B
        "declined.duplicate": _row(natural=1),  # A
        "concluded": _row(natural=1),
        "carried_out": _row(natural=1, enterprise=1),  # C · B
    }
    assert report.parts == PARTS
    assert report.fees == {"amount": "0.00", "payments": 0}  # B's ¥50 was paid in 2026, not 2025


def test_later_changes_leave_the_published_report_as_it_was(published_2025, clock):
    office, numbers = published_2025
    before = office.annual_report(2025).as_dict()
    _after_publishing(office, clock, numbers)
    assert office.annual_report(2025).as_dict() == before
    # The recount: C now concluded in 2025 (unavailable.not_held), A's 2025 conclusion gone (reopened
    # and concluded again in 2026); 三（七） natural stays 1 and 四 natural stays 1 (A instead of C).
    comparison = office.compare_annual_report(2025)
    assert comparison["differences"] == [
        {"where": "table3.declined.duplicate.natural", "published": 1, "recount": 0},
        {"where": "table3.declined.duplicate.total", "published": 1, "recount": 0},
        {"where": "table3.unavailable.not_held.natural", "published": 0, "recount": 1},
        {"where": "table3.unavailable.not_held.total", "published": 0, "recount": 1},
    ]
    assert comparison["published"].as_dict() == before and comparison["recount"].published is None


def test_the_next_year_carries_in_the_published_carry_over_and_shows_the_changes(published_2025, clock):
    office, numbers = published_2025
    _after_publishing(office, clock, numbers)
    report = office.annual_report(2026)
    # 二 = published 2025 四: natural 1 (C), enterprise 1 (B).
    # 一 = D (received 2026) + A (open at the end of 2025 as recounted, but published as concluded): natural 2.
    # 三: A granted; B not held; C not held (concluded in 2025 after the report carried it over): natural 2, enterprise 1.
    # 四: D. Check: natural 2 + 1 = 2 + 1; enterprise 0 + 1 = 1 + 0.
    assert _nonzero(report.as_dict()["table3"]) == {
        "new": _row(natural=2),
        "carried_in": _row(natural=1, enterprise=1),
        "granted": _row(natural=1),
        "unavailable.not_held": _row(natural=1, enterprise=1),
        "concluded": _row(natural=2, enterprise=1),
        "carried_out": _row(natural=1),
    }
    assert report.table4["reconsideration"]["corrected"] == 1  # A's, decided 2026-03-02
    assert report.fees == {"amount": "170.00", "payments": 2}  # B ¥50 paid 2026-01-05 + D ¥120 paid 2026-04-08
    assert any(numbers["A"] in note and "本年新收" in note for note in report.notes)
    assert any(numbers["C"] in note and "办理结果" in note for note in report.notes)


def test_a_published_year_hands_its_carry_over_on_unchanged(published_2025, clock):
    office, numbers = published_2025
    _after_publishing(office, clock, numbers)
    clock["today"] = date(2027, 1, 15)
    office.publish_annual_report(2026, parts=PARTS, user="admin")
    d = register(office, received="2027-01-04", on="2027-01-04").number
    office.act(numbers["D"], "reply", user="han", on="2027-01-08", outcome="unavailable.not_held")
    report = office.annual_report(2027)
    # 2027: 二 = published 2026 四 (D); 一 the new one; 三 D; 四 the new one.
    assert report.table3["carried_in"] == _row(natural=1) and report.table3["new"] == _row(natural=1)
    assert report.table3["concluded"] == _row(natural=1) and report.table3["carried_out"] == _row(natural=1)
    assert report.notes == ("二 上年结转 is the published 2026 report's 四 结转下年度",) and d


def test_publishing_is_refused_twice_too_early_out_of_order_and_to_other_roles(published_2025, clock):
    office, _ = published_2025
    with pytest.raises(RuleViolation, match="the 2025 annual report was published already"):
        office.publish_annual_report(2025, parts=PARTS, user="admin")
    with pytest.raises(RuleViolation, match="publishing the 2026 annual report needs the role head or admin; han"):
        office.publish_annual_report(2026, parts=PARTS, user="han")
    with pytest.raises(RuleViolation, match="only once the year is over \\(from 2027-01-01\\)"):
        office.publish_annual_report(2026, parts=PARTS, user="boss")
    with pytest.raises(RuleViolation, match="the 2025 annual report is published already; an earlier year"):
        office.publish_annual_report(2024, parts=PARTS, user="boss")
    with pytest.raises(InvalidInput, match="publishing needs the office's parts"):
        office.publish_annual_report(2024, user="boss")
    with pytest.raises(NotFound, match="the 2024 report has not been published"):
        office.compare_annual_report(2024)


def test_the_publication_is_an_office_log_entry_and_the_chains_stay_intact(published_2025):
    office, _ = published_2025
    with office._context.storage.reading() as uow:  # noqa: SLF001 (the entry as stored)
        entries = list(uow.log.entries(["annual-report-published"]))
    assert [(entry.subject, entry.user) for entry in entries] == [("2025", "boss")]
    assert entries[0].data["carried_out_cases"] == ["2025-0002", "2025-0003"]  # B, C
    assert entries[0].data["report"]["table3"]["carried_out"]["total"] == 2
    assert office.verify().intact
