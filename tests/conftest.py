"""What every test shares: the national holiday data as the tests were written against it.

The hand-counted dates in these tests take 2027 to be a year without national data (weekends
only, provisional), as chinesecalendar 1.11 has it. A later release that adds 2027 must not turn
them red, so every calendar built in a test sees national data through LAST_NATIONAL_YEAR only. The
patch is made when pytest imports this file, before any test module builds a calendar at import.
(Tests that start another process use dates inside the known years.)
"""

from __future__ import annotations

from disclosure.workflow import calendar as calendar_module

LAST_NATIONAL_YEAR = 2026

_installed_national_data = calendar_module._national_data


def _national_data_through_last_year():
    holidays, workdays, known_years = _installed_national_data()
    return (
        {day: name for day, name in holidays.items() if day.year <= LAST_NATIONAL_YEAR},
        {day: name for day, name in workdays.items() if day.year <= LAST_NATIONAL_YEAR},
        frozenset(year for year in known_years if year <= LAST_NATIONAL_YEAR),
    )


calendar_module._national_data = _national_data_through_last_year

# openpyxl keeps a table of its date and time formats keyed by the date classes it sees when first
# imported. The package imports it only when a ledger or report needs it, which may first happen inside a
# test's frozen clock (freezegun's FakeDate); imported here, it keys the real classes, as in a clerk's process.
import openpyxl  # noqa: E402,F401
