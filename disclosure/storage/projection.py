"""A case's projection: the columns of its cases row and of its clock rows, derived from the case.

The write path stores them; the audit compares them with what the events replay to.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Iterable

from disclosure.storage.snapshots import clock_from_rows, ledger_to_json
from disclosure.workflow.calendar import Due, WorkCalendar
from disclosure.workflow.case import Case, due_clock_of
from disclosure.workflow.clocks import OPEN_STATUSES, Clock, ClockStatus
from disclosure.workflow.kinds import BUILT_IN_KINDS

__all__ = [
    "SEARCH_COLUMNS", "search_columns", "search_text", "APPEAL_COLUMNS", "appeal_rows", "appeal_table_rows", "CASE_ROW_COLUMNS", "case_columns", "case_row",
    "snapshot_row", "clock_state_columns", "clock_state_row", "clock_columns",
]


# Each cases-row column after the reply due date, and where it comes from: (column, case field, key
# within that field when it is a dict, value when absent or None). One table for both readings below.
_FIELD_COLUMNS: tuple[tuple[str, str, str | None, Any], ...] = (
    ("number", "number", None, None),
    ("kind", "kind", None, None),
    ("state", "state", None, None),
    ("outcome", "outcome", None, None),
    ("applicant_name", "applicant", "name", ""),
    ("applicant_type", "applicant", "type", ""),
    ("id_number", "applicant", "id_number", None),
    ("phone", "applicant", "phone", None),
    ("address", "applicant", "address", None),
    ("channel", "channel", None, ""),
    ("request", "request", None, ""),
    ("received_on", "received_on", None, None),
    ("registered_on", "registered_on", None, None),
    ("replied_on", "replied_on", None, None),
    ("concluded_on", "concluded_on", None, None),
    ("on_time", "reply_on_time", None, None),
    ("handler", "handler", None, None),
)
CASE_ROW_COLUMNS = ("due_on", "provisional", "open_due_on", *(column for column, *_ in _FIELD_COLUMNS), "version")


def _value(value: Any, key: str | None, absent: Any) -> Any:
    if key is not None:
        value = value.get(key)
    return absent if value is None else value


def case_columns(case: Case, calendar: WorkCalendar) -> dict[str, Any]:
    """The cases row but the version and snapshot (the due date is the reply clock's)."""
    reply_due = case.due(calendar)  # an unchanged clock is shared with the case as loaded, and keeps its answer
    columns = {
        "due_on": reply_due.on if reply_due else None, "provisional": bool(reply_due and reply_due.provisional),
        "open_due_on": reply_due.on if reply_due and case.clock_open() else None,
    }
    for column, name, key, absent in _FIELD_COLUMNS:
        columns[column] = _value(getattr(case, name), key, absent)
    return columns


def snapshot_row(snapshot: dict[str, Any], reply_due: Due | None, due_clock_open: bool | None = None) -> tuple:
    """The cases row (CASE_ROW_COLUMNS) a decoded snapshot implies, in the plain form SQLite returns:
    dates as ISO text, booleans as 0/1. The audit's quick reading, without building the case.
    ``due_clock_open``: the clock the due date is taken from runs or waits (None: as the built-in
    kinds' due clocks say, from the snapshot's ledgers)."""
    if due_clock_open is None:
        due_clock_open = _built_in_due_clock_open(snapshot)
    return _plain_row(snapshot.get, reply_due, due_clock_open, snapshot.get("version"))


def case_row(case: Case, calendar: WorkCalendar) -> tuple:
    """case_columns and the version as a row (CASE_ROW_COLUMNS) in that plain form."""
    return _plain_row(case.__dict__.get, case.due(calendar), case.clock_open(), case.version)


def _plain_row(value_of: Callable[[str], Any], reply_due: Due | None, due_clock_open: bool, version: Any) -> tuple:
    due_on = reply_due.on.isoformat() if reply_due else None
    row = [due_on, 1 if reply_due and reply_due.provisional else 0, due_on if due_clock_open else None]
    for _, name, key, absent in _FIELD_COLUMNS:  # _value's reading, inline: this runs for every case of the book
        value = value_of(name)
        if key is not None:
            value = value.get(key)
        if value is None:
            value = absent
        elif value is True or value is False:
            value = int(value)
        elif isinstance(value, date):  # not type(): under freezegun the name is its stand-in, a driver's dates the real class
            value = value.isoformat()
        row.append(value)
    row.append(version)
    return tuple(row)


def _built_in_due_clock_open(snapshot: dict[str, Any]) -> bool:
    clocks = {name: clock_from_rows(name, rows) for name, rows in snapshot.get("clocks", {}).items()}
    main = clocks.get(due_clock_of(BUILT_IN_KINDS.due_clocks(snapshot.get("kind", "disclosure")), clocks))
    return main is not None and main.status in OPEN_STATUSES


APPEAL_COLUMNS = ("number", "type", "result", "filed_on", "decided_on")


def appeal_rows(appeals: list[dict[str, Any]]) -> tuple[tuple, ...]:
    """The appeals table's rows for a case's appeal records (a Case's or a decoded snapshot's), in
    plain form: dates as ISO text. A result recorded without a pending stage was decided when filed."""
    return tuple(
        (
            appeal["appeal"], appeal["type"], appeal["result"], appeal["on"],
            None if appeal["result"] == "pending" else appeal.get("decided_on") or appeal["on"],
        )
        for appeal in appeals
    )


def clock_state_columns(clock: Clock, calendar: WorkCalendar) -> dict[str, Any]:
    """A clock row's columns derived from its ledger: status, due date, provisional, and a stopped clock's
    working days run."""
    due = clock.due(calendar)
    return {
        "status": clock.status.value, "due_on": due.on if due else None, "provisional": bool(due and due.provisional),
        "working_days": _working_days(clock, calendar),
    }


def clock_state_row(clock: Clock, calendar: WorkCalendar) -> tuple:
    """clock_state_columns' values in the plain form SQLite returns (ISO date text, 0/1)."""
    due = clock.due(calendar)
    return (
        clock.status.value, due.on.isoformat() if due else None, 1 if due and due.provisional else 0,
        _working_days(clock, calendar),
    )


def _working_days(clock: Clock, calendar: WorkCalendar) -> int | None:
    return clock.working_days_elapsed(calendar) if clock.status is ClockStatus.STOPPED else None


def clock_columns(clock: Clock, calendar: WorkCalendar) -> dict[str, Any]:
    """A clock row but its keys (case and name)."""
    return {**clock_state_columns(clock, calendar), "ledger": ledger_to_json(clock)}


SEARCH_COLUMNS = ("body", "grams")


def search_text(text: str) -> str:
    """Text as the search index keeps it and a query is matched against it: lower case, so Latin letters
    match in either case (Chinese has none)."""
    return text.casefold()


def search_columns(case: Case) -> dict[str, str]:
    """The case_search row but its keys: what `search` matches (number, applicant's name, request, notes)."""
    fields = [case.number, str(case.applicant.get("name") or ""), case.request or "", *(str(note["note"]) for note in case.notes)]
    fields = [search_text(field) for field in fields if field]
    return {"body": "\n".join(fields), "grams": " ".join(sorted(_grams(fields)))}


def _grams(fields: Iterable[str]) -> set[str]:
    """Every letter or digit, and every two neighbouring ones, of each run of letters and digits: a query
    of one or two characters is one of these (punctuation and spaces separate the tokens of the index)."""
    grams: set[str] = set()
    for field in fields:
        run = ""
        for character in field + " ":
            if character.isalnum():
                run += character
                continue
            grams.update(run)
            grams.update(run[i:i + 2] for i in range(len(run) - 1))
            run = ""
    return grams


def appeal_table_rows(number: str, appeals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The appeals table's rows of a case, from its appeal records (a Case's or a decoded snapshot's)."""
    rows = [{"case_number": number, **dict(zip(APPEAL_COLUMNS, row))} for row in appeal_rows(appeals)]
    for row in rows:
        row["filed_on"] = date.fromisoformat(row["filed_on"])
        row["decided_on"] = date.fromisoformat(row["decided_on"]) if row["decided_on"] else None
    return rows
