"""Event schema versions: a history written by version 1 of an event type still replays, upgraded as read."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.case import apply, replay
from disclosure.workflow.errors import RuleViolation
from disclosure.workflow.events import Event
from disclosure.workflow.kinds import BUILT_IN_KINDS

FIXTURE = Path(__file__).parent.parent / "fixtures" / "history_v1.json"
DISCLOSURE, MACHINE = BUILT_IN_KINDS.kind("disclosure"), BUILT_IN_KINDS.machine("disclosure")
CALENDAR = WorkCalendar()


def _stored_events() -> list[Event]:
    return [
        Event(
            case=item["case"], version=item["version"], type=item["type"], on=date.fromisoformat(item["on"]),
            user=item["user"], role=item["role"], data=item["data"], schema=item["schema"],
        )
        for item in json.loads(FIXTURE.read_text(encoding="utf-8"))["events"]
    ]


def test_a_version_1_history_replays_with_the_periods_version_1_implied():
    case = replay(DISCLOSURE, MACHINE, _stored_events())
    assert (case.state, case.version) == ("fee_pending", 5)
    # Opinion period: 15 working days from 2025-10-13, stopped on 10-20; its last day stays 11-03.
    assert case.clocks["opinion"].due(CALENDAR).on == date(2025, 11, 3)
    # Payment period: 20 working days after 2025-10-21 → 2025-11-18.
    assert case.clocks["payment"].due(CALENDAR).on == date(2025, 11, 18)
    assert case.fee_amount == "12.50"
    # Folded as they were then: no facts of the consultation or the fee, as the stored snapshots have none.
    assert case.facts == {}
    # Reply clock: 7 working days used to 10-13 (with the 9-28 and 10-11 make-up days), 1 more on 10-21.
    assert case.clocks["reply"].remaining(CALENDAR) == 12


def test_upgrading_reaches_the_current_version_and_leaves_current_events_alone():
    events = _stored_events()
    consult, fee = DISCLOSURE.upgrade(events[2]), DISCLOSURE.upgrade(events[4])
    # Versions 1 and 2 counted the opinion and payment periods from the request and the notice; version 3
    # from the party's receipt, so the upgrade says where the old ones counted from.
    assert (consult.schema, consult.data) == (
        3, {"party": "third_party", "name": "某公司", "days": 15, "period_from_request": True}
    )
    assert (fee.schema, fee.data) == (3, {"amount": "12.50", "days": 20, "period_from_notice": True})
    assert DISCLOSURE.upgrade(consult) is consult
    assert DISCLOSURE.upgrade(events[1]) is events[1]  # assign has only ever had version 1


def test_an_event_from_a_newer_engine_is_refused():
    events = _stored_events()
    newer = Event(**{**events[1].__dict__, "schema": 2})
    case = apply(DISCLOSURE, MACHINE, None, events[0])
    with pytest.raises(RuleViolation, match="newer version"):
        apply(DISCLOSURE, MACHINE, case, newer)


def test_new_events_are_written_at_the_current_version_of_their_type():
    assert DISCLOSURE.event_version("consult") == 3
    assert DISCLOSURE.event_version("notify-fee") == 3
    assert DISCLOSURE.event_version("assign") == 1
