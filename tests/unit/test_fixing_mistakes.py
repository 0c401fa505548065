"""Fixing mistakes in the open (issue 18 item 2): void, amend, undo, on the case desk over tests/fakes.py.

"Today" is Monday 2025-12-01; November and December 2025 have no holiday. A reply is due 20 working
days after the receipt date (day 1 the next working day):

    received Mon 11-03: 11-04…07 (4), 10…14 (9), 17…21 (14), 24…28 (19), 12-01 (20) → due 12-01
    received Fri 10-31: 11-03…07 (5), 10…14 (10), 17…21 (15), 24…28 (20)          → due 11-28
    received Mon 11-10: 11-11…14 (4), 17…21 (9), 24…28 (14), 12-01…05 (19), 12-08 (20) → due 12-08
    received Sat 11-08: 11-10…14 (5), 17…21 (10), 24…28 (15), 12-01…05 (20)        → due 12-05
    received Thu 10-09: 10-10 (1), Sat 10-11 a make-up working day (2), 13…17 (7), 20…24 (12),
                        27…31 (17), 11-03…05 (20)                                  → due 11-05
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from disclosure.notifications.sweeping import Sweeper
from disclosure.workflow.case import replay
from disclosure.workflow.clocks import ClockStatus
from disclosure.workflow.corrected_history import CORRECTION_ACTIONS
from disclosure.workflow.corrections import with_corrections
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.kinds import BUILT_IN, BUILT_IN_KINDS
from disclosure.workflow.kinds.spec import kind_from_definition
from disclosure.workflow.kinds.suggestion import SUGGESTION_DEFINITION
from tests.fakes import memory_office

TODAY = date(2025, 12, 1)
APPLICATION = dict(channel="in_person", applicant="张三", applicant_type="natural", request="某街道老旧小区改造资金使用情况")


@pytest.fixture
def office():
    people = (("wang", ["registrar"]), ("hank", ["handler"]), ("liu", ["head"]), ("zhou", ["registrar", "head"]))
    context, _, cases = memory_office(TODAY, datetime(2025, 12, 1, 1, 0), people)  # 09:00 in the office
    return context, cases


def _stored(context, number):
    return context.storage.book.cases[number]


def _replays_to_the_stored_case(context, number) -> bool:
    case = _stored(context, number)
    kind, machine = BUILT_IN_KINDS.kind(case.kind), BUILT_IN_KINDS.machine(case.kind)
    return replay(kind, machine, context.storage.book.events[number]) == case


def _recorded_on(context, day: date):
    """Record the next steps as if on ``day`` (09:00 in the office), whatever their effective date."""
    context.now = lambda: datetime(day.year, day.month, day.day, 1, 0)


# -- every kind --------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["disclosure", "petition", "suggestion"])
def test_every_kind_gets_the_voided_state_and_the_corrections(code):
    kind = BUILT_IN_KINDS.kind(code)
    voided = kind.state("voided")
    assert (voided.label, voided.open) == ("已作废", False)
    assert [action.name for action in kind.actions][-5:] == list(CORRECTION_ACTIONS)
    assert kind.action("void").sources == kind.open_states and kind.action("void").roles == ("registrar",)
    assert kind.action("approve-void").dest == "voided" and kind.action("amend").roles == ("head",)
    # Only the approver's own undo leaves a voided case.
    assert BUILT_IN_KINDS.machine(code).allowed("voided") == ["undo"]


def test_an_office_kind_gets_them_too_and_may_not_name_an_action_as_they_are_named():
    board = with_corrections(kind_from_definition({**SUGGESTION_DEFINITION, "code": "board", "label": "留言板"}))
    assert board.state("voided").label == "已作废" and board.action("undo").name == "undo"
    assert with_corrections(board) is board
    clashing = {**SUGGESTION_DEFINITION, "code": "board2", "label": "留言板",
                "actions": [*SUGGESTION_DEFINITION["actions"], {"name": "undo", "from": ["assigned"], "roles": ["head"]}]}
    with pytest.raises(InvalidInput, match=r"^kind board2: the action undo is the engine's own"):
        with_corrections(kind_from_definition(clashing))
    states = [*SUGGESTION_DEFINITION["states"], {"code": "voided", "label": "作废", "open": False}]
    actions = [*SUGGESTION_DEFINITION["actions"], {"name": "cancel", "from": ["assigned"], "to": "voided", "roles": ["head"]}]
    with pytest.raises(InvalidInput, match=r"^kind board3: the state voided is the engine's own \(已作废\)"):
        with_corrections(kind_from_definition(
            {**SUGGESTION_DEFINITION, "code": "board3", "label": "留言板", "states": states, "actions": actions}
        ))
    assert "voided" not in [state.code for state in BUILT_IN["disclosure"].states]  # the definition itself is unchanged


# -- void ----------------------------------------------------------------------------------------


def test_a_registration_in_error_is_voided_by_a_registrar_asking_and_a_head_approving(office):
    context, cases = office
    number = cases.register(user="wang", on="2025-11-03", received="2025-11-03", **APPLICATION).number
    with pytest.raises(RuleViolation, match=r"^nobody has asked to void case 2025-0001; a registrar asks first"):
        cases.act(number, "approve-void", user="liu")
    with pytest.raises(RuleViolation, match=r"^void needs the role registrar; hank does not hold it"):
        cases.act(number, "void", user="hank", reason="登记错误")
    with pytest.raises(InvalidInput, match=r"^void needs --reason$"):
        cases.act(number, "void", user="wang")
    asked = cases.act(number, "void", user="wang", reason="同一申请重复登记")
    assert asked.state == "registered" and asked.case.facts["void_request"]["by"] == "wang"
    with pytest.raises(RuleViolation, match=r"waits for a head \(approve-void or reject-void\)$"):
        cases.act(number, "void", user="wang", reason="again")

    voided = cases.act(number, "approve-void", user="liu")
    assert (voided.state, voided.state_label) == ("voided", "已作废")
    assert {name: clock.status for name, clock in voided.case.clocks.items()} == {
        "reply": ClockStatus.STOPPED, "correction_notice": ClockStatus.STOPPED,
    }
    assert voided.case.facts["voided"] == {"on": "2025-12-01", "by": "liu", "requested_by": "wang", "reason": "同一申请重复登记"}
    assert voided.case.outcome is None and voided.case.concluded_on is None  # neither concluded nor open in any count
    with pytest.raises(RuleViolation, match=r"^assign is not allowed while the case is in state voided 已作废$"):
        cases.act(number, "assign", user="wang", to="hank")
    assert cases.actions(number, "wang") == [] and cases.actions(number, "liu") == []
    # Kept, numbered, left out of the listing unless asked for by state (code or label).
    kept = cases.register(user="wang", on="2025-12-01", received="2025-12-01", **APPLICATION).number
    assert kept == "2025-0002"
    assert [view.number for view in cases.cases()] == ["2025-0002"]
    assert [view.number for view in cases.cases(state="voided")] == [view.number for view in cases.cases(state="已作废")] == [number]
    assert [event.type for event in cases.history(number)] == ["register", "void", "approve-void"]
    assert _replays_to_the_stored_case(context, number)


def test_the_approver_alone_undoes_an_approval_the_same_day(office):
    context, cases = office
    number = cases.register(user="wang", on="2025-11-03", received="2025-11-03", **APPLICATION).number
    cases.act(number, "void", user="wang", reason="重复登记")
    cases.act(number, "approve-void", user="liu")
    with pytest.raises(RuleViolation, match=r"^another event followed wang's v2 void on case 2025-0001: v3 approve-void by liu"):
        cases.act(number, "undo", user="wang")
    back = cases.act(number, "undo", user="liu")
    assert back.state == "registered" and back.due.on == date(2025, 12, 1) and back.case.clock_open()
    assert back.case.facts["void_request"]["by"] == "wang" and "voided" not in back.case.facts  # the request waits again
    assert [view.number for view in cases.cases()] == [number]
    assert _replays_to_the_stored_case(context, number)


def test_the_head_who_asked_does_not_approve_and_a_head_may_reject(office):
    context, cases = office
    number = cases.register(user="zhou", on="2025-11-03", received="2025-11-03", **APPLICATION).number
    cases.act(number, "void", user="zhou", reason="登记错误")
    with pytest.raises(RuleViolation, match=r"^zhou asked to void case 2025-0001 and may not approve it: another head approves$"):
        cases.act(number, "approve-void", user="zhou")
    rejected = cases.act(number, "reject-void", user="liu", reason="登记无误")
    assert rejected.state == "registered" and "void_request" not in rejected.case.facts
    assert cases.act(number, "assign", user="wang", to="hank").state == "processing"
    assert _replays_to_the_stored_case(context, number)


def test_a_voided_case_raises_no_alert(office):
    context, cases = office
    sweeper = Sweeper(context, cases)
    voided = cases.register(user="wang", on="2025-10-09", received="2025-10-09", **APPLICATION).number
    kept = cases.register(user="wang", on="2025-10-09", received="2025-10-09", **APPLICATION).number
    assert cases.case(kept).due.on == date(2025, 11, 5)
    cases.act(voided, "void", user="wang", reason="重复登记")
    cases.act(voided, "approve-void", user="liu")
    alerted = {alert["case"] for alert in sweeper.sweep("2025-12-01")}
    assert alerted == {kept}


# -- amend ---------------------------------------------------------------------------------------


def _replied_on_its_last_day(cases):
    number = cases.register(user="wang", on="2025-11-03", received="2025-11-03", **APPLICATION).number
    cases.act(number, "assign", user="wang", on="2025-11-04", to="hank")
    replied = cases.act(number, "reply", user="hank", on="2025-12-01", outcome="unavailable.not_held")
    assert (replied.case.clocks["reply"].due(replied.calendar).on, replied.case.reply_on_time) == (date(2025, 12, 1), True)
    return number


def test_an_amended_receipt_date_counts_the_reply_period_again_and_judges_the_reply_late(office):
    context, cases = office
    number = _replied_on_its_last_day(cases)
    amended = cases.act(number, "amend", user="liu", version=1, field="received", value="2025-10-31", reason="收件登记簿为10月31日")
    case = amended.case
    assert case.received_on == date(2025, 10, 31) and case.state == "replied" and case.version == 4
    assert case.clocks["reply"].due(amended.calendar).on == date(2025, 11, 28)
    assert case.reply_on_time is False  # replied 12-01, after the corrected last day 11-28
    history = cases.history(number)
    assert [event.type for event in history] == ["register", "assign", "reply", "amend"]
    assert history[0].data["received_on"] == "2025-11-03" and history[2].data["on_time"] is True  # the originals stay
    assert {key: history[3].data[key] for key in ("version", "type", "field", "value", "previous")} == {
        "version": 1, "type": "register", "field": "received", "value": "2025-10-31", "previous": "2025-11-03",
    }
    assert history[3].data["changes"]["3"] == {"data": {"due_on": "2025-11-28", "on_time": False}}
    assert case.facts["corrections"][0]["of_version"] == 1 and case.facts["corrections"][0]["user"] == "liu"
    explained = cases.explain(number)
    assert explained.receipt["on"] == "2025-10-31" and explained.due.on == date(2025, 11, 28)
    assert explained.steps[0].on == date(2025, 10, 31)  # the count starts from the corrected receipt date
    assert _replays_to_the_stored_case(context, number)


def test_an_amended_confirmation_date_moves_an_online_receipt_by_its_rule(office):
    context, cases = office
    number = cases.register(
        user="wang", on="2025-11-10", channel="online", submitted_on="2025-11-07", confirmed_on="2025-11-10",
        applicant="李四", applicant_type="natural", request="x",
    ).number
    assert cases.case(number).due.on == date(2025, 12, 8)
    amended = cases.act(number, "amend", user="liu", version=1, field="confirmed_on", value="2025-11-08", reason="回执日期录错")
    assert amended.case.received_on == date(2025, 11, 8) and amended.due.on == date(2025, 12, 5)
    assert amended.case.receipt == {"rule": "confirmed_on", "submitted_on": "2025-11-07", "confirmed_on": "2025-11-08"}
    with pytest.raises(RuleViolation, match=r"before the application was sent or handed in \(--submitted-on 2025-11-07\)$"):
        cases.act(number, "amend", user="liu", version=1, field="confirmed_on", value="2025-11-06", reason="x")
    assert _replays_to_the_stored_case(context, number)


def test_amended_fields_of_the_registration_are_checked_as_at_registration(office):
    context, cases = office
    number = cases.register(user="wang", on="2025-11-03", received="2025-11-03", **APPLICATION).number
    amended = cases.act(number, "amend", user="liu", version=1, field="applicant_type", value="商业企业", reason="申请人为企业")
    assert amended.case.applicant["type"] == "enterprise"
    amended = cases.act(number, "amend", user="liu", version=1, field="channel", value="信函", reason="邮寄")
    assert amended.case.channel == "post"
    with pytest.raises(InvalidInput, match=r"^unknown applicant type 'alien'"):
        cases.act(number, "amend", user="liu", version=1, field="applicant_type", value="alien", reason="x")
    with pytest.raises(RuleViolation, match=r"^v1 register says channel post already$"):
        cases.act(number, "amend", user="liu", version=1, field="channel", value="post", reason="x")
    assert [item["field"] for item in amended.case.facts["corrections"]] == ["applicant_type", "channel"]
    assert _replays_to_the_stored_case(context, number)


def test_an_amendment_that_would_make_the_history_invalid_is_refused_and_writes_nothing(office):
    context, cases = office
    number = _replied_on_its_last_day(cases)
    before = _stored(context, number).copy()
    refusals = [
        (dict(version=2, field="on", value="2025-11-02"), RuleViolation,
         r"^the amendment puts v2 assign on 2025-11-02, before v1 register on 2025-11-03$"),
        (dict(version=3, field="on", value="2025-12-02"), RuleViolation, r"^the amended date 2025-12-02 is in the future \(today is 2025-12-01\)$"),
        (dict(version=1, field="received", value="2025-11-04"), RuleViolation, r"^the receipt date 2025-11-04 is after the registration date 2025-11-03$"),
        (dict(version=2, field="colour", value="red"), InvalidInput, r"^amend corrects a step's date \(on\) or a registration's field"),
        (dict(version=2, field="request", value="x"), InvalidInput, r"^request is a field of the registration \(v1\); v2 is a assign$"),
        (dict(version=9, field="on", value="2025-11-05"), InvalidInput, r"^case 2025-0001 has versions 1 to 3, not 9$"),
    ]
    for params, error, message in refusals:
        with pytest.raises(error, match=message):
            cases.act(number, "amend", user="liu", reason="x", **params)
    with pytest.raises(RuleViolation, match=r"^amend needs the role head; wang does not hold it$"):
        cases.act(number, "amend", user="wang", version=2, field="on", value="2025-11-05", reason="x")
    assert _stored(context, number) == before and len(cases.history(number)) == 3


def test_an_amended_step_date_moves_what_counts_from_it(office):
    context, cases = office
    number = cases.register(user="wang", on="2025-11-03", received="2025-11-03", **APPLICATION).number
    cases.act(number, "assign", user="wang", on="2025-11-04", to="hank")
    cases.act(number, "request-correction", user="hank", on="2025-11-10")
    asked = cases.case(number)
    # 15 working days from 11-10: 11-11…14 (4), 17…21 (9), 24…28 (14), 12-01 (15).
    assert asked.case.clocks["correction"].due(asked.calendar).on == date(2025, 12, 1)
    amended = cases.act(number, "amend", user="liu", version=3, field="on", value="2025-11-07", reason="告知书落款11月7日")
    # From 11-07: 11-10…14 (5), 17…21 (10), 24…28 (15) → 11-28.
    assert amended.case.clocks["correction"].due(amended.calendar).on == date(2025, 11, 28)
    assert amended.case.last_on == date(2025, 11, 7)
    assert _replays_to_the_stored_case(context, number)


def test_the_amendment_of_an_applicants_personal_data_is_masked_in_the_history(office):
    context, cases = office
    number = cases.register(user="wang", on="2025-11-03", received="2025-11-03", id_number="110101199001011234", **APPLICATION).number
    cases.act(number, "amend", user="liu", version=1, field="id_number", value="110101199001014321", reason="身份证号录错")
    amendment = cases.history(number)[-1].data
    assert (amendment["previous"], amendment["value"]) == ("110***********1234", "110***********4321")
    assert amendment["changes"]["1"]["data"]["applicant"]["id_number"] == "110***********4321"
    assert _stored(context, number).applicant["id_number"] == "110101199001014321"
    listed = cases.case(number).case.facts["corrections"][0]
    assert (listed["previous"], listed["value"]) == ("110***********1234", "110***********4321")


# -- undo ----------------------------------------------------------------------------------------


def test_a_handler_undoes_their_own_step_of_today_and_the_case_is_as_before_it(office):
    context, cases = office
    _recorded_on(context, date(2025, 11, 4))
    number = cases.register(user="wang", on="2025-11-03", received="2025-11-03", **APPLICATION).number
    cases.act(number, "assign", user="wang", on="2025-11-04", to="hank")
    _recorded_on(context, TODAY)
    before = _stored(context, number).copy()
    asked = cases.act(number, "request-correction", user="hank", on="2025-11-20")
    assert asked.state == "correction" and asked.case.clocks["reply"].status is ClockStatus.STOPPED
    undone = cases.act(number, "undo", user="hank").case
    assert undone.version == 4 and undone.last_on == date(2025, 11, 4)
    assert (undone.state, undone.handler, undone.clocks, undone.correction_round) == (
        before.state, before.handler, before.clocks, before.correction_round
    )
    assert undone.facts["corrections"] == [
        {"version": 4, "type": "undo", "on": "2025-12-01", "user": "hank", "of_version": 3, "of_type": "request-correction"}
    ]
    # Never taken: the correction may still be asked (once, [GK] 30), and the undo itself is not undone.
    with pytest.raises(RuleViolation, match=r"^v4 undid a step already; an undo is not undone$"):
        cases.act(number, "undo", user="hank")
    assert cases.act(number, "request-correction", user="hank").state == "correction"
    assert _replays_to_the_stored_case(context, number)


def test_undo_is_refused_for_anothers_step_an_earlier_days_a_followed_one_and_a_registration(office):
    context, cases = office
    _recorded_on(context, date(2025, 11, 4))
    number = cases.register(user="wang", on="2025-11-03", received="2025-11-03", **APPLICATION).number
    cases.act(number, "assign", user="wang", on="2025-11-04", to="hank")
    with pytest.raises(RuleViolation, match=r"^a registration is not undone; a registrar asks to void case 2025-0002"):
        fresh = cases.register(user="wang", on="2025-11-04", received="2025-11-04", **APPLICATION).number
        cases.act(fresh, "undo", user="wang")
    _recorded_on(context, TODAY)
    with pytest.raises(RuleViolation, match=r"^v2 assign was recorded on 2025-11-04; a step is undone only on the day it was recorded"):
        cases.act(number, "undo", user="wang")
    with pytest.raises(RuleViolation, match=r"^liu has taken no step on case 2025-0001; only a step of one's own is undone$"):
        cases.act(number, "undo", user="liu")
    cases.act(number, "request-correction", user="hank")
    with pytest.raises(RuleViolation, match=r"^another event followed wang's v2 assign on case 2025-0001: v3 request-correction by hank"):
        cases.act(number, "undo", user="wang")
    assert len(cases.history(number)) == 3


def test_an_undone_or_correcting_event_is_not_amended_and_an_undone_amendment_amends_nothing(office):
    context, cases = office
    number = cases.register(user="wang", on="2025-11-03", received="2025-11-03", **APPLICATION).number
    cases.act(number, "assign", user="wang", on="2025-11-04", to="hank")
    cases.act(number, "request-correction", user="hank", on="2025-11-10")
    cases.act(number, "undo", user="hank")
    with pytest.raises(RuleViolation, match=r"^v3 request-correction was undone; there is nothing to amend$"):
        cases.act(number, "amend", user="liu", version=3, field="on", value="2025-11-07", reason="x")
    with pytest.raises(RuleViolation, match=r"^v4 is an undo, a correction; amend corrects a step$"):
        cases.act(number, "amend", user="liu", version=4, field="on", value="2025-11-07", reason="x")
    cases.act(number, "amend", user="liu", version=2, field="on", value="2025-11-05", reason="分办单日期")
    undone = cases.act(number, "undo", user="liu").case
    assert undone.last_on == date(2025, 11, 4) and undone.clocks["correction_notice"].ledger[-1].on == date(2025, 11, 4)
    assert _replays_to_the_stored_case(context, number)
