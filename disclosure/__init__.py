"""disclosure: a case-workflow engine for government-information applications, petitions and suggestions.

The public API is what ``__all__`` names: the ``Office`` facade, the calendar, the views the Office
returns, the settings and every error the package raises (docs/errors.md). Anything else is internal.

Names are loaded on first use (module ``__getattr__``), so ``import disclosure`` costs next to nothing
and the command line's quick paths never load SQLAlchemy or the calendar data they do not need.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# name -> the module that defines it
_EXPORTS: dict[str, str] = {
    # the facade
    "Office": "disclosure.service",
    # the calendar
    "WorkCalendar": "disclosure.workflow.calendar",
    "Due": "disclosure.workflow.calendar",
    "DayKind": "disclosure.workflow.calendar",
    "CalendarOverrides": "disclosure.workflow.calendar",
    # what the Office returns
    "CaseView": "disclosure.views",
    "ClockView": "disclosure.views",
    "Explanation": "disclosure.workflow.clocks",
    "ExplainStep": "disclosure.workflow.clocks",
    "ClockStatus": "disclosure.workflow.clocks",
    "ClockUnit": "disclosure.workflow.clocks",
    "Event": "disclosure.workflow.events",
    "Anchor": "disclosure.workflow.chain",
    "Identity": "disclosure.workflow.identity",
    "Verification": "disclosure.audit.verify",
    "Difference": "disclosure.audit.replay",
    "AnnualReport": "disclosure.reports.annual",
    # settings
    "Settings": "disclosure.settings",
    "DEFAULT_SETTINGS": "disclosure.settings",
    "load_settings": "disclosure.settings",
    # errors (docs/errors.md)
    "DisclosureError": "disclosure.workflow.errors",
    "InvalidInput": "disclosure.workflow.errors",
    "CalendarFileError": "disclosure.workflow.errors",
    "RuleViolation": "disclosure.workflow.errors",
    "ClockError": "disclosure.workflow.errors",
    "ConcurrentChange": "disclosure.workflow.errors",
    "UnknownUser": "disclosure.workflow.errors",
    "NotFound": "disclosure.workflow.errors",
    "StorageError": "disclosure.workflow.errors",
    "BookLocked": "disclosure.workflow.errors",
    "StorageUnavailable": "disclosure.workflow.errors",
    "BookNotCurrent": "disclosure.workflow.errors",
    "DeliveryError": "disclosure.notifications.message",
    "ReportImbalance": "disclosure.reports.annual",
}

__all__ = list(_EXPORTS)

if TYPE_CHECKING:  # what type checkers and editors see; at run time the names load lazily
    from disclosure.audit.replay import Difference
    from disclosure.audit.verify import Verification
    from disclosure.notifications.message import DeliveryError
    from disclosure.reports.annual import AnnualReport, ReportImbalance
    from disclosure.service import Office
    from disclosure.settings import DEFAULT_SETTINGS, Settings, load_settings
    from disclosure.views import CaseView, ClockView
    from disclosure.workflow.calendar import CalendarOverrides, DayKind, Due, WorkCalendar
    from disclosure.workflow.chain import Anchor
    from disclosure.workflow.clocks import ClockStatus, ClockUnit, ExplainStep, Explanation
    from disclosure.workflow.errors import (
        BookLocked,
        BookNotCurrent,
        CalendarFileError,
        ClockError,
        ConcurrentChange,
        DisclosureError,
        InvalidInput,
        NotFound,
        RuleViolation,
        StorageError,
        StorageUnavailable,
        UnknownUser,
    )
    from disclosure.workflow.events import Event


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'disclosure' has no attribute {name!r}") from None
    value = getattr(import_module(module), name)
    globals()[name] = value  # loaded once; later look-ups do not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
