"""Corrections done right ([GK] 30): every correction asked for at once, ``unavailable.still_unclear``
only after a correction was asked and answered, a correction asked before assignment returning the
case to registered, and ``reassign`` moving an open case to another handler.

The standard case (tests/unit/test_disclosure_workflow.py): received and registered Fri 2025-09-26;
the reply is due 20 working days later: 09-28 (make-up, 1), 09-29, 09-30 (3), 10-01…08 the National
Day holidays, 10-09, 10-10 (5), Sat 10-11 (make-up, 6), 10-13…17 (11), 20…24 (16), 27…30 (20) → 10-30.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from disclosure.workflow.case import replay
from disclosure.workflow.errors import InvalidInput, RuleViolation
from tests.unit.test_disclosure_workflow import CAL, K, M, delivered, in_correction, processing, registered

d = date.fromisoformat


class TestOneNoticeARound:
    def test_a_second_notice_on_the_same_application_is_refused(self):
        story = in_correction()  # asked Thu 10-09 from processing
        story.do("receive-correction", "2025-10-13")
        story.refuse(RuleViolation, "request-correction", "2025-10-14", match="every correction at once")
        assert "request-correction" not in story.actions("hank", "2025-10-14")

    def test_a_reopened_case_may_ask_again(self):
        story = delivered()  # granted 10-22, delivered 10-23
        story.do("reopen", "2025-11-03", due="2025-12-01")
        event = story.do("request-correction", "2025-11-04")
        assert event.data["round"] == 1 and story.case.correction_round == 1
        story.do("receive-correction", "2025-11-05")
        story.refuse(RuleViolation, "request-correction", "2025-11-06", match="every correction at once")

    def test_a_history_recorded_before_the_round_was_kept_still_counts_its_notice(self):
        # The events of an older version carried no round and no state to return to: replayed, the case
        # returns to processing as it then did, and its notice is still the one it may have.
        story = in_correction()
        story.do("receive-correction", "2025-10-13")
        older = [replace(event, data={key: value for key, value in event.data.items() if key not in ("round", "state")})
                 for event in story.events]
        case = replay(K, M, older)
        assert (case.state, case.correction_round) == ("processing", None)
        story.case, story.events = case, older
        story.refuse(RuleViolation, "request-correction", "2025-10-14", match="every correction at once")


class TestStillUnclear:
    def test_refused_without_a_correction(self):
        story = processing()
        story.refuse(RuleViolation, "reply", "2025-10-20", outcome="unavailable.still_unclear", match="correction asked for")

    def test_allowed_once_the_correction_was_answered(self):
        story = in_correction()
        story.do("receive-correction", "2025-10-13")
        event = story.do("reply", "2025-10-20", outcome="unavailable.still_unclear")
        assert story.case.outcome == "unavailable.still_unclear"
        assert event.data["basis"] == "《中华人民共和国政府信息公开条例》第三十条"


class TestCorrectionBeforeAssignment:
    def test_the_case_returns_to_registered_and_waits_for_its_handler(self):
        story = registered()
        story.do("request-correction", "2025-09-29")
        event = story.do("receive-correction", "2025-10-09", "rita")
        assert event.data == {"state": "registered"}
        assert (story.state, story.case.handler) == ("registered", None)
        # Restarted in full on Thu 10-09: 10-10 (1), Sat 10-11 make-up (2), 10-13…17 (7), 20…24 (12),
        # 27…31 (17), 11-03, 04, 05 (20) → 11-05.
        assert story.due() == d("2025-11-05")
        story.refuse(RuleViolation, "reply", "2025-10-10", outcome="unavailable.not_held", match="not allowed")
        story.do("assign", "2025-10-10", to="hank")
        assert (story.state, story.case.handler) == ("processing", "hank")

    def test_a_correction_asked_in_processing_returns_to_processing(self):
        story = in_correction()
        assert story.do("receive-correction", "2025-10-13").data == {"state": "processing"}
        assert (story.state, story.case.handler) == ("processing", "hank")


class TestReassign:
    @pytest.mark.parametrize("user", ["rita", "hugo"])
    def test_registrar_or_head_moves_an_open_case_to_another_handler(self, user):
        story = in_correction()
        event = story.do("reassign", "2025-10-10", user, to="hana")
        assert event.data == {"from": "hank", "to": "hana"}
        assert (story.state, story.case.handler) == ("correction", "hana")

    def test_a_case_without_a_handler_is_assigned_not_reassigned(self):
        story = registered()
        story.refuse(RuleViolation, "reassign", "2025-09-29", "rita", to="hana", match="assign gives it one")

    def test_to_the_same_handler_or_without_one(self):
        story = processing()
        story.refuse(RuleViolation, "reassign", "2025-10-10", "rita", to="hank", match="already handles")
        story.refuse(InvalidInput, "reassign", "2025-10-10", "rita")

    def test_a_handler_may_not_pass_the_case_on_and_a_closed_case_stays_put(self):
        story = processing()
        story.refuse(RuleViolation, "reassign", "2025-10-10", "hank", to="hana", match="role")
        story = delivered()
        story.refuse(RuleViolation, "reassign", "2025-10-24", "rita", to="hana", match="not allowed")


def test_calendar_of_the_module_docstring():
    assert processing().case.due(CAL).on == d("2025-10-30")
