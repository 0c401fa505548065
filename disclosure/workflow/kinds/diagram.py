"""A kind as people read it: its states, actions and clocks, and its state diagram as Mermaid text."""

from __future__ import annotations

from typing import Any

from disclosure.workflow.kinds.base import Kind

__all__ = ["describe", "mermaid", "typed_outcomes"]


def _node(code: str) -> str:
    return code.replace("-", "_")


def mermaid(kind: Kind) -> str:
    """``stateDiagram-v2``: each state with its label, each action an arrow (a loop when the state stays)."""
    lines = ["stateDiagram-v2"]
    for state in kind.states:
        lines.append(f"    {_node(state.code)} : {state.code} {state.label}")
    creator = next(action for action in kind.actions if not action.sources)
    lines.append(f"    [*] --> {_node(kind.initial)} : {creator.name}")
    for action in kind.actions:
        undone = kind.action(kind.undoes[action.name]) if action.name in kind.undoes else None
        for source in action.sources:
            # An undoing action leads back to whichever state the action it undoes left.
            targets = undone.sources if undone is not None and source == undone.dest else (action.dest or source,)
            for target in targets:
                lines.append(f"    {_node(source)} --> {_node(target)} : {action.name}")
    for state in kind.states:
        if not any(state.code in action.sources for action in kind.actions):
            lines.append(f"    {_node(state.code)} --> [*]")
    return "\n".join(lines)


def typed_outcomes(kind: Kind) -> dict[str, str]:
    """The outcomes a user gives (`--outcome`), with their labels: all but those a lapse ends a case with."""
    ended_by_lapse = {outcome for _, outcome in kind.lapses.values()}
    return {code: label for code, label in kind.outcome_labels.items() if code not in ended_by_lapse}


def describe(kind: Kind) -> dict[str, Any]:
    return {
        "code": kind.code,
        "label": kind.label,
        "initial": kind.initial,
        "states": [{"code": s.code, "label": s.label, "open": s.open} for s in kind.states],
        "actions": [
            {"name": a.name, "label": a.label, "from": list(a.sources), "to": a.dest, "roles": list(a.roles),
             "params": list(a.options)}
            for a in kind.actions
        ],
        "clocks": [
            {"name": name, "label": spec.label, "unit": spec.unit.value, "length": spec.length}
            for name, spec in kind.clock_specs.items()
        ],
        "outcomes": dict(kind.outcome_labels),
        "typed_outcomes": typed_outcomes(kind),
        "mermaid": mermaid(kind),
    }
