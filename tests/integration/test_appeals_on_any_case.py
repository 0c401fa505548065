"""Appeals on any case ([GK] 51; [NB] table 四) and corrections asked before assignment ([GK] 30), on
SQLite and PostgreSQL: the appeal rows the annual report counts, and the states the case book keeps.

The 2026 national calendar: 05-01…05 are the Labour Day holidays, Saturday 05-09 a make-up working day.

    N  received Mon 03-02, assigned 03-03; never replied. Reply due 20 working days from 03-02:
       03-03…06 (4), 09…13 (9), 16…20 (14), 23…27 (19), 30 (20) → Mon 03-30.
       04-15: a lawsuit filed directly over the missing reply, pending       → 直接起诉 / 尚未审结
    L  received Wed 05-06; a correction asked Thu 05-07, before assignment, 15 working days:
       05-08 (1), Sat 05-09 make-up (2), 11…15 (7), 18…22 (12), 25, 26, 27 (15) → 05-27;
       the sweep of 05-28 ends it 逾期不补正. 06-10: reconsideration, decided 08-03 corrected → 复议 / 结果纠正
    W  received 06-01, withdrawn 06-02; 06-15: reconsideration, upheld  → 复议 / 结果维持
    D  received 07-01, assigned 07-02, declined (重复申请) 07-03; 08-01: a lawsuit after
       reconsideration, decided otherwise                                → 复议后起诉 / 其他结果

Table 四 for 2026: 复议 1 维持 + 1 纠正 = 2; 直接起诉 1 尚未审结; 复议后起诉 1 其他结果.
"""

from __future__ import annotations

import pytest

from disclosure.workflow.errors import InvalidInput, RuleViolation
from tests.integration.conftest import register, table4 as _table4




def test_appeals_on_cases_never_replied_lapsed_withdrawn_or_declined_count_in_table_four(office):
    n = register(office, received="2026-03-02").number
    office.act(n, "assign", user="reg", on="2026-03-03", to="han")
    assert office.case(n).due.on.isoformat() == "2026-03-30"
    office.act(n, "record-appeal", user="reg", on="2026-04-15", type="litigation", result="pending")

    l_ = register(office, received="2026-05-06").number
    office.act(l_, "request-correction", user="han", on="2026-05-07")
    asked = office.case(l_)
    assert asked.case.clocks["correction"].due(asked.calendar).on.isoformat() == "2026-05-27"
    office.sweep("2026-05-28", confirm=True)
    assert (office.case(l_).state, office.case(l_).case.outcome) == ("closed", "other.no_correction")
    office.act(l_, "record-appeal", user="boss", on="2026-06-10", type="reconsideration", result="pending")
    office.act(l_, "record-appeal", user="boss", on="2026-08-03", appeal=1, result="corrected")

    w = register(office, received="2026-06-01").number
    office.act(w, "withdraw", user="reg", on="2026-06-02")
    office.act(w, "record-appeal", user="reg", on="2026-06-15", type="reconsideration", result="upheld")

    d = register(office, received="2026-07-01").number
    office.act(d, "assign", user="reg", on="2026-07-02", to="han")
    office.act(d, "reply", user="han", on="2026-07-03", outcome="declined.duplicate")
    office.act(d, "record-appeal", user="reg", on="2026-08-01", type="litigation_after_reconsideration", result="other")

    # Each appeal names what it is against: the missing reply, or the ending the case had.
    against = {number: [(a["against"], a["result"]) for a in office.case(number).case.appeals] for number in (n, l_, w, d)}
    assert against == {
        n: [("no_reply", "pending")], l_: [("other.no_correction", "corrected")],
        w: [("other.other", "upheld")], d: [("declined.duplicate", "other")],
    }
    assert office.history(n)[-1].data["reply_overdue"] is True  # filed 04-15, after the last day 03-30
    assert office.case(n).state == "processing"  # a suit does not end the case: the reply is still owed

    report = office.annual_report(2026)
    assert report.as_dict()["table4"] == _table4(
        reconsideration={"upheld": 1, "corrected": 1}, litigation={"pending": 1}, litigation_after_reconsideration={"other": 1},
    )
    assert office.verify().intact and office.replay() == []


def test_a_correction_asked_before_assignment_returns_the_case_to_registered(office):
    # Received Tue 09-01; correction asked Wed 09-02 before any handler was assigned; corrected Mon 09-07.
    number = register(office, received="2026-09-01").number
    office.act(number, "request-correction", user="han", on="2026-09-02")
    view = office.act(number, "receive-correction", user="reg", on="2026-09-07")
    assert (view.state, view.case.handler) == ("registered", None)
    # The reply period restarted in full on 09-07: 09-08…11 (4), 14…18 (9), 21…25 (14), 28, 29, 30 (17),
    # 10-01…07 the National Day holidays, 10-08 (18), 10-09 (19), Sat 10-10 make-up (20) → 10-10.
    assert view.due.on.isoformat() == "2026-10-10"
    with pytest.raises(RuleViolation, match="every correction at once"):
        office.act(number, "request-correction", user="han", on="2026-09-08")
    assert office.act(number, "assign", user="reg", on="2026-09-08", to="han").state == "processing"
    moved = office.act(number, "reassign", user="boss", on="2026-09-09", to="han2")
    assert (moved.state, moved.case.handler) == ("processing", "han2")
    assert office.history(number)[-1].data == {"from": "han", "to": "han2"}
    assert office.verify().intact and office.replay() == []


