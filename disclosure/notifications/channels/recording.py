"""A channel for tests: it remembers what it was given and can be told to fail first."""

from __future__ import annotations

from disclosure.notifications.message import DeliveryError, Message
from disclosure.workflow.messages import t

__all__ = ["RecordingChannel"]


class RecordingChannel:
    """Keeps every delivered message in ``sent``; the first ``fail_times`` sends raise ``DeliveryError``.
    With ``reaches_recipients_only`` it stands for an e-mail channel, else for a group channel."""

    def __init__(self, name: str = "recording", fail_times: int = 0, *, reaches_recipients_only: bool = False) -> None:
        self.name = name
        self.fail_times = fail_times
        self.reaches_recipients_only = reaches_recipients_only
        self.attempts = 0
        self.sent: list[Message] = []

    def send(self, message: Message) -> None:
        self.attempts += 1
        if self.attempts <= self.fail_times:
            raise DeliveryError(t("{name}: injected failure {attempts} of {fail_times}",
                                  name=self.name, attempts=self.attempts, fail_times=self.fail_times))
        self.sent.append(message)

    def __repr__(self) -> str:
        return f"RecordingChannel(name={self.name!r}, fail_times={self.fail_times}, sent={len(self.sent)})"
