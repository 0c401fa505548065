"""What a channel sends: one alert rendered for people, and who is to receive it."""

from __future__ import annotations

from dataclasses import dataclass, field

from disclosure.workflow.errors import DisclosureError

__all__ = ["Recipient", "Message", "DeliveryError"]


@dataclass(frozen=True)
class Recipient:
    """A user of the office as the channels reach them (from the users' contact settings)."""

    name: str
    email: str | None = None
    mobile: str | None = None  # for @-mentions in the WeCom and DingTalk group robots


@dataclass(frozen=True)
class Message:
    """One alert, in Chinese: ``subject`` is one line, ``text`` the plain-text body.

    Neither holds the applicant's personal data; only an e-mail's text may name the applicant, when
    the office allows it (notifications/composing.py).
    """

    subject: str
    text: str
    recipients: tuple[Recipient, ...] = field(default_factory=tuple)
    # Identifies the alert to receivers that deduplicate (at-least-once delivery may repeat a message).
    key: str = ""


class DeliveryError(DisclosureError):
    """A channel could not deliver; the outbox will try again later. The message never holds a secret."""

    error_code = "delivery"
