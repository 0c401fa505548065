"""How a command prints what it found: JSON when asked for (its own --json or the global one), else lines for a person."""

from __future__ import annotations

from typing import Any, Callable, Iterable

import click

from disclosure.cli._context import AppContext
from disclosure.cli.render import to_json

__all__ = ["json_option", "wants_json", "emit"]


def json_option(help: str | None = "Print JSON."):
    """A command's own --json flag (the same as the global `disclosure --json`)."""
    return click.option("--json", "as_json", is_flag=True, help=help)


def wants_json(app: AppContext, as_json: bool = False) -> bool:
    """JSON when the command's --json or the global --json asks for it."""
    return as_json or app.json


def emit(app: AppContext, as_json: bool, data: Any, render_text: Callable[[], Iterable[str]]) -> None:
    """Print ``data`` as JSON, or else each line ``render_text()`` gives (called only for text)."""
    if wants_json(app, as_json):
        click.echo(to_json(data))
        return
    for line in render_text():
        click.echo(line)
