"""A kind's definition is checked whole, and each mistake is one line naming it."""

from __future__ import annotations

import copy

import pytest

from disclosure.workflow.corrected_history import CORRECTION_ACTIONS
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.kinds import BUILT_IN
from disclosure.workflow.kinds.diagram import mermaid
from disclosure.workflow.kinds.petition import PETITION_DEFINITION
from disclosure.workflow.kinds.spec import kind_from_definition

HOTLINE = {
    "code": "hotline",
    "label": "12345热线诉求件",
    "initial": "received",
    "states": [{"code": "received", "label": "已接收"}, {"code": "answered", "label": "已办结", "open": False}],
    "clocks": {"answer": {"label": "办理期限", "unit": "workdays", "length": 5}},
    "outcomes": {"solved": "已解决", "explained": "已解释说明"},
    "actions": [
        {"name": "register", "to": "received", "roles": ["registrar"],
         "effects": [{"register": True}, {"start": "answer", "from": "received"}]},
        {"name": "answer", "from": ["received"], "to": "answered", "roles": ["handler"],
         "params": [{"name": "outcome", "choices": "outcomes"}],
         "effects": [{"reply": "answer"}, {"outcome": "param"}, {"conclude": True}]},
    ],
}


def _broken(change):
    definition = copy.deepcopy(HOTLINE)
    change(definition)
    return definition


def test_a_good_definition_builds_a_kind_with_its_graph():
    kind = kind_from_definition(HOTLINE, source="hotline.toml")
    assert (kind.code, kind.initial, kind.open_states, kind.due_clocks) == ("hotline", "received", ("received",), ("answer",))
    assert [action.name for action in kind.actions] == ["register", "answer"]
    assert kind.clock_label("answer") == "办理期限" and kind.outcome_labels["solved"] == "已解决"
    assert "received --> answered : answer" in mermaid(kind)


def test_the_diagram_draws_reinstate_back_to_the_states_a_lapse_ends_from():
    lines = mermaid(BUILT_IN["disclosure"]).splitlines()
    assert [line.strip() for line in lines if line.endswith(": reinstate")] == [
        "closed --> correction : reinstate", "closed --> fee_pending : reinstate",
    ]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["states"].append({"code": "archived", "label": "已归档"}),
         "state 'archived' cannot be reached from 'received'"),
        (lambda d: d["actions"][1]["effects"].__setitem__(0, {"reply": "anwser"}),
         "action answer: effect reply names the unknown clock 'anwser'"),
        (lambda d: d["actions"][1].__setitem__("from", []),
         "action answer: an action with no source state can never be taken"),
        (lambda d: d["actions"].append(copy.deepcopy(d["actions"][1])), "duplicate action 'answer'"),
        (lambda d: d["states"].append({"code": "received", "label": "又一个"}), "duplicate state 'received'"),
        (lambda d: d["actions"][1].__setitem__("from", ["recieved"]), "action answer: unknown source state 'recieved'"),
        (lambda d: d["actions"][1].__setitem__("roles", ["clerk"]), "action answer: unknown role 'clerk'"),
        (lambda d: d["actions"][1].__setitem__("guards", [{"within": "nothing"}]),
         "guard within names the unknown clock 'nothing'"),
        (lambda d: d["actions"][1]["effects"].append({"explode": True}), "an effect needs exactly one of"),
        (lambda d: d["clocks"]["answer"].__setitem__("length", 0), "clock answer: length must be a whole number, at least 1"),
        (lambda d: d["clocks"]["answer"].__setitem__("unit", "weeks"), "unknown unit 'weeks'"),
        (lambda d: d["clocks"]["answer"].__setitem__("alerts", {"soon": 2}), "alerts has an unknown threshold 'soon'"),
        (lambda d: d.__setitem__("initial", "nowhere"), "the initial state 'nowhere' is not among the states"),
        (lambda d: d["actions"].pop(0), "exactly one action must create the case"),
        (lambda d: d.__setitem__("colour", "red"), "unknown key 'colour'"),
    ],
)
def test_each_mistake_is_named(change, message):
    with pytest.raises(InvalidInput, match=message) as refused:
        kind_from_definition(_broken(change), source="hotline.toml")
    assert "hotline.toml" in str(refused.value) and "\n" not in str(refused.value)


def test_the_built_in_kinds_are_definitions_of_the_same_form():
    assert set(BUILT_IN) == {"disclosure", "petition", "suggestion"}
    assert kind_from_definition(PETITION_DEFINITION).due_clocks == ("acceptance", "handling", "review", "rereview")


