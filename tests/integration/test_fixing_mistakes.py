"""Fixing mistakes in the open (issue 18 item 2) on SQLite and PostgreSQL: the audit stays clean after
each correction, and the statistics and the annual report count the corrected book.

"Today" is Friday 2026-11-20 (09:00 in Beijing, so the steps recorded now are today's); October 19
to December 31 2026 has no holiday and no make-up day. A reply is due 20 working days after receipt:

    V  online, received Mon 11-02; a registrar asks to void it (a duplicate), the head approves.
    A  online, received Mon 11-02 as registered: 11-03…06 (4), 09…13 (9), 16…20 (14), 23…27 (19),
       30 (20) → due 11-30. Assigned 11-03; the head extends the reply period 11-10 and undoes it the
       same day; replied 11-19 (unavailable.not_held), on time as registered. The head then amends
       the receipt date to Mon 10-19 (the letter's confirmation was mis-entered): 10-20…23 (4),
       26…30 (9), 11-02…06 (14), 09…13 (19), 16 (20) → due 11-16, so the reply of 11-19 is late.
    B  online, received Mon 11-09, registered only: 11-10…13 (4), 16…20 (9), 23…27 (14), 30 (15),
       12-01…04 (19), 12-07 (20) → due 12-07, open and overdue at the end of the year.

2026 counted by hand: received 2 (A, B; V is voided), concluded 1 (A), on time 0 (A is late as
amended), extensions 0 (undone), open at the end 1 (B), overdue at the end 1 (B). Without the
corrections it would have been 3 received, 1 on time, 1 extension. Table 三: 新收 自然人 2; 本年度办理结果
（四）2 (不掌握相关政府信息) 1; 结转下年度继续办理 1 (B). Balanced: 0 + 2 = 1 + 1.
"""

from __future__ import annotations

from datetime import date

import pytest
from freezegun import freeze_time

from disclosure.workflow.errors import RuleViolation
from tests.integration.conftest import register


@pytest.fixture(autouse=True)
def nine_in_beijing():
    with freeze_time("2026-11-20 01:00:00"):
        yield


def _audit_is_clean(office) -> bool:
    return office.verify().intact and office.replay() == []


def test_a_voided_an_amended_and_an_undone_step_leave_the_audit_clean_and_count_as_corrected(office):
    v = register(office, received="2026-11-02").number
    office.void(v, user="reg", reason="与2026-0002重复登记")
    voided = office.approve_void(v, user="boss")
    assert (voided.state, voided.state_label) == ("voided", "已作废") and _audit_is_clean(office)

    a = register(office, received="2026-11-02").number
    office.act(a, "assign", user="reg", on="2026-11-03", to="han")
    assert office.case(a).due.on == date(2026, 11, 30)
    office.act(a, "extend", user="boss", on="2026-11-10", days=5)
    undone = office.undo(a, user="boss")
    assert undone.due.on == date(2026, 11, 30) and undone.case.extended is False and _audit_is_clean(office)
    office.act(a, "reply", user="han", on="2026-11-19", outcome="unavailable.not_held")
    assert office.case(a).case.reply_on_time is True
    amended = office.amend(a, user="boss", version=1, field="received", value="2026-10-19", reason="确认日期录错")
    assert amended.case.received_on == date(2026, 10, 19) and amended.case.reply_on_time is False
    assert amended.case.clocks["reply"].due(amended.calendar).on == date(2026, 11, 16)
    assert [event.type for event in office.history(a)] == ["register", "assign", "extend", "undo", "reply", "amend"]
    assert _audit_is_clean(office)

    b = register(office, received="2026-11-09").number
    assert (v, a, b) == ("2026-0001", "2026-0002", "2026-0003")
    assert [view.number for view in office.cases()] == [a, b]
    assert [view.number for view in office.cases(state="voided")] == [v]
    assert office.case(v).state_label == "已作废"  # shown, by its number

    figures = office.statistics(year=2026)["kinds"]["disclosure"]["total"]
    assert figures["received"] == {"in_person": 0, "post": 0, "online": 2, "fax": 0, "email": 0, "total": 2}
    assert (figures["concluded"], figures["concluded_on_time"], figures["extensions"]) == (1, 0, 0)
    assert (figures["open_at_end"], figures["overdue_at_end"]) == (1, 1)
    october = office.statistics(start="2026-10-01", end="2026-10-31")["kinds"]["disclosure"]["total"]
    assert october["received"]["total"] == 1  # A, received on 10-19 as amended

    assert [row["number"] for row in office.ledger(2026)["rows"]] == [a, b]  # the 台账 lists no voided case

    report = office.annual_report(2026).as_dict()
    table = report["table3"]
    assert report["balanced"]
    assert (table["new"]["natural"], table["new"]["total"]) == (2, 2)
    assert table["unavailable.not_held"]["total"] == 1 and table["concluded"]["total"] == 1
    assert table["carried_out"]["total"] == 1


def test_a_refused_correction_writes_nothing(office):
    a = register(office, received="2026-11-02").number
    office.act(a, "assign", user="reg", on="2026-11-03", to="han")
    head = office.verify().head
    with pytest.raises(RuleViolation, match=r"^the amended date 2026-11-21 is in the future \(today is 2026-11-20\)$"):
        office.amend(a, user="boss", version=2, field="on", value="2026-11-21", reason="x")
    with pytest.raises(RuleViolation, match=r"^han has taken no step on case 2026-0001"):
        office.undo(a, user="han")
    with pytest.raises(RuleViolation, match=r"^nobody has asked to void case 2026-0001"):
        office.approve_void(a, user="boss")
    assert office.verify().head == head and len(office.history(a)) == 2


