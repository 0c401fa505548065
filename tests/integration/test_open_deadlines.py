"""Office.open_deadlines on both backends: running clocks of open cases, with UIDs that outlast changes."""

from __future__ import annotations

from tests.integration.conftest import register


def _by_clock(deadlines):
    return {(deadline.case, deadline.clock): deadline for deadline in deadlines}


def test_running_clocks_of_open_cases_only(book):
    found = _by_clock(book.open_deadlines())
    # 2025-0003's reply clock is paused during the consultation with an agency: no date to put in a calendar.
    assert set(found) == {("2025-0001", "reply"), ("2025-0002", "reply")}
    assert found[("2025-0002", "reply")].due_on == book.case("2025-0002").due.on  # the extended date
    assert [deadline.case for deadline in book.open_deadlines(handler="han")] == ["2025-0001", "2025-0002"]
    assert book.open_deadlines(handler="han2") == []
    assert all(deadline.uid.endswith(".disclosure") for deadline in found.values())


def test_a_correction_restarts_the_period_under_the_same_uid(office):
    number = register(office, received="2025-09-26").number
    office.act(number, "assign", user="reg", on="2025-09-29", to="han")
    before = _by_clock(office.open_deadlines())[(number, "reply")]
    office.act(number, "request-correction", user="han", on="2025-09-30", note="请写明文件名称")
    assert (number, "reply") not in _by_clock(office.open_deadlines())  # waiting for the correction
    office.act(number, "receive-correction", user="reg", on="2025-10-10")
    after = _by_clock(office.open_deadlines())[(number, "reply")]
    assert after.uid == before.uid and after.due_on > before.due_on


def test_a_replied_case_leaves_the_list(book):
    book.act("2025-0001", "reply", user="han", on="2025-10-16", outcome="granted")
    assert "2025-0001" not in {deadline.case for deadline in book.open_deadlines()}
