"""The command line in the clerk's language: `--lang zh|en`, else the locale (workflow/messages.py).

For one command, in Chinese: every help text of the command tree, click's own words (Usage, Options,
its errors: click asks the standard library's gettext, which reads our catalog here) and the
messages the commands print are said from the catalog; all is put back when the command ends, so a
program calling ``main`` twice in one process gets each in its own language.
"""

from __future__ import annotations

import importlib
from contextlib import ExitStack, contextmanager, nullcontext
from typing import Iterator

import click

from disclosure.cli.lazy_group import LazyGroup
from disclosure.workflow.messages import LANGUAGES, catalog, in_language, language_from, speaking

__all__ = ["lang_option", "chosen_language", "spoken", "command_params"]

# click's modules that translate their own words through the standard library's gettext.
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils", "_termui_impl")


def lang_option(function):
    return click.option(
        "--lang", type=click.Choice(LANGUAGES), default=None, expose_value=False, is_eager=True,
        help="zh: 中文 help, messages and errors; en: English. Default: Chinese under a Chinese locale (LANG=zh_CN.*).",
    )(function)


def chosen_language(arguments: list[str]) -> str:
    """The language the command speaks: `--lang` among the arguments (before any ``--``), else the locale's."""
    options = arguments[: arguments.index("--")] if "--" in arguments else arguments
    chosen = None
    for index, argument in enumerate(options):
        if argument == "--lang" and index + 1 < len(options):
            chosen = options[index + 1]
        elif argument.startswith("--lang="):
            chosen = argument.split("=", 1)[1]
    return language_from(chosen if chosen in LANGUAGES else None)


def command_params(command: click.Command, root: click.Command) -> list[click.Parameter]:
    """A command's parameters with its help option, in a context carrying the root's settings (click keeps
    the help option it makes for the context's option names: `-h` too, as the command line has it)."""
    settings = getattr(root, "context_settings", {}) or {}
    return command.get_params(click.Context(command, info_name=command.name, **settings))


def _commands(command: click.Command) -> Iterator[click.Command]:
    """``command`` and the commands under it that are loaded (a lazy group's others are not imported for this)."""
    yield command
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _commands(sub)


class _ClickWords:
    """click's own words (Usage, Options, its errors) said in ``language``: click asks gettext through each
    of its modules' ``_`` and ``ngettext``, which are replaced while the block runs."""

    def __init__(self, language: str) -> None:
        self.translations = catalog(language)
        self.kept: list[tuple[object, str, object]] = []

    def __enter__(self) -> "_ClickWords":
        for name in _CLICK_MODULES:
            module = importlib.import_module(f"click.{name}")
            for attribute, replacement in (("_", self.translations.gettext), ("ngettext", self.translations.ngettext)):
                if hasattr(module, attribute):
                    self.kept.append((module, attribute, getattr(module, attribute)))
                    setattr(module, attribute, replacement)
        return self

    def __exit__(self, *exception) -> None:
        for module, attribute, original in reversed(self.kept):
            setattr(module, attribute, original)
        self.kept = []

    @contextmanager
    def paused(self) -> Iterator[None]:
        """click's words in English again for the block."""
        replaced = [(module, attribute, getattr(module, attribute)) for module, attribute, _ in self.kept]
        self.__exit__()
        try:
            yield
        finally:
            for module, attribute, replacement in replaced:
                self.kept.append((module, attribute, getattr(module, attribute)))
                setattr(module, attribute, replacement)


@contextmanager
def _help_in(root: click.Command, language: str, click_words: _ClickWords) -> Iterator[None]:
    """Every command's and option's help text said in ``language``, put back afterwards."""
    kept: list[tuple[object, str, object]] = []

    def swap(holder: object, name: str) -> None:
        text = getattr(holder, name, None)
        if isinstance(text, str) and text:
            kept.append((holder, name, text))
            setattr(holder, name, in_language(text, language))

    def translate(loaded: click.Command) -> None:
        for command in _commands(loaded):
            for name in ("help", "short_help", "epilog"):
                swap(command, name)
            for param in command_params(command, root):
                swap(param, "help")

    def translate_loaded(loaded: click.Command) -> None:
        # click makes a command's help option once, its text in click's words of that moment: in English, so
        # that it is put back in English when the block ends.
        with click_words.paused():
            translate(loaded)

    try:
        # The commands loaded so far, and (the root group importing a command's module only when it runs) each one
        # loaded in the block; `--help`'s listing says the help of those not loaded itself (cli/lazy_group.py).
        translate(root)
        with root.each_loaded(translate_loaded) if isinstance(root, LazyGroup) else nullcontext():
            yield
    finally:
        for holder, name, text in reversed(kept):
            setattr(holder, name, text)


@contextmanager
def spoken(root: click.Command, language: str) -> Iterator[None]:
    """The block runs one command in ``language``."""
    with ExitStack() as stack:
        stack.enter_context(speaking(language))
        if language != "en":
            click_words = _ClickWords(language)
            stack.enter_context(_help_in(root, language, click_words))
            stack.enter_context(click_words)
        yield
