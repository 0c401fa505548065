"""What a command may give the engine: dates and years within the years a case book keeps, and counts
of a sensible size; each refused with a one-line InvalidInput naming the input and the rule. The
calendar counts any years (workflow/calendar.py); these bound the input only."""

from __future__ import annotations

import re
from datetime import date, datetime

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = ["FIRST_YEAR", "LAST_YEAR", "MOST_DAYS", "SEARCH_LIMIT", "LIST_LIMIT", "MOST_LISTED", "parse_date", "check_date", "check_year", "check_count"]

FIRST_YEAR = 1990
LAST_YEAR = 2100
"""The years a case book keeps dates in: a date outside them is a typo, not a case (receipt date 0001-01-01,
a sweep in 9999). The calendar itself counts any years; these bound what a command may give it."""

MOST_DAYS = 1000
"""The most days (or months) any count a command gives may span: a correction period, an extension, a look
ahead, a calculation. The statute's periods are tens of working days; a thousand is a slip of the keyboard."""

SEARCH_LIMIT = 50
"""How many cases `search` shows unless told (up to a count's bound): a screenful to look through, not the book."""

LIST_LIMIT = 200
"""How many cases `list` shows unless told (`--limit N`, `--limit 0` for all): a long listing goes on page by
page (`--after NUMBER`), so one that would hold much of the book costs what a page costs."""
MOST_LISTED = 10_000_000

_DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# What an input is called when the caller does not name it (usually it names the option, `--on`).
_DATE = t("date")
_YEAR = t("year")


def parse_date(text: str | date, what: str = _DATE) -> date:
    """An ISO date (YYYY-MM-DD) from FIRST_YEAR to LAST_YEAR, or a one-line InvalidInput naming what was wrong.

    A ``date`` is checked the same way, so a library caller and the command line meet one rule.
    """
    if isinstance(text, datetime):
        text = text.date()
    if isinstance(text, date):
        return check_date(text, what)
    try:
        if not isinstance(text, str) or not _DATE_FORM.fullmatch(text):  # fromisoformat takes 2026-W48-2 too
            raise ValueError
        day = date.fromisoformat(text)
    except (ValueError, TypeError):
        raise InvalidInput(t("{what} {text!r} is not a date of the form YYYY-MM-DD", what=what, text=text)) from None
    return check_date(day, what)


def check_date(day: date, what: str = _DATE) -> date:
    """``day`` when it lies from FIRST_YEAR to LAST_YEAR, else a one-line InvalidInput."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput(t(
            "{what} {day} is outside the years {first}–{last}", what=what, day=day.isoformat(), first=FIRST_YEAR, last=LAST_YEAR,
        ))
    return day


def check_year(year: object, what: str = _YEAR) -> int:
    """A whole year from FIRST_YEAR to LAST_YEAR, else a one-line InvalidInput."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidInput(t("{what} must be a whole year (got {year!r})", what=what, year=year))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(t(
            "{what} must be a year from {first} to {last} (got {year})", what=what, first=FIRST_YEAR, last=LAST_YEAR, year=year,
        ))
    return year


def _not_whole(what: str, value: object) -> str:
    return t("{what} must be a whole number (got {value!r})", what=what, value=value)


def check_count(value: object, what: str, *, least: int = 0, most: int = MOST_DAYS) -> int:
    """A whole number from ``least`` to ``most`` (a string of digits is read), else a one-line InvalidInput."""
    if isinstance(value, bool):
        raise InvalidInput(_not_whole(what, value))
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(_not_whole(what, value)) from None
    if isinstance(value, float) and value != number:
        raise InvalidInput(_not_whole(what, value))
    if not least <= number <= most:
        raise InvalidInput(t("{what} must be from {least} to {most} (got {number})", what=what, least=least, most=most, number=number))
    return number
