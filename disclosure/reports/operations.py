"""The reports the Office gives: the statutory annual report, the operating statistics and their monthly series."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from disclosure.office_context import OfficeContext
from disclosure.reports.annual import annual_report, carried_out_numbers
from disclosure.reports.annual_parts import OfficeParts, read_parts
from disclosure.reports.annual_publication import (
    PUBLISHED, PUBLISHERS, carry_of, differences, publication_data, published_report,
)
from disclosure.workflow.calendar import check_year
from disclosure.workflow.errors import InvalidInput, NotFound, RuleViolation
from disclosure.workflow.messages import t
from disclosure.workflow.office_log import LogEntry

__all__ = ["Reporting"]


class Reporting:
    def __init__(self, context: OfficeContext) -> None:
        self._context = context

    def annual_report(self, year: int, *, parts: OfficeParts | str | os.PathLike[str] | None = None, recount: bool = False):
        """The published report of ``year`` when there is one (unless ``recount``), else the report counted now."""
        check_year(year, "--year")  # a malformed year is a usage error, whoever asks
        parts = _parts(parts, year)
        with self._context.storage.reading() as uow:
            self._context.actor(uow)  # reads need a known, enabled user
            entries = _publications(uow)
            if year in entries and not recount:
                return published_report(entries[year], _office_name(uow))
            return self._count(uow, year, parts, entries)

    def compare_annual_report(self, year: int, *, parts: OfficeParts | str | os.PathLike[str] | None = None) -> dict[str, Any]:
        """The published report of ``year``, the recount (with ``parts``, else the published parts) and their differences."""
        check_year(year, "--year")
        parts = _parts(parts, year)
        with self._context.storage.reading() as uow:
            self._context.actor(uow)
            entries = _publications(uow)
            if year not in entries:
                raise NotFound(t("the {year} report has not been published; there is nothing to compare a recount with", year=year))
            published = published_report(entries[year], _office_name(uow))
            recount = self._count(uow, year, parts or published.parts, entries)
        return {"published": published, "recount": recount, "differences": differences(published, recount)}

    def publish_annual_report(
        self, year: int, *, parts: OfficeParts | str | os.PathLike[str] | None = None, user: str | None = None,
    ):
        """Freeze ``year``'s whole report as an office-log entry (head or admin; once a year; after the year)."""
        check_year(year, "--year")
        if parts is None:
            raise InvalidInput(t("publishing needs the office's parts (一, 二, 五, 六): a published report is whole and never changed"))
        parts = _parts(parts, year)
        with self._context.storage.writing() as uow:
            actor = self._context.require_role(uow, user, PUBLISHERS, t("publishing the {year} annual report", year=year))
            if self._context.today() <= date(year, 12, 31):
                raise RuleViolation(t("the {year} annual report can be published only once the year is over (from "
                                      "{next_year}-01-01)",
                                      year=year, next_year=year + 1))
            entries = _publications(uow)
            if year in entries:
                published = entries[year]
                raise RuleViolation(
                    t("the {year} annual report was published already (office log entry {position}, by {user}); a "
                      "published report is never changed: later changes show in the next year's",
                      year=year, position=published.position, user=published.user)
                )
            later = sorted(published_year for published_year in entries if published_year > year)
            if later:
                raise RuleViolation(t("the {later} annual report is published already; an earlier year can no longer be "
                                      "published",
                                      later=later[0]))
            report = self._count(uow, year, parts, entries)
            self._context.log(uow, actor, PUBLISHED, str(year), publication_data(report, carried_out_numbers(uow.connection, year)))
        return self.annual_report(year)

    def _count(self, uow, year: int, parts: OfficeParts | None, entries: dict[int, LogEntry]):
        previous = carry_of(entries[year - 1]) if year - 1 in entries else None
        return annual_report(uow.session, year, _office_name(uow), parts=parts, previous=previous)

    def statistics(
        self, *, year: int | None, quarter: str | None, start: date | str | None, end: date | str | None, by: str | None,
        kind: str | None = None,
    ) -> dict[str, Any]:
        from disclosure.reports.stats import operating_statistics, period_from

        period = period_from(year, quarter, start, end)
        kind = self._known_kind(kind) if kind is not None else None  # its code, given the code or its label
        with self._context.storage.reading() as uow:
            self._context.actor(uow)
            return operating_statistics(
                uow.cases.sql, period, by,
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
            return monthly_series(uow.cases.sql, period, kind)

    def _kind_labels(self) -> dict[str, str]:
        return {known.code: known.label for known in self._context.kinds}

    def _known_kind(self, code: str) -> str:
        return self._context.kinds.kind(code).code  # a label is its code; an unknown one is the registry's one-line error

    def _rated_kinds(self) -> tuple[str, ...]:
        return self._context.kinds.rated_kinds()


def _parts(parts: OfficeParts | str | os.PathLike[str] | None, year: int) -> OfficeParts | None:
    return read_parts(parts, year) if isinstance(parts, (str, os.PathLike)) else parts


def _office_name(uow) -> str:
    office = uow.users.office()
    return office.name if office else ""


def _publications(uow) -> dict[int, LogEntry]:
    """Each published year's entry (the office log holds at most one per year: publishing refuses a second)."""
    return {int(entry.subject): entry for entry in uow.log.entries([PUBLISHED])}
