"""What a kind of case is made of, and the one state machine built for each kind.

A kind is data: its states with labels, and its actions with the states they leave
from, the state they lead to, the roles that may take them. The graph goes into one
``transitions.Machine`` per kind (``model=None``), because a machine per case costs tens
of kilobytes and milliseconds each; a command sets a single stand-in model to the case's
state, under a lock, and triggers the action on it. Replay, which has already-validated events, reads
the same graph from a plain table.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping


from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.events import Event
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import code_named

__all__ = ["State", "Action", "Kind", "KindMachine"]


@dataclass(frozen=True)
class State:
    code: str
    label: str
    open: bool = True


@dataclass(frozen=True)
class Action:
    name: str
    sources: tuple[str, ...]  # empty: the action creates the case
    dest: str | None  # None: the case stays where it is
    roles: tuple[str, ...]
    label: str = ""
    options: tuple[str, ...] = ()  # parameter names the action takes

    @property
    def trigger(self) -> str:
        return self.name.replace("-", "_")


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    states: tuple[State, ...]
    actions: tuple[Action, ...]
    initial: str
    decide: Mapping[str, Callable] = field(default_factory=dict, compare=False)
    apply: Mapping[str, Callable] = field(default_factory=dict, compare=False)
    # Action name → the check that needs no parameters (case, acting; raises RuleViolation with the
    # reason). Each action's decide runs its own, in the order its messages need; the machine holds
    # them as the transitions' conditions, so it can answer which actions are open to a user now.
    guards: Mapping[str, Callable] = field(default_factory=dict, compare=False)
    # The schema version each event type is written at (1 when not listed), and how older data is
    # brought up: (type, version) → a function from that version's data to the next version's.
    # History is never rewritten; replay upgrades as it reads, so an old record still folds.
    event_versions: Mapping[str, int] = field(default_factory=dict, compare=False)
    upgrades: Mapping[tuple[str, int], Callable[[dict], dict]] = field(default_factory=dict, compare=False)
    # From the definition (workflow/kinds/spec.py): each clock's label, unit, length and alert thresholds,
    # and the kind's own outcomes with their labels.
    clock_specs: Mapping[str, Any] = field(default_factory=dict, compare=False)
    outcome_labels: Mapping[str, str] = field(default_factory=dict, compare=False)
    # The clocks whose due date is the case's (shown, stored, judged overdue): the first still open.
    due_clocks: tuple[str, ...] = ("reply",)
    applicant_types: Mapping[str, str] = field(default_factory=dict, compare=False)
    # The applicant's periods whose lapse the sweep turns into the ``lapse`` action: clock → (the state
    # the case waits in, the outcome it ends with).
    lapses: Mapping[str, tuple[str, str]] = field(default_factory=dict, compare=False)
    # An action that undoes the case's last event → the action it undoes (``reinstate`` → ``lapse``). It
    # leads back to a state that action left, named in its data; it is dated from the event before
    # the one it undoes, which its own decide checks.
    undoes: Mapping[str, str] = field(default_factory=dict, compare=False)
    # True: the office's [alerts] settings give this kind's clocks their thresholds; else its definition does.
    office_alerts: bool = False

    def alert_policy(self, clock: str, office_policies: Mapping[str, Any]) -> Any:
        """The thresholds of one of this kind's clocks (None: it raises no alerts)."""
        if self.office_alerts:
            return office_policies.get(clock)
        spec = self.clock_specs.get(clock)
        return spec.policy if spec is not None else None

    def clock_label(self, name: str) -> str:
        spec = self.clock_specs.get(name)
        return spec.label if spec is not None else name

    def event_version(self, event_type: str) -> int:
        return self.event_versions.get(event_type, 1)

    def upgrade(self, event: Event) -> Event:
        """The event with its data at the current version of its type (unchanged when current)."""
        current = self.event_versions.get(event.type, 1)
        if event.schema == current:
            return event
        if event.schema > current:
            raise RuleViolation(t(
                "event {case} v{version} ({type}) has schema {schema}; this engine knows {current}: it was written by a newer version",
                case=event.case, version=event.version, type=event.type, schema=event.schema, current=current,
            ))
        data, version = dict(event.data), event.schema
        while version < current:
            data = self.upgrades[(event.type, version)](data)
            version += 1
        return replace(event, data=data, schema=current)

    def state(self, code: str) -> State:
        for state in self.states:
            if state.code == code:
                return state
        raise InvalidInput(t("kind {kind} has no state {code!r}", kind=self.code, code=code))

    def action(self, name: str) -> Action:
        """The action named by its name (submit_review for submit-review too) or by its Chinese label (审查通过)."""
        normalised = name.replace("_", "-")
        for action in self.actions:
            if action.name == normalised:
                return action
        labelled = [(action.name, action.label) for action in self.actions]
        named = code_named(name, labelled)
        if named is not None:
            return self.action(named)
        raise InvalidInput(t(
            "unknown action {name!r} for {kind}; expected one of {actions}",
            name=name, kind=self.code, actions=", ".join(a.name for a in self.actions),
        ))

    @property
    def open_states(self) -> tuple[str, ...]:
        return tuple(state.code for state in self.states if state.open)