def test_a_case_ended_without_a_reply_is_reopened_when_an_appeal_corrects_it(office):
    """L again: the correction lapsed on 05-28 before anyone was assigned; the reconsideration of 06-10 is
    decided 08-03, corrected (the applicant's correction was in fact received). The head orders a new reply
    by Fri 08-28 on 08-04 and names the handler, since the case never had one: 办理中, handled by han, due 08-28.
    A withdrawn case (W) reopens the same way; a case that has a handler keeps it (reassign changes it)."""
    l_ = register(office, received="2026-05-06").number
    office.act(l_, "request-correction", user="han", on="2026-05-07")
    office.sweep("2026-05-28", confirm=True)
    office.act(l_, "record-appeal", user="boss", on="2026-06-10", type="reconsideration", result="pending")
    office.act(l_, "record-appeal", user="boss", on="2026-08-03", appeal=1, result="corrected")
    assert office.case(l_).case.handler is None
    with pytest.raises(InvalidInput, match="reopen needs --to"):
        office.act(l_, "reopen", user="boss", on="2026-08-04", due="2026-08-28")
    reopened = office.act(l_, "reopen", user="boss", on="2026-08-04", due="2026-08-28", to="han")
    assert (reopened.state, reopened.case.handler, reopened.case.outcome) == ("processing", "han", None)
    assert reopened.due.on.isoformat() == "2026-08-28"
    assert "reply" in office.actions(l_, "han")

    d = register(office, received="2026-07-01").number
    office.act(d, "assign", user="reg", on="2026-07-02", to="han")
    office.act(d, "withdraw", user="reg", on="2026-07-03")
    with pytest.raises(InvalidInput, match="han handles case"):
        office.act(d, "reopen", user="boss", on="2026-08-04", due="2026-08-28", to="han2")
    assert office.act(d, "reopen", user="boss", on="2026-08-04", due="2026-08-28").case.handler == "han"
    office.act(d, "withdraw", user="reg", on="2026-08-05")
    with pytest.raises(RuleViolation, match="reopen needs the role head"):
        office.act(d, "reopen", user="reg", on="2026-08-06", due="2026-08-28")
    assert office.verify().intact and office.replay() == []


def _reopened_to_september_30(office) -> str:
    """Received online Mon 2025-09-01, replied 09-05, delivered 09-08; reopened on 09-15 with a new reply due Tue 09-30 (a
    clock counting calendar days to the ordered date). 2025: 10-01…08 National Day, Sat 10-11 a make-up day."""
    number = register(office, received="2025-09-01").number
    office.act(number, "assign", user="reg", on="2025-09-01", to="han")
    office.act(number, "reply", user="han", on="2025-09-05", outcome="unavailable.not_held")
    office.act(number, "deliver", user="reg", on="2025-09-08", method="email")
    office.act(number, "reopen", user="boss", on="2025-09-15", due="2025-09-30")
    assert office.case(number).due.on.isoformat() == "2025-09-30"
    return number


def test_a_reopened_cases_extension_is_twenty_working_days_after_its_due_date(office):
    # [GK] 33 ¶2: from 09-30, 10-09 (1), 10 (2), Sat 11 (3), 13…17 (8), 20…24 (13), 27…31 (18), 11-03 (19),
    # 11-04 (20); the clock once added 20 calendar days instead (10-20).
    number = _reopened_to_september_30(office)
    extended = office.act(number, "extend", user="boss", on="2025-09-16", days=20)
    assert extended.due.on.isoformat() == "2025-11-04"
    assert office.verify().intact and office.replay() == []


def test_a_reopened_cases_longer_period_ends_on_the_date_the_head_decided(office):
    # [GK] 35: the due date given (a working day), not 09-30 plus the 9 working days between the two dates
    # counted as calendar days (10-09), which judged a reply of 10-10…10-20 late.
    number = _reopened_to_september_30(office)
    delayed = office.act(number, "delay-reply", user="boss", on="2025-09-16", due="2025-10-20", reason="申请数量巨大")
    assert delayed.due.on.isoformat() == "2025-10-20"
    replied = office.act(number, "reply", user="han", on="2025-10-20", outcome="unavailable.not_held")
    assert replied.case.reply_on_time is True
    assert office.verify().intact and office.replay() == []
