"""Reading calendar override files from disk into a WorkCalendar (the domain only parses text)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from disclosure.text_files import read_text_file
from disclosure.workflow.calendar import CalendarOverrides, WorkCalendar, parse_overrides
from disclosure.workflow.errors import CalendarFileError, InvalidInput
from disclosure.workflow.messages import message_of, t

__all__ = ["load_calendar", "read_overrides_file", "calendar_paths_from_env"]

ENV_VARIABLE = "DISCLOSURE_CALENDAR"


def calendar_paths_from_env(environ: dict[str, str] | None = None) -> list[str]:
    value = (environ if environ is not None else os.environ).get(ENV_VARIABLE, "")
    return [path for path in value.split(os.pathsep) if path]


def read_overrides_file(path: str | os.PathLike[str]) -> CalendarOverrides:
    """One override file, parsed and checked; any fault is a one-line CalendarFileError."""
    path = Path(path)
    text = read_text_file(path, t("calendar file"), CalendarFileError)
    try:
        return parse_overrides(text, source=str(path))
    except CalendarFileError:
        raise
    except InvalidInput as error:
        raise CalendarFileError(message_of(error)) from None


def load_calendar(paths: Iterable[str | os.PathLike[str]] = (), *, national: bool = True) -> WorkCalendar:
    """National data, then each override file in order (a later file wins on the same day)."""
    calendar = WorkCalendar(national=national)
    for path in paths:
        calendar = calendar.with_overrides(read_overrides_file(path))
    return calendar
