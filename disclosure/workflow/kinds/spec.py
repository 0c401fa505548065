"""A kind of case from its definition: states, clocks, outcomes and actions as data (a TOML table or
the same dict in code), checked, and turned into a ``Kind`` whose actions decide and apply by the
definition's effects and guards. The built-in kinds are written the same way; the disclosure kind's
actions name Python hooks for rules a table cannot say (its review, fees and appeals).

A definition::

    code = "message_board"
    label = "领导留言板"
    initial = "registered"
    [[states]]                        # code, label, open (default true)
    code = "registered"
    label = "已登记"
    [clocks.reply]                    # unit workdays | days | months; length; optional:
    label = "答复期限"                 #   unit_setting / length_setting: an office setting overrides
    unit = "workdays"                 #   length_when = { complex = 6 }: a true flag of the starting action
    length = 10                       #   alerts = { before_due = 2 } or false (the sweep's thresholds)
    [outcomes]
    answered = "已答复"
    [[actions]]                       # name, label, from (list; absent: the action creates the case),
    name = "reply"                    #   to (absent: the state stays), roles, params, guards, effects
    from = ["registered"]
    to = "replied"
    roles = ["handler"]
    params = [{ name = "outcome", choices = "outcomes" }]
    effects = [{ reply = "reply" }, { outcome = "param" }, { conclude = true }]

Params: a name, or a table with ``name``, ``type`` (text, int, date, bool), ``required`` (default
true), ``choices`` (a list, or "outcomes"), ``max``. Guards: ``{ within = CLOCK }`` (on or before the
clock's due date), ``{ once = true }``, ``{ fact = NAME, equals = VALUE }``. Effects: ``register``
(the receipt date, channel, applicant and request), ``start`` (``from`` received | on | a date
param), ``stop`` (a clock, or "*"), ``pause``, ``resume``, ``restart``, ``extend`` (``param``),
``handler`` (a param), ``outcome`` ("param" or a code), ``reply`` (a clock: replied on, on time),
``conclude``, ``reopen``, ``record`` (a param kept in the case's facts), ``forget`` (a fact). An effect
with ``when = NAME`` takes place only when the event's data holds NAME true: a bool param, or a flag
an upgrade sets on the events an older definition wrote (the petition's reply, workflow/kinds/petition.py).
"""

from __future__ import annotations

from collections import deque
from datetime import date
from typing import Any, Callable, Mapping

from disclosure.workflow.calendar import parse_date
from disclosure.workflow.clocks import Clock, ClockStatus, ClockUnit, stop_if_active
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.kinds.base import Action, Kind, State
from disclosure.workflow.kinds.clock_spec import ClockSpec, only_keys
from disclosure.workflow.kinds.registration import REGISTER_PARAMS, apply_registration, decide_registration
from disclosure.workflow.messages import Text, t
from disclosure.workflow.vocabulary import APPLICANT_TYPES, ROLES, SYSTEM_ROLE

__all__ = ["kind_from_definition", "BUILT_IN_SOURCE"]

# Where a built-in kind's definition comes from, as a refusal of it names its source.
BUILT_IN_SOURCE: Text = t("built in")

_EFFECTS = ("register", "start", "stop", "pause", "resume", "restart", "extend", "handler", "outcome", "reply",
            "conclude", "reopen", "record", "forget")
_GUARDS = ("within", "once", "fact")
_PARAM_TYPES = ("text", "int", "date", "bool")
_TRUE = ("yes", "true", "1", "on", "是")
_FALSE = ("no", "false", "0", "off", "否")


def _param_specs(action: Mapping[str, Any], where: str) -> dict[str, dict[str, Any]]:
    specs: dict[str, dict[str, Any]] = {}
    for raw in action.get("params", []):
        spec = {"name": raw} if isinstance(raw, str) else dict(raw)
        only_keys(spec, ("name", "type", "required", "choices", "max"), t("{where} param", where=where))
        name = spec.get("name")
        if not isinstance(name, str) or not name:
            raise InvalidInput(t("{where}: a param needs a name", where=where))
        if name in specs:
            raise InvalidInput(t("{where}: duplicate param {name!r}", where=where, name=name))
        if spec.setdefault("type", "text") not in _PARAM_TYPES:
            raise InvalidInput(t("{where} param {name}: type must be one of {types}", where=where, name=name, types=", ".join(_PARAM_TYPES)))
        spec.setdefault("required", True)
        specs[name] = spec
    return specs


