"""Progress on a long step, shown on a terminal's stderr only: pipes, files and CI logs get nothing,
and standard output (text or --json) is never touched."""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

import click

from disclosure.cli.render import display_width, shown

# Fewer events than this go by in about a second: a bar would only flicker.
BAR_FROM_EVENTS = 50_000
# A step quicker than this shows nothing; only one that keeps a clerk waiting shows it is still working.
BUSY_AFTER_SECONDS = 1.0
_SPINNER = "|/-\\"


def on_terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A bar counting ``total`` units (events), for a step told of each unit done; None when no bar is shown."""
    if not on_terminal() or total < BAR_FROM_EVENTS:
        yield None
        return
    with click.progressbar(length=total, label=shown(label), file=sys.stderr) as bar:
        yield bar.update


@contextmanager
def busy(label: str) -> Iterator[None]:
    """A turning mark beside ``label`` while a step that cannot count its work runs (a report, a
    calendar load); from BUSY_AFTER_SECONDS on, and wiped from the line when the step ends."""
    if not on_terminal():
        yield
        return
    finished = threading.Event()
    label = shown(label)  # said here: the spinner's thread does not speak the command's language

    def turn() -> None:
        if finished.wait(BUSY_AFTER_SECONDS):
            return
        turns = 0
        while not finished.is_set():
            click.echo(f"\r{label} {_SPINNER[turns % len(_SPINNER)]}", nl=False, err=True)
            turns += 1
            finished.wait(0.2)
        click.echo("\r" + " " * (display_width(label) + 2) + "\r", nl=False, err=True)

    spinner = threading.Thread(target=turn, daemon=True)
    spinner.start()
    try:
        yield
    finally:
        finished.set()
        spinner.join()
