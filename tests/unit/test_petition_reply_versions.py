"""A petition replied under version 1 of the reply (its window opened on the reply's day) still folds as
it was recorded, and its delivery then counts the window again from the receipt ([XF] 35); the
``when`` of an effect, which makes that possible, in a kind of the office's own.

Calendar days on the 2026 calendar, the start day not counted, a rest day at the end rolled forward:
the Dragon Boat Festival is 19–21 June.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest

from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.case import Acting, apply, decide, replay
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.events import Event
from disclosure.workflow.kinds import BUILT_IN_KINDS
from disclosure.workflow.kinds.base import KindMachine
from disclosure.workflow.kinds.spec import kind_from_definition

from tests.unit.test_kind_effects_and_guards import COMPLAINT

d = date.fromisoformat
CALENDAR = WorkCalendar()
PETITION, MACHINE = BUILT_IN_KINDS.kind("petition"), BUILT_IN_KINDS.machine("petition")
EVERYONE = frozenset({"registrar", "handler", "head"})


def _decided(case, action: str, on: str, **params) -> Event:
    acting = Acting("u", EVERYONE, d(on), d("2026-12-31"), CALENDAR)
    return decide(PETITION, MACHINE, case, action, acting, params, number="2026-0001")


def _version_1_history() -> list[Event]:
    events, case = [], None
    for action, on, params in (
        ("register", "2026-04-10", {"received": "2026-04-10", "channel": "post", "applicant": "李四",
                                    "applicant_type": "natural", "request": "反映噪音"}),
        ("accept", "2026-04-13", {}),
        ("assign", "2026-04-13", {"to": "han"}),
    ):
        events.append(_decided(case, action, on, **params))
        case = apply(PETITION, MACHINE, case, events[-1])
    # What the reply's version 1 wrote: its window resolved and started with it.
    events.append(Event(
        case="2026-0001", version=4, type="reply", on=d("2026-05-20"), user="han", role="handler", schema=1,
        data={"outcome": "not_supported", "due_on": "2026-06-12", "on_time": True,
              "clocks": {"review_window": {"length": 30, "unit": "days"}}},
    ))
    return events


def test_a_version_1_reply_still_opens_the_window_on_the_reply_day():
    case = replay(PETITION, MACHINE, _version_1_history())
    # 21–31 May (11 days), 1–19 June (19): Friday 19 June, the Dragon Boat Festival → Monday 22 June.
    assert case.clocks["review_window"].due(CALENDAR).on == d("2026-06-22")
    assert PETITION.upgrade(_version_1_history()[-1]).data["window_from_reply"] is True


def test_its_delivery_counts_the_window_again_from_the_receipt():
    case = replay(PETITION, MACHINE, _version_1_history())
    delivered = apply(PETITION, MACHINE, case, _decided(case, "deliver-reply", "2026-05-25"))
    # 26–31 May (6 days), 1–24 June (24): Wednesday 24 June.
    assert delivered.clocks["review_window"].due(CALENDAR).on == d("2026-06-24")


def test_a_reply_of_the_current_version_opens_nothing_and_cannot_be_told_to():
    case = replay(PETITION, MACHINE, _version_1_history()[:3])
    event = _decided(case, "reply", "2026-05-20", outcome="not_supported")
    assert (event.schema, "clocks" in event.data) == (2, False)
    assert "review_window" not in apply(PETITION, MACHINE, case, event).clocks
    with pytest.raises(InvalidInput, match="reply takes no option 'window_from_reply'"):
        _decided(case, "reply", "2026-05-20", outcome="not_supported", window_from_reply=True)


def test_an_effect_with_when_takes_place_only_when_its_flag_is_true():
    definition = copy.deepcopy(COMPLAINT)
    visit = next(action for action in definition["actions"] if action["name"] == "schedule-visit")
    visit["params"] = [{"name": "on_site", "type": "bool", "required": False}]
    visit["effects"] = [{"start": "visit", "when": "on_site"}]
    kind = kind_from_definition(definition, source="test")
    machine = KindMachine(kind)
    acting = Acting("u", frozenset({"registrar", "handler"}), d("2026-11-02"), d("2026-12-31"), CALENDAR)
    case = None
    for action, params in (
        ("register", {"received": "2026-11-02", "channel": "online", "applicant": "张三", "applicant_type": "natural",
                      "request": "噪音"}),
        ("assign", {"to": "han"}),
    ):
        case = apply(kind, machine, case, decide(kind, machine, case, action, acting, params, number="T-1"))
    not_on_site = apply(kind, machine, case.copy(), decide(kind, machine, case, "schedule-visit", acting, {"on_site": "no"}))
    assert "visit" not in not_on_site.clocks
    on_site = apply(kind, machine, case.copy(), decide(kind, machine, case, "schedule-visit", acting, {"on_site": "yes"}))
    assert on_site.clocks["visit"].due(CALENDAR).on == d("2026-11-05")  # 3 working days: 3, 4, 5 November
    visit["effects"] = [{"start": "visit", "when": ""}]
    with pytest.raises(InvalidInput, match="effect start: when must name a flag of the event's data$"):
        kind_from_definition(definition, source="test")
