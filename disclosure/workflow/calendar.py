"""Working days on the Chinese calendar, and the period arithmetic of STATUTE.md §1.

A day is a working day when it is Monday to Friday and not a statutory holiday, or
when it is a make-up working day (调休上班日) named in the State Council's yearly
notice. National data comes from ``chinesecalendar``; an office adds later years
and local days (override files, or single days in code). A year with no data is
counted with weekends only and every result that reaches into it is marked
provisional, so a case is never refused for want of a calendar.

Arithmetic is answered from an index over day ordinals, one block per year, each
built the first time a question reaches its year: within a year ``cumulative[i]``
counts the working days up to day ``i`` and ``workday_ordinals`` lists them, so
adding ``n`` working days is two list look-ups (plus one step per year crossed).
Building every year a case book may hold took ~16 ms, paid by every one-shot
command; a year takes tens of microseconds.
"""

from __future__ import annotations

import calendar as _gregorian
import enum
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate, compress
from typing import Iterable, Mapping, NamedTuple

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t
from disclosure.workflow.input_bounds import FIRST_YEAR, LAST_YEAR, MOST_DAYS, check_count, check_date, check_year, parse_date

__all__ = [
    "DayKind",
    "Due",
    "CalendarOverrides",
    "WorkCalendar",
    "parse_overrides",
    "parse_date",
    "FIRST_YEAR",
    "LAST_YEAR",
    "MOST_DAYS",
    "check_date",
    "check_year",
    "check_count",
]

class DayKind(str, enum.Enum):
    """What a day is for counting purposes, with the label clerks read."""

    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKEUP_WORKDAY = "makeup_workday"

    @property
    def label(self) -> str:
        return _DAY_KIND_LABELS[self]

    @property
    def counts(self) -> bool:
        return self in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)


_DAY_KIND_LABELS = {
    DayKind.WORKDAY: "工作日",
    DayKind.WEEKEND: "周末",
    DayKind.HOLIDAY: "节假日",
    DayKind.MAKEUP_WORKDAY: "调休上班",
}

_HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

LOCAL_DAY_NAME = "本地设定"


class Due(NamedTuple):
    """A computed last day, and whether a year without calendar data was crossed to get it."""

    on: date
    provisional: bool

    def __str__(self) -> str:
        return self.on.isoformat() + (" (provisional 暂定)" if self.provisional else "")


@dataclass(frozen=True)
class CalendarOverrides:
    """Parsed contents of one override file: per declared year, its holidays and workdays."""

    years: Mapping[int, tuple[frozenset[date], frozenset[date]]]
    source: str = "<memory>"

    @classmethod
    def from_days(cls, years: Iterable[int], days: Iterable[tuple[date, str]], source: str) -> "CalendarOverrides":
        """Declared years and (day, "holiday" | "workday") pairs, as a case book keeps them."""
        holidays: dict[int, set[date]] = {year: set() for year in years}
        workdays: dict[int, set[date]] = {year: set() for year in years}
        for day, kind in days:
            (holidays if kind == "holiday" else workdays)[day.year].add(day)
        return cls({year: (frozenset(holidays[year]), frozenset(workdays[year])) for year in holidays}, source)

    def canonical(self) -> str:
        """The years and days as one text, the same for the same days on every backend (hashed in the
        case book's record of calendar loads)."""
        return json.dumps(
            {
                str(year): {"holidays": sorted(d.isoformat() for d in holidays), "workdays": sorted(d.isoformat() for d in workdays)}
                for year, (holidays, workdays) in sorted(self.years.items())
            },
            sort_keys=True,
        )

    @classmethod
    def from_canonical(cls, text: str, source: str) -> "CalendarOverrides":
        """Read back what ``canonical`` wrote."""
        document = json.loads(text)
        return cls(
            {
                int(year): (
                    frozenset(date.fromisoformat(day) for day in table["holidays"]),
                    frozenset(date.fromisoformat(day) for day in table["workdays"]),
                )
                for year, table in document.items()
            },
            source,
        )


