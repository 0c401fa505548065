"""The annual report against a hand-counted office spanning 2025 → 2026, cell by cell, on both backends.

Eleven applications (received → what became of them):

    A natural          2025-03-03 → granted 2025-03-20
    B enterprise       2025-06-02 → withheld.state_secret 2025-06-20
    C research         2025-12-15 → open at the end of 2025; partial 2026-01-12
    D public_interest  2025-12-22 → correction asked 2025-12-24 (5 days), lapsed: other.no_correction 2026-01-01
    G natural          2025-04-01 → declined.duplicate 2025-04-10; reconsideration filed 2025-05-06, decided
                                    "corrected" 2026-02-02; reopened 2026-02-03; granted 2026-02-20
                                    (a reopened case counts once, in the year it is concluded again)
    J natural          2025-07-01 → unavailable.needs_creation 2025-07-10; lawsuit (direct) upheld 2025-09-01
    K research         2025-08-01 → declined.petition 2025-08-05; lawsuit after reconsideration, pending
    E legal_service    2026-02-02 → withdrawn 2026-02-05: other.other
    F other_org        2026-03-02 → unavailable.not_held 2026-03-10
    I enterprise       2026-01-05 → fee notified and received 2026-01-07, unpaid: other.fee_unpaid
    H natural          2026-10-19 → still open
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from sqlalchemy import text

from disclosure.reports.annual import ReportImbalance
from disclosure.reports.annual_formats import to_csv, to_json, to_markdown, to_xlsx
from disclosure.workflow.vocabulary import OUTCOMES

from tests.integration.conftest import register, table4 as _appeals

COLUMNS = ("natural", "enterprise", "research", "public_interest", "legal_service", "other_org", "total")


def _row(natural=0, enterprise=0, research=0, public_interest=0, legal_service=0, other_org=0):
    values = (natural, enterprise, research, public_interest, legal_service, other_org)
    return dict(zip(COLUMNS, (*values, sum(values))))


def _table3(**rows):
    table = {"new": _row(), "carried_in": _row(), **{code: _row() for code in OUTCOMES}, "concluded": _row(), "carried_out": _row()}
    table.update(rows)
    return table




EXPECTED_2025 = {
    "year": 2025,
    "balanced": True,
    "table3": _table3(
        new=_row(natural=3, enterprise=1, research=2, public_interest=1),  # A G J · B · C K · D
        **{
            "granted": _row(natural=1),  # A
            "withheld.state_secret": _row(enterprise=1),  # B
            "unavailable.needs_creation": _row(natural=1),  # J
            "declined.petition": _row(research=1),  # K
        },
        concluded=_row(natural=2, enterprise=1, research=1),
        carried_out=_row(natural=1, research=1, public_interest=1),  # G (reopened, concluded again in 2026) · C · D
    ),
    "table4": _appeals(
        reconsideration={"pending": 1},  # G's, decided only in 2026
        litigation={"upheld": 1},  # J
        litigation_after_reconsideration={"pending": 1},  # K
    ),
}

EXPECTED_2026 = {
    "year": 2026,
    "balanced": True,
    "table3": _table3(
        new=_row(natural=1, enterprise=1, legal_service=1, other_org=1),  # H · I · E · F
        carried_in=_row(natural=1, research=1, public_interest=1),  # G · C · D
        **{
            "granted": _row(natural=1),  # G, concluded again
            "partial": _row(research=1),  # C
            "unavailable.not_held": _row(other_org=1),  # F
            "other.no_correction": _row(public_interest=1),  # D
            "other.fee_unpaid": _row(enterprise=1),  # I
            "other.other": _row(legal_service=1),  # E
        },
        concluded=_row(natural=1, enterprise=1, research=1, public_interest=1, legal_service=1, other_org=1),
        carried_out=_row(natural=1),  # H
    ),
    "table4": _appeals(
        reconsideration={"corrected": 1},  # G's, decided 2026-02-02
        litigation_after_reconsideration={"pending": 1},  # K, still pending
    ),
}


def _released(office, number, assigned, submitted, approved, replied, outcome):
    office.act(number, "assign", user="reg", on=assigned, to="han")
    office.act(number, "submit-review", user="han", on=submitted)
    office.act(number, "approve-review", user="rev", on=approved)
    reason = "涉及第三方商业秘密的部分不予公开" if outcome == "partial" else None  # [GK] 37: the part withheld, and why
    office.act(number, "reply", user="han", on=replied, outcome=outcome, reason=reason)


def _refused(office, number, assigned, replied, outcome):
    office.act(number, "assign", user="reg", on=assigned, to="han")
    office.act(number, "reply", user="han", on=replied, outcome=outcome)


@pytest.fixture
def hand_counted(office):
    def received(on, applicant_type):
        return register(office, received=on, applicant_type=applicant_type).number

    a = received("2025-03-03", "natural")
    _released(office, a, "2025-03-04", "2025-03-10", "2025-03-11", "2025-03-20", "granted")
    b = received("2025-06-02", "enterprise")
    _refused(office, b, "2025-06-03", "2025-06-20", "withheld.state_secret")
    g = received("2025-04-01", "natural")
    _refused(office, g, "2025-04-02", "2025-04-10", "declined.duplicate")
    office.act(g, "deliver", user="reg", on="2025-04-11", method="post")
    office.act(g, "record-appeal", user="reg", on="2025-05-06", type="reconsideration", result="pending")
    j = received("2025-07-01", "natural")
    _refused(office, j, "2025-07-02", "2025-07-10", "unavailable.needs_creation")
    office.act(j, "deliver", user="reg", on="2025-07-11", method="post")
    office.act(j, "record-appeal", user="reg", on="2025-09-01", type="litigation", result="upheld")
    k = received("2025-08-01", "research")
    _refused(office, k, "2025-08-04", "2025-08-05", "declined.petition")
    office.act(k, "record-appeal", user="reg", on="2025-10-01", type="litigation_after_reconsideration", result="pending")
    c = received("2025-12-15", "research")
    d = received("2025-12-22", "public_interest")
    office.act(d, "assign", user="reg", on="2025-12-23", to="han")
    office.act(d, "request-correction", user="han", on="2025-12-24", period=5)  # last day 2025-12-31
    _released(office, c, "2025-12-16", "2025-12-29", "2025-12-30", "2026-01-12", "partial")
    i = received("2026-01-05", "enterprise")
    office.act(i, "assign", user="reg", on="2026-01-06", to="han")
    office.act(i, "notify-fee", user="han", on="2026-01-07", pages=35)  # pages 31–35 at ¥10
    office.act(i, "fee-notice-received", user="reg", on="2026-01-07")  # the period runs from this receipt
    office.act(g, "record-appeal", user="reg", on="2026-02-02", appeal=1, result="corrected")
    office.act(g, "reopen", user="boss", on="2026-02-03", due="2026-03-03")
    office.act(g, "submit-review", user="han", on="2026-02-10")
    office.act(g, "approve-review", user="rev", on="2026-02-11")
    office.act(g, "reply", user="han", on="2026-02-20", outcome="granted")
    e = received("2026-02-02", "legal_service")
    office.act(e, "withdraw", user="reg", on="2026-02-05")
    f = received("2026-03-02", "other_org")
    _refused(office, f, "2026-03-03", "2026-03-10", "unavailable.not_held")
    office.sweep("2026-03-02")  # the engine ends D (2026-01-01) and I (its payment period ran out)
    h = received("2026-10-19", "natural")
    office.act(h, "assign", user="reg", on="2026-10-20", to="han")
    assert (office.case(d).case.concluded_on.isoformat(), office.case(d).case.outcome) == ("2026-01-01", "other.no_correction")
    assert office.case(i).case.outcome == "other.fee_unpaid"
    return office


def _tables(report: dict) -> dict:
    """The counted tables of a report's dict (its other parts are tested in test_annual_whole.py)."""
    return {key: report[key] for key in ("year", "balanced", "table3", "table4")}


