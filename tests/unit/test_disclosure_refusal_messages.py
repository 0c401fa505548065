"""The one-line errors a clerk reads when a disclosure action's parameters are refused, and the
edges of the accepted values (docs/clerk.md, the table of actions; exit code 2 for usage errors).

Each refusal names the action and the option (``deliver needs --method``), or the option and the
value given (``--period must be positive (got 0)``), so that the clerk knows what to type instead.
The cases are the standard case of tests/unit/test_disclosure_workflow.py (received and registered
on Friday 2025-09-26, assigned 09-29, replied 10-22, delivered 10-23).
"""

from __future__ import annotations

import pytest

from disclosure.workflow.errors import InvalidInput, RuleViolation
from tests.unit.test_disclosure_workflow import (
    cleared,
    delivered,
    in_consultation,
    in_correction,
    in_review,
    processing,
    registered,
    replied,
)


def _message(story, error, action, on, user=None, **params) -> str:
    return str(story.refuse(error, action, on, user, **params))


# -- a missing value: "<action> needs --<option>" ------------------------------------------


@pytest.mark.parametrize(
    "build, action, on, params, expected",
    [
        (registered, "assign", "2025-09-29", {}, "assign needs --to"),
        (processing, "consult", "2025-10-13", {}, "consult needs --party"),
        (processing, "consult", "2025-10-13", {"name": "某建设公司"}, "consult needs --party"),
        (processing, "notify-fee", "2025-10-13", {}, "notify-fee needs --pages N (the per-page scale) or --scale item (the per-item scale)"),
        (processing, "notify-fee", "2025-10-13", {"amount": ""}, "notify-fee needs --pages N (the per-page scale) or --scale item (the per-item scale)"),
        (in_review, "return-review", "2025-10-21", {}, "return-review needs --note"),
        (processing, "extend", "2025-10-20", {}, "extend needs --days"),
        (cleared, "reply", "2025-10-22", {}, "reply needs --outcome"),
        (replied, "deliver", "2025-10-23", {}, "deliver needs --method"),
        (delivered, "record-appeal", "2025-11-10", {"type": "reconsideration"}, "record-appeal needs --result"),
        (delivered, "record-appeal", "2025-11-10", {"result": "pending"}, "record-appeal needs --type"),
        (delivered, "reopen", "2025-12-01", {}, "reopen needs --due"),
    ],
)
def test_a_missing_value_names_the_action_and_the_option(build, action, on, params, expected):
    assert _message(build(), InvalidInput, action, on, **params) == expected


# -- a value of the wrong form -------------------------------------------------------------


@pytest.mark.parametrize(
    "period, expected",
    [
        (0, "--period must be positive (got 0)"),
        (-3, "--period must be positive (got -3)"),
        ("x", "--period must be a whole number (got 'x')"),
    ],
)
def test_a_malformed_correction_period(period, expected):
    assert _message(processing(), InvalidInput, "request-correction", "2025-10-09", period=period) == expected


@pytest.mark.parametrize("party", ["applicant", "Agency", "third party"])
def test_an_unknown_consulted_party(party):
    message = _message(processing(), InvalidInput, "consult", "2025-10-13", party=party)
    assert message == f"unknown party {party!r}; expected third_party or agency"


@pytest.mark.parametrize(
    "days, expected",
    [
        (0, "--days must be positive (got 0)"),
        ("abc", "--days must be a whole number (got 'abc')"),
        ("2.5", "--days must be a whole number (got '2.5')"),
    ],
)
def test_a_malformed_number_of_extension_days(days, expected):
    assert _message(processing(), InvalidInput, "extend", "2025-10-20", days=days) == expected


def test_the_extension_refusals_say_why():
    story = processing()  # reply due Thu 2025-10-30
    assert _message(story, RuleViolation, "extend", "2025-10-20", days=21) == (
        "an extension may be at most 20 working days (got 21)"
    )
    assert _message(story, RuleViolation, "extend", "2025-10-31", days=5) == (
        "the reply was due on 2025-10-30; an extension must be decided before the due date passes"
    )
    story.do("extend", "2025-10-20", days=5)
    assert _message(story, RuleViolation, "extend", "2025-10-21", days=5) == (
        "the reply period has been extended once already; [GK] 33 allows one extension"
    )
    # While a correction is awaited the reply clock is stopped: there is nothing to extend.
    assert _message(in_correction(), RuleViolation, "extend", "2025-10-10", days=5) == (
        "extend needs a running or paused reply clock"
    )


def test_the_reply_refusals_say_why():
    assert _message(processing(), RuleViolation, "reply", "2025-10-20", outcome="partial") == (
        "a reply that releases information (partial) needs a cleared confidentiality review (保密审查)"
    )
    assert _message(cleared(), RuleViolation, "reply", "2025-10-22", outcome="other.fee_unpaid") == (
        "other.fee_unpaid is set by the engine when a period lapses, not by a reply"
    )
    assert _message(cleared(), InvalidInput, "reply", "2025-10-22", outcome="approved").startswith(
        "unknown outcome 'approved'; expected one of granted, partial, "
    )


def test_the_submitter_is_told_why_he_may_not_approve():
    story = in_review(submitter="sam")
    assert _message(story, RuleViolation, "approve-review", "2025-10-21", "sam") == (
        "sam submitted this reply for review and may not approve it (separation of duties, 保密审查)"
    )


