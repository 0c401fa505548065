"""A click group that imports a command's module only when that command is asked for (issue 19: start-up time).

The group holds a table of its commands: each one's name, where it is defined ("module:attribute") and its help
text. `disclosure --help` lists the commands from the table without importing them; running a command (or asking
for its own --help) imports its module then, and only that one. This is click's "Lazily Loading Subcommands"
pattern, with the two places click reads its commands directly made to read the table: the listing of --help, and
the "Did you mean" of an unknown command.
"""

from __future__ import annotations

import importlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

import click

from disclosure.workflow.messages import say

__all__ = ["CommandEntry", "LazyGroup", "every_command"]


@dataclass(frozen=True)
class CommandEntry:
    """One line of the table: ``where`` is "package.module:attribute"; ``help`` is the command's own help text,
    word for word (it is also the message id of its Chinese translation)."""

    name: str
    where: str
    help: str

    def load(self) -> click.Command:
        module_name, attribute = self.where.split(":")
        return getattr(importlib.import_module(module_name), attribute)


class LazyGroup(click.Group):
    def __init__(self, *args, table: Sequence[CommandEntry] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.table = {entry.name: entry for entry in table}
        self._on_load: list[Callable[[click.Command], None]] = []

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.table})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.table:
            command = self.table[name].load()
            self.add_command(command, name)
            for listener in list(self._on_load):
                listener(command)
        return self.commands.get(name)

    @contextmanager
    def each_loaded(self, listener: Callable[[click.Command], None]) -> Iterator[None]:
        """Within the block, ``listener`` sees every command as it is loaded (the help of a command loaded
        while the command line speaks Chinese is said in Chinese, cli/language.py)."""
        self._on_load.append(listener)
        try:
            yield
        finally:
            self._on_load.remove(listener)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as error:
            # click suggests among the commands loaded; every command of the table may be meant.
            raise click.exceptions.NoSuchCommand(error.command_name, possibilities=self.list_commands(ctx), ctx=ctx) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The listing of --help, as click writes it, from the table's help for a command not loaded
        (said in the language being spoken, as a loaded command's help is)."""
        listed = {
            name: self.commands.get(name) or click.Command(name, help=say(self.table[name].help))
            for name in self.list_commands(ctx)
        }
        click.Group.format_commands(click.Group(self.name, commands=listed), ctx, formatter)


def every_command(group: click.Group, ctx: click.Context | None = None) -> Iterator[tuple[str, click.Command]]:
    """Each of ``group``'s commands, loading them (the catalog's extraction and the tests walk the whole tree)."""
    ctx = ctx or click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None:
            yield name, command
