"""The disclosure kind's fees ([FEE]; STATUTE.md §4): the notice's sum from its scale, the applicant's
receipt of the notice that starts the payment period, and the payment."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from disclosure.workflow.clocks import ClockStatus
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.fees import MOST_PAGES, SCALES, item_fee, month_position, page_fee
from disclosure.workflow.kinds.disclosure_params import STATUTORY_PERIODS, periods, required
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import code_named

__all__ = [
    "notify_fee_v1_to_v2", "notify_fee_v2_to_v3",
    "MOST_FEE", "decide_notify_fee", "check_fee_notice_received", "decide_fee_notice_received",
    "decide_receive_payment",
]

MOST_FEE = Decimal("1000000")
"""The largest fee notify-fee takes, in yuan: [FEE]'s charges are tens or hundreds of yuan, a million is a slip."""


def _fee_amount(raw) -> Decimal:
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():  # "NaN" and "Infinity" parse, but are no sum
        raise InvalidInput(t("--amount must be a sum in yuan (got {raw!r})", raw=raw))
    if amount > MOST_FEE:  # before quantize, which cannot hold 1e400 to the fen
        raise InvalidInput(t("--amount must be at most {most} yuan (got {raw!r})", most=MOST_FEE, raw=raw))
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(t("--amount must be a positive sum in yuan with at most two decimals (got {raw!r})", raw=raw))
    return amount.quantize(Decimal("0.01"))


def _fee_basis(case, acting, params) -> tuple[dict[str, Any], Decimal, str]:
    """The scale the application is charged on, what it counted, the scale's sum and how it was reached."""
    scale = params.get("scale") or ("page" if params.get("pages") is not None else None)
    if scale is None:
        raise InvalidInput(t("notify-fee needs --pages N (the per-page scale) or --scale item (the per-item scale)"))
    scale = code_named(str(scale), SCALES.items()) or scale  # its code, or its label (按件计收 is item)
    if scale not in SCALES:
        raise InvalidInput(t("--scale must be page or item (got {scale!r})", scale=scale))
    if scale == "page":
        pages = required(params, "pages", "notify-fee")
        try:
            pages = int(pages)
        except (TypeError, ValueError, OverflowError):
            raise InvalidInput(t("--pages must be a whole number (got {pages!r})", pages=pages)) from None
        if not 0 < pages <= MOST_PAGES:
            raise InvalidInput(t("--pages must be from 1 to {most} (got {pages})", most=MOST_PAGES, pages=pages))
        return {"scale": "page", "pages": pages}, page_fee(pages), t("{pages} pages", pages=pages)
    if params.get("pages") is not None:
        raise InvalidInput(t("--pages is the per-page scale's; an application is charged on one scale only"))
    if acting.applications_in_month is None:
        raise RuleViolation(t("the per-item scale counts the applicant's applications in the month, which only the case book knows"))
    found = acting.applications_in_month(case.kind, case.applicant, case.received_on)
    if case.number not in {number for number, _, _ in found}:
        found = [*found, (case.number, case.received_on, case.applicant)]
    position = month_position(case.number, case.applicant, found)
    month = case.received_on.strftime("%Y-%m")
    counted = t("application {position} of {month}", position=position, month=month)
    return {"scale": "item", "month": month, "position": position}, item_fee(position), counted


def decide_notify_fee(case, acting, params):
    typed = None if params.get("amount") in (None, "") else _fee_amount(params["amount"])
    basis, scale_amount, counted = _fee_basis(case, acting, params)
    amount = scale_amount if typed is None else typed
    if amount > scale_amount:
        raise RuleViolation(t(
            "¥{amount} is above the scale: {scale} for {counted} gives ¥{scale_amount}",
            amount=amount, scale=SCALES[basis["scale"]], counted=counted, scale_amount=scale_amount,
        ))
    if amount == 0:
        raise RuleViolation(t(
            "the charge is ¥0 ({scale} for {counted}): a charge of nothing needs no fee notice", scale=SCALES[basis["scale"]], counted=counted,
        ))
    settings = periods(acting.settings)
    return {**basis, "scale_amount": str(scale_amount), "amount": str(amount), "days": int(settings["payment_days"])}


def check_fee_notice_received(case, acting):
    if case.facts.get("fee_notice_received_on"):
        raise RuleViolation(t("the applicant's receipt of the fee notice was recorded on {on}", on=case.facts["fee_notice_received_on"]))
    payment = case.clocks.get("payment")
    if payment is not None and payment.status is ClockStatus.RUNNING:
        raise RuleViolation(t("the payment period of this notice already runs (from the notice, as recorded before 2026)"))


def decide_fee_notice_received(case, acting, params):
    check_fee_notice_received(case, acting)
    return {"days": int(case.facts.get("fee_days", STATUTORY_PERIODS["payment_days"]))}


def decide_receive_payment(case, acting, params):
    return {"amount": case.fee_amount} if case.fee_amount else {}


# -- event schema versions of notify-fee


def notify_fee_v1_to_v2(data: dict) -> dict:
    # Version 1 recorded the sum as a JSON number and no payment period (always 20 working days);
    # version 2 keeps the sum as a decimal string with two places, never as binary floating point.
    amount = Decimal(str(data["amount"])).quantize(Decimal("0.01"))
    return {"days": 20, **data, "amount": str(amount)}


def notify_fee_v2_to_v3(data: dict) -> dict:
    # Version 2 took a typed sum and started the payment period on the day of the notice; version 3
    # takes the scale and starts the period when the applicant's receipt is recorded (fee-notice-received).
    return {**data, "period_from_notice": True}