def test_a_case_a_published_report_carried_over_and_voided_since_leaves_the_carry_in(database_url):
    """C natural, received 2025-12-22, open when 2025 is published (四 结转 natural 1); voided on 2026-01-20
    as a registration in error. 2026: 二 natural 1 − 1 (C) = 0; 一 0, 三 0, 四 0: balanced."""
    from disclosure.service import Office
    from tests.integration.test_annual_whole import PARTS

    office = Office.open(database_url, today=lambda: date(2026, 1, 20))
    office.init("测试办公室", admin="admin")
    for name, roles in {"reg": ["registrar"], "han": ["handler"], "boss": ["head"]}.items():
        office.add_user(name, roles, by="admin")
    c = register(office, received="2025-12-22").number
    office.publish_annual_report(2025, parts=PARTS, user="boss")
    assert office.annual_report(2025).table3["carried_out"]["natural"] == 1
    office.void(c, user="reg", reason="测试数据误录入")
    office.approve_void(c, user="boss")
    report = office.annual_report(2026)
    assert report.balanced and report.table3["carried_in"]["natural"] == 0
    assert report.notes[0].endswith(f"less 1 case(s) it carried over that were voided since (登记错误已作废): {c}")
    assert office.annual_report(2025).table3["carried_out"]["natural"] == 1  # the published report stays as published
    office.close()


def test_an_undone_payment_collects_nothing_and_an_amended_one_counts_on_its_corrected_date(office):
    """F: notified ¥50 on 11-04 (35 pages: 31–35 at ¥10), the notice received 11-05; a payment recorded for
    11-06 and undone, recorded again for 11-09 and amended to 11-06. Fees of 11-01…06: ¥50; of 11-07…30: none."""
    f = register(office, received="2026-11-02").number
    office.act(f, "assign", user="reg", on="2026-11-03", to="han")
    office.act(f, "notify-fee", user="han", on="2026-11-04", pages=35)
    office.act(f, "fee-notice-received", user="han", on="2026-11-05")
    office.act(f, "receive-payment", user="han", on="2026-11-06")
    office.undo(f, user="han")

    def fees(start, end):
        return office.statistics(start=start, end=end)["kinds"]["disclosure"]["total"]["fees_collected"]

    assert fees("2026-11-01", "2026-11-30") == "0.00" and office.case(f).state == "fee_pending"
    office.act(f, "receive-payment", user="han", on="2026-11-09")
    assert (fees("2026-11-01", "2026-11-06"), fees("2026-11-07", "2026-11-30")) == ("0.00", "50.00")
    office.amend(f, user="boss", version=7, field="on", value="2026-11-06", reason="缴费凭证日期为11月6日")
    assert (fees("2026-11-01", "2026-11-06"), fees("2026-11-07", "2026-11-30")) == ("50.00", "0.00")
    assert office.case(f).case.facts["fee_paid_on"] == "2026-11-06" and _audit_is_clean(office)


def test_an_undone_step_takes_the_clock_it_started_with_it(office):
    """A correction asked 11-10 and undone: its 15-day correction clock goes, the reply clock runs again."""
    a = register(office, received="2026-11-02").number
    office.act(a, "assign", user="reg", on="2026-11-03", to="han")
    office.act(a, "request-correction", user="han", on="2026-11-10")
    assert sorted(deadline.clock for deadline in office.open_deadlines()) == ["correction"]
    assert office.undo(a, user="han").due.on == date(2026, 11, 30)
    assert [deadline.clock for deadline in office.open_deadlines()] == ["reply"] and _audit_is_clean(office)



def test_a_voided_import_keeps_its_row_key_so_the_sheet_imported_again_creates_nothing(office, tmp_path):
    sheet = tmp_path / "ledger.csv"
    sheet.write_text(
        "收到日期,申请人,申请人类型,申请方式,申请内容,承办人,状态,答复日期,答复结果\n"
        "2026-10-12,周九,natural,online,某学校建设,,,,\n", encoding="utf-8",
    )
    number = office.import_ledger(sheet)["rows"][0]["number"]
    office.void(number, user="reg", reason="台账中为测试行")
    office.approve_void(number, user="boss")
    again = office.import_ledger(sheet)
    assert (again["created"], again["already_imported"]) == (0, 1) and again["rows"][0]["existing"] == number
    assert office.ledger(2026)["rows"] == []


def test_a_letter_follows_the_corrected_history_and_a_voided_case_gets_none(database_url, tmp_path):
    from disclosure.service import Office
    from tests.integration.test_issuing_letters import _settings

    office = Office.open(database_url, today=lambda: date(2026, 11, 20), settings=_settings(tmp_path))
    office.init("测试办公室", admin="admin")
    for name, roles in {"reg": ["registrar"], "han": ["handler"], "boss": ["head"]}.items():
        office.add_user(name, roles, by="admin")
    a = register(office, received="2026-11-02").number
    office.act(a, "assign", user="reg", on="2026-11-03", to="han")
    office.act(a, "request-correction", user="han", on="2026-11-10", note="请补充申请人身份证明")
    office.undo(a, user="han")
    with pytest.raises(RuleViolation, match=r"^no correction letter \(.*\) for case 2026-0001: no correction was asked for"):
        office.issue_letter(a, "correction", user="han")
    office.void(a, user="reg", reason="重复登记")
    office.approve_void(a, user="boss")
    with pytest.raises(RuleViolation, match=r"^no acknowledgement letter \(.*\) for case 2026-0001: it is voided \(已作废\)"):
        office.issue_letter(a, "acknowledgement", user="reg")
    assert office.letters(a) == []
    office.close()
