"""A ledger row read and planned: its fields, the row key that recognises it, the steps that bring it
in through the engine (register, assign, the reply, …) and what is wrong with it.

Nothing here asks the case book or the engine; import_rows.py runs the steps and adds what they refuse.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Mapping

from disclosure.ledger.columns import COLUMNS, REQUIRED
from disclosure.ledger.mapping import LedgerMapping
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.input_bounds import check_date
from disclosure.workflow.kinds.disclosure_reply_grounds import LEGAL_BASIS, REASONED_FAMILIES
from disclosure.workflow.messages import message_of, t
from disclosure.workflow.text import check_text
from disclosure.workflow.vocabulary import APPLICANT_TYPES, CHANNELS, DELIVERY_METHODS, OUTCOMES, code_named, outcome_family

__all__ = ["Step", "PlannedRow", "plan_row", "row_key", "missing_basis", "IMPORTED_STATES"]

# Who records a step (import_rows.py decides who that is for a given importer).
IMPORTER, HANDLER, REVIEWER = "importer", "handler", "reviewer"

# The states a row may end in: the others (待补正, 征求意见中, …) need a step the ledger does not record.
IMPORTED_STATES = ("registered", "processing", "replied", "delivered", "closed", "archived")
_RELEASES = ("granted", "partial")  # a reply that releases information follows a confidentiality review
_WITHDRAWN = "other.other"
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_VOCABULARIES: Mapping[str, Mapping[str, str]] = {
    "applicant_type": APPLICANT_TYPES, "channel": CHANNELS, "outcome": OUTCOMES, "delivery_method": DELIVERY_METHODS,
}


@dataclass(frozen=True)
class Step:
    action: str
    on: date
    by: str  # IMPORTER, HANDLER or REVIEWER
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class PlannedRow:
    row: int
    key: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    existing: str | None = None  # the case of the book the row already is (import_rows.py), skipped


def row_key(values: Mapping[str, Any]) -> str:
    """What makes two rows the same application: the sheet's own case number (if it has one), the
    receipt date, the applicant and the request, spaces ignored."""
    parts = [values.get("number") or "", _iso(values.get("received_on")), values.get("applicant") or "", values.get("request") or ""]
    text = "\x1f".join("".join(str(part).split()) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _iso(day: Any) -> str:
    return day.isoformat() if isinstance(day, date) else ""


def plan_row(
    number: int, cells: list[Any], columns: Mapping[str, int], mapping: LedgerMapping,
    states: Mapping[str, str], today: date,
) -> PlannedRow:
    """The row's fields read (codes for labels, dates for dates), its key, its steps and its problems."""
    planned = PlannedRow(number)
    raw = {name: _cell(cells, index) for name, index in columns.items()}
    values = planned.values
    for name, cell in raw.items():
        try:
            values[name] = _read(name, cell, mapping, states, today)
        except InvalidInput as problem:
            planned.problems.append(message_of(problem))
    for name in REQUIRED:
        if name not in raw or raw[name] in (None, ""):
            planned.problems.append(t("{label} {name} is missing", label=COLUMNS[name], name=name))
    if "*" in (values.get("applicant") or ""):
        planned.problems.append(t("申请人 applicant {applicant!r} is masked: bring in a ledger exported with --reveal",
                                  applicant=values["applicant"]))
    planned.key = row_key(values)
    if not planned.problems:
        _plan_steps(planned)
    return planned


def _cell(cells: list[Any], index: int) -> Any:
    value = cells[index] if index < len(cells) else None
    if isinstance(value, str):
        value = value.strip()
    return None if value == "" else value


def _read(name: str, cell: Any, mapping: LedgerMapping, states: Mapping[str, str], today: date) -> Any:
    if cell is None:
        return None
    what = f"{COLUMNS[name]} {name}"
    if name in ("received_on", "replied_on"):
        day = _date(cell, what)
        if day > today:
            raise InvalidInput(t("{what} {day} is in the future (today is {today})",
                                 what=what, day=day.isoformat(), today=today.isoformat()))
        return day
    text = check_text(_text(cell), what)
    if name in _VOCABULARIES or name == "state":
        vocabulary = states if name == "state" else _VOCABULARIES[name]
        word = mapping.value(name, text)
        code = code_named(word, vocabulary.items())
        if code is None:
            accepted = ", ".join(f"{code} {label}" for code, label in vocabulary.items())
            raise InvalidInput(t("{what} {text!r} is not one of {accepted}", what=what, text=text, accepted=accepted))
        return code
    return mapping.value(name, text)


def _text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # a number a spreadsheet kept as a float (an ID typed as a number)
    return str(cell)


def _date(cell: Any, what: str) -> date:
    if isinstance(cell, datetime):
        return check_date(cell.date(), what)
    if isinstance(cell, date):
        return check_date(cell, what)
    found = _DATE.match(str(cell).strip())
    try:
        if found is None:
            raise ValueError
        day = date(*(int(part) for part in found.groups()))
    except ValueError:
        raise InvalidInput(t("{what} {cell!r} is not a date (2026-03-02, 2026/3/2 or 2026年3月2日)", what=what, cell=cell)) from None
    return check_date(day, what)


