"""The outbox seen from the Office: the channels of the settings, sending what is due, and what was sent."""

from __future__ import annotations

import os
from typing import Any, Iterable

from disclosure.office_context import OfficeContext
from disclosure.storage.outbox import STATUSES
from disclosure.workflow.calendar import check_count
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.messages import t

LARGEST_ID = 2**31 - 1
"""The largest delivery id: PostgreSQL's integer column holds no more, so a larger one names no delivery
on either backend and is refused as malformed rather than looked up."""

__all__ = ["Dispatch"]


class Dispatch:
    def __init__(self, context: OfficeContext) -> None:
        self._context = context

    def channels(self) -> dict[str, Any]:
        """The channels of the settings (secrets read from the environment), with the console always there."""
        from disclosure.notifications.channels import ConsoleChannel, build_channels

        return {"console": ConsoleChannel(), **build_channels(self._context.settings.channels, os.environ)}

    def notify(self, channels: dict[str, Any] | None = None, *, limit: int | None = None) -> dict[str, list[int]]:
        from disclosure.notifications.delivery import deliver_due

        context = self._context
        channels = self.channels() if channels is None else channels
        return deliver_due(context.storage.engine, channels, context.settings, context.now, limit=limit).as_dict()

    def notifications(self, status: str | None = None) -> list[dict[str, Any]]:
        if status is not None and status not in STATUSES:
            raise InvalidInput(t("unknown status {status!r}; expected one of {statuses}", status=status, statuses=", ".join(STATUSES)))
        with self._context.storage.reading() as uow:
            self._context.actor(uow)  # reads need a known, enabled user
            return uow.outbox.deliveries(status)

    def retry(self, ids: Iterable[int], *, user: str | None = None) -> None:
        ids = list(dict.fromkeys(check_count(number, t("a delivery id"), least=1, most=LARGEST_ID) for number in ids))
        with self._context.storage.writing() as uow:
            self._context.require_role(uow, user, ["admin", "head"], t("retrying deliveries"))
            refused = uow.outbox.retry_deliveries(ids, self._context.now())
            if refused:
                raise RuleViolation(t("delivery {delivery} does not exist or was sent already; nothing was changed", delivery=refused[0]))
