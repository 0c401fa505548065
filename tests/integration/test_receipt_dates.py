"""The legal receipt date by channel ([GK] 31) through the Office, on both backends: recorded with its
rule, shown, explained, and folded again by the audit.

November–December 2026 has no holiday or make-up day: the working days are Monday to Friday.
"""

from __future__ import annotations

from datetime import date

import pytest

from disclosure.workflow.errors import InvalidInput, RuleViolation

APPLICANT = {"applicant": "张三", "applicant_type": "natural", "request": "某路段改造批复"}


def test_an_online_application_confirmed_on_monday_is_due_twenty_working_days_from_monday(office):
    # Submitted Saturday 7 November, confirmed Monday 9 November ([GK] 31(3)) → received the 9th.
    # 10–13 (4), 16–20 (9), 23–27 (14), 30 November (15), 1–4 December (19), Monday 7 December (20);
    # from the Saturday it would have been Friday 4 December.
    view = office.register(
        user="reg", on="2026-11-09", channel="online", submitted_on="2026-11-07", confirmed_on="2026-11-09", **APPLICANT,
    )
    assert (view.case.received_on, view.due.on) == (date(2026, 11, 9), date(2026, 12, 7))
    shown = office.case(view.number).to_dict()["receipt"]
    assert shown == {
        "rule": "confirmed_on", "submitted_on": "2026-11-07", "confirmed_on": "2026-11-09",
        "rule_text": "the day the office and the applicant confirmed receipt 双方确认之日", "article": "[GK] 31(3)",
    }
    assert office.history(view.number)[0].data["receipt"] == {
        "rule": "confirmed_on", "submitted_on": "2026-11-07", "confirmed_on": "2026-11-09",
    }
    explanation = office.explain(view.number)
    first, second = explanation.steps[:2]
    assert (first.kind, first.on, first.name) == ("receipt", date(2026, 11, 9), "confirmed_on")
    assert (second.kind, second.on, explanation.due.on) == ("start", date(2026, 11, 9), date(2026, 12, 7))
    assert explanation.receipt["on"] == "2026-11-09" and explanation.receipt["article"] == "[GK] 31(3)"
    assert office.verify().intact and office.replay() == []


def test_a_letter_signed_for_is_received_on_the_signature(office):
    # Posted Monday 2 November, signed for Thursday 5 November ([GK] 31(2)): 6 (1), 9–13 (6), 16–20 (11),
    # 23–27 (16), 30 November–3 December (20).
    view = office.register(
        user="reg", on="2026-11-06", channel="post", submitted_on="2026-11-02", signed_on="2026-11-05", **APPLICANT,
    )
    assert (view.case.received_on, view.due.on, view.case.receipt["rule"]) == (date(2026, 11, 5), date(2026, 12, 3), "signed_on")
    assert office.explain(view.number, "correction_notice").steps[0].kind == "receipt"


def test_a_date_given_as_worked_out_is_recorded_as_given_and_explained_so(office):
    view = office.register(user="reg", on="2026-11-06", channel="in_person", received="2026-11-06", **APPLICANT)
    assert view.case.receipt == {"rule": "given"}
    step = office.explain(view.number).steps[0]
    assert (step.kind, step.name) == ("receipt", "given")


def test_a_period_restarted_after_a_correction_no_longer_counts_from_the_receipt(office):
    number = office.register(
        user="reg", on="2026-11-09", channel="online", confirmed_on="2026-11-09", **APPLICANT,
    ).number
    office.act(number, "request-correction", user="han", on="2026-11-10")
    office.act(number, "receive-correction", user="reg", on="2026-11-12")
    explanation = office.explain(number)
    assert explanation.receipt is None and explanation.steps[0].kind == "restart"


def test_a_petitions_handling_clock_started_on_the_day_of_receipt_is_not_explained_by_the_receipt(office):
    # Accepted the day it was received: the handling period counts from the acceptance, not from [GK] 31.
    number = office.register(
        kind="petition", user="reg", on="2026-11-09", channel="online", confirmed_on="2026-11-09", **APPLICANT,
    ).number
    assert office.explain(number).steps[0].kind == "receipt"  # the acceptance period counts from the receipt
    office.act(number, "accept", user="reg", on="2026-11-09")
    explanation = office.explain(number)
    assert (explanation.clock, explanation.steps[0].kind, explanation.receipt) == ("handling", "start", None)


@pytest.mark.parametrize(
    ("dates", "error"),
    [
        ({"channel": "online", "submitted_on": "2026-11-07"}, InvalidInput),
        ({"channel": "in_person", "confirmed_on": "2026-11-07"}, InvalidInput),
        ({"channel": "online", "confirmed_on": "2026-11-09", "received": "2026-11-07"}, RuleViolation),
        ({"channel": "post", "submitted_on": "2026-11-09", "signed_on": "2026-11-06"}, RuleViolation),
    ],
)
def test_a_refused_registration_stores_nothing(office, dates, error):
    with pytest.raises(error):
        office.register(user="reg", on="2026-11-09", **dates, **APPLICANT)
    assert office.cases() == []
    assert office.register(user="reg", on="2026-11-09", channel="fax", confirmed_on="2026-11-09", **APPLICANT).number == "2026-0001"
