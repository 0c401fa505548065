"""The statistics and the annual report of one year read that year's tallies and the cases open at its
end through indexes, not the whole book (issue 19 items 1 and 6), and count what a count by hand gives.

SQLite's query plans are read (EXPLAIN QUERY PLAN) for every statement the two reports run; a
"SCAN" of cases, events, clocks or the tallies would read every row of the book, whatever the year asked for.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from disclosure.service import Office
from disclosure.storage.sql_runner import SqlRunner

TODAY = date(2026, 12, 31)
READ_WHOLE = ("SCAN cases", "SCAN events", "SCAN clocks", "SCAN report_tallies")


def _application(office: Office, received: date) -> str:
    return office.register(user="reg", on=received, channel="online", received=received.isoformat(), applicant="张三",
                           applicant_type="natural", request="部门预算").number


@pytest.fixture
def three_years(tmp_path):
    """Per year 2024, 2025, 2026: in each of its first 10 months, three applications received on the 5th;
    the first is replied to 6 days later after a correction and a consultation, the second withdrawn
    after an extension, the third stays open."""
    office = Office.open(str(tmp_path / "book.db"), today=lambda: TODAY)
    office.init("测试办公室", admin="admin")
    for name, roles in {"reg": ["registrar"], "han": ["handler"], "boss": ["head"]}.items():
        office.add_user(name, roles, by="admin")
    for year in (2024, 2025, 2026):
        for month in range(1, 11):
            received = date(year, month, 5)
            replied = _application(office, received)
            office.act(replied, "assign", user="reg", on=received, to="han")
            office.act(replied, "request-correction", user="han", on=received + timedelta(days=1))
            office.act(replied, "receive-correction", user="reg", on=received + timedelta(days=2))
            office.act(replied, "consult", user="han", on=received + timedelta(days=3), party="agency", name="某局")
            office.act(replied, "receive-opinion", user="han", on=received + timedelta(days=4), opinion="agree")
            office.act(replied, "reply", user="han", on=received + timedelta(days=6), outcome="unavailable.not_held")
            withdrawn = _application(office, received)
            office.act(withdrawn, "extend", user="boss", on=received + timedelta(days=1), days=10)
            office.act(withdrawn, "withdraw", user="reg", on=received + timedelta(days=2))
            _application(office, received)
    yield office
    office.close()


def test_the_reports_of_a_year_read_no_table_whole_and_count_that_year(three_years):
    office = three_years
    statements: list[tuple[str, object]] = []
    execute = SqlRunner.execute

    def seen(runner, statement, values):  # the reports run the statements compiled ahead, on the driver
        statements.append((statement, runner._values(values)))
        return execute(runner, statement, values)

    SqlRunner.execute = seen
    try:
        figures = office.statistics(year=2025)["kinds"]["disclosure"]["total"]
        report = office.annual_report(2025).as_dict()
    finally:
        SqlRunner.execute = execute
    with office.engine.connect() as connection:
        plans = {
            statement: [row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()]
            for statement, parameters in statements if statement.lstrip().upper().startswith("SELECT")
        }
    whole = {statement: plan for statement, plan in plans.items() if any(step.startswith(READ_WHOLE) for step in plan)}
    assert whole == {}
    # The counts from the tallies' key (a measure, then a range of days); the cases open at the end by receipt.
    assert any("report_tallies USING PRIMARY KEY (measure=? AND day>? AND day<?)" in step for plan in plans.values() for step in plan)
    assert any("ix_cases_open " in step for plan in plans.values() for step in plan)
    assert not any("events" in statement for statement in plans)  # no event is read: the steps are tallied
    # By hand, 2025: 30 received (10 months × 3); 20 concluded in the year (10 replies, 10 withdrawals);
    # 10 corrections, 10 consultations, 10 extensions; open at its end: 2024's 10 and 2025's 10.
    assert figures["received"]["total"] == 30 and figures["concluded"] == 20
    assert (figures["corrections"], figures["consultations"], figures["extensions"]) == (10, 10, 10)
    assert figures["open_at_end"] == 20
    assert report["table3"]["new"]["total"] == 30
    assert report["table3"]["carried_in"]["total"] == 10 and report["table3"]["carried_out"]["total"] == 20
