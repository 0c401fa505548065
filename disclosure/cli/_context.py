"""What every command shares: the global options, and the library objects built from them on demand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import click

from disclosure.workflow.calendar import WorkCalendar, parse_date
from disclosure.workflow.errors import InvalidInput


@dataclass
class AppContext:
    calendar_files: tuple[str, ...] = ()
    _calendar: WorkCalendar | None = field(default=None, repr=False)

    @property
    def calendar(self) -> WorkCalendar:
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
            self.fail(str(error), param, ctx)


DATE = DateType()
