"""How a command prints what it found: JSON when asked for (its own --json or the global one), else lines for a person.

The JSON contract: `--json` before the command (`disclosure --json list`) or after it (`disclosure list --json`)
means the same; the data goes to standard output as one JSON document, and what a command says beside it on
standard error (a file written, a warning, an error) is one JSON object per line.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable

import click

from disclosure.cli._context import AppContext
from disclosure.cli.render import shown, to_json

__all__ = ["json_option", "wants_json", "emit", "note", "json_line"]


def _remember_json(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    # The AppContext is where main looks to know how to print an error the command raises later.
    if value:
        app = ctx.find_object(AppContext)
        if app is not None:
            app.json = True
    return value


def json_option(help: str | None = "Print JSON."):
    """A command's own --json flag (the same as the global `disclosure --json`)."""
    return click.option("--json", "as_json", is_flag=True, help=help, callback=_remember_json)


def wants_json(app: AppContext, as_json: bool = False) -> bool:
    """JSON when the command's --json or the global --json asks for it."""
    return as_json or app.json


def json_line(data: Any) -> str:
    """``data`` as JSON on a single line, for standard error where each message is one line."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


def emit(app: AppContext, as_json: bool, data: Any, render_text: Callable[[], Iterable[str]]) -> None:
    """Print ``data`` as JSON, or else each line ``render_text()`` gives (called only for text), a message in the clerk's language."""
    if wants_json(app, as_json):
        click.echo(to_json(data))
        return
    for line in render_text():
        click.echo(shown(line))


def note(app: AppContext, data: dict, text: str) -> None:
    """A message on standard error beside a command's output: ``text`` for a person (in their language), ``data`` as one JSON line."""
    click.echo(json_line(data) if app.json else shown(text), err=True)

