"""The legal receipt date of an application, fixed by its channel ([GK] 31), and the rule that fixed it.

In person it is the day the application is handed in; by post the day the office signs for it, or,
for mail that needs no signature, the day the office confirms receipt with the applicant; online,
by fax or e-mail the day both sides confirm it. A clerk who has already worked the date out gives
it instead (``given``); given beside the channel's dates, it must be the date they fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.messages import t
from disclosure.workflow.input_bounds import parse_date

__all__ = ["RAW_DATES", "Receipt", "legal_receipt", "receipt_rule_text", "described_receipt"]

# The dates a clerk may give for a channel's rule, each with its option's name.
RAW_DATES: Mapping[str, str] = {
    "submitted_on": "--submitted-on",
    "signed_on": "--signed-on",
    "confirmed_on": "--confirmed-on",
}

# Channel → the dates that fix its receipt date, the first given winning: a letter signed for is
# received when signed, even if the office also phoned the applicant ([GK] 31(2)).
_FIXING_DATES: Mapping[str, tuple[str, ...]] = {
    "in_person": ("submitted_on",),
    "post": ("signed_on", "confirmed_on"),
    "online": ("confirmed_on",),
    "fax": ("confirmed_on",),
    "email": ("confirmed_on",),
}

# (rule, channel or "" for any) → what the rule says, and its article.
_RULE_TEXT: Mapping[tuple[str, str], tuple[str, str]] = {
    ("submitted_on", ""): (t("the day it was handed in 当面提交之日"), "[GK] 31(1)"),
    ("signed_on", ""): (t("the day the office signed for the letter 行政机关签收之日"), "[GK] 31(2)"),
    ("confirmed_on", "post"): (
        t("mail needing no signature: the day the office confirmed receipt with the applicant 与申请人确认之日"), "[GK] 31(2)",
    ),
    ("confirmed_on", ""): (t("the day the office and the applicant confirmed receipt 双方确认之日"), "[GK] 31(3)"),
    ("given", ""): (t("the date the clerk gave (--received) 登记员认定的收到日期"), ""),
}

# What each channel needs, said when its dates are missing.
_NEEDS: Mapping[str, str] = {
    "in_person": t("an application handed in is received on the day it is handed in ([GK] 31(1)): give --submitted-on"),
    "post": t(
        "a letter is received on the day the office signs for it, or, when it needs no signature, on the day the "
        "office confirms receipt with the applicant ([GK] 31(2)): give --signed-on or --confirmed-on"
    ),
}


@dataclass(frozen=True)
class Receipt:
    """The legal receipt date, the rule that fixed it (a raw date's name, or ``given``), the raw dates."""

    on: date
    rule: str
    dates: Mapping[str, date]

    def to_data(self) -> dict[str, str]:
        return {"rule": self.rule, **{name: day.isoformat() for name, day in self.dates.items()}}


def receipt_rule_text(rule: str, channel: str | None) -> tuple[str, str]:
    """What the rule says and its article, for a case received by ``channel``."""
    return _RULE_TEXT.get((rule, channel or "")) or _RULE_TEXT.get((rule, ""), (rule, ""))


def described_receipt(receipt: Mapping[str, Any], channel: str | None) -> dict[str, Any] | None:
    """A case's receipt record with what its rule says and the article (None for a case registered
    before the rules were recorded)."""
    if not receipt.get("rule"):
        return None
    text, article = receipt_rule_text(receipt["rule"], channel)
    return {**receipt, "rule_text": text, "article": article}


def legal_receipt(channel: str | None, params: Mapping[str, Any]) -> Receipt:
    """The receipt date by the channel's rule from the raw dates in ``params``, or the ``received`` date given."""
    dates = {name: day for name, flag in RAW_DATES.items() if (day := _date(params.get(name), flag)) is not None}
    given = _date(params.get("received"), "--received")
    if dates and not channel:
        raise InvalidInput(t(
            "{flag} needs --channel: the receipt date's rule depends on it ([GK] 31)", flag=RAW_DATES[next(iter(dates))],
        ))
    fixing = _FIXING_DATES.get(channel or "", ())
    for name in dates:
        if name not in fixing and name != "submitted_on":
            raise InvalidInput(t(
                "{flag} is not a date of the {channel} channel; {need}", flag=RAW_DATES[name], channel=channel, need=_need(channel),
            ))
    submitted = dates.get("submitted_on")
    for name, day in dates.items():
        if submitted is not None and day < submitted:
            raise RuleViolation(t(
                "{flag} {day} is before the application was sent or handed in (--submitted-on {submitted})",
                flag=RAW_DATES[name], day=day.isoformat(), submitted=submitted.isoformat(),
            ))
    rule = next((name for name in fixing if name in dates), None)
    if rule is None:
        if given is None:
            if dates:
                raise InvalidInput(t("{need} (or --received)", need=_need(channel)))
            if channel:
                raise InvalidInput(t("register needs --received, or the channel's dates: {need}", need=_need(channel)))
            raise InvalidInput(t("register needs --received"))
        if submitted is not None and given < submitted:
            raise RuleViolation(t(
                "--received {given} is before the application was sent or handed in (--submitted-on {submitted})",
                given=given.isoformat(), submitted=submitted.isoformat(),
            ))
        return Receipt(given, "given", dates)
    fixed = dates[rule]
    if given is not None and given != fixed:
        text, article = receipt_rule_text(rule, channel)
        raise RuleViolation(t(
            "--received {given} is not the legal receipt date: {rule}, {flag} {fixed} ({article})",
            given=given.isoformat(), rule=text, flag=RAW_DATES[rule], fixed=fixed.isoformat(), article=article,
        ))
    return Receipt(fixed, rule, dates)


def _need(channel: str | None) -> str:
    return _NEEDS.get(channel or "") or t(
        "an application sent {channel} is received on the day the office and the applicant confirm it ([GK] 31(3)): give --confirmed-on",
        channel=channel,
    )


def _date(value: Any, flag: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and not value.strip():
        raise InvalidInput(t("{flag} must not be blank", flag=flag))
    return parse_date(value if isinstance(value, date) else str(value), flag)
