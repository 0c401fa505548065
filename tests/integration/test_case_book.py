"""The case book on a real database: events and projections together, refusals write nothing, numbering."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from disclosure.storage.tables import CaseRow, ClockRow, EventRow
from disclosure.workflow.errors import ConcurrentChange, InvalidInput, NotFound, RuleViolation, UnknownUser

from tests.integration.conftest import register


def _counts(office):
    with office.engine.connect() as connection:
        events = connection.execute(select(func.count()).select_from(EventRow.__table__)).scalar_one()
        cases = connection.execute(select(func.count()).select_from(CaseRow.__table__)).scalar_one()
    return events, cases


def _case_row(office, number):
    with office.engine.connect() as connection:
        return connection.execute(select(CaseRow.__table__).where(CaseRow.__table__.c.number == number)).one()


def test_a_whole_path_stores_events_and_projections(office):
    view = register(office, id_number="110101199001011234", phone="13800001234")
    number = view.number
    assert number == "2025-0001"
    assert view.due.on == date(2025, 10, 30)
    office.act(number, "assign", user="reg", on="2025-09-29", to="han")
    office.act(number, "consult", user="han", on="2025-10-13", party="third_party", name="某公司")
    office.act(number, "opinion-request-received", user="han", on="2025-10-13")
    paused = office.case(number)
    assert paused.due is None  # paused with 13 working days left
    assert {c.name: c.status for c in paused.clocks}["reply"] == "paused"
    office.act(number, "receive-opinion", user="han", on="2025-10-20", consent="no")
    assert office.case(number).due.on == date(2025, 11, 6)
    office.act(number, "submit-review", user="han", on="2025-10-21")
    office.act(number, "approve-review", user="rev", on="2025-10-22")
    replied = office.act(number, "reply", user="han", on="2025-10-23", outcome="partial", reason="涉及个人隐私的部分不予公开")
    assert replied.state == "replied" and replied.case.reply_on_time is True
    office.act(number, "deliver", user="reg", on="2025-10-24", method="post")
    done = office.act(number, "archive", user="reg", on="2025-10-27")
    assert done.state == "archived"

    row = _case_row(office, number)
    assert (row.state, row.outcome, row.version) == ("archived", "partial", 10)
    assert (row.due_on, row.replied_on, row.on_time, row.handler) == (date(2025, 11, 6), date(2025, 10, 23), True, "han")
    assert row.id_number == "110101199001011234"  # stored whole, masked only in output
    assert view.to_dict()["applicant"]["id_number"] == "110***********1234"
    with office.engine.connect() as connection:
        clocks = {r.name: r for r in connection.execute(select(ClockRow.__table__).where(ClockRow.__table__.c.case_number == number))}
    assert clocks["reply"].status == "stopped" and clocks["reply"].due_on == date(2025, 11, 6)
    assert clocks["opinion"].status == "stopped"
    history = office.history(number)
    assert [e.version for e in history] == list(range(1, 11))
    assert [e.type for e in history][:3] == ["register", "assign", "consult"]
    assert history[2].data == {"party": "third_party", "name": "某公司", "days": 15}
    assert history[2].role == "handler" and history[2].user == "han"


@pytest.mark.parametrize(
    ("action", "user", "params", "error"),
    [
        ("submit-review", "han", {}, RuleViolation),  # not allowed in registered
        ("assign", "han", {"to": "han"}, RuleViolation),  # wrong role
        ("assign", "reg", {"to": "han", "bogus": 1}, InvalidInput),
        ("assign", "nobody", {"to": "han"}, UnknownUser),
    ],
)
def test_a_refused_command_writes_nothing(office, action, user, params, error):
    number = register(office).number
    before = _counts(office), _case_row(office, number)
    with pytest.raises(error):
        office.act(number, action, user=user, on="2025-09-29", **params)
    assert (_counts(office), _case_row(office, number)) == before


def test_dates_in_the_future_or_before_the_last_event_are_refused(office):
    number = register(office).number
    office.act(number, "assign", user="reg", on="2025-10-09", to="han")
    with pytest.raises(RuleViolation, match="before the case's last event"):
        office.act(number, "submit-review", user="han", on="2025-10-08")
    with pytest.raises(RuleViolation, match="in the future"):
        office.act(number, "submit-review", user="han", on="2026-11-21")
    assert office.case(number).case.version == 2


def test_a_refused_registration_takes_no_number(office):
    with pytest.raises(InvalidInput):
        register(office, applicant_type="martian")
    assert _counts(office) == (0, 0)
    assert register(office).number == "2025-0001"


def test_numbers_run_per_year_and_take_the_office_prefix(database_url):
    from disclosure.service import Office

    office = Office.open(database_url, today=lambda: date(2026, 11, 20))
    office.init("办公室", admin="reg", prefix="GK")
    numbers = [register(office, received=r).number for r in ("2025-12-30", "2025-12-31", "2026-01-05", "2026-01-06")]
    assert numbers == ["GK2025-0001", "GK2025-0002", "GK2026-0001", "GK2026-0002"]
    office.close()


def test_expected_version_refuses_a_stale_command(office):
    number = register(office).number
    office.act(number, "assign", user="reg", on="2025-09-29", to="han", expected_version=1)
    with pytest.raises(ConcurrentChange):
        office.act(number, "submit-review", user="han", on="2025-09-30", expected_version=1)
    assert office.case(number).case.version == 2


def test_a_case_row_at_another_version_than_loaded_is_refused_and_nothing_is_written(office, monkeypatch):
    """The step's update is guarded by the version the command loaded. SQLite checks the update's row count;
    PostgreSQL learns it only with the COMMIT the writes travel with, from the event's case number taken
    from the updated row: either way the command is refused and nothing of it stays."""
    from dataclasses import replace

    from disclosure.storage.casebook import CaseBook

    number = register(office).number
    office.act(number, "assign", user="reg", on="2025-09-29", to="han")
    before = _counts(office), _case_row(office, number)
    loaded = CaseBook.snapshot

    def loaded_at_a_version_the_row_is_not_at(book, wanted):
        case = loaded(book, wanted)
        return replace(case, version=case.version + 5) if case is not None else None

    monkeypatch.setattr(CaseBook, "snapshot", loaded_at_a_version_the_row_is_not_at)
    with pytest.raises(ConcurrentChange, match=f"case {number} changed while you were acting"):
        office.act(number, "submit-review", user="han", on="2025-09-30")
    monkeypatch.undo()
    assert (_counts(office), _case_row(office, number)) == before
    assert office.act(number, "submit-review", user="han", on="2025-09-30").case.version == 3


def test_unknown_case(office):
    with pytest.raises(NotFound):
        office.case("2025-9999")


def test_queries_for_overdue_and_due_soon(office):
    late = register(office, received="2026-10-12").number  # due 2026-11-09
    soon = register(office, received="2026-10-26").number  # due 2026-11-23
    quiet = register(office, received="2026-11-16").number  # due 2026-12-14
    office.act(quiet, "withdraw", user="reg", on="2026-11-17")
    assert [v.number for v in office.cases(overdue=True)] == [late]
    assert [v.number for v in office.cases(due_within=1)] == [late, soon]
    assert [v.number for v in office.cases(state="closed")] == [quiet]
    assert office.case(quiet).case.outcome == "other.other"


def test_the_stored_snapshot_is_what_the_events_replay_to(office):
    from disclosure.workflow.case import replay
    from disclosure.workflow.kinds import BUILT_IN_KINDS

    number = register(office, id_number="110101199001011234").number
    office.act(number, "assign", user="reg", on="2025-09-29", to="han")
    office.act(number, "request-correction", user="han", on="2025-09-30", note="请写明文件名称")
    office.act(number, "receive-correction", user="reg", on="2025-10-10")
    office.act(number, "notify-fee", user="han", on="2025-10-13", pages=40)  # pages 31–40 at ¥10 = ¥100
    office.act(number, "fee-notice-received", user="reg", on="2025-10-14")
    office.act(number, "receive-payment", user="han", on="2025-10-16")
    office.act(number, "extend", user="boss", on="2025-10-17", days=10)
    office.act(number, "reply", user="han", on="2025-10-20", outcome="unavailable.not_held")
    office.act(number, "record-appeal", user="reg", on="2025-11-20", type="litigation", result="pending")
    stored = office.case(number).case
    replayed = replay(BUILT_IN_KINDS.kind("disclosure"), BUILT_IN_KINDS.machine("disclosure"), office.history(number, reveal="replay check"))
    assert stored == replayed
    assert stored.notes == [{"version": 3, "on": "2025-09-30", "user": "han", "note": "请写明文件名称"}]


def test_reading_does_not_wait_for_a_writer(office, database_url, tmp_path):
    import sqlite3
    import time

    if "://" in database_url:
        pytest.skip("SQLite locking only")
    number = register(office).number
    writer = sqlite3.connect(database_url, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another clerk's command holds the write lock
    try:
        began = time.perf_counter()
        assert office.case(number).state == "registered"
        assert [view.number for view in office.cases()] == [number]
        assert time.perf_counter() - began < 2  # the busy timeout is 10 s
    finally:
        writer.execute("ROLLBACK")
        writer.close()
