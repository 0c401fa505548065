"""Reasons in replies ([GK] 36–39): a reply that gives part, withholds, finds nothing or declines
records its reason and legal basis (given, or the outcome's defaults); any reply may record where
the information can be obtained."""

from __future__ import annotations

import pytest

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.kinds.disclosure_reply_grounds import LEGAL_BASIS, REASONED_FAMILIES
from disclosure.workflow.vocabulary import OUTCOMES, outcome_family
from tests.unit.test_disclosure_workflow import cleared, delivered, processing

GK = "《中华人民共和国政府信息公开条例》"


def test_the_defaults_are_the_outcomes_label_and_its_article():
    event = processing().do("reply", "2025-10-20", outcome="withheld.state_secret")
    assert (event.data["reason"], event.data["basis"]) == ("属于国家秘密", f"{GK}第十四条")


def test_what_the_clerk_gives_is_recorded_instead():
    story = processing()
    story.do("reply", "2025-10-20", outcome="withheld.process_info", reason="所申请的会议纪要属于过程性信息",
             basis=f"{GK}第十六条第二款", available_at="")
    assert story.case.reply_reasons == {"reason": "所申请的会议纪要属于过程性信息", "basis": f"{GK}第十六条第二款"}


@pytest.mark.parametrize("outcome, missing", [("partial", "--reason"), ("declined.confirmation", "--basis")])
def test_what_has_no_default_must_be_given(outcome, missing):
    cleared().refuse(InvalidInput, "reply", "2025-10-22", outcome=outcome, reason="  ", match=missing)


def test_where_to_obtain_what_is_already_public():
    story = cleared()
    event = story.do("reply", "2025-10-22", outcome="granted", available_at="区政府门户网站“财政预决算”栏目")
    assert story.case.reply_reasons == {"available_at": "区政府门户网站“财政预决算”栏目"}
    assert "reason" not in event.data and "basis" not in event.data  # everything asked for was given
    publication = processing().do("reply", "2025-10-20", outcome="declined.publication", available_at="新华书店")
    assert publication.data["basis"] == f"{GK}第三十九条第二款" and publication.data["available_at"] == "新华书店"


def test_every_reasoned_outcome_but_two_has_its_article():
    reasoned = {code for code in OUTCOMES if outcome_family(code) in REASONED_FAMILIES}
    assert reasoned - set(LEGAL_BASIS) == {"declined.confirmation"}
    assert set(LEGAL_BASIS) <= reasoned


def test_a_reopened_case_forgets_the_earlier_replys_reasons():
    story = delivered()
    assert story.case.reply_reasons == {}  # granted with nothing to add
    story.do("reopen", "2025-11-03", due="2025-12-01")
    story.do("reply", "2025-11-04", outcome="unavailable.not_held", reason="经检索未找到")
    assert story.case.reply_reasons == {"reason": "经检索未找到", "basis": f"{GK}第三十六条第（四）项、第（五）项"}
    story.do("deliver", "2025-11-05", method="post")
    story.do("reopen", "2025-11-10", due="2025-12-10")
    assert story.case.reply_reasons == {} and story.case.outcome is None
