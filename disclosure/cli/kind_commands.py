"""`disclosure kinds list` and `disclosure kinds show KIND`."""

from __future__ import annotations

import click

from disclosure.cli._context import AppContext
from disclosure.cli.render import to_json

pass_app = click.make_pass_decorator(AppContext)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@click.group("kinds")
def kinds_group() -> None:
    """The kinds of case: built in (disclosure, petition, suggestion) and the office's own."""


@kinds_group.command("list")
@json_option
@pass_app
def kinds_list(app: AppContext, as_json: bool) -> None:
    """Every kind this office knows."""
    kinds = app.kinds()
    rows = [{"code": kind.code, "label": kind.label, "built_in": kinds.is_built_in(kind.code)} for kind in kinds]
    if as_json or app.json:
        click.echo(to_json(rows))
        return
    for row in rows:
        click.echo(f"{row['code']:<16} {row['label']}{'' if row['built_in'] else '  (configured)'}")


@kinds_group.command("show")
@click.argument("code")
@json_option
@pass_app
def kinds_show(app: AppContext, code: str, as_json: bool) -> None:
    """A kind's states, actions and clocks, and its state diagram (Mermaid)."""
    from disclosure.workflow.kinds.diagram import describe

    described = describe(app.kinds().kind(code))
    if as_json or app.json:
        click.echo(to_json(described))
        return
    click.echo(f"{described['code']} {described['label']}  (starts in {described['initial']})")
    click.echo("states 状态:")
    for state in described["states"]:
        click.echo(f"  {state['code']:<14} {state['label']}{'' if state['open'] else '  (concluded 办结)'}")
    click.echo("actions 动作:")
    for action in described["actions"]:
        origin = ", ".join(action["from"]) or "(creates the case)"
        params = f"  [{', '.join(action['params'])}]" if action["params"] else ""
        click.echo(f"  {action['name']:<18} {action['label']:<10} {origin} → {action['to'] or '(stays)'}"
                   f"  roles {', '.join(action['roles'])}{params}")
    if described["clocks"]:
        click.echo("clocks 期限:")
        for clock in described["clocks"]:
            click.echo(f"  {clock['name']:<18} {clock['label']:<10} {clock['length']} {clock['unit']}")
    click.echo("diagram (Mermaid):")
    click.echo(described["mermaid"])


KIND_COMMANDS = (kinds_group,)