def test_the_2025_report_matches_the_hand_count_cell_by_cell(hand_counted):
    assert _tables(hand_counted.annual_report(2025).as_dict()) == EXPECTED_2025


def test_the_2026_report_matches_the_hand_count_cell_by_cell(hand_counted):
    assert _tables(hand_counted.annual_report(2026).as_dict()) == EXPECTED_2026


def test_a_year_without_cases_is_all_zeros_and_balanced(hand_counted):
    report = hand_counted.annual_report(2024).as_dict()
    assert report["balanced"] and report["table3"] == _table3() and report["table4"] == _appeals()


def test_the_formats_carry_the_same_numbers(hand_counted, tmp_path):
    report = hand_counted.annual_report(2026)
    assert _tables(json.loads(to_json(report))) == EXPECTED_2026
    as_csv = to_csv(report)
    assert as_csv.startswith("\ufeff")  # the byte-order mark Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(as_csv.removeprefix("\ufeff"))))
    by_key = {row[1]: row for row in rows if row and row[0] == "三"}
    assert by_key["carried_in"][2:] == ["二、上年结转政府信息公开申请数量", "1", "0", "1", "1", "0", "0", "3"]
    assert by_key["other.fee_unpaid"][2] == "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    appeals = {row[1]: row for row in rows if row and row[0] == "四"}
    assert appeals["reconsideration"][3:] == ["0", "1", "0", "0", "1"]
    markdown = to_markdown(report)
    assert "| 　（七）总计 | 1 | 1 | 1 | 1 | 1 | 1 | 6 |" in markdown
    assert "| 行政复议 | 0 | 1 | 0 | 0 | 1 |" in markdown

    from openpyxl import load_workbook

    to_xlsx(report, str(tmp_path / "report.xlsx"))
    workbook = load_workbook(tmp_path / "report.xlsx")
    table3, table4 = workbook["表三 申请情况"], workbook["表四 复议诉讼"]
    labels = {table3.cell(row=row, column=column).value: row for row in range(5, table3.max_row + 1) for column in (1, 2, 3)}
    total_row = labels["（七）总计"]
    assert [table3.cell(row=total_row, column=column).value for column in range(4, 11)] == [1, 1, 1, 1, 1, 1, 6]
    assert table3["D2"].value == "申请人情况" and "D2:J2" in {str(merged) for merged in table3.merged_cells.ranges}
    assert table4["A2"].value == "行政复议" and table4["F2"].value == "行政诉讼"
    assert [table4.cell(row=5, column=column).value for column in range(1, 6)] == [0, 1, 0, 0, 1]