def _plan_steps(planned: PlannedRow) -> None:
    values = planned.values
    received, replied, outcome = values["received_on"], values.get("replied_on"), values.get("outcome")
    handler, state = values.get("handler"), values.get("state") or _state_implied(values)
    problems = planned.problems
    if state not in IMPORTED_STATES:
        problems.append(
            t("状态 state {state} cannot be brought in from a ledger (it needs a step the ledger does not record); import "
              "the row as 办理中 processing and record that step with `disclosure advance`",
              state=state)
        )
        return
    if replied is not None and replied < received:
        problems.append(t("答复日期 replied_on {replied} is before 收到日期 received_on {received}",
                          replied=replied.isoformat(), received=received.isoformat()))
    withdrawn = state == "closed" or (state == "archived" and outcome == _WITHDRAWN)
    answered = state in ("replied", "delivered") or (state == "archived" and not withdrawn)
    if state == "registered" and (handler or replied or outcome):
        problems.append(t("状态 state registered (已登记) has no 承办人 handler, 答复日期 or 答复结果: an assigned case is 办理中 processing"))
    if state != "registered" and not handler and not withdrawn:
        problems.append(t("状态 state {state} needs a 承办人 handler", state=state))
    if state == "processing" and (replied or outcome):
        problems.append(t("状态 state processing (办理中) has no 答复日期 or 答复结果 yet"))
    if (answered or withdrawn) and replied is None:
        problems.append(t("状态 state {state} needs its 答复日期 replied_on (for a withdrawal, the day it was withdrawn)", state=state))
    if answered and outcome is None:
        problems.append(t("状态 state {state} needs its 答复结果 outcome", state=state))
    if answered and outcome is not None and outcome.startswith("other."):
        problems.append(t("答复结果 outcome {outcome} ({label}) is no reply: a withdrawal is 已终止 closed with 其他, and a lapse is the "
                          "engine's own ending (import the row open and let the sweep end it)",
                          outcome=outcome, label=OUTCOMES[outcome]))
    if withdrawn and outcome not in (None, _WITHDRAWN):
        problems.append(t("状态 state {state} without a reply is a withdrawal: its 答复结果 is 其他 {withdrawn} or empty, not {outcome}",
                          state=state, withdrawn=_WITHDRAWN, outcome=outcome))
    if (state == "delivered" or (state == "archived" and answered)) and not values.get("delivery_method"):
        problems.append(t("状态 state {state} needs its 送达方式 delivery_method", state=state))
    if problems:
        return
    planned.steps = _steps(values, state, withdrawn=withdrawn, answered=answered)


def _state_implied(values: Mapping[str, Any]) -> str:
    """A sheet without a 状态 column: the furthest state its other columns show."""
    if values.get("outcome") == _WITHDRAWN:
        return "closed"
    if values.get("outcome"):
        return "delivered" if values.get("delivery_method") else "replied"
    return "processing" if values.get("handler") else "registered"


def _steps(values: Mapping[str, Any], state: str, *, withdrawn: bool, answered: bool) -> list[Step]:
    """register on the receipt date (and assign); then the reply, or the withdrawal, on the reply's date."""
    received, replied, handler, outcome = values["received_on"], values.get("replied_on"), values.get("handler"), values.get("outcome")
    registration = {name: values[name] for name in ("channel", "applicant_type", "request", "id_number", "phone", "address", "note")
                    if values.get(name)}
    registration.update(received=received, applicant=values["applicant"])
    steps = [Step("register", received, IMPORTER, registration)]
    if handler:
        steps.append(Step("assign", received, IMPORTER, {"to": handler}))
    if withdrawn:
        steps.append(Step("withdraw", replied, IMPORTER))
    elif answered:
        if outcome in _RELEASES:
            steps += [Step("submit-review", replied, HANDLER), Step("approve-review", replied, REVIEWER)]
        reply = {"outcome": outcome, **{name: values[name] for name in ("reason", "basis") if values.get(name)}}
        steps.append(Step("reply", replied, HANDLER, reply))
        if state in ("delivered", "archived"):
            steps.append(Step("deliver", replied, IMPORTER, {"method": values["delivery_method"]}))
    if state == "archived":
        steps.append(Step("archive", replied, IMPORTER))
    return steps


def missing_basis(planned: PlannedRow) -> str | None:
    """The row's reply needs a legal basis the row does not give: its outcome must state one ([GK] 36–39)
    and the statute names no article for it (declined.confirmation), so only a 法律依据 column supplies it.
    Asked only of a row to be brought in (a row already in the book is not replied to again)."""
    for step in planned.steps:
        outcome = step.params.get("outcome") if step.action == "reply" else None
        if (outcome and outcome_family(outcome) in REASONED_FAMILIES and outcome not in LEGAL_BASIS
                and not step.params.get("basis")):
            return t("答复结果 outcome {outcome} ({label}) needs its 法律依据 basis, for which the statute names no default "
                     "article: give it in a 法律依据 column (a ledger exported with such replies has one)",
                     outcome=outcome, label=OUTCOMES[outcome])
    return None