class _Carrier:
    """Stands in for a case while the machine moves it."""

    def __init__(self, state: str) -> None:
        self.state = state


class KindMachine:
    """The state graph of one kind: which actions a state allows, where each leads, and whether a
    user may take one now (its guard, as the transition's condition)."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self._machine = None
        self._lock = threading.Lock()
        # The graph as a table (state, action) → destination, for the checks that need no guard (every
        # command, replay): an action without a destination stays in its state, as in a transitions Machine.
        # tests/unit/test_kind_machine_table.py checks it against the Machine's own graph for every kind.
        self._table: dict[tuple[str, str], str] = {
            (source, action.name): action.dest or source for action in kind.actions for source in action.sources
        }

    @property
    def machine(self):
        """The transitions Machine of the graph, with each guard as its transition's condition: built when
        a guard is first asked (`may`, `allowed`), since building it and importing transitions cost more
        than a command that only steps."""
        if self._machine is None:
            with self._lock:
                if self._machine is None:
                    self._machine = self._build_machine()
        return self._machine

    def _build_machine(self):
        from transitions import Machine

        transitions = []
        for action in self.kind.actions:
            if not action.sources:
                continue
            transition = {"trigger": action.trigger, "source": list(action.sources), "dest": action.dest}
            if action.name in self.kind.guards:
                transition["conditions"] = [_condition(self.kind.guards[action.name])]
            transitions.append(transition)
        machine = Machine(
            model=None,
            states=[state.code for state in self.kind.states],
            transitions=transitions,
            initial=self.kind.initial,
            auto_transitions=False,
        )
        # One stand-in for every case, added once: adding a model builds a method per trigger.
        self._carrier = _Carrier(self.kind.initial)
        machine.add_model(self._carrier)
        return machine

    def allowed(self, state: str) -> list[str]:
        """The actions the graph allows from ``state`` (roles and guards not yet considered)."""
        triggers = set(self.machine.get_triggers(state))
        return [action.name for action in self.kind.actions if action.trigger in triggers]

    def may(self, case: Any, action_name: str, acting: Any) -> bool:
        """The graph allows the action from the case's state and its guard lets this user through now."""
        trigger = self.kind.action(action_name).trigger
        machine = self.machine
        with self._lock:
            carrier = self._carrier
            machine.set_state(case.state, model=carrier)
            return getattr(carrier, f"may_{trigger}")(case, acting)

    def step(self, state: str, action: Action) -> str:
        """Where the action leads from ``state``; refused when the state does not allow it."""
        try:
            return self._table[(state, action.name)]
        except KeyError:
            label = self.kind.state(state).label
            raise RuleViolation(t("{action} is not allowed while the case is in state {state} {label}", action=action.name, state=state, label=label)) from None

    def dest(self, state: str, action_name: str) -> str:
        """Where an event already recorded leads (replay): the same graph, a history's own words when refused."""
        try:
            return self._table[(state, action_name)]
        except KeyError:
            raise RuleViolation(t(
                "history has {action} in state {state}, which the {kind} graph does not allow", action=action_name, state=state, kind=self.kind.code,
            )) from None


def _condition(guard: Callable) -> Callable[[Any, Any], bool]:
    def passes(case: Any, acting: Any) -> bool:
        try:
            guard(case, acting)
        except RuleViolation:
            return False
        return True

    return passes
