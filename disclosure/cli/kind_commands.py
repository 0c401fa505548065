"""`disclosure kinds list` and `disclosure kinds show KIND`."""

from __future__ import annotations

import click

from disclosure.cli._context import AppContext, pass_app
from disclosure.cli.output import emit, json_option
from disclosure.cli.render import indented, table
from disclosure.workflow.messages import t


@click.group("kinds")
def kinds_group() -> None:
    """The kinds of case: built in (disclosure, petition, suggestion) and the office's own."""


@kinds_group.command("list")
@json_option()
@pass_app
def kinds_list(app: AppContext, as_json: bool) -> None:
    """Every kind this office knows."""
    kinds = app.kinds()
    rows = [{"code": kind.code, "label": kind.label, "built_in": kinds.is_built_in(kind.code)} for kind in kinds]
    emit(app, as_json, rows, lambda: table((row["code"], row["label"], "" if row["built_in"] else t("(configured)")) for row in rows))


@kinds_group.command("show")
@click.argument("code")
@json_option()
@pass_app
def kinds_show(app: AppContext, code: str, as_json: bool) -> None:
    """A kind's states, actions and clocks, and its state diagram (Mermaid)."""
    from disclosure.workflow.kinds.diagram import describe

    described = describe(app.kinds().kind(code))
    emit(app, as_json, described, lambda: _kind_lines(described))


def _kind_lines(described: dict):
    yield t("{code} {label}  (starts in {initial})", code=described["code"], label=described["label"], initial=described["initial"])
    yield t("states 状态:")
    yield from _indented(table(
        (state["code"], state["label"], "" if state["open"] else t("(concluded 办结)")) for state in described["states"]
    ))
    yield t("actions 动作:")
    yield from _indented(table(
        (action["name"], action["label"],
         t("{sources} → {destination}", sources=", ".join(action["from"]) or t("(creates the case)"), destination=action["to"] or t("(stays)")),
         t("roles {roles}", roles=", ".join(action["roles"])), f"[{', '.join(action['params'])}]" if action["params"] else "")
        for action in described["actions"]
    ))
    if described["typed_outcomes"]:
        yield t("outcomes 结果 (advance … --outcome, the code or its label):")
        yield from _indented(table(described["typed_outcomes"].items()))
    if described["clocks"]:
        yield t("clocks 期限:")
        yield from _indented(table(
            (clock["name"], clock["label"], f"{clock['length']} {clock['unit']}") for clock in described["clocks"]
        ))
    yield t("diagram (Mermaid):")
    yield described["mermaid"]


def _indented(lines: list[str]) -> list[str]:
    return [indented(line) for line in lines]
