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

Every value has one form, and another is one line naming the key: a list key takes a list even of
one item (one text is refused, never read letter by letter), a yes-or-no key a TOML boolean (the text
"no" would read as true), a label a non-empty text (docs/kinds.md, "The forms of the values").

Params: a name, or a table with ``name``, ``type`` (text, int, date, bool), ``required`` (default
true), ``choices`` (a text param's: a non-empty list matched whole, a table of codes and their labels,
either matched whole, or "outcomes", the kind's), ``max`` (an int
param's, at least 1). Guards: ``{ within = CLOCK }`` (on or before the
clock's due date), ``{ once = true }``, ``{ fact = NAME, equals = VALUE }``. Effects: ``register``
(the receipt date, channel, applicant and request), ``start`` (``from`` received | on | a date
param), ``stop`` (a clock, or "*"), ``pause``, ``resume``, ``restart``, ``extend`` (``param``),
``handler`` (a param), ``outcome`` ("param" or a code), ``reply`` (a clock: replied on, on time),
``conclude``, ``reopen``, ``record`` (a param kept in the case's facts), ``forget`` (a fact). An effect
with ``when = NAME`` takes place only when the event's data holds NAME true: a bool param of the
action, or, on an action whose events have versions (``event_versions``), a flag an upgrade sets on the
events an older definition wrote (the petition's reply, workflow/kinds/petition.py).
"""

from __future__ import annotations

from collections import deque
from datetime import date
from typing import Any, Callable, Mapping

from disclosure.workflow.calendar import parse_date
from disclosure.workflow.clocks import Clock, ClockStatus, ClockUnit, stop_if_active
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.kinds.base import Action, Kind, State
from disclosure.workflow.kinds import definition_values as form
from disclosure.workflow.kinds.clock_spec import ClockSpec
from disclosure.workflow.kinds.registration import REGISTER_PARAMS, apply_registration, decide_registration
from disclosure.workflow.messages import Text, chained, t
from disclosure.workflow.vocabulary import APPLICANT_TYPES, ROLES, SYSTEM_ROLE, code_named

__all__ = ["kind_from_definition", "BUILT_IN_SOURCE"]

# Where a built-in kind's definition comes from, as a refusal of it names its source.
BUILT_IN_SOURCE: Text = t("built in")

_EFFECTS = ("register", "start", "stop", "pause", "resume", "restart", "extend", "handler", "outcome", "reply",
            "conclude", "reopen", "record", "forget")
_GUARDS = ("within", "once", "fact")
_EFFECT_KEYS = {"start": ("from",), "extend": ("param",)}  # what an effect may carry besides its own key and `when`
_PARAM_TYPES = ("text", "int", "date", "bool")
_TRUE = ("yes", "true", "1", "on", "是")
_FALSE = ("no", "false", "0", "off", "否")


def _param_specs(action: Mapping[str, Any], where: str, outcomes: Mapping[str, str] | None = None) -> dict[str, dict[str, Any]]:
    specs: dict[str, dict[str, Any]] = {}
    for raw in form.listed(action, "params", where):
        if not isinstance(raw, (str, Mapping)):
            raise InvalidInput(t("{where}: {key} must be a list of names or tables (got {value!r})", where=where, key="params", value=raw))
        spec = {"name": raw} if isinstance(raw, str) else dict(raw)
        form.only_keys(spec, ("name", "type", "required", "choices", "max"), t("{where} param", where=where))
        name = spec.get("name")
        if not isinstance(name, str) or not name:
            raise InvalidInput(t("{where}: a param needs a name", where=where))
        if name in specs:
            raise InvalidInput(t("{where}: duplicate param {name!r}", where=where, name=name))
        if spec.setdefault("type", "text") not in _PARAM_TYPES:
            raise InvalidInput(t("{where} param {name}: type must be one of {types}", where=where, name=name, types=", ".join(_PARAM_TYPES)))
        param_where = t("{where} param {name}", where=where, name=name)
        spec["required"] = form.flag(spec, "required", param_where, True)
        if spec.get("max") is not None:  # (a definition in code may say None: no most)
            form.only_for(spec, "max", "int", param_where)
            form.whole(spec["max"], "max", param_where)
        if "choices" in spec:
            form.only_for(spec, "choices", "text", param_where)
            spec["choices"] = _choices(spec["choices"], outcomes, param_where)
        specs[name] = spec
    return specs


def _choices(choices: Any, outcomes: Mapping[str, str] | None, where: str) -> Any:
    """``"outcomes"`` (the kind's outcomes, which it must have), a tuple of texts, or a table of codes and
    their labels (either may be typed; the code is kept), never empty: a reply with nothing to choose from
    could never be taken. Matched exactly (never as a substring)."""
    if choices == "outcomes":
        if outcomes is not None and not outcomes:
            raise InvalidInput(t("{where}: choices = \"outcomes\", but the kind has no outcomes", where=where))
        return choices
    if isinstance(choices, Mapping):
        texts = [text for pair in choices.items() for text in pair]
    else:
        texts = choices if isinstance(choices, (list, tuple)) else [None]
    if not all(isinstance(text, str) and text for text in texts):
        raise InvalidInput(t(
            "{where}: choices must be \"outcomes\", a list of texts, such as choices = ['yes', 'no'], or a table of codes and "
            "their labels (got {value!r})",
            where=where, value=choices,
        ))
    if not choices:
        raise InvalidInput(t("{where}: {key} must not be empty", where=where, key="choices"))
    return dict(choices) if isinstance(choices, Mapping) else tuple(choices)


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
    if isinstance(choices, Mapping):  # codes with their labels: either is taken, the code kept
        value = code_named(value, choices.items()) or value
    if choices is not None and value not in choices:
        raise InvalidInput(t(
            "{action}: unknown {name} {value!r}; expected one of {choices}", action=action, name=name, value=value, choices=", ".join(choices),
        ))
    return value


class _Behaviour:
    """One action's decide (guards, params → event data) and apply (event data → case), from its table."""

    def __init__(self, action: Mapping[str, Any], clocks: Mapping[str, ClockSpec],
                 outcomes: Mapping[str, str], applicant_types: Mapping[str, str], where: str,
                 starters: Mapping[str, list[str]] | None = None, versioned: bool = False) -> None:
        self.name = action["name"]
        self.starters = starters or {}  # clock → the actions that start it, named when a guard finds it not started
        self.params = _param_specs(action, where, outcomes)
        self.guards = [dict(guard) for guard in form.tables(action, "guards", where)]
        self.effects = [dict(effect) for effect in form.tables(action, "effects", where)]
        self.clocks, self.outcomes, self.applicant_types = clocks, outcomes, applicant_types
        for guard in self.guards:
            keys = [key for key in guard if key in _GUARDS]
            if len(keys) != 1:
                raise InvalidInput(t(
                    "{where}: a guard needs exactly one of {guards} (got {keys})", where=where, guards=", ".join(_GUARDS), keys=sorted(guard),
                ))
            form.only_keys(guard, (keys[0], "equals") if keys[0] == "fact" else (keys[0],), t("{where} guard {guard}", where=where, guard=keys[0]))
            if "within" in guard and (not isinstance(guard["within"], str) or guard["within"] not in clocks):
                raise InvalidInput(t("{where}: guard within names the unknown clock {clock!r}", where=where, clock=guard["within"]))
            if "once" in guard and guard["once"] is not True:
                raise InvalidInput(t("{where}: {key} must be true (got {value!r})", where=where, key="once", value=guard["once"]))
            if "fact" in guard:
                form.text(guard, "fact", where)
        for effect in self.effects:
            keys = [key for key in effect if key in _EFFECTS]
            if len(keys) != 1:
                raise InvalidInput(t(
                    "{where}: an effect needs exactly one of {effects} (got {keys})", where=where, effects=", ".join(_EFFECTS), keys=sorted(effect),
                ))
            op, target = keys[0], effect[keys[0]]
            form.only_keys(effect, (op, *_EFFECT_KEYS.get(op, ()), "when"), t("{where} effect {op}", where=where, op=op))
            if "when" in effect:
                self._check_when(effect, op, versioned, where)
            if op in ("register", "conclude", "reopen") and target is not True:
                raise InvalidInput(t("{where}: {key} must be true (got {value!r})", where=where, key=op, value=target))
            if op in ("start", "pause", "resume", "restart", "extend", "reply") or (op == "stop" and target != "*"):
                if not isinstance(target, str) or target not in clocks:
                    raise InvalidInput(t("{where}: effect {op} names the unknown clock {clock!r}", where=where, op=op, clock=target))
            if op in ("handler", "record", "extend") or (op == "outcome" and target == "param"):
                param = effect.get("param") if op == "extend" else "outcome" if op == "outcome" else target
                if not isinstance(param, str) or param not in self.params:
                    raise InvalidInput(t("{where}: effect {op} needs a param the action takes ({param!r})", where=where, op=op, param=param))
                if op != "record":  # the others read the param's value: it must be there
                    self._check_read(op, param, "int" if op == "extend" else None, where)
            if op == "outcome" and target != "param" and (not isinstance(target, str) or target not in outcomes):
                raise InvalidInput(t("{where}: effect outcome names the unknown outcome {outcome!r}", where=where, outcome=target))
            if op == "forget":
                form.text(effect, "forget", where)
            if op == "start":
                origin = effect.get("from", "on")
                if origin not in ("on", "received"):
                    if not isinstance(origin, str) or origin not in self.params:
                        raise InvalidInput(t("{where}: effect start from {origin!r}: neither on, received nor a param", where=where, origin=origin))
                    self._check_read(op, origin, "date", where)

    def _check_when(self, effect: Mapping[str, Any], op: str, versioned: bool, where: str) -> None:
        """``when`` names a bool param of the action; on an action whose events have versions, it may also
        name a flag an upgrade sets on the older events (the petition's reply)."""
        flag = effect["when"]
        if not isinstance(flag, str) or not flag:
            raise InvalidInput(t("{where}: effect {op}: when must name a flag of the event's data", where=where, op=op))
        spec = self.params.get(flag)
        if (spec is None and not versioned) or (spec is not None and spec["type"] != "bool"):
            raise InvalidInput(t("{where}: effect {op}: when names {flag!r}, which is not a bool param of the action", where=where, op=op, flag=flag))

    def _check_read(self, op: str, param: str, kind: str | None, where: str) -> None:
        spec = self.params[param]
        if kind is not None and spec["type"] != kind:
            raise InvalidInput(t("{where}: effect {op} needs the param {param!r} to be of type {type}", where=where, op=op, param=param, type=kind))
        if not spec["required"]:
            raise InvalidInput(t("{where}: effect {op} needs the param {param!r} to be required", where=where, op=op, param=param))

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
            # A clock the case has not started yet: refused as the clock's own rule says (not started).
            elif op == "pause":
                case.clocks[target] = case.clocks.get(target, Clock(target)).pause(event.on)
            elif op == "resume":
                case.clocks[target] = case.clocks.get(target, Clock(target)).resume(event.on)
            elif op == "restart":
                case.clocks[target] = case.clocks.get(target, Clock(target)).restart(event.on)
            elif op == "extend":
                case.clocks[target] = case.clocks.get(target, Clock(target)).extend(int(data[effect["param"]]), event.on)
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
    return chained(names, lambda either, name: t("{either} or {action}", either=either, action=name))


def _takes_place(effect: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    return "when" not in effect or data.get(effect["when"]) is True


def _starters(action_tables: list) -> dict[str, list[str]]:
    """Clock → the actions that always start it (an effect with ``when`` may not)."""
    found: dict[str, list[str]] = {}
    for table in action_tables:
        effects = table.get("effects", ()) if isinstance(table, Mapping) else ()
        for effect in effects if isinstance(effects, (list, tuple)) else ():
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
    form.only_keys(definition, ("code", "label", "initial", "states", "clocks", "outcomes", "actions", "applicant_types",
                       "event_versions", "due_clocks"), where)
    code, label = definition.get("code"), definition.get("label")
    if not isinstance(code, str) or not code.replace("_", "").isalnum():
        raise InvalidInput(t("{where}: code must be a word such as message_board", where=where))
    if not isinstance(label, str) or not label:
        raise InvalidInput(t("{where}: a kind needs a label", where=where))
    states = []
    for table in form.tables(definition, "states", where):
        state_where = t("{where} state", where=where)
        form.only_keys(table, ("code", "label", "open"), state_where)
        if not table.get("code") or not table.get("label"):
            raise InvalidInput(t("{where}: a state needs a code and a label", where=where))
        state_code, state_label = form.text(table, "code", state_where), form.text(table, "label", state_where)
        states.append(State(state_code, state_label, form.flag(table, "open", t("{where} state {name}", where=where, name=state_code), True)))
    names = [state.code for state in states]
    duplicate = _first_duplicate(names)
    if duplicate is not None:
        raise InvalidInput(t("{where}: duplicate state {name!r}", where=where, name=duplicate))
    if not states:
        raise InvalidInput(t("{where}: a kind needs states", where=where))
    initial = definition.get("initial")
    if initial not in names:
        raise InvalidInput(t("{where}: the initial state {initial!r} is not among the states", where=where, initial=initial))
    clocks = {}
    for name, table in form.table(definition, "clocks", where).items():
        if not isinstance(table, Mapping):
            dotted = f"clocks.{name}"
            raise InvalidInput(t("{where}: {key} must be a table (got {value!r})", where=where, key=dotted, value=table))
        clocks[name] = ClockSpec(name, table, t("{where} clock {name}", where=where, name=name))
    outcomes = dict(form.table(definition, "outcomes", where, str))
    if "outcomes" in definition and not outcomes:  # a reply choosing among them could never be taken
        raise InvalidInput(t("{where}: {key} must not be empty", where=where, key="outcomes"))
    applicant_types = dict(form.table(definition, "applicant_types", where, str) if "applicant_types" in definition else APPLICANT_TYPES)
    if not applicant_types:  # no case could be registered
        raise InvalidInput(t("{where}: {key} must not be empty", where=where, key="applicant_types"))
    event_versions = dict(form.table(definition, "event_versions", where))
    for name, version in event_versions.items():
        form.whole(version, f"event_versions.{name}", where)
    hooks = hooks or {}
    actions, decide, apply, guards = [], {}, {}, {}
    action_tables = form.tables(definition, "actions", where)
    duplicate = _first_duplicate([table.get("name") for table in action_tables if isinstance(table.get("name"), str)])
    if duplicate is not None:
        raise InvalidInput(t("{where}: duplicate action {name!r}", where=where, name=duplicate))
    starters = _starters(action_tables)
    creators = 0
    for table in action_tables:
        action_where = t("{where} action {name}", where=where, name=table.get("name", "?"))
        form.only_keys(table, ("name", "label", "from", "to", "roles", "params", "guards", "effects", "hook"), action_where)
        name = table.get("name")
        if not name or not isinstance(name, str):
            raise InvalidInput(t("{where}: an action needs a name", where=where))
        sources = tuple(form.texts(table, "from", action_where))
        if "from" in table and not sources:
            raise InvalidInput(t("{where}: an action with no source state can never be taken (from = [])", where=action_where))
        for state in sources:
            if state not in names:
                raise InvalidInput(t("{where}: unknown source state {state!r}", where=action_where, state=state))
        dest = form.text(table, "to", action_where)
        if dest is not None and dest not in names:
            raise InvalidInput(t("{where}: unknown destination state {state!r}", where=action_where, state=dest))
        if not sources:
            creators += 1
            if dest != initial:
                raise InvalidInput(t(
                    "{where}: the action that creates a case must lead to the initial state {initial!r}", where=action_where, initial=initial,
                ))
        roles = tuple(form.texts(table, "roles", action_where))
        if not roles:
            raise InvalidInput(t("{where}: an action needs roles", where=action_where))
        for role in roles:
            if role not in ROLES and role != SYSTEM_ROLE:
                raise InvalidInput(t("{where}: unknown role {role!r}", where=action_where, role=role))
        action_label = form.text(table, "label", action_where) or name
        if "hook" in table:
            hook = hooks.get(table["hook"]) if isinstance(table["hook"], str) else None
            if hook is None:
                raise InvalidInput(t("{where}: unknown hook {hook!r}", where=action_where, hook=table["hook"]))
            decide[name], apply[name] = hook["decide"], hook["apply"]
            if "check" in hook:
                guards[name] = hook["check"]
            options = tuple(hook.get("options", ()))
        else:
            behaviour = _Behaviour(table, clocks, outcomes, applicant_types, action_where, starters,
                                   versioned=event_versions.get(name, 1) > 1)
            decide[name], apply[name] = behaviour.decide, behaviour.apply
            if behaviour.guards:
                guards[name] = behaviour.check
            options = tuple(behaviour.params) + (REGISTER_PARAMS if any("register" in e for e in behaviour.effects) else ())
        actions.append(Action(name, sources, dest, roles, action_label, options))
    if creators != 1:
        raise InvalidInput(t("{where}: exactly one action must create the case (one without `from`); found {count}", where=where, count=creators))
    _check_reachable(states, actions, initial, where)
    return Kind(
        code=code, label=label, states=tuple(states), actions=tuple(actions), initial=initial,
        decide=decide, apply=apply, guards=guards, event_versions=event_versions,
        clock_specs=clocks, outcome_labels=outcomes, due_clocks=_due_clocks(definition, clocks, where),
        applicant_types=applicant_types,
    )


def _due_clocks(definition: Mapping[str, Any], clocks: Mapping[str, ClockSpec], where: Text) -> tuple[str, ...]:
    """The definition's ``due_clocks``; by default its clocks with alerts, in the order written."""
    names = form.texts(definition, "due_clocks", where) if "due_clocks" in definition else None
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
