"""The reports the Office gives: the statutory annual report, the operating statistics and their monthly series."""

from __future__ import annotations

from datetime import date
from typing import Any

from disclosure.office_context import OfficeContext
from disclosure.workflow.calendar import check_year

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
    ) -> dict[str, Any]:
        from disclosure.reports.stats import operating_statistics, period_from

        period = period_from(year, quarter, start, end)
        with self._context.storage.reading() as uow:
            self._context.actor(uow)
            return operating_statistics(uow.connection, period, self._context.calendar, by)

    def monthly_series(
        self, *, year: int | None, quarter: str | None, start: date | str | None, end: date | str | None,
    ) -> list[dict[str, Any]]:
        from disclosure.reports.stats import monthly_series, period_from

        with self._context.storage.reading() as uow:
            self._context.actor(uow)
            return monthly_series(uow.connection, period_from(year, quarter, start, end))
