"""Which letter a case allows, and what a reply must say before its letter goes out ([GK] 30–39;
workflow/letters.py). The cases are built through the engine (tests/letters/conftest.py)."""

from __future__ import annotations

import pytest

from disclosure.workflow.case import Case
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.kinds import BUILT_IN
from disclosure.workflow.letters import (
    LETTER_FOR_ACTION, LETTER_KINDS, check_letter, letter_for_action, letter_kind_code, letters_to_deliver,
    missing_reply_content,
)
from tests.letters.conftest import OFFICE, cleared, register, story

GK = "《中华人民共和国政府信息公开条例》"


def test_a_letter_kind_is_named_by_its_code_or_its_chinese_label():
    assert letter_kind_code("extension") == "extension"
    assert letter_kind_code("延期答复告知书") == "extension"
    assert letter_kind_code("送达回证") == "delivery-receipt"
    assert letter_kind_code("收到申请告知书（登记回执）") == letter_kind_code("收到申请告知书(登记回执)") == "acknowledgement"
    with pytest.raises(InvalidInput) as refused:
        letter_kind_code("notice")
    message = str(refused.value)
    assert "\n" not in message and "unknown letter kind 'notice'" in message
    assert "third-party-decision (第三方决定公开告知书)" in message and "reply (答复告知书)" in message


def test_each_letter_goes_with_an_action_of_the_disclosure_kind():
    actions = {action.name for action in BUILT_IN["disclosure"].actions}
    assert set(LETTER_FOR_ACTION) <= actions
    assert set(LETTER_FOR_ACTION.values()) == set(LETTER_KINDS) - {"delivery-receipt"}
    assert letter_for_action("notify_fee") == "fee"
    assert letter_for_action("request-correction") == "correction"
    with pytest.raises(RuleViolation, match="^action assign has no letter; letters go with register, "):
        letter_for_action("assign")


def _refusal(kind, case, events, office=None) -> str:
    with pytest.raises(RuleViolation) as refused:
        check_letter(kind, case, events, office)
    assert "\n" not in str(refused.value)
    return str(refused.value)


def test_no_extension_letter_without_an_extension_nor_without_its_reason(office):
    number = register(office)
    office.act(number, "assign", user="reg", on="2026-11-03", to="han")
    assert _refusal("extension", *story(office, number)) == (
        f"no extension letter (延期答复告知书) for case {number}: its reply period was not extended ([GK] 33)"
    )
    office.act(number, "extend", user="boss", on="2026-11-10", days=10)
    assert "the extend recorded none (its --note)" in _refusal("extension", *story(office, number))


def test_no_correction_letter_unless_a_correction_was_asked_naming_what(office):
    asked_nothing = register(office)
    assert "no correction was asked for ([GK] 30)" in _refusal("correction", *story(office, asked_nothing))
    unnamed = register(office)
    office.act(unnamed, "request-correction", user="han", on="2026-11-03")
    assert "names everything to correct ([GK] 30)" in _refusal("correction", *story(office, unnamed))
    named = register(office)
    office.act(named, "request-correction", user="han", on="2026-11-03", note="请写明所需文件的名称或文号")
    check_letter("correction", *story(office, named))


def test_third_party_letters_follow_the_consultation_and_the_heads_decision(office):
    number = register(office)
    office.act(number, "assign", user="reg", on="2026-11-03", to="han")
    office.act(number, "consult", user="han", on="2026-11-04", party="agency", name="某区住建局")
    assert "no third party was consulted ([GK] 32)" in _refusal("consultation", *story(office, number))
    office.act(number, "receive-opinion", user="han", on="2026-11-05", opinion="agree")
    office.act(number, "consult", user="han", on="2026-11-06", party="third_party", name="某建设工程有限公司")
    check_letter("consultation", *story(office, number))
    assert "has not decided to release over a third party's objection" in _refusal("third-party-decision", *story(office, number))
    office.act(number, "opinion-request-received", user="reg", on="2026-11-09")
    office.act(number, "receive-opinion", user="han", on="2026-11-10", opinion="object", reason="涉及商业秘密")
    office.act(number, "public-interest-release", user="boss", on="2026-11-11", reason="涉及公共安全")
    check_letter("third-party-decision", *story(office, number))


