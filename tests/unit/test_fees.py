"""The information-processing fee ([FEE]; STATUTE.md §4; docs/rules.md "Fees"): the two scales worked by
hand, who is the same applicant, and the fee notice's rules on the standard case of
tests/unit/test_disclosure_workflow.py (received Fri 2025-09-26, assigned 09-29)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from disclosure.workflow.clocks import ClockStatus
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.fees import item_fee, month_position, page_fee, same_applicant
from tests.unit.test_disclosure_workflow import d, processing


@pytest.mark.parametrize(
    "pages, yuan",
    [
        (1, 0), (30, 0),  # pages 1–30 free
        (31, 10),  # page 31 at ¥10
        (100, 700),  # pages 31–100: 70 × ¥10
        (101, 720),  # 700 + page 101 at ¥20
        (200, 2700),  # 700 + pages 101–200: 100 × ¥20 = 2000
        (201, 2740),  # 2700 + page 201 at ¥40
        (250, 4700),  # 2700 + pages 201–250: 50 × ¥40 = 2000
    ],
)
def test_the_per_page_scale_charges_each_page_at_its_bands_rate(pages, yuan):
    assert page_fee(pages) == Decimal(yuan)


@pytest.mark.parametrize(
    "position, yuan",
    [
        (1, 0), (10, 0),  # the month's first ten free
        (11, 100), (30, 100),  # 11–30: ¥100 each
        (31, 200), (40, 200),  # 31–40: ¥200
        (41, 300), (50, 300),  # 41–50: ¥300
        (51, 400), (60, 400),  # and ¥100 more for each band of ten
    ],
)
def test_the_per_item_scale_charges_the_applicants_nth_application_of_the_month(position, yuan):
    assert item_fee(position) == Decimal(yuan)


ZHANG = {"name": "张三", "id_number": "110101199001011234", "phone": "138-0000-1234"}


@pytest.mark.parametrize(
    "other, same",
    [
        ({"name": "张三", "id_number": "110101199001011234"}, True),  # the ID number decides
        ({"name": "张 三", "id_number": "110101199001019999", "phone": "13800001234"}, False),  # two people, two numbers
        ({"name": "张三", "phone": "13800001234"}, True),  # name and phone (its digits)
        ({"name": "张三", "address": "某路1号"}, False),  # a name with no shared contact is not enough
        ({"name": "李四", "phone": "13800001234"}, False),  # a phone shared by another name
        ({"name": "张三"}, False),
    ],
)
def test_the_same_applicant_is_known_by_id_number_or_by_name_and_contact(other, same):
    assert same_applicant(ZHANG, other) is same
    assert same_applicant(other, ZHANG) is same


def test_the_same_name_and_address_is_the_same_applicant_without_an_id_number():
    assert same_applicant({"name": "某公司", "address": "某路 1 号"}, {"name": "某公司", "address": "某路1号"})


def test_an_application_stands_where_it_was_received_among_the_applicants_of_the_month():
    month = [
        ("2026-0003", date(2026, 11, 2), {"name": "张三", "phone": "13800001234"}),
        ("2026-0001", date(2026, 11, 2), {"name": "张三", "id_number": "110101199001011234"}),
        ("2026-0002", date(2026, 11, 1), {"name": "张三"}),  # no contact: not recognised, not counted
        ("2026-0004", date(2026, 11, 3), {"name": "张三", "id_number": "110101199001011234"}),
    ]
    # Counted in the order received, the number ordering a day's: 0001 (11-02), 0003 (11-02), 0004 (11-03).
    assert month_position("2026-0004", ZHANG, month) == 3
    # Each application is matched with the one charged, not through a third: 0003 gives no ID number and
    # 0001 no phone, so nothing ties them, and 0003 is its applicant's first of the month as far as is known.
    assert month_position("2026-0003", {"name": "张三", "phone": "13800001234"}, month) == 1


# -- the fee notice on a case -------------------------------------------------------------------


def test_a_typed_sum_below_the_scale_is_charged_and_one_above_it_refused():
    story = processing()
    # 45 pages: pages 31–45, 15 at ¥10 = ¥150.
    story.refuse(RuleViolation, "notify-fee", "2025-10-13", pages=45, amount="150.01", match="above the scale")
    event = story.do("notify-fee", "2025-10-13", pages=45, amount="80")
    assert (event.data["scale_amount"], event.data["amount"]) == ("150.00", "80.00")
    assert story.case.facts["fee_amount"] == "80.00" and story.case.fee_amount == "80.00"


@pytest.mark.parametrize("params", [{"pages": 30}, {"pages": 45, "amount": "0"}])
def test_a_charge_of_nothing_needs_no_notice(params):
    story = processing()
    story.refuse(RuleViolation, "notify-fee", "2025-10-13", match="needs no fee notice", **params)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"scale": "volume"}, "--scale must be page or item"),
        ({"pages": 0}, "--pages must be from 1 to 100000"),
        ({"pages": "many"}, "--pages must be a whole number"),
        ({"scale": "item", "pages": 40}, "one scale only"),
    ],
)
def test_a_malformed_basis_is_refused(params, message):
    story = processing()
    story.refuse(InvalidInput, "notify-fee", "2025-10-13", match=message, **params)


def test_the_per_item_scale_needs_the_case_book_to_count_the_month():
    story = processing()  # decided without a case book: nobody can count the applicant's month
    story.refuse(RuleViolation, "notify-fee", "2025-10-13", scale="item", match="only the case book knows")


def test_the_payment_period_waits_for_the_notices_receipt_and_is_recorded_once():
    story = processing()
    story.do("notify-fee", "2025-10-13", pages=40)  # pages 31–40 at ¥10 = ¥100
    assert "payment" not in story.case.clocks
    assert story.actions("hank", "2025-10-20") == ["fee-notice-received", "receive-payment"]
    event = story.do("fee-notice-received", "2025-10-20", "rita")
    assert (event.role, event.data) == ("registrar", {"days": 20})
    # Received Mon 10-20; 20 working days from the next day: 10-21…24 (4), 10-27…31 (9), 11-03…07 (14),
    # 11-10…14 (19), 11-17 (20).
    assert story.due("payment") == d("2025-11-17")
    story.refuse(RuleViolation, "fee-notice-received", "2025-10-21", match="was recorded on 2025-10-20")
    assert story.case.facts["fee_notice_received_on"] == "2025-10-20"


def test_a_payment_before_the_receipt_is_recorded_is_taken_and_names_its_sum():
    story = processing()
    story.do("notify-fee", "2025-10-13", pages=40)
    event = story.do("receive-payment", "2025-10-15")
    assert event.data == {"amount": "100.00"}
    assert story.state == "processing" and story.status("reply") is ClockStatus.RUNNING
    assert (story.case.facts["fee_paid_on"], story.case.facts["fee_amount"]) == ("2025-10-15", "100.00")
