"""Fees and third parties on the case book, SQLite and PostgreSQL ([FEE]; [GK] 32; docs/rules.md).

Dates are in November 2026 (national calendar: no holiday that month; "today" is Fri 2026-11-20).
"""

from __future__ import annotations

from datetime import date

import pytest

from disclosure.workflow.errors import RuleViolation
from tests.integration.conftest import register

ZHANG_ID = "110101199001011234"


def _applications(office, count, on, **applicant):
    return [register(office, received=on, **applicant).number for _ in range(count)]


def test_the_per_item_fee_counts_the_applicants_applications_of_the_month_across_cases(office):
    # Zhang San's applications received in November 2026, counted in the order received:
    #   1–6   received 11-02 with his ID number;
    #   7–10  received 11-03 under his name and phone, without the ID number;
    #   (not counted) 11-03 a 张三 with another ID number; 10-30 one of his in October; 11-04 a 张三
    #   with neither ID number nor a contact of his;
    #   11    received 11-04 with his ID number and phone: the 11th, ¥100.
    mine = _applications(office, 6, "2026-11-02", id_number=ZHANG_ID)
    mine += _applications(office, 4, "2026-11-03", phone="13800001234")
    _applications(office, 1, "2026-11-03", id_number="110101199201017777", phone="13800001234")
    _applications(office, 1, "2026-10-30", id_number=ZHANG_ID)
    _applications(office, 1, "2026-11-04")
    eleventh = register(office, received="2026-11-04", id_number=ZHANG_ID, phone="13800001234").number
    for number in (mine[0], eleventh):
        office.act(number, "assign", user="reg", on="2026-11-05", to="han")
    # The first of the month is free: a charge of nothing needs no notice.
    with pytest.raises(RuleViolation, match="needs no fee notice"):
        office.act(mine[0], "notify-fee", user="han", on="2026-11-06", scale="item")
    # A typed sum above the scale is refused; nothing is written.
    with pytest.raises(RuleViolation, match="above the scale"):
        office.act(eleventh, "notify-fee", user="han", on="2026-11-06", scale="item", amount="100.01")
    assert office.case(eleventh).case.version == 2
    view = office.act(eleventh, "notify-fee", user="han", on="2026-11-06", scale="item")
    assert view.state == "fee_pending"
    notice = office.history(eleventh)[-1]
    assert notice.data == {
        "scale": "item", "month": "2026-11", "position": 11, "scale_amount": "100.00", "amount": "100.00", "days": 20,
    }


def test_a_payment_made_in_time_but_recorded_after_the_lapse_is_taken_through_reinstate(office):
    number = register(office, received="2026-10-12").number
    office.act(number, "assign", user="reg", on="2026-10-13", to="han")
    office.act(number, "notify-fee", user="han", on="2026-10-14", pages=40)  # pages 31–40 at ¥10 = ¥100
    # The applicant signs for the notice on Fri 10-16; 20 working days from the next day:
    # 10-19…23 (5), 10-26…30 (10), 11-02…06 (15), 11-09…13 (20): the last day is Fri 11-13.
    office.act(number, "fee-notice-received", user="reg", on="2026-10-16")
    assert office.case(number).case.clocks["payment"].due(office.calendar).on == date(2026, 11, 13)
    office.sweep("2026-11-16", confirm=True)  # Monday: the period ran out on Friday, the case lapses
    lapsed = office.case(number)
    assert (lapsed.state, lapsed.case.outcome) == ("closed", "other.fee_unpaid")
    # The bank's receipt shows a payment on Thu 11-12, in time: the head reinstates the case on that day
    # with the reason, and the payment is recorded on it.
    office.act(number, "reinstate", user="boss", on="2026-11-12", reason="申请人11月12日已缴费，银行回单迟到")
    paid = office.act(number, "receive-payment", user="han", on="2026-11-12")
    assert (paid.state, paid.case.outcome) == ("processing", None)
    assert (paid.case.facts["fee_paid_on"], paid.case.facts["fee_amount"]) == ("2026-11-12", "100.00")
    assert [event.type for event in office.history(number)][-4:] == ["fee-notice-received", "lapse", "reinstate", "receive-payment"]
    assert office.verify().intact and office.replay() == []


def test_the_third_partys_objection_the_heads_decision_and_the_notice_are_in_the_chain(office):
    number = register(office, received="2026-10-12").number
    office.act(number, "assign", user="reg", on="2026-10-13", to="han")
    office.act(number, "consult", user="han", on="2026-10-14", party="third_party", name="某建设公司")
    # Received Fri 10-16: 15 working days from the next day, 10-19…23 (5), 10-26…30 (10), 11-02…06 (15).
    office.act(number, "opinion-request-received", user="reg", on="2026-10-16")
    assert office.case(number).case.clocks["opinion"].due(office.calendar).on == date(2026, 11, 6)
    office.act(number, "receive-opinion", user="han", on="2026-10-20", opinion="object", reason="商业秘密")
    office.act(number, "public-interest-release", user="boss", on="2026-10-21", reason="关系公共安全")
    office.act(number, "notify-third-party", user="han", on="2026-10-22")
    office.act(number, "submit-review", user="han", on="2026-10-23")
    office.act(number, "approve-review", user="rev", on="2026-10-23")
    replied = office.act(number, "reply", user="han", on="2026-10-26", outcome="granted")
    assert replied.case.facts["third_party_notified_on"] == "2026-10-22"
    types = [event.type for event in office.history(number)]
    assert types[3:8] == ["opinion-request-received", "receive-opinion", "public-interest-release", "notify-third-party", "submit-review"]
    assert office.verify().intact and office.replay() == []
