"""The channel of last resort: alerts written to the terminal (standard error) and to the log.

It is what an office gets with no channel configured, so a sweep run by hand always shows its alerts.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from disclosure.notifications.message import DeliveryError, Message
from disclosure.workflow.messages import t

__all__ = ["ConsoleChannel"]

logger = logging.getLogger("disclosure.notifications")


class ConsoleChannel:
    def __init__(self, name: str = "console", stream: TextIO | None = None) -> None:
        self.name = name
        self._stream = stream

    def send(self, message: Message) -> None:
        recipients = "、".join(recipient.name for recipient in message.recipients) or "（无）"
        # Looked up at each send, not at construction, so a redirected sys.stderr is honoured.
        stream = self._stream if self._stream is not None else sys.stderr
        try:
            stream.write(f"== {message.subject}\n收件人：{recipients}\n{message.text}\n\n")
            stream.flush()
        except (OSError, ValueError) as error:  # ValueError: the stream was closed
            raise DeliveryError(t("{name}: cannot write to the console ({error})", name=self.name, error=error)) from None
        logger.info("alert %s to %s: %s\n%s", message.key or "-", recipients, message.subject, message.text)

    def __repr__(self) -> str:
        return f"ConsoleChannel(name={self.name!r})"
