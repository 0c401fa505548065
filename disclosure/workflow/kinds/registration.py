"""Registration, which every kind shares: the receipt date, the applicant, the channel and the request."""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.messages import t
from disclosure.workflow.receipt import RAW_DATES, legal_receipt
from disclosure.workflow.vocabulary import CHANNELS, require_code

__all__ = ["REGISTER_PARAMS", "decide_registration", "apply_registration"]

REGISTER_PARAMS = (
    "channel", "received", *RAW_DATES, "applicant", "applicant_type", "request", "id_number", "phone", "address",
)


def decide_registration(
    acting, params, applicant_types: Mapping[str, str], *, channel_required: bool = False
) -> dict[str, Any]:
    """The registration's data: the legal receipt date (not after the registration) and the rule that
    fixed it, applicant, channel, request."""

    def required(name: str) -> Any:
        value = params.get(name)
        option = name.replace("_", "-")
        if value is None or value == "":
            raise InvalidInput(t("{action} needs --{option}", action="register", option=option))
        if isinstance(value, str) and not value.strip():
            raise InvalidInput(t("--{option} must not be blank", option=option))
        return value

    # Not every kind has a channel (a deputy's suggestion is assigned, not sent in).
    channel = require_code(CHANNELS, required("channel"), t("channel")) if channel_required or params.get("channel") else ""
    receipt = legal_receipt(channel, params)
    received = receipt.on
    if received > acting.on:
        raise RuleViolation(t(
            "the receipt date {received} is after the registration date {on}", received=received.isoformat(), on=acting.on.isoformat(),
        ))
    for name, day in receipt.dates.items():
        if day > acting.on:
            raise RuleViolation(t(
                "{option} {day} is after the registration date {on}", option=RAW_DATES[name], day=day.isoformat(), on=acting.on.isoformat(),
            ))
    applicant = {
        "name": str(required("applicant")),
        "type": require_code(applicant_types, required("applicant_type"), t("applicant type")),
    }
    for personal in ("id_number", "phone", "address"):
        if params.get(personal):
            applicant[personal] = str(params[personal])
    return {
        "received_on": received.isoformat(),
        "receipt": receipt.to_data(),
        "channel": channel,
        "applicant": applicant,
        "request": str(required("request")),
    }


def apply_registration(case, event) -> None:
    data = event.data
    case.received_on = date.fromisoformat(data["received_on"])
    case.receipt = dict(data.get("receipt", {}))  # registrations before [GK] 31's rules recorded none
    case.registered_on = event.on
    case.channel = data["channel"]
    case.applicant = dict(data["applicant"])
    case.request = data["request"]