def test_every_sheet_of_the_xlsx_report_prints_on_a4_with_its_headings_on_every_page(hand_counted, tmp_path):
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    to_xlsx(hand_counted.annual_report(2026), str(tmp_path / "report.xlsx"))
    workbook = load_workbook(tmp_path / "report.xlsx")
    assert workbook.sheetnames == ["表二 主动公开", "表三 申请情况", "表四 复议诉讼", "一五六 文字部分"]
    for sheet in workbook.worksheets:
        assert sheet.page_setup.paperSize == int(sheet.PAPERSIZE_A4), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1, sheet.title
        for column in range(1, sheet.max_column + 1):
            assert get_column_letter(column) in sheet.column_dimensions, (sheet.title, column)
    titles = {sheet.title: sheet.print_title_rows for sheet in workbook.worksheets}
    assert titles == {"表二 主动公开": "$1:$1", "表三 申请情况": "$1:$4", "表四 复议诉讼": "$1:$4", "一五六 文字部分": None}
    assert workbook["表三 申请情况"].page_setup.orientation == "landscape"
    # 表四's fifteen columns had no width: each is now wide enough for its heading, 尚未审结 (8 cells) and 2 more.
    assert workbook["表四 复议诉讼"].column_dimensions["D"].width == 10


def _edit_tallies(office, statement: str, **values) -> None:
    """Edit the reports' tallies behind the engine's back (what `audit verify` would find)."""
    with office.engine.begin() as connection:
        assert connection.execute(text(statement), values).rowcount == 1


def test_a_conclusion_counted_before_its_receipt_fails_loudly_and_says_where(hand_counted):
    # F (the only other_org case, received 2026-03-02) counted concluded on 2025-12-31 (no rule allows it):
    # by the end of 2025 one more other_org case concluded than received.
    _edit_tallies(hand_counted, "UPDATE report_tallies SET day = :day WHERE measure = 'concluded' AND detail LIKE 'other_org|%' AND count > 0",
                  day=date(2025, 12, 31))
    with pytest.raises(ReportImbalance, match="^column other_org: 1 case\\(s\\) more concluded than received by 2025-12-31$"):
        hand_counted.annual_report(2026)


def test_a_receipt_counted_after_its_conclusion_fails_loudly_too(hand_counted):
    # The other direction: F (other_org, concluded 2026-03-10) counted received in 2027. In 2026 it is
    # concluded, but neither new nor carried in.
    _edit_tallies(hand_counted, "UPDATE report_tallies SET day = :day WHERE measure = 'received' AND detail LIKE '%|other_org' AND count > 0",
                  day=date(2027, 1, 4))
    with pytest.raises(ReportImbalance, match="^column other_org: 1 case\\(s\\) more concluded than received by 2026-12-31$"):
        hand_counted.annual_report(2026)


def test_a_concluded_case_without_an_outcome_fails_loudly(hand_counted):
    _edit_tallies(hand_counted, "UPDATE report_tallies SET detail = 'legal_service||1|1|' "
                                "WHERE measure = 'concluded' AND detail LIKE 'legal_service|%' AND count > 0")
    with pytest.raises(ReportImbalance, match="concluded in 2026 with no known outcome"):
        hand_counted.annual_report(2026)


# -- the operating statistics, on the same office ------------------------------------------------


def _figures(office, **period):
    return office.statistics(**period)["kinds"]["disclosure"]["total"]


