"""The statutory annual report's tables 三 and 四 ([NB]; STATUTE.md §3), summed from the book's tallies
(storage/tallies.py: counts kept per day as the cases change) and laid out and checked here.

Table 三 over the disclosure cases: 新收 = received in the year; 上年结转 = received before and
open at the end of the previous year; 办理结果 = concluded in the year, by outcome; 结转下年度 =
open at the end of the year. "Concluded" is the case's conclusion as it stands: a reopened case
is open again until it is concluded again, so it counts once, in the year of that conclusion
(and, in the years between, as carried over). The format's own check 一 + 二 = 三（七） + 四 is
verified in every column on every run; an imbalance raises ``ReportImbalance`` naming the column.

Table 四 over the appeal records: results decided in the year, by result, and those pending at
the year's end, for reconsiderations, lawsuits filed directly and lawsuits after reconsideration.
Every appeal of a disclosure case counts, whatever the case's state ([GK] 51): a suit over a reply
never given is recorded on the open case.

The whole report has six parts: 一, 五 and 六 are the office's texts and 二 its proactive-disclosure
counts (reports/annual_parts.py), 六 also the information-processing fees received in the year
(reports/annual_fees.py). A published year is frozen (reports/annual_publication.py); the year after
it carries in the published 结转下年度, and whatever changed since in the published year shows there
(``_carry_from_published``): a case reopened, concluded late, voided, or with its applicant type or receipt
date amended since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from disclosure.reports.annual_fees import fees_charged
from disclosure.reports.annual_parts import OfficeParts
from disclosure.reports.stats import PRINCIPAL_KIND  # the cases the statutory report counts: applications for information
from disclosure.storage.tallies import detail_parts
from disclosure.storage.tally_queries import tallied, tallied_through
from disclosure.workflow.calendar import check_year
from disclosure.workflow.corrected_history import effective_events
from disclosure.workflow.corrections import VOIDED
from disclosure.workflow.errors import DisclosureError
from disclosure.workflow.messages import chained, t
from disclosure.workflow.vocabulary import APPEAL_RESULTS, APPEAL_TYPES, APPLICANT_TYPES, OUTCOMES

if TYPE_CHECKING:
    from disclosure.storage.annual_report_queries import CaseState
    from disclosure.storage.database import Connection
    from disclosure.storage.session import Session

__all__ = [
    "COLUMNS",
    "TABLE3_ROWS",
    "TABLE4_RESULTS",
    "AnnualReport",
    "PublishedCarry",
    "ReportImbalance",
    "annual_report",
]

COLUMNS = (*APPLICANT_TYPES, "total")
COLUMN_LABELS: Mapping[str, str] = {**APPLICANT_TYPES, "total": "总计"}

# The rows of table 三 in the format's order: (key, label, indent). Keys of outcome rows are the
# outcome codes; group headings (key None) carry no numbers of their own.
_OFFICIAL_OUTCOME_LABELS = {
    "partial": "部分公开（区分处理的，只计这一情形，不计其他情形）",
    "other.no_correction": "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other.fee_unpaid": "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
}
_GROUPS = {"withheld": "（三）不予公开", "unavailable": "（四）无法提供", "declined": "（五）不予处理", "other": "（六）其他处理"}


def _table3_rows() -> tuple[tuple[str | None, str, int], ...]:
    # pragma: no mutate block (it runs once, at import, where a mutation test cannot switch a mutant on)
    rows: list[tuple[str | None, str, int]] = [
        ("new", "一、本年新收政府信息公开申请数量", 0),
        ("carried_in", "二、上年结转政府信息公开申请数量", 0),
        (None, "三、本年度办理结果", 0),
        ("granted", "（一）予以公开", 1),
        ("partial", f"（二）{_OFFICIAL_OUTCOME_LABELS['partial']}", 1),
    ]
    for family, heading in _GROUPS.items():
        rows.append((None, heading, 1))
        members = [code for code in OUTCOMES if code.startswith(family + ".")]
        for number, code in enumerate(members, start=1):
            rows.append((code, f"{number}.{_OFFICIAL_OUTCOME_LABELS.get(code, OUTCOMES[code])}", 2))
    rows.append(("concluded", "（七）总计", 1))
    rows.append(("carried_out", "四、结转下年度继续办理", 0))
    return tuple(rows)


TABLE3_ROWS = _table3_rows()
TABLE4_RESULTS = (*(result for result in APPEAL_RESULTS if result != "pending"), "pending", "total")
TABLE4_RESULT_LABELS: Mapping[str, str] = {**APPEAL_RESULTS, "total": "总计"}
TABLE4_GROUPS: Mapping[str, str] = {
    "reconsideration": "行政复议",
    "litigation": "行政诉讼·未经复议直接起诉",
    "litigation_after_reconsideration": "行政诉讼·复议后起诉",
}


class ReportImbalance(DisclosureError):
    """一 + 二 ≠ 三（七） + 四 in some column: the counting is wrong, and the report must not go out."""

    error_code = "report_imbalance"


@dataclass(frozen=True)
class PublishedCarry:
    """What a published year hands the next: its 结转下年度 row and the numbers of the cases in it, and where its
    office-log entry is (what was recorded before it, the published report saw)."""

    year: int
    carried_out: Mapping[str, int]
    numbers: tuple[str, ...]
    position: int | None = None


@dataclass(frozen=True)
class AnnualReport:
    year: int
    office: str
    table3: Mapping[str, Mapping[str, int]]  # row key → column key → count
    table4: Mapping[str, Mapping[str, int]]  # appeal type → result (and total) → count
    parts: OfficeParts = field(default_factory=OfficeParts)  # 一 二 五 六 as the office filled them
    fees: Mapping[str, Any] = field(default_factory=lambda: {"amount": "0.00", "payments": 0})  # 六, computed
    notes: tuple[str, ...] = ()  # what the carry from a published year changed, said in the report
    published: Mapping[str, Any] | None = None  # when, by whom, the office-log position: None if a count

    @property
    def balanced(self) -> bool:
        return all(
            self.table3["new"][column] + self.table3["carried_in"][column]
            == self.table3["concluded"][column] + self.table3["carried_out"][column]
            for column in COLUMNS
        )

    def as_dict(self) -> dict:
        return {
            "year": self.year, "balanced": self.balanced, "table3": _plain(self.table3), "table4": _plain(self.table4),
            **self.parts.as_dict(), "fees": dict(self.fees), "notes": list(self.notes),
            "published": dict(self.published) if self.published else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], office: str = "", published: Mapping[str, Any] | None = None) -> "AnnualReport":
        """A report as ``as_dict`` gave it (a published one, read back from the office log)."""
        return cls(
            data["year"], office, _plain(data["table3"]), _plain(data["table4"]), OfficeParts.from_dict(data),
            dict(data.get("fees", {"amount": "0.00", "payments": 0})), tuple(data.get("notes", ())), published,
        )


def _plain(table: Mapping[str, Mapping[str, int]]) -> dict:
    return {row: dict(cells) for row, cells in table.items()}


def _empty_row() -> dict[str, int]:
    return {column: 0 for column in COLUMNS}


def _add(row: dict[str, int], applicant_type: str, count: int, where: str) -> None:
    if applicant_type not in APPLICANT_TYPES:
        raise ReportImbalance(t("{where}: {count} case(s) of unknown applicant type {applicant_type!r}",
                                where=where, count=count, applicant_type=applicant_type))
    row[applicant_type] += count
    row["total"] += count


def _table3(sql, first: date, last: date) -> dict[str, dict[str, int]]:
    table = {key: _empty_row() for key, _, _ in TABLE3_ROWS if key is not None}
    for _, _, detail, count, _ in tallied(sql, "received", first, last, kind=PRINCIPAL_KIND):
        _add(table["new"], detail_parts(detail)[1], count, "new")
    for key, day in (("carried_in", first - timedelta(days=1)), ("carried_out", last)):
        for applicant_type, count in _open_by_applicant_type(sql, day).items():
            if count:
                _add(table[key], applicant_type, count, key)
    for _, _, detail, count, _ in tallied(sql, "concluded", first, last, kind=PRINCIPAL_KIND):
        applicant_type, outcome = detail_parts(detail)[:2]
        if outcome not in OUTCOMES:
            raise ReportImbalance(t("{count} case(s) concluded in {year} with no known outcome ({outcome!r})",
                                    count=count, year=first.year, outcome=outcome))
        _add(table[outcome], applicant_type, count, outcome)
        _add(table["concluded"], applicant_type, count, "concluded")
    return table


def _open_by_applicant_type(sql, day: date) -> dict[str, int]:
    """The disclosure cases open at the end of ``day`` by applicant type: received by then less concluded by
    then (a case is concluded no earlier than received, storage/tallies.py)."""
    open_cases: dict[str, int] = {}
    for detail, count in tallied_through(sql, "received", day, PRINCIPAL_KIND).items():
        applicant_type = detail_parts(detail)[1]
        open_cases[applicant_type] = open_cases.get(applicant_type, 0) + count
    for detail, count in tallied_through(sql, "concluded", day, PRINCIPAL_KIND).items():
        applicant_type = detail_parts(detail)[0]
        open_cases[applicant_type] = open_cases.get(applicant_type, 0) - count
    for applicant_type, count in open_cases.items():
        if count < 0:
            raise ReportImbalance(t("column {column}: {count} case(s) more concluded than received by {day}",
                                    column=applicant_type, count=-count, day=day.isoformat()))
    return open_cases


def _table4(sql, first: date, last: date) -> dict[str, dict[str, int]]:
    table = {kind: {result: 0 for result in TABLE4_RESULTS} for kind in APPEAL_TYPES}
    for _, _, detail, count, _ in tallied(sql, "appeal_decided", first, last, kind=PRINCIPAL_KIND):
        kind, result = detail_parts(detail)
        table[kind][result] += count
        table[kind]["total"] += count
    # Pending at the year's end: filed by then less decided by then (a decision comes no earlier than its filing).
    filed = tallied_through(sql, "appeal_filed", last, PRINCIPAL_KIND)
    decided = tallied_through(sql, "appeal_decided", last, PRINCIPAL_KIND)
    for kind in filed:
        pending = filed[kind] - sum(count for detail, count in decided.items() if detail_parts(detail)[0] == kind)
        if pending:
            table[kind]["pending"] += pending
            table[kind]["total"] += pending
    return table


def _carry_from_published(
    connection: Connection, table: dict[str, dict[str, int]], previous: PublishedCarry, first: date
) -> list[str]:
    """Table 三 continuing from the published year before: 二 is its 结转下年度, and a case whose state
    at that year's end changed after it was published counts now, so every column still balances:

    - one the published report had concluded (or never saw) but that stood open at the year's end as
      recounted (reopened; registered late; its receipt date amended back into that year) is 新收 this year;
    - one it carried over but that is now concluded in that year (a reply recorded after publishing) is
      concluded this year, by its outcome;
    - one it carried over that was voided since, or whose receipt date was amended since to a day after
      that year, leaves 二 from the column the published report counted it in (the latter counts from its
      receipt date: in 一 when that falls in this year);
    - one it carried over whose applicant type was amended since moves in 二 from the column the published
      report counted it in to its own, 二's total unchanged.

    The notes name each."""
    from disclosure.storage.annual_report_queries import case_states, open_at  # in Core: only a published year's carry

    carried = set(previous.numbers)
    recounted = open_at(connection, first - timedelta(days=1))
    reopened = [(number, applicant_type) for number, applicant_type in recounted if number not in carried]
    states = sorted(case_states(connection, sorted(carried)))  # by number, as the notes name them
    then = _registrations_when_published(connection, previous, [*sorted(carried), *(number for number, _ in reopened)])

    def published_type(state: CaseState) -> str:  # the column the published report counted it in
        registered = then.get(state.number)
        return registered[0] if registered else state.applicant_type

    voided = [state for state in states if state.state == VOIDED]
    moved = [state for state in states if state.state != VOIDED and state.received_on >= first]
    kept = [state for state in states if state.state != VOIDED and state.received_on < first]
    late = [state for state in kept if state.concluded_on is not None and state.concluded_on < first]
    retyped = [(state, published_type(state)) for state in kept if published_type(state) != state.applicant_type]
    for _, applicant_type in reopened:
        _add(table["new"], applicant_type, 1, "new")
    for state in late:
        if state.outcome not in OUTCOMES:
            raise ReportImbalance(t("a case carried over from {year} concluded with no known outcome ({outcome!r})",
                                    year=previous.year, outcome=state.outcome))
        _add(table[state.outcome], state.applicant_type, 1, state.outcome)
        _add(table["concluded"], state.applicant_type, 1, "concluded")
    table["carried_in"] = {column: int(previous.carried_out.get(column, 0)) for column in COLUMNS}
    # A registration voided since (entered in error) is in no count, so it leaves 二 too (docs/rules.md).
    for state in (*voided, *moved):
        _add(table["carried_in"], published_type(state), -1, "carried_in")
    for state, was in retyped:
        _add(table["carried_in"], was, -1, "carried_in")
        _add(table["carried_in"], state.applicant_type, 1, "carried_in")

    notes = [t("二 上年结转 is the published {year} report's 四 结转下年度", year=previous.year)]
    if voided:
        notes[0] = t("二 上年结转 is the published {year} report's 四 结转下年度, less {count} case(s) it carried over that were "
                     "voided since (登记错误已作废): {numbers}", year=previous.year, count=len(voided),
                     numbers=", ".join(state.number for state in voided))
    if moved:
        notes.append(t("二 上年结转 leaves out {count} case(s) the published {year} report carried over whose receipt date was "
                       "amended since to a day after {year}; each counts from that day (in 一 本年新收 when it is in "
                       "{this_year}): {cases}", count=len(moved), year=previous.year, this_year=first.year,
                       cases=_joined(_received_change(state, then) for state in moved)))
    if retyped:
        notes.append(t("二 上年结转 counts {count} case(s) the published {year} report carried over in the column of their "
                       "applicant type as amended since it was published, moved from the column each had there (二's total "
                       "unchanged by it): {cases}", count=len(retyped), year=previous.year,
                       cases=_joined(_type_change(state, was) for state, was in retyped)))
    # Open at that year's end, not carried over: registered then with a receipt date after that year, amended since.
    amended_in = [number for number, _ in reopened if (registered := then.get(number)) and registered[1] >= first]
    if amended_in:
        notes.append(t("一 本年新收 includes {count} case(s) open at the end of {year} whose receipt date was amended since its "
                       "report was published to a day in {year}, which that report could not carry over: {cases}",
                       count=len(amended_in), year=previous.year,
                       cases=_joined(_received_change(state, then) for state in sorted(case_states(connection, amended_in)))))
    others = [number for number, _ in reopened if number not in amended_in]
    if others:
        notes.append(t("一 本年新收 includes {count} case(s) open at the end of {year} that its published report did not "
                       "carry over (reopened, registered or amended since): {numbers}", count=len(others), year=previous.year,
                       numbers=", ".join(others)))
    if late:
        notes.append(t("三 办理结果 includes {count} case(s) the published {year} report carried over that were recorded "
                       "concluded in {year} after it was published: {numbers}", count=len(late), year=previous.year,
                       numbers=", ".join(state.number for state in late)))
    return notes


def _registrations_when_published(
    connection: Connection, previous: PublishedCarry, numbers: list[str]
) -> dict[str, tuple[str, date] | None]:
    """The applicant type and receipt date that the registration of each of these cases said when ``previous``
    was published, for those corrected since (an amendment or an undo recorded after it): from their events
    up to the publication, as corrected by then (None for a case registered since). A case not in it is as
    it was then."""
    from disclosure.storage.annual_report_queries import histories_corrected_since, published_head

    head = published_head(connection, previous.position) if previous.position is not None else None
    if head is None:
        return {}
    found: dict[str, tuple[str, date] | None] = {}
    for number, history in histories_corrected_since(connection, numbers, head).items():
        registration = next((step for step in effective_events(history) if step.version == 1), None)
        found[number] = None if registration is None else (
            registration.data["applicant"]["type"], date.fromisoformat(registration.data["received_on"]))
    return found


def _received_change(state: CaseState, then: Mapping[str, tuple[str, date] | None]) -> str:
    registered = then.get(state.number)
    if not registered:
        return t("{number} received {received}", number=state.number, received=state.received_on.isoformat())
    return t("{number} received {received} ({published} when the report was published)",
             number=state.number, received=state.received_on.isoformat(), published=registered[1].isoformat())


def _joined(said: Iterable[str]) -> str:
    """Messages one after another, each still a message (a plain join would leave them in English)."""
    return chained(said, lambda first, rest: t("{first}; {rest}", first=first, rest=rest))


def _type_change(state: CaseState, was: str) -> str:
    return t("{number} counted as {type} {label} ({published} {published_label} in the published report)",
             number=state.number, type=state.applicant_type, label=COLUMN_LABELS.get(state.applicant_type, ""),
             published=was, published_label=COLUMN_LABELS.get(was, ""))


def annual_report(
    session: Session, year: int, office: str = "", *,
    parts: OfficeParts | None = None, previous: PublishedCarry | None = None,
) -> AnnualReport:
    """The whole report for ``year``, balanced (or ``ReportImbalance``): tables 三 and 四 counted, the
    fees of 六 computed, the office's ``parts``; continuing from ``previous`` when that year is published.
    ``session``: the unit's (storage/session.py): the tallies are read with its runner, a carry in Core."""
    check_year(year, "--year")
    first, last = date(year, 1, 1), date(year, 12, 31)
    table3 = _table3(session.sql, first, last)
    notes = _carry_from_published(session.connection, table3, previous, first) if previous is not None else []
    report = AnnualReport(
        year, office, table3, _table4(session.sql, first, last), parts or OfficeParts(),
        fees_charged(session.sql, first, last), tuple(notes),
    )
    check_balance(report)
    return report


def carried_out_numbers(connection: Connection, year: int) -> tuple[str, ...]:
    """The numbers of the cases ``year``'s report carries over (kept when it is published)."""
    from disclosure.storage.annual_report_queries import open_at

    return tuple(number for number, _ in open_at(connection, date(year, 12, 31)))


def check_balance(report: AnnualReport) -> None:
    for column in COLUMNS:
        left = report.table3["new"][column] + report.table3["carried_in"][column]
        right = report.table3["concluded"][column] + report.table3["carried_out"][column]
        if left != right:
            raise ReportImbalance(
                t("table 三 does not balance in column {column} {label}: 一 {new} + 二 {carried_in} = {left}, "
                  "but 三（七） {concluded} + 四 {carried_out} = {right}",
                  column=column, label=COLUMN_LABELS[column], new=report.table3["new"][column],
                  carried_in=report.table3["carried_in"][column], left=left, concluded=report.table3["concluded"][column],
                  carried_out=report.table3["carried_out"][column], right=right)
            )
