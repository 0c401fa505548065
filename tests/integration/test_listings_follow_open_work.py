"""The listings read the open due dates' index, and give what a plain scan gives (issue 19 item 1).

A seeded random office of 2,000 cases, applications and petitions, driven through the engine to
every stage (registered, processing, paused for a correction or a consultation, corrected, extended,
replied, withdrawn, lapsed by the sweep; petitions accepted, replied, delivered, under review), then
a calendar load that moves open deadlines. Every listing (each state, overdue, due within N working
days, on several days) is compared with a plain scan: each case replayed from its events and judged
by its CaseView on the office's calendar; and each listing's query searches its index. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from disclosure.service import Office
from disclosure.storage.sql_runner import SqlRunner
from disclosure.views import case_view
from disclosure.workflow.calendar import parse_overrides
from disclosure.workflow.case import replay
from tests.integration.conftest import run_sql

TODAY = date(2026, 12, 31)
FIRST_RECEIPT = date(2026, 6, 1)
CASES = 2_000
# A local rest day loaded after the cases: it moves every open deadline counted across it, and 2027
# (past the national data the tests assume) becomes a known year, so its due dates stop being provisional.
LOCAL_DAYS = '[2026]\nholidays = ["2026-12-14"]\n[2027]\nholidays = []\n'


def _register(office: Office, kind: str, received: date):
    params = {"channel": "online", "received": received.isoformat(), "applicant": "张三", "applicant_type": "natural",
              "request": "部门预算"}
    return office.register(user="reg", on=received, kind=kind, **params).number


# Each stage: the actions after registration, as (action, user, parameters); a case takes them in order,
# each a few days after the one before.
APPLICATION_STAGES = {
    "registered": [],
    "processing": [("assign", "reg", {"to": "han"})],
    "correction asked": [("assign", "reg", {"to": "han"}), ("request-correction", "han", {})],
    "correction asked before assignment": [("request-correction", "han", {})],
    "corrected": [("assign", "reg", {"to": "han"}), ("request-correction", "han", {}), ("receive-correction", "reg", {})],
    "extended": [("assign", "reg", {"to": "han"}), ("extend", "boss", {"days": 20})],
    "consulting": [("assign", "reg", {"to": "han"}), ("consult", "han", {"party": "agency", "name": "某局"})],
    "in review": [("assign", "reg", {"to": "han"}), ("submit-review", "han", {})],
    "replied": [("assign", "reg", {"to": "han"}), ("reply", "han", {"outcome": "unavailable.not_held"})],
    "delivered": [("assign", "reg", {"to": "han"}), ("submit-review", "han", {}), ("approve-review", "rev", {}),
                  ("reply", "han", {"outcome": "granted"}), ("deliver", "reg", {"method": "post"})],
    "withdrawn": [("withdraw", "reg", {})],
}
PETITION_STAGES = {
    "registered": [],
    "accepted": [("accept", "reg", {})],
    "replied": [("accept", "reg", {}), ("assign", "reg", {"to": "han"}), ("reply", "han", {"outcome": "supported"})],
    "delivered": [("accept", "reg", {}), ("assign", "reg", {"to": "han"}), ("reply", "han", {"outcome": "supported"}),
                  ("deliver-reply", "reg", {})],
    "under review": [("accept", "reg", {}), ("assign", "reg", {"to": "han"}), ("reply", "han", {"outcome": "supported"}),
                     ("deliver-reply", "reg", {}), ("request-review", "reg", {})],
}


def _build(office: Office, rng: random.Random) -> dict[str, str]:
    """The cases registered, number → kind."""
    kinds = {}
    for _ in range(CASES):
        kind = "petition" if rng.random() < 0.2 else "disclosure"
        stages = PETITION_STAGES if kind == "petition" else APPLICATION_STAGES
        steps = stages[rng.choice(sorted(stages))]
        # Late enough that every step is dated by TODAY, early enough that many are overdue by then.
        day = FIRST_RECEIPT + timedelta(days=rng.randrange((TODAY - FIRST_RECEIPT).days - 4 * len(steps) - 1))
        number = _register(office, kind, day)
        kinds[number] = kind
        for action, user, params in steps:
            day += timedelta(days=rng.randint(1, 4))
            office.act(number, action, user=user, on=day, **params)
    return kinds


@pytest.fixture
def busy_office(database_url):
    office = Office.open(database_url, today=lambda: TODAY)
    office.init("测试办公室", admin="admin")
    for name, roles in {"reg": ["registrar"], "han": ["handler"], "rev": ["reviewer"], "boss": ["head"]}.items():
        office.add_user(name, roles, by="admin")
    kinds = _build(office, random.Random(19))
    office.sweep(TODAY, confirm=True)  # the correction periods that ran out end their cases
    office.load_calendar([parse_overrides(LOCAL_DAYS, source="local.toml")], user="admin")
    yield office, kinds
    office.close()


def _histories(office: Office, kinds: dict[str, str]) -> dict[str, tuple]:
    """number → (kind, events), read from the events only."""
    return {number: (office.kinds.kind(kind), office.history(number)) for number, kind in sorted(kinds.items())}


def _plain_views(office: Office, histories: dict[str, tuple], on: date) -> list:
    """Every case replayed from its events and judged on ``on``: nothing of the stored projection read."""
    return [
        case_view(replay(kind, office.kinds.machine(kind.code), events), kind, office.calendar, on)
        for kind, events in histories.values()
    ]


def _numbers(views) -> list[str]:
    return [view.number for view in views]


def test_every_listing_gives_what_a_plain_scan_of_the_replayed_cases_gives(busy_office):
    office, kinds = busy_office
    histories = _histories(office, kinds)
    for on in (date(2026, 10, 15), date(2026, 12, 11), TODAY):
        plain = _plain_views(office, histories, on)
        states = sorted({view.state for view in plain})
        for state in states:
            assert _numbers(office.cases(state=state, on=on)) == _numbers(v for v in plain if v.state == state), (on, state)
        overdue = [view for view in plain if view.overdue]
        assert _numbers(office.cases(overdue=True, on=on)) == _numbers(overdue), on
        assert _numbers(office.cases(state="processing", overdue=True, on=on)) == _numbers(
            v for v in overdue if v.state == "processing")
        for days in (0, 1, 5, 20):
            due_by = office.calendar.add_working_days(on, days).on
            expected = [v for v in plain if v.due is not None and v.case.clock_open() and v.due.on <= due_by]
            assert _numbers(office.cases(due_within=days, on=on)) == _numbers(expected), (on, days)
            assert _numbers(office.cases(due_within=days, overdue=True, on=on)) == _numbers(v for v in expected if v.overdue)
    # Not a vacuous comparison: every stage is there, and on TODAY many cases are overdue, none of them concluded.
    plain = _plain_views(office, histories, TODAY)
    assert {"registered", "processing", "correction", "consultation", "review", "replied", "delivered", "closed", "accepted",
            "reviewing"} <= {view.state for view in plain}
    lapsed = [number for number, (_, events) in histories.items() if events[-1].type == "lapse"]
    overdue = [view for view in plain if view.overdue]
    assert len(lapsed) > 20 and len(overdue) > 200
    assert all(view.case.concluded_on is None for view in overdue)
    assert office.verify().intact and office.replay() == []
    _assert_searched(office, lambda: office.cases(due_within=3, on=date(2026, 12, 11)), "ix_cases_open_due")
    _assert_searched(office, lambda: office.cases(overdue=True), "ix_cases_open_due")
    _assert_searched(office, lambda: office.cases(state="processing"), "ix_cases_state")
    # A handler's open work reads the cases in that state, not every case the handler ever had.
    assert _numbers(office.cases(handler="han", state="processing")) == _numbers(
        v for v in plain if v.state == "processing" and v.case.handler == "han")
    _assert_searched(office, lambda: office.cases(handler="han", state="processing"), "ix_cases_state")
    _assert_searched(office, lambda: office.cases(handler="han"), "ix_cases_handler")
    # Page by page (by number, each after the last one shown), a listing gives what it gives whole.
    for filters in ({}, {"handler": "han"}, {"state": "processing"}, {"overdue": True}, {"due_within": 5},
                    {"received_from": "2026-08-01", "received_to": "2026-08-31"}, {"kind": "petition"}):
        whole = _numbers(office.cases(**filters))
        assert len(whole) > 37, filters
        assert _paged(office, 37, **filters) == whole, filters
    # A page of one handler's cases reads that handler's index in number order: no sort of all their cases.
    _assert_searched(office, lambda: office.cases(handler="han", limit=20), "ix_cases_handler", unsorted=True)


def _paged(office: Office, size: int, **filters) -> list[str]:
    """Every page of a listing, each after the last number of the one before, joined."""
    numbers: list[str] = []
    while True:
        page = _numbers(office.cases(limit=size, after=numbers[-1] if numbers else None, **filters))
        numbers.extend(page)
        if len(page) < size:
            return numbers


def _assert_searched(office: Office, listing, index: str, unsorted: bool = False) -> None:
    """The listing's one query of the cases searches ``index`` (SQLite: no scan of the table; ``unsorted``:
    nor a sort of what it found)."""
    statements: list[tuple[str, object]] = []
    execute = SqlRunner.execute

    def seen(runner, statement, values):
        if "FROM cases" in statement:
            statements.append((statement, runner._values(values)))
        return execute(runner, statement, values)

    SqlRunner.execute = seen
    try:
        listed = listing()
    finally:
        SqlRunner.execute = execute
    assert len(statements) == 1 and listed
    statement, parameters = statements[0]
    with office.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            assert any(row[-1].startswith(f"SEARCH cases USING INDEX {index}") for row in plan), plan
            assert not unsorted or not any("TEMP B-TREE" in row[-1] for row in plan), plan
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")  # a table this small would be read whole anyway
            plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
            assert any(index in row[0] for row in plan), plan


def test_an_open_due_date_edited_behind_the_engine_is_found_and_repaired(book):
    """``book`` (conftest): 2025-0001 cleared and 2025-0002 extended, both past their reply dates on
    2026-11-20; 2025-0003's reply clock waits for an agency's opinion, so it has no due date."""
    anchor = book.anchor()
    assert [view.number for view in book.cases(overdue=True)] == ["2025-0001", "2025-0002"]
    run_sql(
        book,
        "UPDATE cases SET open_due_on = NULL WHERE number = '2025-0002'",
        "UPDATE cases SET open_due_on = '2025-10-01' WHERE number = '2025-0003'",
    )
    # The listing chooses by the column, then each view judges: 2025-0002 is missed, and 2025-0003,
    # chosen, is not overdue (its clock waits).
    assert [view.number for view in book.cases(overdue=True)] == ["2025-0001"]
    verification = book.verify(anchor)
    assert not verification.intact
    assert (verification.finding.case, verification.finding.detail) == (
        "2025-0002", f"open_due_on is stored as None but the events give '{book.case('2025-0002').due.on.isoformat()}'")
    assert {(difference.case, difference.field) for difference in book.replay()} == {
        ("2025-0002", "open_due_on"), ("2025-0003", "open_due_on")}
    assert sorted(book.repair(user="admin")) == ["2025-0002", "2025-0003"]
    assert [view.number for view in book.cases(overdue=True)] == ["2025-0001", "2025-0002"]
    assert book.verify(anchor).intact and book.replay() == []