def test_fee_reply_and_delivery_receipt_letters_need_their_step(office):
    number = register(office)
    office.act(number, "assign", user="reg", on="2026-11-03", to="han")
    case, events = story(office, number)
    assert "no fee was notified (notify-fee)" in _refusal("fee", case, events)
    assert "it has not been replied to" in _refusal("reply", case, events)
    assert "it has no letter issued to deliver" in _refusal("delivery-receipt", case, events)
    office.act(number, "notify-fee", user="han", on="2026-11-04", pages=40)
    check_letter("fee", *story(office, number))


def test_a_petition_may_be_acknowledged_but_gets_no_disclosure_letter(office):
    number = office.register(user="reg", on="2026-11-02", kind="petition", channel="post", received="2026-11-02",
                             signed_on="2026-11-02", applicant="李四", applicant_type="natural", request="反映噪声扰民").number
    case, events = story(office, number)
    check_letter("acknowledgement", case, events)
    assert _refusal("fee", case, events) == (
        f"no fee letter (收费通知书) for case {number}: it is a letter of applications for government information, "
        "and this is a petition case"
    )


def _replied(outcome: str, **reasons) -> Case:
    case = Case(number="2026-0009", kind="disclosure", state="replied", outcome=outcome)
    case.replied_on = case.received_on = None
    case.reply_reasons = reasons
    return case


@pytest.mark.parametrize("outcome, reasons, missing", [
    ("granted", {}, []),
    ("other.other", {}, []),
    ("partial", {}, ["the reason for partial (理由)", "the legal basis for partial (法律依据)"]),
    ("withheld.state_secret", {"reason": "属于国家秘密", "basis": "保守国家秘密法有关规定"},
     ["the article of the legal basis '保守国家秘密法有关规定' (法律依据的条款)"]),
    ("withheld.third_party", {"reason": "涉及商业秘密", "basis": f"{GK}第十五条、第三十二条"}, []),
    ("unavailable.not_held", {"reason": "经检索未找到"}, ["the legal basis for unavailable.not_held (法律依据)"]),
    ("declined.publication", {"reason": "要求提供公开出版物", "basis": f"{GK}第39条第二款"},
     ["where to obtain the information (获取途径, the reply's available_at)"]),
    ("declined.publication", {"reason": "要求提供公开出版物", "basis": f"{GK}第三十九条第二款", "available_at": "新华书店"}, []),
])
def test_what_each_outcome_family_must_say(outcome, reasons, missing):
    assert missing_reply_content(_replied(outcome, **reasons), None) == missing


def test_every_reply_names_the_responsible_office_and_its_contact():
    granted = _replied("granted")
    assert missing_reply_content(granted, OFFICE) == []
    assert missing_reply_content(granted, {"name": " ", "phone": "010-1"}) == [
        "the responsible office's name (名称) in disclosure.toml [office]",
        "the responsible office's contact (联系人) in disclosure.toml [office]",
    ]


def test_a_reply_letter_is_refused_naming_everything_missing_in_one_line(office):
    number = cleared(office)
    office.act(number, "reply", user="han", on="2026-11-06", outcome="declined.confirmation", basis="有关规定")
    case, events = story(office, number)
    assert _refusal("reply", case, events, {**OFFICE, "contact": ""}) == (
        f"no reply letter (答复告知书) for case {number}: [GK] 36–39 require the article of the legal basis '有关规定' "
        "(法律依据的条款); the responsible office's contact (联系人) in disclosure.toml [office]"
    )


def test_a_delivery_receipt_names_the_letters_since_the_last_to_their_addressee():
    case = Case(number="2026-0009", kind="disclosure", state="replied")
    letter = lambda kind, version: {"version": version, "on": "2026-11-10", "kind": kind, "number": f"第{version}号", "sha256": "0", "template": f"{kind}.docx"}  # noqa: E731
    case.letters = [letter("acknowledgement", 1), letter("delivery-receipt", 2), letter("extension", 5),
                    letter("consultation", 6), letter("reply", 9)]
    assert [found["kind"] for found in letters_to_deliver(case)] == ["extension", "reply"]
    case.letters = case.letters[:4]
    assert [found["kind"] for found in letters_to_deliver(case)] == ["consultation"]
    # As the case keeps them (workflow/papers.py): the kind under "letter".
    case.letters = [{"letter" if name == "kind" else name: value for name, value in issued.items()} for issued in case.letters]
    assert [(found["kind"], found["number"]) for found in letters_to_deliver(case)] == [("consultation", "第6号")]
    case.letters = case.letters[:2]
    assert letters_to_deliver(case) == []
    assert _refusal("delivery-receipt", case, []).endswith("every letter issued is on a delivery receipt already")