def parse_overrides(text: str, source: str = "<memory>") -> CalendarOverrides:
    """Parse the TOML override format: ``[YYYY]`` tables with ``holidays`` and ``workdays``."""
    import tomllib  # here: most commands read no override file

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(t("{source}: malformed TOML: {error}", source=source, error=error)) from None
    years: dict[int, tuple[frozenset[date], frozenset[date]]] = {}
    for key, table in document.items():
        if not (key.isdigit() and len(key) == 4) or not isinstance(table, dict):
            raise InvalidInput(t("{source}: top-level key {key!r} is not a [YYYY] table", source=source, key=key))
        year = int(key)
        unknown = set(table) - {"holidays", "workdays"}
        if unknown:
            raise InvalidInput(t(
                "{source}: [{key}] has unknown keys {keys}; expected holidays, workdays",
                source=source, key=key, keys=sorted(unknown),
            ))
        lists = {}
        for name in ("holidays", "workdays"):
            values = table.get(name, [])
            if not isinstance(values, list):
                raise InvalidInput(t("{source}: [{key}] {name} must be a list of dates", source=source, key=key, name=name))
            days = set()
            for value in values:
                if isinstance(value, datetime):
                    raise InvalidInput(t(
                        "{source}: [{key}] {name} entry {value} is a date-time; write YYYY-MM-DD",
                        source=source, key=key, name=name, value=value.isoformat(),
                    ))
                day = value if isinstance(value, date) else parse_date(str(value), t(
                    "{source}: [{key}] {name} entry", source=source, key=key, name=name,
                ))
                if day.year != year:
                    raise InvalidInput(t(
                        "{source}: [{key}] {name} lists {day}, which is not in {year}",
                        source=source, key=key, name=name, day=day.isoformat(), year=year,
                    ))
                days.add(day)
            lists[name] = frozenset(days)
        both = lists["holidays"] & lists["workdays"]
        if both:
            first = min(both).isoformat()
            raise InvalidInput(t("{source}: [{key}] lists {day} as both a holiday and a workday", source=source, key=key, day=first))
        years[year] = (lists["holidays"], lists["workdays"])
    return CalendarOverrides(years=years, source=source)


def _national_data() -> tuple[dict[date, str], dict[date, str], frozenset[int]]:
    import chinese_calendar

    holidays = {day: _HOLIDAY_NAMES_ZH.get(name, name) for day, name in chinese_calendar.holidays.items()}
    workdays = {day: _HOLIDAY_NAMES_ZH.get(name, name) for day, name in chinese_calendar.workdays.items()}
    years = {day.year for day in holidays} | {day.year for day in workdays}
    return holidays, workdays, frozenset(range(min(years), max(years) + 1))


# date(1, 1, 1) has ordinal 1 and is a Monday, so (ordinal - 1) % 7 is the weekday; a year
# starting on any weekday is a slice of this pattern.
_WEEKDAY_PATTERN = bytes([1, 1, 1, 1, 1, 0, 0]) * 54


class _Year:
    """One year's working-day flags, running counts and working-day ordinals."""

    __slots__ = ("first", "flags", "cumulative", "workday_ordinals")

    def __init__(self, year: int, holiday_ordinals: Iterable[int], workday_ordinals: Iterable[int]) -> None:
        first = date(year, 1, 1).toordinal()
        size = date(year, 12, 31).toordinal() - first + 1
        weekday = (first - 1) % 7
        flags = bytearray(_WEEKDAY_PATTERN[weekday : weekday + size])
        # Holidays first, then working days, so a day listed as both counts as worked.
        for ordinal in holiday_ordinals:
            flags[ordinal - first] = 0
        for ordinal in workday_ordinals:
            flags[ordinal - first] = 1
        self.first = first
        self.flags = flags
        self.cumulative = list(accumulate(flags))
        self.workday_ordinals = list(compress(range(first, first + size), flags))


def _ordinals_by_year(days: Iterable[date]) -> dict[int, list[int]]:
    by_year: dict[int, list[int]] = {}
    for day in days:
        by_year.setdefault(day.year, []).append(day.toordinal())
    return by_year


