"""The annual report at the edges of its year: 1 January and 31 December, on both backends.

An office whose cases and appeals fall on the first and last days of 2025 (received → what became of them):

    P natural     received 2025-01-01 (New Year's Day, online) → granted 2025-01-10;
                  reconsideration filed 2025-03-03, decided "corrected" 2025-12-31
    B enterprise  received 2025-02-03 → withheld.state_secret 2025-02-10; reconsideration "upheld" 2025-04-01
    T other_org   received 2025-05-06 → unavailable.not_held 2025-05-08; lawsuit (direct) "upheld" 2025-08-01
    R research    received 2025-12-01 → granted 2025-12-31 (the year's last day);
                  lawsuit (direct) filed 2025-12-31, pending at the year's end, decided "upheld" 2026-01-01
    Q enterprise  received 2025-12-31 (the year's last day) → still open
    S             a deputy's suggestion (another kind), received 2025-03-19, replied "A" 2025-06-03: in no table

The rule (STATUTE.md §3; docs/reports.md): 一 新收 = received in the year, both ends included; 二 上年结转 =
received before the year and open at the end of the previous year; 三 = concluded in the year, both ends
included; 四 结转下年度 = open at the end of the year (a case concluded on 31 December is not). Table 四: decided
in the year, both ends included; pending = filed by the year's end and not decided by then.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from disclosure.reports.annual import ReportImbalance, annual_report
from disclosure.reports.annual_formats import to_markdown
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.vocabulary import OUTCOMES

from tests.integration.conftest import register

COLUMNS = ("natural", "enterprise", "research", "public_interest", "legal_service", "other_org", "total")
OUTCOME_ROWS_2025 = ("granted", "withheld.state_secret", "unavailable.not_held")


def _row(natural=0, enterprise=0, research=0, public_interest=0, legal_service=0, other_org=0):
    values = (natural, enterprise, research, public_interest, legal_service, other_org)
    return dict(zip(COLUMNS, (*values, sum(values))))


def _appeal(upheld=0, corrected=0, other=0, pending=0):
    return {"upheld": upheld, "corrected": corrected, "other": other, "pending": pending,
            "total": upheld + corrected + other + pending}


@pytest.fixture
def year_edges(office):
    def received(on, applicant_type):
        return register(office, received=on, applicant_type=applicant_type).number

    def released(number, assigned, submitted, approved, replied):
        office.act(number, "assign", user="reg", on=assigned, to="han")
        office.act(number, "submit-review", user="han", on=submitted)
        office.act(number, "approve-review", user="rev", on=approved)
        office.act(number, "reply", user="han", on=replied, outcome="granted")

    def refused(number, replied, outcome):
        office.act(number, "assign", user="reg", on=replied, to="han")
        office.act(number, "reply", user="han", on=replied, outcome=outcome)

    p = received("2025-01-01", "natural")
    released(p, "2025-01-02", "2025-01-06", "2025-01-07", "2025-01-10")
    office.act(p, "record-appeal", user="reg", on="2025-03-03", type="reconsideration", result="pending")
    office.act(p, "record-appeal", user="reg", on="2025-12-31", appeal=1, result="corrected")
    b = received("2025-02-03", "enterprise")
    refused(b, "2025-02-10", "withheld.state_secret")
    office.act(b, "record-appeal", user="reg", on="2025-04-01", type="reconsideration", result="upheld")
    t = received("2025-05-06", "other_org")
    refused(t, "2025-05-08", "unavailable.not_held")
    office.act(t, "record-appeal", user="reg", on="2025-08-01", type="litigation", result="upheld")
    r = received("2025-12-01", "research")
    released(r, "2025-12-02", "2025-12-29", "2025-12-30", "2025-12-31")
    office.act(r, "record-appeal", user="reg", on="2025-12-31", type="litigation", result="pending")
    office.act(r, "record-appeal", user="reg", on="2026-01-01", appeal=1, result="upheld")
    q = received("2025-12-31", "enterprise")
    s = office.register(kind="suggestion", user="reg", on="2025-03-19", received="2025-03-19", applicant="王代表",
                        applicant_type="deputy", request="关于加快老旧小区改造的建议").number
    office.act(s, "assign", user="reg", on="2025-03-20", to="han")
    office.act(s, "reply", user="han", on="2025-06-03", outcome="A")
    concluded = {n: office.case(n).case.concluded_on for n in (p, b, t, r, q, s)}
    assert [day.isoformat() if day else None for day in concluded.values()] == [
        "2025-01-10", "2025-02-10", "2025-05-08", "2025-12-31", None, "2025-06-03"]
    return office


def test_2025_counts_both_ends_of_the_year(year_edges):
    report = year_edges.annual_report(2025)
    table3 = report.table3
    # P received on 1 January and Q on 31 December are both new; nothing was open at the end of 2024.
    assert table3["new"] == _row(natural=1, enterprise=2, research=1, other_org=1)  # P · B Q · R · T
    assert table3["carried_in"] == _row()
    # R concluded on 31 December counts in 2025, and the two grants of two applicant types stay apart.
    assert {key: table3[key] for key in OUTCOME_ROWS_2025} == {
        "granted": _row(natural=1, research=1),  # P · R
        "withheld.state_secret": _row(enterprise=1),  # B
        "unavailable.not_held": _row(other_org=1),  # T
    }
    assert all(table3[code] == _row() for code in OUTCOMES if code not in OUTCOME_ROWS_2025)
    # The suggestion S, concluded in 2025 too, is not a disclosure case: 4 concluded, not 5.
    assert table3["concluded"] == _row(natural=1, enterprise=1, research=1, other_org=1)
    # Open at the end of 2025: Q (received that day) only; R, concluded that day, is not carried over.
    assert table3["carried_out"] == _row(enterprise=1)
    assert report.balanced


def test_2025_appeals_decided_on_the_last_day_and_filed_on_it(year_edges):
    assert year_edges.annual_report(2025).table4 == {
        # P's decided on 31 December (not also pending); B's upheld: one type, two results.
        "reconsideration": _appeal(upheld=1, corrected=1),
        # T's upheld; R's filed on 31 December, pending at the year's end: decided and pending in one type.
        "litigation": _appeal(upheld=1, pending=1),
        "litigation_after_reconsideration": _appeal(),
    }


def test_2026_carries_in_only_what_was_open_on_31_december(year_edges):
    report = year_edges.annual_report(2026)
    # R, concluded on 31 December 2025, is not carried into 2026; Q is, and is still open.
    assert report.table3["carried_in"] == _row(enterprise=1)
    assert report.table3["new"] == report.table3["concluded"] == _row()
    assert report.table3["carried_out"] == _row(enterprise=1)
    # R's lawsuit, decided on 1 January 2026, counts in 2026 as upheld; nothing is pending.
    assert report.table4["litigation"] == _appeal(upheld=1)
    assert report.table4["reconsideration"] == report.table4["litigation_after_reconsideration"] == _appeal()


def test_the_report_names_the_office(year_edges):
    report = year_edges.annual_report(2025)
    assert report.office == "测试办公室"
    assert to_markdown(report).splitlines()[0] == "# 测试办公室2025年政府信息公开工作年度报告"


def test_an_unknown_applicant_type_is_refused_naming_the_row_it_was_counted_in(year_edges):
    # Q (received 2025-12-31, open) counted under an applicant type the format has no column for (no rule allows
    # it), its tally edited behind the engine's back.
    with year_edges.engine.begin() as connection:
        edited = connection.execute(text("UPDATE report_tallies SET detail = replace(detail, 'enterprise', 'alien') "
                                         "WHERE measure = 'received' AND day = :day AND detail LIKE '%|enterprise'"),
                                    {"day": date(2025, 12, 31)})
        assert edited.rowcount == 1
    with pytest.raises(ReportImbalance, match=r"^new: 1 case\(s\) of unknown applicant type 'alien'$"):
        year_edges.annual_report(2025)
    # In 2026 the same case is carried in (and the row that names it says so).
    with pytest.raises(ReportImbalance, match=r"^carried_in: 1 case\(s\) of unknown applicant type 'alien'$"):
        year_edges.annual_report(2026)


@pytest.mark.parametrize("year", [1989, 2101, 10000, 0, -2025])
def test_a_year_outside_1990_2100_is_a_one_line_error(year):
    # Checked before anything is read: no connection is needed to refuse it.
    with pytest.raises(InvalidInput, match=rf"^--year must be a year from 1990 to 2100 \(got {year}\)$"):
        annual_report(None, year)


@pytest.mark.parametrize("year", [1990, 2100])
def test_the_first_and_last_years_accepted_give_an_empty_balanced_report(office, year):
    report = office.annual_report(year)
    assert report.year == year and report.balanced
    assert all(cells == _row() for cells in report.table3.values())
    assert all(results == _appeal() for results in report.table4.values())