def _convert(spec: Mapping[str, Any], value: Any, outcomes: Mapping[str, str], action: str) -> Any:
    name, kind = spec["name"], spec["type"]
    flag = f"--{name.replace('_', '-')}"
    if kind == "int":
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise InvalidInput(t("{action}: {flag} must be a whole number (got {value!r})", action=action, flag=flag, value=value)) from None
        if value <= 0:
            raise InvalidInput(t("{action}: {flag} must be positive (got {value})", action=action, flag=flag, value=value))
        if spec.get("max") is not None and value > spec["max"]:
            raise RuleViolation(t("{action}: {flag} may be at most {most} (got {value})", action=action, flag=flag, most=spec["max"], value=value))
    elif kind == "date":
        value = value.isoformat() if isinstance(value, date) else parse_date(str(value), flag).isoformat()
    elif kind == "bool":
        if not isinstance(value, bool):
            text = str(value).strip().lower()
            if text not in _TRUE + _FALSE:
                raise InvalidInput(t("{action}: {flag} must be yes or no (got {value!r})", action=action, flag=flag, value=value))
            value = text in _TRUE
    else:
        value = str(value)
    choices = outcomes if spec.get("choices") == "outcomes" else spec.get("choices")
    if choices is not None and value not in choices:
        raise InvalidInput(t(
            "{action}: unknown {name} {value!r}; expected one of {choices}", action=action, name=name, value=value, choices=", ".join(choices),
        ))
    return value


