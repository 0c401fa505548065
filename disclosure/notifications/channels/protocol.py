"""What the outbox needs of a channel: a name, and a ``send`` that delivers or raises ``DeliveryError``."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from disclosure.notifications.message import Message

__all__ = ["Channel"]


@runtime_checkable
class Channel(Protocol):
    """One way of reaching people (e-mail, a webhook, a group robot...).

    ``send`` returns when the message was handed over, or raises ``DeliveryError`` with a one-line
    message holding no secret; it never lets another exception escape, so the outbox can record the
    failure and try again later.

    A channel whose messages only their recipients read (e-mail) says so with an attribute
    ``reaches_recipients_only = True``; the office may then let its text name the applicant. Any
    other channel is taken for a group channel and never gets the name (notifications/composing.py).
    """

    name: str

    def send(self, message: Message) -> None: ...