# The application's workflow written out by hand from STATUTE.md §2 and docs/clerk.md's table of actions
# (not from the kind's definition): state → (label, open).
DISCLOSURE_STATES = {
    "registered": ("已登记", True),
    "correction": ("待补正", True),  # waiting for the applicant's correction ([GK] 30)
    "processing": ("办理中", True),
    "consultation": ("征求意见中", True),  # a third party's or another agency's opinion ([GK] 32, 34)
    "fee_pending": ("待缴费", True),  # [FEE]
    "review": ("保密审查中", True),  # confidentiality review ([GK] 17)
    "cleared": ("审查通过", True),
    "replied": ("已答复", False),
    "delivered": ("已送达", False),
    "closed": ("已终止", False),
    "archived": ("已归档", False),
}
_OPEN = {"registered", "correction", "processing", "consultation", "fee_pending", "review", "cleared"}

# action → (states it leaves from, state it leads to (None: stays), roles that may take it)
DISCLOSURE_ACTIONS = {
    "register": (set(), "registered", {"registrar"}),
    "assign": ({"registered"}, "processing", {"registrar", "head"}),
    "request-correction": ({"registered", "processing"}, "correction", {"handler"}),
    # Back to the state the correction was asked from (registered or processing, in its data: [GK] 30).
    "receive-correction": ({"correction"}, None, {"registrar", "handler"}),
    "reassign": (_OPEN, None, {"registrar", "head"}),  # a case with a handler, to another one
    "consult": ({"processing"}, "consultation", {"handler"}),
    "opinion-request-received": ({"consultation"}, None, {"registrar", "handler"}),  # the period's start ([GK] 32)
    "receive-opinion": ({"consultation"}, "processing", {"handler"}),
    "public-interest-release": ({"processing"}, None, {"head"}),  # over a third party's objection ([GK] 32)
    "notify-third-party": ({"processing"}, None, {"registrar", "handler"}),
    "notify-fee": ({"processing"}, "fee_pending", {"handler"}),
    "fee-notice-received": ({"fee_pending"}, None, {"registrar", "handler"}),  # the period's start ([FEE])
    "receive-payment": ({"fee_pending"}, "processing", {"handler"}),
    "extend": (_OPEN, None, {"head"}),  # the head of the office approves ([GK] 33)
    "delay-reply": (_OPEN, None, {"head"}),  # a longer period for excessive requests ([GK] 35)
    "submit-review": ({"processing"}, "review", {"handler"}),
    "approve-review": ({"review"}, "cleared", {"reviewer"}),
    "return-review": ({"review"}, "processing", {"reviewer"}),
    "reply": ({"cleared", "processing"}, "replied", {"handler"}),
    "deliver": ({"replied"}, "delivered", {"registrar", "handler"}),
    "withdraw": (_OPEN, "closed", {"registrar"}),
    "archive": ({"delivered", "closed"}, "archived", {"registrar"}),
    "record-appeal": (set(DISCLOSURE_STATES), None, {"registrar", "head"}),  # any handling, a missing reply too ([GK] 51)
    "reopen": ({"delivered", "archived", "closed"}, "processing", {"head"}),
    # The engine's own ending when the applicant's correction or payment period lapses ([GK] 30; [FEE]).
    "lapse": ({"correction", "fee_pending"}, "closed", {"system"}),
    # A head undoes it; the state it returns to is the one the lapse ended the case from (in its data).
    "reinstate": ({"closed"}, None, {"head"}),
}


def test_the_disclosure_kind_is_the_statutes_workflow_as_written_out_by_hand():
    from disclosure.workflow.kinds import BUILT_IN_KINDS

    disclosure = BUILT_IN["disclosure"]
    assert disclosure.initial == "registered"
    assert {state.code: (state.label, state.open) for state in disclosure.states} == DISCLOSURE_STATES
    assert set(disclosure.open_states) == _OPEN
    assert {
        action.name: (set(action.sources), action.dest, set(action.roles)) for action in disclosure.actions
    } == DISCLOSURE_ACTIONS
    # The machine built from it moves exactly along these edges, and no others but the corrections every
    # kind has (tests/unit/test_fixing_mistakes.py).
    machine = BUILT_IN_KINDS.machine("disclosure")
    for state in DISCLOSURE_STATES:
        leaving = {name for name, (sources, _, _) in DISCLOSURE_ACTIONS.items() if state in sources}
        assert set(machine.allowed(state)) - set(CORRECTION_ACTIONS) == leaving, state
        for name in leaving:
            assert machine.dest(state, name) == (DISCLOSURE_ACTIONS[name][1] or state), (state, name)