def test_the_2025_statistics_match_the_hand_count(hand_counted):
    figures = _figures(hand_counted, year=2025)
    assert figures["received"] == {"in_person": 0, "post": 0, "online": 7, "fax": 0, "email": 0, "total": 7}
    # A, B, J, K concluded; G's reply counts in 2026, when it was concluded again.
    assert (figures["concluded"], figures["concluded_on_time"], figures["due_to_conclude"]) == (4, 4, 4)
    assert (figures["completion_rate"], figures["on_time_rate"]) == (1.0, 1.0)
    # Working days from receipt to reply: A 13, B 14 (after the Dragon Boat holiday), J 7, K 2.
    assert figures["reply_working_days"] == {"replies": 4, "mean": 9.0, "p90": 14}
    assert (figures["corrections"], figures["consultations"], figures["extensions"]) == (1, 0, 0)  # D's
    assert (figures["open_at_end"], figures["overdue_at_end"]) == (3, 0)  # C, D, G; none overdue yet
    assert figures["fees_collected"] == "0.00"


def test_the_2026_statistics_match_the_hand_count(hand_counted):
    figures = _figures(hand_counted, year=2026)
    assert figures["received"]["online"] == figures["received"]["total"] == 4  # E, F, H, I
    # C, D, E, F, G, I concluded, each on time (D, E and I owed no reply); H was due 2026-11-16 and is open.
    assert (figures["concluded"], figures["concluded_on_time"], figures["due_to_conclude"]) == (6, 6, 7)
    assert (figures["completion_rate"], figures["on_time_rate"]) == (0.8571, 1.0)
    # C 19 (New Year's Day off, Sunday 4 January worked), F 6, G 9 from its reopening (the Spring
    # Festival holiday from 15 February, Saturday the 14th worked): mean 11.3, p90 the largest.
    assert figures["reply_working_days"] == {"replies": 3, "mean": 11.3, "p90": 19}
    assert (figures["open_at_end"], figures["overdue_at_end"]) == (1, 1)  # H


def test_statistics_by_handler_within_the_kind(hand_counted):
    by_handler = hand_counted.statistics(year=2025, by="handler")
    applications = by_handler["kinds"]["disclosure"]
    assert list(applications["groups"]) == ["han"] and list(by_handler["kinds"]) == ["disclosure"]
    assert applications["groups"]["han"] == applications["total"]
    quarter = hand_counted.statistics(quarter="2026Q1")
    assert list(quarter["kinds"]) == ["disclosure"] and quarter["period"] == {
        "label": "2026Q1", "from": "2026-01-01", "to": "2026-03-31",
    }


def test_fees_corrections_consultations_and_extensions_are_counted_in_their_period(office):
    number = register(office, received="2026-04-01", channel="post").number
    office.act(number, "assign", user="reg", on="2026-04-02", to="han")
    office.act(number, "consult", user="han", on="2026-04-03", party="agency")
    office.act(number, "receive-opinion", user="han", on="2026-04-08", opinion="agree")
    office.act(number, "notify-fee", user="han", on="2026-04-09", pages=34, amount="30.50")  # the scale: ¥40
    office.act(number, "receive-payment", user="han", on="2026-04-13")
    office.act(number, "extend", user="boss", on="2026-04-14", days=5)
    other = register(office, received="2026-06-29", channel="email").number
    office.act(other, "request-correction", user="han", on="2026-06-30")
    q2 = _figures(office, quarter="2026Q2")
    assert (q2["received"]["post"], q2["received"]["email"], q2["received"]["total"]) == (1, 1, 2)
    assert (q2["corrections"], q2["consultations"], q2["extensions"], q2["fees_collected"]) == (1, 1, 1, "30.50")
    april = _figures(office, start="2026-04-01", end="2026-04-30")
    assert (april["corrections"], april["fees_collected"]) == (0, "30.50")
    assert _figures(office, quarter="2026Q3")["fees_collected"] == "0.00"


@pytest.mark.parametrize(
    "period, message",
    [
        ({}, "give one period"),
        ({"year": 2026, "quarter": "2026Q1"}, "give one period"),
        ({"quarter": "2026Q5"}, "--quarter must look like 2026Q1"),
        ({"start": "2026-05-01"}, "--from and --to go together"),
        ({"start": "2026-05-01", "end": "2026-04-01"}, "is before --from"),
    ],
)
def test_a_period_must_be_one_and_well_formed(office, period, message):
    from disclosure.workflow.errors import InvalidInput

    with pytest.raises(InvalidInput, match=message):
        office.statistics(**period)


def test_the_chart_is_drawn(hand_counted, tmp_path):
    pytest.importorskip("matplotlib", reason="the chart extra is not installed")
    from disclosure.reports.chart import draw_monthly_chart

    series = hand_counted.monthly_series(year=2026)
    assert [month["month"] for month in series][:3] == ["2026-01", "2026-02", "2026-03"]
    # January 2026: I received; C replied and D ended (I's fee period ran out in February).
    assert series[0] == {"month": "2026-01", "received": 1, "concluded": 2, "on_time_rate": 1.0}
    draw_monthly_chart(series, "2026", str(tmp_path / "chart.png"))
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
