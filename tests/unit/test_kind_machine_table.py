"""A kind's graph as the table every command steps by is the graph of its transitions Machine, for every kind."""

from __future__ import annotations

import pytest

from disclosure.workflow.kinds import BUILT_IN_KINDS
from disclosure.workflow.kinds.base import KindMachine


@pytest.mark.parametrize("code", sorted(BUILT_IN_KINDS.codes))
def test_the_table_is_the_machines_graph(code):
    kind = BUILT_IN_KINDS.kind(code)
    graph = KindMachine(kind)
    names = {action.trigger: action.name for action in kind.actions}
    from_machine = {
        (source, names[trigger]): transition.dest or source
        for trigger, event in graph.machine.events.items()
        for source, found in event.transitions.items()
        for transition in found
    }
    assert graph._table == from_machine
    for state in kind.states:
        assert sorted(graph.allowed(state.code)) == sorted(name for (source, name) in graph._table if source == state.code)


def test_stepping_builds_no_machine():
    graph = KindMachine(BUILT_IN_KINDS.kind("disclosure"))
    graph.step("registered", BUILT_IN_KINDS.kind("disclosure").action("assign"))
    assert graph._machine is None
