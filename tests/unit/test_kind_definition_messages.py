"""What an office's administrator reads when a kind's definition is wrong: one line naming the file,
the part of the definition (clock, state, action, param) and the mistake, in full. And the defaults a
definition may leave out (no clocks, no outcomes, the due clocks)."""

from __future__ import annotations

import copy

import pytest

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.kinds.spec import kind_from_definition

TINY = {
    "code": "tiny",
    "label": "小件",
    "initial": "received",
    "states": [{"code": "received", "label": "已接收"}, {"code": "answered", "label": "已答复", "open": False}],
    "clocks": {"answer": {"label": "答复期限", "length": 5}},
    "outcomes": {"solved": "已解决"},
    "actions": [
        {"name": "register", "to": "received", "roles": ["registrar"],
         "effects": [{"register": True}, {"start": "answer", "from": "received"}]},
        {"name": "answer", "from": ["received"], "to": "answered", "roles": ["handler"],
         "params": [{"name": "outcome", "choices": "outcomes"}],
         "effects": [{"reply": "answer"}, {"outcome": "param"}, {"conclude": True}]},
    ],
}
WHERE = "kind tiny (tiny.toml)"
ANSWER = f"{WHERE} action answer"


def _with(change):
    definition = copy.deepcopy(TINY)
    change(definition)
    return definition


def _answer(**changes):
    def change(definition):
        definition["actions"][1].update(changes)
    return change


def _refusal(definition, source="tiny.toml") -> str:
    with pytest.raises(InvalidInput) as refused:
        kind_from_definition(definition, source=source)
    return str(refused.value)


@pytest.mark.parametrize(
    "change, message",
    [
        # the kind itself
        (lambda d: d.pop("code"), "kind ? (tiny.toml): code must be a word such as message_board"),
        (lambda d: d.__setitem__("code", "message-board"), "kind message-board (tiny.toml): code must be a word such as message_board"),
        (lambda d: d.__setitem__("code", 5), "kind 5 (tiny.toml): code must be a word such as message_board"),
        (lambda d: d.__setitem__("label", ""), f"{WHERE}: a kind needs a label"),
        (lambda d: d.pop("states"), f"{WHERE}: a kind needs states"),
        (lambda d: d.pop("actions"), f"{WHERE}: exactly one action must create the case (one without `from`); found 0"),
        (lambda d: d["actions"].append({"name": "open", "to": "received", "roles": ["registrar"]}),
         f"{WHERE}: exactly one action must create the case (one without `from`); found 2"),
        (lambda d: d.__setitem__("due_clocks", ["answer", "nope"]), f"{WHERE}: due_clocks names the unknown clock 'nope'"),
        # states
        (lambda d: d["states"][1].__setitem__("colour", "red"),
         f"{WHERE} state: unknown key 'colour' (expected one of code, label, open)"),
        (lambda d: d["states"][1].pop("label"), f"{WHERE}: a state needs a code and a label"),
        (lambda d: d["states"][1].pop("code"), f"{WHERE}: a state needs a code and a label"),
        # A state only a loop of its own leads to is still unreachable.
        (lambda d: (d["states"].append({"code": "limbo", "label": "悬置"}),
                    d["actions"].append({"name": "linger", "from": ["limbo"], "to": "limbo", "roles": ["head"]})),
         f"{WHERE}: state 'limbo' cannot be reached from 'received'"),
        # clocks
        (lambda d: d["clocks"]["answer"].__setitem__("colour", "red"),
         f"{WHERE} clock answer: unknown key 'colour' (expected one of label, unit, length, unit_setting, "
         "length_setting, length_when, alerts)"),
        (lambda d: d["clocks"]["answer"].__setitem__("length", True), f"{WHERE} clock answer: length must be a whole number, at least 1"),
        (lambda d: d["clocks"]["answer"].__setitem__("length", "5"), f"{WHERE} clock answer: length must be a whole number, at least 1"),
        (lambda d: d["clocks"]["answer"].__setitem__("alerts", "often"),
         f"{WHERE} clock answer: alerts must be true, false or a table of thresholds"),
        # actions
        (lambda d: d["actions"][1].pop("name"), f"{WHERE}: an action needs a name"),
        (lambda d: (d["actions"][1].pop("name"), d["actions"][1].__setitem__("colour", "red")),
         f"{WHERE} action ?: unknown key 'colour' (expected one of name, label, from, to, roles, params, guards, effects, hook)"),
        (_answer(to="done"), f"{ANSWER}: unknown destination state 'done'"),
        (lambda d: d["actions"][0].__setitem__("to", "answered"),
         f"{WHERE} action register: the action that creates a case must lead to the initial state 'received'"),
        (lambda d: d["actions"][1].pop("roles"), f"{ANSWER}: an action needs roles"),
        # params
        (_answer(params=[{"name": "outcome", "maximum": 3}]),
         f"{ANSWER} param: unknown key 'maximum' (expected one of name, type, required, choices, max)"),
        (_answer(params=[{"name": 5}]), f"{ANSWER}: a param needs a name"),
        (_answer(params=[{"name": ""}]), f"{ANSWER}: a param needs a name"),
        (_answer(params=["outcome", {"name": "outcome"}]), f"{ANSWER}: duplicate param 'outcome'"),
        (_answer(params=["outcome", {"name": "amount", "type": "money"}]),
         f"{ANSWER} param amount: type must be one of text, int, date, bool"),
        # guards and effects
        (_answer(guards=[{"within": "answer", "once": True}]),
         f"{ANSWER}: a guard needs exactly one of within, once, fact (got ['once', 'within'])"),
        (_answer(effects=[{"explode": True}]),
         f"{ANSWER}: an effect needs exactly one of register, start, stop, pause, resume, restart, extend, handler, "
         "outcome, reply, conclude, reopen, record, forget (got ['explode'])"),
        (_answer(effects=[{"handler": "to"}]), f"{ANSWER}: effect handler needs a param the action takes ('to')"),
        (_answer(effects=[{"record": "reason"}]), f"{ANSWER}: effect record needs a param the action takes ('reason')"),
        (_answer(params=[], effects=[{"outcome": "param"}]), f"{ANSWER}: effect outcome needs a param the action takes ('outcome')"),
        (_answer(effects=[{"extend": "answer"}]), f"{ANSWER}: effect extend needs a param the action takes (None)"),
        (_answer(effects=[{"extend": "answer", "param": "days"}]), f"{ANSWER}: effect extend needs a param the action takes ('days')"),
        (_answer(effects=[{"outcome": "granted"}]), f"{ANSWER}: effect outcome names the unknown outcome 'granted'"),
        (_answer(effects=[{"start": "answer", "from": "yesterday"}]),
         f"{ANSWER}: effect start from 'yesterday': neither on, received nor a param"),
    ],
)
def test_each_mistake_is_one_line_saying_where_and_what(change, message):
    assert _refusal(_with(change)) == message


