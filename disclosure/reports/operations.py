"""The reports the Office gives: the statutory annual report, the operating statistics and their monthly series."""

from __future__ import annotations

from datetime import date
from typing import Any

from disclosure.office_context import OfficeContext
from disclosure.workflow.calendar import check_year
from disclosure.workflow.vocabulary import FEEDBACK_FACT

__all__ = ["Reporting"]


class Reporting:
    def __init__(self, context: OfficeContext) -> None:
        self._context = context

    def annual_report(self, year: int):
        from disclosure.reports.annual import annual_report

        check_year(year, "--year")  # a malformed year is a usage error, whoever asks
        with self._context.storage.reading() as uow:
            self._context.actor(uow)  # reads need a known, enabled user
            office = uow.users.office()
            return annual_report(uow.connection, year, office.name if office else "")

    def statistics(
        self, *, year: int | None, quarter: str | None, start: date | str | None, end: date | str | None, by: str | None,
        kind: str | None = None,
    ) -> dict[str, Any]:
        from disclosure.reports.stats import operating_statistics, period_from

        period = period_from(year, quarter, start, end)
        with self._context.storage.reading() as uow:
            self._context.actor(uow)
            return operating_statistics(
                uow.connection, period, self._context.calendar, by,
                kinds=self._kind_labels(), rated_kinds=self._rated_kinds(), kind=kind,
            )

    def monthly_series(
        self, *, year: int | None, quarter: str | None, start: date | str | None, end: date | str | None,
        kind: str | None = None,
    ) -> list[dict[str, Any]]:
        from disclosure.reports.stats import PRINCIPAL_KIND, monthly_series, period_from

        period = period_from(year, quarter, start, end)
        kind = self._known_kind(kind) if kind is not None else PRINCIPAL_KIND
        with self._context.storage.reading() as uow:
            self._context.actor(uow)
            return monthly_series(uow.connection, period, kind)

    def _kind_labels(self) -> dict[str, str]:
        return {known.code: known.label for known in self._context.kinds}

    def _known_kind(self, code: str) -> str:
        return self._context.kinds.kind(code).code  # an unknown code is the registry's one-line error

    def _rated_kinds(self) -> list[str]:
        """The kinds with an action that records a rating of the reply (反馈, 满意度评价)."""
        return [known.code for known in self._context.kinds
                if any(FEEDBACK_FACT in action.options for action in known.actions)]