class _Behaviour:
    """One action's decide (guards, params → event data) and apply (event data → case), from its table."""

    def __init__(self, action: Mapping[str, Any], clocks: Mapping[str, ClockSpec],
                 outcomes: Mapping[str, str], applicant_types: Mapping[str, str], where: str,
                 starters: Mapping[str, list[str]] | None = None) -> None:
        self.name = action["name"]
        self.starters = starters or {}  # clock → the actions that start it, named when a guard finds it not started
        self.params = _param_specs(action, where)
        self.guards = [dict(guard) for guard in action.get("guards", [])]
        self.effects = [dict(effect) for effect in action.get("effects", [])]
        self.clocks, self.outcomes, self.applicant_types = clocks, outcomes, applicant_types
        for guard in self.guards:
            keys = [key for key in guard if key in _GUARDS]
            if len(keys) != 1:
                raise InvalidInput(t(
                    "{where}: a guard needs exactly one of {guards} (got {keys})", where=where, guards=", ".join(_GUARDS), keys=sorted(guard),
                ))
            if "within" in guard and guard["within"] not in clocks:
                raise InvalidInput(t("{where}: guard within names the unknown clock {clock!r}", where=where, clock=guard["within"]))
        for effect in self.effects:
            keys = [key for key in effect if key in _EFFECTS]
            if len(keys) != 1:
                raise InvalidInput(t(
                    "{where}: an effect needs exactly one of {effects} (got {keys})", where=where, effects=", ".join(_EFFECTS), keys=sorted(effect),
                ))
            op, target = keys[0], effect[keys[0]]
            if "when" in effect and (not isinstance(effect["when"], str) or not effect["when"]):
                raise InvalidInput(t("{where}: effect {op}: when must name a flag of the event's data", where=where, op=op))
            if op in ("start", "pause", "resume", "restart", "extend", "reply") or (op == "stop" and target != "*"):
                if target not in clocks:
                    raise InvalidInput(t("{where}: effect {op} names the unknown clock {clock!r}", where=where, op=op, clock=target))
            if op in ("handler", "record", "extend") or (op == "outcome" and target == "param"):
                param = effect.get("param", "outcome" if op == "outcome" else target if op != "extend" else None)
                if param is None or param not in self.params:
                    raise InvalidInput(t("{where}: effect {op} needs a param the action takes ({param!r})", where=where, op=op, param=param))
            if op == "outcome" and target != "param" and target not in outcomes:
                raise InvalidInput(t("{where}: effect outcome names the unknown outcome {outcome!r}", where=where, outcome=target))
            if op == "start" and effect.get("from", "on") not in ("on", "received") and effect["from"] not in self.params:
                raise InvalidInput(t("{where}: effect start from {origin!r}: neither on, received nor a param", where=where, origin=effect["from"]))

    # -- decide ---------------------------------------------------------------------------

    def decide(self, case, acting, params) -> dict[str, Any]:
        registering = any("register" in effect for effect in self.effects)
        data: dict[str, Any] = decide_registration(acting, params, self.applicant_types) if registering else {}
        for name, spec in self.params.items():
            value = params.get(name)
            if value is None or value == "":
                if spec["required"]:
                    raise InvalidInput(t("{action} needs --{option}", action=self.name, option=name.replace("_", "-")))
                continue
            data[name] = _convert(spec, value, self.outcomes, self.name)
        self.check(case, acting)
        starts = {}
        for effect in self.effects:
            if not _takes_place(effect, data):
                continue
            if "start" in effect or "restart" in effect:
                clock = self.clocks[effect.get("start") or effect["restart"]]
                length, unit = clock.resolve(acting.settings, data)
                starts[clock.name] = {"length": length, "unit": unit.value}
            if "reply" in effect and case is not None:
                reply = case.clocks.get(effect["reply"])
                due = reply.due(acting.calendar) if reply is not None else None
                if due is not None:
                    data["due_on"], data["on_time"] = due.on.isoformat(), acting.on <= due.on
        if starts:
            data["clocks"] = starts  # resolved here, so replay needs no settings
        return data

    def check(self, case, acting) -> None:
        for guard in self.guards:
            self._check(guard, case, acting)

    def _check(self, guard: Mapping[str, Any], case, acting) -> None:
        if "within" in guard:
            clock = case.clocks.get(guard["within"]) if case is not None else None
            due = clock.due(acting.calendar) if clock is not None and clock.status is ClockStatus.RUNNING else None
            if due is None or acting.on > due.on:
                why = t("it ended on {day}", day=due.on.isoformat()) if due else t("it is not open")
                if case is not None and (clock is None or clock.status is ClockStatus.NOT_STARTED):
                    starters = self.starters.get(guard["within"])
                    why = t("it has not started ({actions} starts it)", actions=_either(starters)) if starters else t("it has not started")
                raise RuleViolation(t(
                    "{action} must come within the {label} ({clock}); {why}",
                    action=self.name, label=self.clocks[guard["within"]].label, clock=guard["within"], why=why,
                ))
        elif "once" in guard:
            if case is not None and self.name in case.facts.get("taken", []):
                raise RuleViolation(t("{action} may be taken once per case, and was", action=self.name))
        elif "fact" in guard:
            actual = case.facts.get(guard["fact"]) if case is not None else None
            if actual != guard.get("equals"):
                raise RuleViolation(t(
                    "{action} needs {fact} to be {expected!r} (it is {actual!r})",
                    action=self.name, fact=guard["fact"], expected=guard.get("equals"), actual=actual,
                ))

    # -- apply ----------------------------------------------------------------------------

    def apply(self, case, event) -> None:
        data = event.data
        for effect in self.effects:
            if not _takes_place(effect, data):
                continue
            op = next(key for key in effect if key in _EFFECTS)
            target = effect[op]
            if op == "register":
                apply_registration(case, event)
            elif op == "start":
                origin = effect.get("from", "on")
                start = case.received_on if origin == "received" else event.on if origin == "on" else date.fromisoformat(data[origin])
                length, unit = data["clocks"][target]["length"], ClockUnit(data["clocks"][target]["unit"])
                previous = case.clocks[target].ledger if target in case.clocks else ()
                case.clocks[target] = stop_if_active(Clock(target, previous), start).start(start, length, unit)
            elif op == "stop":
                names = list(case.clocks) if target == "*" else [target]
                for name in names:
                    if name in case.clocks:
                        case.clocks[name] = stop_if_active(case.clocks[name], event.on)
            elif op == "pause":
                case.clocks[target] = case.clocks[target].pause(event.on)
            elif op == "resume":
                case.clocks[target] = case.clocks[target].resume(event.on)
            elif op == "restart":
                case.clocks[target] = case.clocks[target].restart(event.on)
            elif op == "extend":
                case.clocks[target] = case.clocks[target].extend(int(data[effect["param"]]), event.on)
                case.extended = True
            elif op == "handler":
                case.handler = data[target]
            elif op == "outcome":
                case.outcome = data["outcome"] if target == "param" else target
            elif op == "reply":
                if target in case.clocks:
                    case.clocks[target] = stop_if_active(case.clocks[target], event.on)
                case.replied_on = event.on
                case.reply_on_time = data.get("on_time")
            elif op == "conclude":
                case.concluded_on = event.on
            elif op == "reopen":
                case.outcome = case.replied_on = case.reply_on_time = case.concluded_on = None
                case.reopened += 1
            elif op == "record":
                if target in data:  # an optional param not given records nothing
                    case.facts[target] = data[target]
            elif op == "forget":
                case.facts.pop(target, None)
        if any("once" in guard for guard in self.guards):
            case.facts["taken"] = [*case.facts.get("taken", []), self.name]