@pytest.mark.parametrize("op", ["start", "stop", "pause", "resume", "restart", "extend", "reply"])
def test_an_effect_on_a_clock_the_kind_lacks_is_named(op):
    definition = _with(_answer(params=["outcome", {"name": "days", "type": "int"}],
                               effects=[{op: "nope", "param": "days"} if op == "extend" else {op: "nope"}]))
    assert _refusal(definition) == f"{ANSWER}: effect {op} names the unknown clock 'nope'"


def test_the_effects_that_name_clocks_build_with_a_clock_the_kind_has():
    definition = _with(_answer(
        params=["outcome", {"name": "days", "type": "int"}, {"name": "since", "type": "date"}],
        effects=[{"pause": "answer"}, {"resume": "answer"}, {"restart": "answer"}, {"extend": "answer", "param": "days"},
                 {"stop": "answer"}, {"stop": "*"}, {"start": "answer", "from": "since"}, {"reply": "answer"}],
    ))
    assert kind_from_definition(definition).action("answer").options == ("outcome", "days", "since")


def test_a_definition_read_without_a_source_says_so():
    with pytest.raises(InvalidInput) as refused:
        kind_from_definition(_with(lambda d: d.__setitem__("label", "")))
    assert str(refused.value) == "kind tiny (<definition>): a kind needs a label"


# -- what a definition may leave out ---------------------------------------------------------------


def test_a_kind_without_clocks_or_outcomes_counts_its_reply_clock_as_due():
    definition = _with(lambda d: (d.pop("clocks"), d.pop("outcomes"),
                                  d["actions"][0].__setitem__("effects", [{"register": True}]),
                                  d["actions"][1].__setitem__("params", []),
                                  d["actions"][1].__setitem__("effects", [{"conclude": True}])))
    kind = kind_from_definition(definition)
    assert (kind.due_clocks, dict(kind.clock_specs), dict(kind.outcome_labels)) == (("reply",), {}, {})


def test_the_due_clocks_are_those_with_alerts_in_order_else_the_first():
    def clocks(**tables):
        return _with(lambda d: d["clocks"].update(tables))

    mixed = clocks(visit={"length": 3, "alerts": False}, hearing={"length": 10, "alerts": {"before_due": 1}})
    assert kind_from_definition(mixed).due_clocks == ("answer", "hearing")
    silent = _with(lambda d: d.__setitem__("clocks", {"answer": {"length": 5, "alerts": False},
                                                      "visit": {"length": 3, "alerts": False}}))
    assert kind_from_definition(silent).due_clocks == ("answer",)
    chosen = _with(lambda d: (d["clocks"].update(visit={"length": 3}), d.__setitem__("due_clocks", ["visit"])))
    assert kind_from_definition(chosen).due_clocks == ("visit",)


def test_clock_and_param_keys_the_vocabulary_allows_are_accepted():
    definition = _with(lambda d: (
        d["clocks"]["answer"].update(unit_setting="answer_unit", length_setting="answer_days", length_when={"urgent": 2},
                                     alerts={"before_due": 1, "on_due": False, "overdue": True, "escalate_after": 2}),
        d["actions"][1].__setitem__("params", [{"name": "outcome", "type": "text", "required": True,
                                                "choices": "outcomes", "max": None}]),
    ))
    spec = kind_from_definition(definition).clock_specs["answer"]
    assert (spec.unit_setting, spec.length_setting, dict(spec.length_when)) == ("answer_unit", "answer_days", {"urgent": 2})
    assert (spec.policy.before_due, spec.policy.on_due, spec.policy.overdue, spec.policy.escalate_after) == (1, False, True, 2)