def test_a_malformed_consent():
    message = _message(in_consultation(), InvalidInput, "receive-opinion", "2025-10-20", consent="maybe")
    assert message == "--consent must be yes or no (got 'maybe')"


@pytest.mark.parametrize(
    "amount, expected",
    [
        ("abc", "--amount must be a sum in yuan (got 'abc')"),
        # Decimal reads these, but they are no sum (once a bare decimal.InvalidOperation, not a one-line error).
        ("NaN", "--amount must be a sum in yuan (got 'NaN')"),
        ("sNaN", "--amount must be a sum in yuan (got 'sNaN')"),
        ("Infinity", "--amount must be a sum in yuan (got 'Infinity')"),
        ("-5", "--amount must be a positive sum in yuan with at most two decimals (got '-5')"),
        ("1.005", "--amount must be a positive sum in yuan with at most two decimals (got '1.005')"),
    ],
)
def test_a_malformed_fee(amount, expected):
    assert _message(processing(), InvalidInput, "notify-fee", "2025-10-13", amount=amount, pages=40) == expected


def test_an_unknown_delivery_method_lists_the_known_ones():
    message = _message(replied(), InvalidInput, "deliver", "2025-10-23", method="fax")
    assert message == "unknown delivery method 'fax'; expected one of post, email, in_person, online"


@pytest.mark.parametrize(
    "params, expected",
    [
        (
            {"type": "reconsideration", "result": "won"},
            "unknown appeal result 'won'; expected one of upheld, corrected, other, pending",
        ),
        (
            {"type": "appeal", "result": "pending"},
            "unknown appeal type 'appeal'; expected one of reconsideration, litigation, litigation_after_reconsideration",
        ),
    ],
)
def test_an_unknown_appeal_code_lists_the_known_ones(params, expected):
    assert _message(delivered(), InvalidInput, "record-appeal", "2025-11-10", **params) == expected


def test_updating_an_appeal_by_number():
    story = delivered()
    story.do("record-appeal", "2025-11-10", type="reconsideration", result="pending")
    story.do("record-appeal", "2025-11-11", type="litigation_after_reconsideration", result="pending")
    # The number is a positive whole number of an appeal on the case (there are two).
    assert _message(story, InvalidInput, "record-appeal", "2025-12-01", appeal=0, result="upheld") == (
        "--appeal must be positive (got 0)"
    )
    assert _message(story, InvalidInput, "record-appeal", "2025-12-01", appeal="first", result="upheld") == (
        "--appeal must be a whole number (got 'first')"
    )
    assert _message(story, InvalidInput, "record-appeal", "2025-12-01", appeal=3, result="upheld") == (
        "case 2025-0001 has no appeal 3"
    )
    # A type given with the number must be the appeal's own.
    assert _message(story, InvalidInput, "record-appeal", "2025-12-01", appeal=2, type="reconsideration", result="upheld") == (
        "appeal 2 is a litigation_after_reconsideration, not a reconsideration"
    )
    # The update's result is checked like a new one's.
    assert _message(story, InvalidInput, "record-appeal", "2025-12-01", appeal=1, result="won").startswith(
        "unknown appeal result 'won'"
    )
    story.do("record-appeal", "2025-12-01", appeal=1, result="corrected")
    assert _message(story, RuleViolation, "record-appeal", "2025-12-02", appeal=1, result="upheld") == (
        "appeal 1 was decided (corrected) and cannot change"
    )


@pytest.mark.parametrize(
    "due, expected",
    [
        ("next month", "--due 'next month' is not a date of the form YYYY-MM-DD"),
        ("2025-12-1", "--due '2025-12-1' is not a date of the form YYYY-MM-DD"),
        ("2025-12-01", "the new due date 2025-12-01 must be after 2025-12-01"),
        ("2025-11-28", "the new due date 2025-11-28 must be after 2025-12-01"),
    ],
)
def test_a_reopening_due_date_that_is_malformed_or_not_after_the_effective_date(due, expected):
    assert _message(delivered(), InvalidInput, "reopen", "2025-12-01", "hugo", due=due) == expected


# -- the edges of what is accepted -------------------------------------------------------------


@pytest.mark.parametrize(
    "amount, recorded",
    [
        ("0.01", "0.01"),  # the smallest sum there is: one fen
        ("0.5", "0.50"),
        ("1", "1.00"),
        ("12.3", "12.30"),
    ],
)
def test_any_positive_sum_in_fen_up_to_the_scale_is_a_fee(amount, recorded):
    story = processing()
    event = story.do("notify-fee", "2025-10-13", amount=amount, pages=32)  # the scale: pages 31, 32 at ¥10 = ¥20
    assert event.data == {"scale": "page", "pages": 32, "scale_amount": "20.00", "amount": recorded, "days": 20}
    assert story.case.fee_amount == recorded
    assert story.state == "fee_pending"


@pytest.mark.parametrize(
    "consent, recorded",
    [
        ("yes", "agree"),
        ("no", "object"),
        (True, "agree"),  # the library takes a boolean as well (office.act(..., consent=True))
        (False, "object"),
    ],
)
def test_consent_as_text_or_boolean_is_the_older_spelling_of_the_opinion(consent, recorded):
    story = in_consultation()
    event = story.do("receive-opinion", "2025-10-20", consent=consent)
    assert event.data == {"opinion": recorded, "party": "third_party"}
    assert story.state == "processing"