class WorkCalendar:
    """Working days and statutory period arithmetic; immutable, so it can be shared freely.

    ``WorkCalendar()`` carries the national data of ``chinesecalendar``;
    ``WorkCalendar(national=False)`` knows weekends only. ``with_year``,
    ``with_days`` and ``with_overrides`` return new calendars.
    """

    def __init__(
        self,
        *,
        national: bool = True,
        _holidays: Mapping[date, str] | None = None,
        _workdays: Mapping[date, str] | None = None,
        _known_years: frozenset[int] | None = None,
        _sources: tuple[str, ...] = (),
    ) -> None:
        if _holidays is None:
            if national:
                _holidays, _workdays, _known_years = _national_data()
                _sources = ("chinesecalendar",)
            else:
                _holidays, _workdays, _known_years = {}, {}, frozenset()
        self._holidays: dict[date, str] = dict(_holidays)
        self._workdays: dict[date, str] = dict(_workdays or {})
        self._known_years: frozenset[int] = _known_years or frozenset()
        self.sources: tuple[str, ...] = _sources
        # The index is a cache: blocks are only ever added, and a block is the same whichever thread
        # builds it, so sharing a calendar across threads stays safe.
        self._years: dict[int, _Year] = {}
        self._day_ordinals: tuple[dict[int, list[int]], dict[int, list[int]]] | None = None

    # -- building new calendars -------------------------------------------------

    def _derive(self, holidays, workdays, known_years, source: str) -> "WorkCalendar":
        return WorkCalendar(
            _holidays=holidays,
            _workdays=workdays,
            _known_years=frozenset(known_years),
            _sources=self.sources + (source,),
        )

    def with_days(
        self,
        holidays: Iterable[date] = (),
        workdays: Iterable[date] = (),
        *,
        name: str = LOCAL_DAY_NAME,
        source: str = "code",
        _declare_year: int | None = None,
    ) -> "WorkCalendar":
        """A calendar with single days set; their years are not thereby declared known."""
        new_holidays, new_workdays = frozenset(holidays), frozenset(workdays)
        both = new_holidays & new_workdays
        if both:
            raise InvalidInput(t("{day} is given as both a holiday and a workday", day=min(both).isoformat()))
        merged_holidays = {d: n for d, n in self._holidays.items() if d not in new_workdays}
        merged_workdays = {d: n for d, n in self._workdays.items() if d not in new_holidays}
        merged_holidays.update(dict.fromkeys(new_holidays, name))
        merged_workdays.update(dict.fromkeys(new_workdays, name))
        known_years = self._known_years if _declare_year is None else self._known_years | {_declare_year}
        return self._derive(merged_holidays, merged_workdays, known_years, source)

    def with_year(
        self,
        year: int,
        holidays: Iterable[date] = (),
        workdays: Iterable[date] = (),
        *,
        source: str = "code",
    ) -> "WorkCalendar":
        """A calendar that declares ``year`` known, with these days overriding national data."""
        holidays, workdays = frozenset(holidays), frozenset(workdays)
        stray = sorted(d for d in holidays | workdays if d.year != year)
        if stray:
            raise InvalidInput(t("{day} is not in {year}", day=stray[0].isoformat(), year=year))
        return self.with_days(holidays, workdays, source=source, _declare_year=year)

    def with_overrides(self, overrides: CalendarOverrides) -> "WorkCalendar":
        calendar = self
        for year in sorted(overrides.years):
            holidays, workdays = overrides.years[year]
            calendar = calendar.with_year(year, holidays, workdays, source=overrides.source)
        return calendar

    # -- facts about days -------------------------------------------------------

    @property
    def known_years(self) -> frozenset[int]:
        return self._known_years

    def is_known_year(self, year: int) -> bool:
        return year in self._known_years

    def _year(self, year: int) -> _Year:
        block = self._years.get(year)
        if block is None:
            if not 1 <= year <= date.max.year:
                raise InvalidInput(t("the calendar counts years 1 to {last} only (reached {year})", last=date.max.year, year=year))
            if self._day_ordinals is None:
                self._day_ordinals = (_ordinals_by_year(self._holidays), _ordinals_by_year(self._workdays))
            holidays, workdays = self._day_ordinals
            block = self._years[year] = _Year(year, holidays.get(year, ()), workdays.get(year, ()))
        return block

    def build_years(self, first_year: int, last_year: int) -> None:
        """Build the index for these years now rather than on first use (answers are the same either way;
        a long-running process may prefer to pay before its first request)."""
        for year in range(first_year, last_year + 1):
            self._year(year)

    def _working_days_after(self, ordinal: int, year: int, n: int) -> int:
        """The ordinal of the n-th working day after ``ordinal`` (a day of ``year``), for n >= 1."""
        block = self._year(year)
        position = block.cumulative[ordinal - block.first] + n - 1
        while position >= len(block.workday_ordinals):
            position -= len(block.workday_ordinals)
            year += 1
            block = self._year(year)
        return block.workday_ordinals[position]

    def is_workday(self, day: date) -> bool:
        block = self._year(day.year)
        return bool(block.flags[day.toordinal() - block.first])

    def day_kind(self, day: date) -> DayKind:
        if day in self._workdays and day.weekday() >= 5:
            return DayKind.MAKEUP_WORKDAY
        if day in self._holidays:
            return DayKind.HOLIDAY
        if day in self._workdays:
            return DayKind.WORKDAY
        return DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY

    def day_name(self, day: date) -> str | None:
        """The holiday a rest day or make-up working day belongs to (国庆节, …), if any."""
        return self._holidays.get(day) or self._workdays.get(day)

    def is_provisional(self, start: date, end: date) -> bool:
        """True when some day in (start, end] lies in a year without calendar data."""
        if end <= start:
            return False
        return any(year not in self._known_years for year in range((start + timedelta(days=1)).year, end.year + 1))

    # -- arithmetic ---------------------------------------------------------------

    def add_working_days(self, start: date, n: int) -> Due:
        """The n-th working day after ``start`` (the start day itself is never counted)."""
        if n < 0:
            raise InvalidInput(t("the number of days must not be negative (got {n})", n=n))
        if n == 0:
            return Due(start, False)
        year = start.year
        block = self._years.get(year) or self._year(year)
        position = block.cumulative[start.toordinal() - block.first] + n - 1
        if position < len(block.workday_ordinals):
            # The common case, written out because it is the hot path: the last day falls in the
            # start's own year, so (start, due] lies in that year and its data decides.
            return Due(date.fromordinal(block.workday_ordinals[position]), year not in self._known_years)
        due = date.fromordinal(self._working_days_after(start.toordinal(), year, n))
        return Due(due, self.is_provisional(start, due))

    def working_days_between(self, start: date, end: date) -> int:
        """The working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        first, last = self._year(start.year), self._year(end.year)
        through_end = last.cumulative[end.toordinal() - last.first]
        through_start = first.cumulative[start.toordinal() - first.first]
        # Running counts restart each year: add the whole years from start's up to end's.
        years_between = sum(len(self._year(year).workday_ordinals) for year in range(start.year, end.year))
        return years_between + through_end - through_start

    def roll_forward(self, start: date, day: date) -> Due:
        """``day`` if it is a working day, else the next one (STATUTE.md §1, [MFD] 203).

        ``start`` is the period's start, for the provisional flag: (start, result].
        """
        if not self.is_workday(day):
            day = date.fromordinal(self._working_days_after(day.toordinal(), day.year, 1))
        return Due(day, self.is_provisional(start, day))

    def add_days(self, start: date, n: int) -> Due:
        """``n`` calendar days after ``start``; a last day that is a rest day moves to the next working day."""
        if n < 0:
            raise InvalidInput(t("the number of days must not be negative (got {n})", n=n))
        if n == 0:
            return Due(start, False)
        return self.roll_forward(start, start + timedelta(days=n))

    def add_months(self, start: date, n: int) -> Due:
        """``n`` months after ``start`` ([MFD] 202: same day number, or the month's last day), rolled forward."""
        if n < 0:
            raise InvalidInput(t("the number of months must not be negative (got {n})", n=n))
        if n == 0:
            return Due(start, False)
        return self.roll_forward(start, months_later(start, n))


def months_later(start: date, n: int) -> date:
    """The same day number ``n`` months on, or that month's last day when it has none."""
    year, month_index = divmod(start.month - 1 + n, 12)
    year += start.year
    month = month_index + 1
    return date(year, month, min(start.day, _gregorian.monthrange(year, month)[1]))
