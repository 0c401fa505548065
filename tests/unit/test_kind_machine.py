"""The one state machine of a kind moves a case only along the edges its definition draws."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.events import Event
from disclosure.workflow.kinds.base import KindMachine
from disclosure.workflow.kinds.spec import kind_from_definition

# An office may name an action after the state it leads to ("to-handling"); the machine library's
# automatic "to_<state>" triggers would then let it be taken from any state.
FORWARDING = {
    "code": "forwarding",
    "label": "转办件",
    "initial": "received",
    "states": [
        {"code": "received", "label": "已接收"},
        {"code": "handling", "label": "办理中"},
        {"code": "answered", "label": "已答复", "open": False},
    ],
    "actions": [
        {"name": "register", "to": "received", "roles": ["registrar"], "effects": [{"register": True}]},
        {"name": "to-handling", "from": ["received"], "to": "handling", "roles": ["registrar"]},
        {"name": "answer", "from": ["handling"], "to": "answered", "roles": ["handler"]},
        {"name": "note", "from": ["handling"], "roles": ["handler"]},
    ],
}


def test_an_action_named_like_a_state_moves_only_from_its_source_states():
    machine = KindMachine(kind_from_definition(FORWARDING))
    assert machine.allowed("received") == ["to-handling"]
    assert machine.allowed("handling") == ["answer", "note"]
    assert machine.allowed("answered") == []
    action = machine.kind.action("to-handling")
    assert machine.step("received", action) == "handling"
    with pytest.raises(RuleViolation) as refused:
        machine.step("answered", action)
    assert str(refused.value) == "to-handling is not allowed while the case is in state answered 已答复"
    assert machine.step("handling", machine.kind.action("note")) == "handling"  # no `to`: the state stays
    assert machine.dest("handling", "note") == "handling" and machine.dest("received", "to-handling") == "handling"


def test_a_state_or_history_step_the_kind_lacks_is_named():
    kind = kind_from_definition(FORWARDING)
    machine = KindMachine(kind)
    with pytest.raises(InvalidInput) as no_state:
        kind.state("archived")
    assert str(no_state.value) == "kind forwarding has no state 'archived'"
    with pytest.raises(RuleViolation) as history:
        machine.dest("received", "answer")
    assert str(history.value) == "history has answer in state received, which the forwarding graph does not allow"
    # A clock the kind does not define is labelled by its name.
    assert kind.clock_label("reply") == "reply"


def test_an_action_is_found_by_its_name_with_underscores_for_dashes_and_an_unknown_one_lists_them():
    kind = kind_from_definition(FORWARDING)
    assert kind.action("to_handling") is kind.action("to-handling")
    with pytest.raises(InvalidInput) as refused:
        kind.action("fly")
    assert str(refused.value) == "unknown action 'fly' for forwarding; expected one of register, to-handling, answer, note"


def test_an_event_two_schema_versions_old_is_brought_up_one_step_at_a_time():
    # v1 wrote the caller's name as one string; v2 split it; v3 added the channel the note came by.
    upgrades = {
        ("note", 1): lambda data: {"given": data["name"].split()[0], "family": data["name"].split()[1]},
        ("note", 2): lambda data: {**data, "channel": "phone"},
    }
    kind = replace(kind_from_definition(FORWARDING), event_versions={"note": 3}, upgrades=upgrades)
    old = Event(case="T-1", version=2, type="note", on=date(2026, 11, 3), user="han", role="handler",
                data={"name": "三 张"}, schema=1)
    upgraded = kind.upgrade(old)
    assert (upgraded.schema, dict(upgraded.data)) == (3, {"given": "三", "family": "张", "channel": "phone"})
    assert dict(old.data) == {"name": "三 张"}  # history is never rewritten
    current = replace(old, data={"given": "三", "family": "张", "channel": "web"}, schema=3)
    assert kind.upgrade(current) is current


def test_the_table_commands_and_replay_read_is_the_machine_graph_edge_for_edge():
    from disclosure.workflow.kinds import BUILT_IN_KINDS

    for kind in BUILT_IN_KINDS:
        machine = KindMachine(kind)
        drawn = {(source, action.name): action.dest or source for action in kind.actions for source in action.sources}
        assert machine._table == drawn, kind.code
        for state in kind.states:
            assert machine.allowed(state.code) == [name for (source, name) in drawn if source == state.code], (kind.code, state.code)


def test_whether_a_user_may_act_now_is_the_transitions_guard_condition():
    guarded = dict(FORWARDING, actions=[
        *FORWARDING["actions"][:3],
        {"name": "note", "from": ["handling"], "roles": ["handler"], "guards": [{"fact": "flag", "equals": "on"}]},
    ])
    kind = kind_from_definition(guarded, source="test")
    machine = KindMachine(kind)

    class Case:
        state, facts, clocks = "handling", {}, {}

    case = Case()
    assert machine.may(case, "answer", None) is True
    assert machine.may(case, "note", None) is False  # the guard refuses: no fact flag
    case.facts = {"flag": "on"}
    assert machine.may(case, "note", None) is True
    case.state = "received"
    assert machine.may(case, "note", None) is False  # not an edge from this state