def _either(names: list[str]) -> str:
    """``a or b or c``, as one message (its "or" said in the clerk's language)."""
    either: str = names[0]
    for name in names[1:]:
        either = t("{either} or {action}", either=either, action=name)
    return either


def _takes_place(effect: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    return "when" not in effect or data.get(effect["when"]) is True


def _starters(action_tables: list) -> dict[str, list[str]]:
    """Clock → the actions that always start it (an effect with ``when`` may not)."""
    found: dict[str, list[str]] = {}
    for table in action_tables:
        for effect in table.get("effects", []) if isinstance(table, Mapping) else ():
            if isinstance(effect, Mapping) and isinstance(effect.get("start"), str) and "when" not in effect:
                found.setdefault(effect["start"], []).append(str(table.get("name")))
    return found


def _no_data(case, acting, params) -> dict[str, Any]:
    return {}


def kind_from_definition(
    definition: Mapping[str, Any], *, source: str = "<definition>", hooks: Mapping[str, Callable] | None = None
) -> Kind:
    """Check a definition and build its kind; every mistake is one ``InvalidInput`` line naming it."""
    where = t("kind {code} ({source})", code=definition.get("code", "?"), source=source)
    only_keys(definition, ("code", "label", "initial", "states", "clocks", "outcomes", "actions", "applicant_types",
                       "event_versions", "due_clocks"), where)
    code, label = definition.get("code"), definition.get("label")
    if not isinstance(code, str) or not code.replace("_", "").isalnum():
        raise InvalidInput(t("{where}: code must be a word such as message_board", where=where))
    if not isinstance(label, str) or not label:
        raise InvalidInput(t("{where}: a kind needs a label", where=where))
    states = []
    for table in definition.get("states", []):
        only_keys(table, ("code", "label", "open"), t("{where} state", where=where))
        if not table.get("code") or not table.get("label"):
            raise InvalidInput(t("{where}: a state needs a code and a label", where=where))
        states.append(State(str(table["code"]), str(table["label"]), bool(table.get("open", True))))
    names = [state.code for state in states]
    duplicate = _first_duplicate(names)
    if duplicate is not None:
        raise InvalidInput(t("{where}: duplicate state {name!r}", where=where, name=duplicate))
    if not states:
        raise InvalidInput(t("{where}: a kind needs states", where=where))
    initial = definition.get("initial")
    if initial not in names:
        raise InvalidInput(t("{where}: the initial state {initial!r} is not among the states", where=where, initial=initial))
    clock_tables = definition.get("clocks", {})
    clocks = {name: ClockSpec(name, table, t("{where} clock {name}", where=where, name=name)) for name, table in clock_tables.items()}
    outcomes = {str(code): str(text) for code, text in definition.get("outcomes", {}).items()}
    applicant_types = dict(definition.get("applicant_types", APPLICANT_TYPES))
    hooks = hooks or {}
    actions, decide, apply, guards = [], {}, {}, {}
    action_tables = list(definition.get("actions", []))
    duplicate = _first_duplicate([table.get("name") for table in action_tables])
    if duplicate is not None:
        raise InvalidInput(t("{where}: duplicate action {name!r}", where=where, name=duplicate))
    starters = _starters(action_tables)
    creators = 0
    for table in action_tables:
        action_where = t("{where} action {name}", where=where, name=table.get("name", "?"))
        only_keys(table, ("name", "label", "from", "to", "roles", "params", "guards", "effects", "hook"), action_where)
        name = table.get("name")
        if not name:
            raise InvalidInput(t("{where}: an action needs a name", where=where))
        sources = tuple(table.get("from", ()))
        if "from" in table and not sources:
            raise InvalidInput(t("{where}: an action with no source state can never be taken (from = [])", where=action_where))
        for state in sources:
            if state not in names:
                raise InvalidInput(t("{where}: unknown source state {state!r}", where=action_where, state=state))
        dest = table.get("to")
        if dest is not None and dest not in names:
            raise InvalidInput(t("{where}: unknown destination state {state!r}", where=action_where, state=dest))
        if not sources:
            creators += 1
            if dest != initial:
                raise InvalidInput(t(
                    "{where}: the action that creates a case must lead to the initial state {initial!r}", where=action_where, initial=initial,
                ))
        roles = tuple(table.get("roles", ()))
        if not roles:
            raise InvalidInput(t("{where}: an action needs roles", where=action_where))
        for role in roles:
            if role not in ROLES and role != SYSTEM_ROLE:
                raise InvalidInput(t("{where}: unknown role {role!r}", where=action_where, role=role))
        if "hook" in table:
            hook = hooks.get(table["hook"])
            if hook is None:
                raise InvalidInput(t("{where}: unknown hook {hook!r}", where=action_where, hook=table["hook"]))
            decide[name], apply[name] = hook["decide"], hook["apply"]
            if "check" in hook:
                guards[name] = hook["check"]
            options = tuple(hook.get("options", ()))
        else:
            behaviour = _Behaviour(table, clocks, outcomes, applicant_types, action_where, starters)
            decide[name], apply[name] = behaviour.decide, behaviour.apply
            if behaviour.guards:
                guards[name] = behaviour.check
            options = tuple(behaviour.params) + (REGISTER_PARAMS if any("register" in e for e in behaviour.effects) else ())
        actions.append(Action(name, sources, dest, roles, str(table.get("label", name)), options))
    if creators != 1:
        raise InvalidInput(t("{where}: exactly one action must create the case (one without `from`); found {count}", where=where, count=creators))
    _check_reachable(states, actions, initial, where)
    return Kind(
        code=code, label=label, states=tuple(states), actions=tuple(actions), initial=initial,
        decide=decide, apply=apply, guards=guards, event_versions=dict(definition.get("event_versions", {})),
        clock_specs=clocks, outcome_labels=outcomes, due_clocks=_due_clocks(definition, clocks, where),
        applicant_types=applicant_types,
    )


def _due_clocks(definition: Mapping[str, Any], clocks: Mapping[str, ClockSpec], where: Text) -> tuple[str, ...]:
    """The definition's ``due_clocks``; by default its clocks with alerts, in the order written."""
    names = definition.get("due_clocks")
    if names is None:
        names = [name for name, spec in clocks.items() if spec.alerts is not False] or list(clocks)[:1] or ["reply"]
    for name in names:
        if clocks and name not in clocks:
            raise InvalidInput(t("{where}: due_clocks names the unknown clock {clock!r}", where=where, clock=name))
    return tuple(names)


def _first_duplicate(names: list) -> Any:
    """The first name met a second time (None: each once)."""
    seen = set()
    for name in names:
        if name in seen:
            return name
        seen.add(name)
    return None


def _check_reachable(states: list[State], actions: list[Action], initial: str, where: str) -> None:
    reached, queue = {initial}, deque([initial])
    while queue:
        state = queue.popleft()
        for action in actions:
            if state in action.sources and action.dest and action.dest not in reached:
                reached.add(action.dest)
                queue.append(action.dest)
    for state in states:
        if state.code not in reached:
            raise InvalidInput(t("{where}: state {state!r} cannot be reached from {initial!r}", where=where, state=state.code, initial=initial))
