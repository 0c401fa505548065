"""A published annual report is a fact ([NB]; STATUTE.md §3): `report annual --publish` writes the whole
report, as computed then, into the office log as one ``annual-report-published`` entry whose subject is
the year. Later changes (a reopened case, a reply recorded late) never rewrite it: the report of that year
is read back from the entry, the next year carries in its 结转下年度 (and the cases it names), and
``differences`` says what a recount would change.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from disclosure.reports.annual import AnnualReport, PublishedCarry
from disclosure.workflow.office_log import LogEntry

__all__ = ["PUBLISHED", "PUBLISHERS", "publication_data", "published_report", "carry_of", "differences"]

PUBLISHED = "annual-report-published"
PUBLISHERS = ("head", "admin")  # who may publish: the office's head (负责人), or an admin


def publication_data(report: AnnualReport, carried_out_numbers: Iterable[str]) -> dict[str, Any]:
    """What the entry keeps: the whole report and the numbers of the cases it carries over."""
    return {"report": report.as_dict(), "carried_out_cases": list(carried_out_numbers)}


def published_report(entry: LogEntry, office: str = "") -> AnnualReport:
    """The report as it was published, with who published it and when."""
    published = {
        "position": entry.position, "by": entry.user, "acted_by": entry.by,
        "at": entry.recorded_at.isoformat() if entry.recorded_at else None,
    }
    return AnnualReport.from_dict(entry.data["report"], office, published)


def carry_of(entry: LogEntry) -> PublishedCarry:
    report = entry.data["report"]
    return PublishedCarry(
        report["year"], report["table3"]["carried_out"], tuple(entry.data["carried_out_cases"]), entry.position,
    )


def _cells(prefix: str, published: Mapping, recounted: Mapping) -> list[dict[str, Any]]:
    found = []
    for key in dict.fromkeys([*published, *recounted]):
        old, new = published.get(key), recounted.get(key)
        if isinstance(old, Mapping) or isinstance(new, Mapping):
            found += _cells(f"{prefix}.{key}", old or {}, new or {})
        elif old != new:
            found.append({"where": f"{prefix}.{key}", "published": old, "recount": new})
    return found


def differences(published: AnnualReport, recount: AnnualReport) -> list[dict[str, Any]]:
    """Every figure and text where the recount differs from the published report: where (``table3.new.natural``,
    ``fees.amount``, ``texts.overview``, …), the published value and the recount's."""
    old, new = published.as_dict(), recount.as_dict()
    found: list[dict[str, Any]] = []
    for part in ("table3", "table4", "proactive", "texts", "fees"):
        found += _cells(part, old[part], new[part])
    return found

