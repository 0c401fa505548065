"""Third parties ([GK] 32; docs/rules.md "Third parties"), on the standard case of
tests/unit/test_disclosure_workflow.py (received Fri 2025-09-26, assigned 09-29).

The third party is asked on Mon 10-13 and receives the request on Wed 10-15. Its 15 working days run
from the next day: 10-16, 10-17 (2), 10-20…24 (7), 10-27…31 (12), 11-03, 11-04, 11-05 (15): the last
day is Wed 2025-11-05.
"""

from __future__ import annotations

import pytest

from disclosure.workflow.case import replay
from disclosure.workflow.errors import InvalidInput, RuleViolation
from tests.unit.test_disclosure_workflow import K, M, d, processing


def consulted():
    story = processing()
    story.do("consult", "2025-10-13", party="third_party", name="某建设公司")
    story.do("opinion-request-received", "2025-10-15")
    return story


def objected():
    story = consulted()
    story.do("receive-opinion", "2025-10-20", opinion="object", reason="涉及商业秘密")
    return story


def test_the_opinion_period_counts_from_the_third_partys_receipt():
    story = consulted()
    assert story.due("opinion") == d("2025-11-05")
    assert story.case.facts["opinion_request_received_on"] == "2025-10-15"
    story.refuse(RuleViolation, "opinion-request-received", "2025-10-16", match="was recorded on 2025-10-15")


def test_no_answer_is_recorded_only_after_the_last_day():
    story = consulted()
    story.refuse(RuleViolation, "receive-opinion", "2025-11-05", opinion="none", match="runs to 2025-11-05")
    event = story.do("receive-opinion", "2025-11-06", opinion="none")
    assert event.data == {"opinion": "none", "party": "third_party", "period_ended_on": "2025-11-05"}
    assert story.case.facts["opinion"] == "none" and "third_party_objected" not in story.case.facts


def test_no_answer_needs_the_receipt_the_period_runs_from():
    story = processing()
    story.do("consult", "2025-10-13", party="third_party")
    story.refuse(RuleViolation, "receive-opinion", "2025-12-01", opinion="none", match="record the party's receipt")


def test_an_unknown_answer_is_refused():
    story = consulted()
    story.refuse(InvalidInput, "receive-opinion", "2025-10-20", opinion="maybe", match="agree, object or none")


def _cleared(story, on="2025-10-22"):
    story.do("submit-review", on)
    story.do("approve-review", on)


def test_an_objection_blocks_a_full_release_but_not_a_partial_one():
    story = objected()
    assert story.case.facts["third_party_objected"] is True
    _cleared(story)
    story.refuse(RuleViolation, "reply", "2025-10-23", outcome="granted", match="public-interest decision")
    story.do("reply", "2025-10-23", outcome="partial", reason="第三方不同意公开的部分不予公开")  # what it objected to is withheld


def test_the_heads_public_interest_decision_alone_does_not_release():
    story = objected()
    story.refuse(RuleViolation, "notify-third-party", "2025-10-21", match="the head has made none")
    story.refuse(InvalidInput, "public-interest-release", "2025-10-21", match="needs --reason")
    decision = story.do("public-interest-release", "2025-10-21", reason="涉及公共安全，不公开将严重损害公共利益")
    assert (decision.user, decision.role) == ("hugo", "head")
    _cleared(story)
    story.refuse(RuleViolation, "reply", "2025-10-23", outcome="granted", match="must be told")


def test_after_the_decision_and_the_notice_everything_is_released():
    story = objected()
    story.do("public-interest-release", "2025-10-21", reason="涉及公共安全")
    notice = story.do("notify-third-party", "2025-10-21")
    assert notice.type == "notify-third-party"
    _cleared(story)
    story.do("reply", "2025-10-23", outcome="granted")
    # Both are events of the case, in its chain, and fold again to the same case.
    assert [event.type for event in story.events][-5:-3] == ["public-interest-release", "notify-third-party"]
    assert replay(K, M, story.events) == story.case
    assert story.case.facts["public_interest_reason"] == "涉及公共安全"


def test_a_public_interest_decision_needs_an_objection_and_is_made_once():
    story = consulted()
    story.do("receive-opinion", "2025-10-20", opinion="agree")
    story.refuse(RuleViolation, "public-interest-release", "2025-10-21", reason="x", match="none was recorded")
    story = objected()
    story.do("public-interest-release", "2025-10-21", reason="公共利益")
    story.refuse(RuleViolation, "public-interest-release", "2025-10-22", reason="again", match="decided on 2025-10-21")


def test_an_agencys_objection_does_not_block_the_release():
    story = processing()
    story.do("consult", "2025-10-13", party="agency", name="某局")
    story.do("receive-opinion", "2025-10-20", opinion="object")
    assert "third_party_objected" not in story.case.facts
    _cleared(story)
    story.do("reply", "2025-10-23", outcome="granted")


@pytest.mark.parametrize("user", ["hank", "rita"])
def test_the_receipt_and_the_notice_are_recorded_by_the_handler_or_the_registrar(user):
    story = processing()
    story.do("consult", "2025-10-13", party="third_party")
    assert story.do("opinion-request-received", "2025-10-14", user).user == user
