"""What every command shares: the global options, and the library objects built from them on demand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import click

from disclosure.workflow.calendar import WorkCalendar, parse_date
from disclosure.workflow.errors import InvalidInput, NotFound
from disclosure.workflow.messages import message_of, say, t
from disclosure.workflow.vocabulary import code_named


@dataclass
class AppContext:
    calendar_files: tuple[str, ...] = ()
    db: str = "disclosure.db"
    user: str | None = None
    json: bool = False
    config: str | None = None
    kind_files: tuple[str, ...] = ()
    _calendar: WorkCalendar | None = field(default=None, repr=False)
    _office: object | None = field(default=None, repr=False)
    _kinds: object | None = field(default=None, repr=False)

    def office(self, *, create: bool = False):
        """The Office on --db; opened once, on first use (the calendar arithmetic commands never open it)."""
        if self._office is None:
            from disclosure.service import Office

            settings = self.settings()
            office = Office.open(
                self.db, calendar=self.calendar, create=create, settings=settings, kinds=self.kinds(settings)
            )
            # Who acts is the login's user; --user names the user an admin's login acts for.
            self._office = office.acting_for(self.user) if self.user else office
        return self._office

    def close(self) -> None:
        """Close the Office the command opened, if it did: a program calling ``main`` again leaves no connection
        behind for the garbage collector to close at some later moment (and a SQLite book's WAL with it)."""
        if self._office is not None:
            office, self._office = self._office, None
            office.close()

    def kinds(self, settings=None):
        """The built-in kinds and the office's own: --kinds files, then those the settings name (read once)."""
        if self._kinds is None:
            from disclosure.kind_files import load_kinds

            settings = settings or self.settings()
            self._kinds = load_kinds([*self.kind_files, *settings.kind_files])
        return self._kinds

    def settings(self):
        """--config FILE (which must exist), else disclosure.toml beside the case book if there is one."""
        from disclosure.settings import load_settings, settings_file_for

        if self.config is not None:
            return load_settings(self.config, required=True)
        return load_settings(settings_file_for(self.db))

    def acting_user(self) -> str | None:
        """The user --user names (None: the login's own); the Office decides whether the login may act for them."""
        return self.user or None

    def book_calendar(self) -> WorkCalendar:
        """The calendar with the case book's own days on top, when --db names an existing case book."""
        if "://" not in self.db and not Path(self.db).expanduser().is_file():
            return self.calendar
        try:
            return self.office().calendar
        except NotFound:
            return self.calendar

    @property
    def calendar(self) -> WorkCalendar:
        """National data and the --calendar files (the case book's days are added by the Office)."""
        if self._calendar is None:
            from disclosure.calendar_files import load_calendar

            self._calendar = load_calendar(self.calendar_files)
        return self._calendar


class DateType(click.ParamType):
    """YYYY-MM-DD on the command line, a ``date`` inside."""

    name = "date"

    def convert(self, value, param, ctx) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_date(value)
        except InvalidInput as error:
            self.fail(say(message_of(error)), param, ctx)  # said now: click formats its own line around it


DATE = DateType()


class CodeChoice(click.ParamType):
    """One of a vocabulary's codes, or its Chinese label (信函 is post): the code inside."""

    name = "code"

    def __init__(self, vocabulary) -> None:
        self.vocabulary = dict(vocabulary)

    def get_metavar(self, param, ctx=None) -> str:
        return "[" + "|".join(self.vocabulary) + "]"

    def convert(self, value, param, ctx) -> str:
        try:
            code = code_named(value, self.vocabulary.items())
        except InvalidInput as error:  # a label two codes share
            self.fail(say(message_of(error)), param, ctx)
        if code is not None:
            return code
        accepted = ", ".join(f"{code} {label}" for code, label in self.vocabulary.items())
        self.fail(say(t("{value!r} is not one of {accepted}", value=value, accepted=accepted)), param, ctx)

pass_app = click.make_pass_decorator(AppContext)
"""Hands a command the AppContext the root group built."""
