"""The ledger area of the Office: a year's applications as the office's register (台账), and an
office's existing register brought in as cases with their history, all or nothing.

Each row's steps (rows.py) go through the engine's own paths, the case desk's ``register_on`` and
``act_on``, inside one unit of work: a row is first run on its own in memory (decide and apply, no
book), so every row's problems are known before anything is written; any problem and nothing is.
Who records which step is docs/rules.md's "Bringing in a ledger".
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from typing import Any, Iterable

from disclosure.cases import Cases
from disclosure.ledger.columns import COLUMNS, COMPUTED, REQUIRED, header_key
from disclosure.ledger.export import ledger_row
from disclosure.ledger.mapping import LedgerMapping, column_fields, field_named, read_mapping
from disclosure.ledger.rows import HANDLER, IMPORTER, PlannedRow, missing_basis, plan_row
from disclosure.ledger.sheets import read_sheet
from disclosure.office_context import OfficeContext
from disclosure.storage.ledger_queries import cases_numbered, cases_received, ledger_keys
from disclosure.workflow.case import Acting, Case, handle
from disclosure.workflow.errors import DisclosureError, InvalidInput, RuleViolation
from disclosure.workflow.identity import may_reveal
from disclosure.workflow.input_bounds import check_year
from disclosure.workflow.messages import message_of, t
from disclosure.workflow.personal_data import mask

__all__ = ["Ledger"]

KIND = "disclosure"  # the ledger is the register of applications for government information
_IMPORTERS = ("registrar",)  # who takes applications in


class Ledger:
    def __init__(self, context: OfficeContext, cases: Cases) -> None:
        self._context = context
        self._cases = cases

    # -- out ---------------------------------------------------------------------------------

    def rows(self, year: int, *, reveal: str | None = None) -> dict[str, Any]:
        """The applications received in ``year``, in the order received: ``title`` and ``rows``
        (export.py ledger_row). Names masked unless ``reveal`` gives a permitted user's reason (logged)."""
        check_year(year, "--year")
        if reveal is not None and not reveal.strip():
            raise InvalidInput(t("revealing personal data needs a reason (--reason)"))
        context = self._context
        with context.storage.reading() if reveal is None else context.storage.writing() as uow:
            actor = context.actor(uow)
            found = cases_received(uow.connection, KIND, date(year, 1, 1), date(year, 12, 31), context.kinds.due_clocks)
            if reveal is not None and found:
                refused = next((case.number for case in found if not may_reveal(actor, case.handler)), None)
                if refused is not None:
                    raise RuleViolation(
                        t("the ledger with case {refused}'s personal data needs the role registrar, head or auditor, or "
                          "handling the case; {actor_name} has neither",
                          refused=refused, actor_name=actor.name)
                    )
                context.log(uow, actor, "personal-data-exported", f"{len(found)} cases", {
                    "reason": reveal.strip(), "selection": {"ledger": year}, "via": "ledger",
                    "cases": [case.number for case in found],
                })
            office = uow.users.office()
        kind = context.kinds.kind(KIND)
        rows = [ledger_row(seq, case, kind, context.calendar, revealed=reveal is not None) for seq, case in enumerate(found, 1)]
        title = f"{office.name if office else ''}{year}年政府信息公开申请台账"
        return {"year": year, "title": title, "rows": rows}

    # -- in ----------------------------------------------------------------------------------

    def import_sheet(
        self, path: str | os.PathLike[str], *, mapping: LedgerMapping | str | os.PathLike[str] | None = None,
        dry_run: bool = False, user: str | None = None,
    ) -> dict[str, Any]:
        """Every row of the sheet at ``path`` as a case with its history (a row already brought in is
        skipped); with ``dry_run``, or when any row has a problem, nothing is written. Returns the report."""
        mapping = mapping if isinstance(mapping, LedgerMapping) else read_mapping(mapping)
        sheet = read_sheet(path, lambda cells: _names_fields(cells, mapping))
        columns, unused = column_fields(sheet.headers, mapping)
        missing = [name for name in REQUIRED if name not in columns]
        if missing:
            raise InvalidInput(
                t("the ledger {path}: no column for {columns}; name it in --mapping",
                  path=path, columns=", ".join(f"{COLUMNS[name]} {name}" for name in missing))
            )
        columns = {name: index for name, index in columns.items() if name not in COMPUTED}
        context = self._context
        kind = context.kinds.kind(KIND)
        states = {state.code: state.label for state in kind.states}
        today = context.today()
        planned = [plan_row(number, cells, columns, mapping, states, today) for number, cells in sheet.rows]
        with context.storage.reading() if dry_run else context.storage.writing() as uow:
            desk = _Desk(self._cases, context, uow, user)
            imported = ledger_keys(uow.connection)
            named = cases_numbered(uow.connection, (row.values["number"] for row in planned if row.values.get("number")))
            first_seen: dict[str, int] = {}
            for row in planned:
                if row.key in first_seen:
                    row.problems.append(t("repeats row {first} (the same 案件编号, 收到日期, 申请人 and 申请内容)", first=first_seen[row.key]))
                first_seen.setdefault(row.key, row.row)
                if row.problems:
                    continue
                _recognise(row, imported, named)
                if row.existing is None and not row.problems:
                    desk.try_steps(row)
            troubled = [row for row in planned if row.problems]
            new = [row for row in planned if not row.problems and row.existing is None]
            if troubled and not dry_run:
                first = troubled[0]
                raise InvalidInput(
                    t("{troubled} of {planned} rows have problems, nothing was imported; row {row}: {problem} (--dry-run lists them all)",
                      troubled=len(troubled), planned=len(planned), row=first.row, problem=first.problems[0])
                )
            created = {} if dry_run else {row.row: desk.write(row) for row in new}
        return _report(path, sheet.header_row, unused, planned, created, dry_run)


def _recognise(row: PlannedRow, imported: dict[str, str], named: dict[str, dict[str, Any]]) -> None:
    """Whether the row is already in the book (``row.existing``): the row a previous import brought in
    (its key recorded: recognised first, so a sheet numbered by another register and imported before is
    never compared with the book's numbers), else the case its 案件编号 names, when the case's registration
    says what the row says. A row naming a case that says otherwise is the row's problem: it is not that
    case, and not surely a new one either."""
    if row.key in imported:
        row.existing = imported[row.key]
        return
    number = row.values.get("number")
    case = named.get(number) if number else None
    if case is None:
        return  # no case of the book: the number is the sheet's own (another system's), kept in the row key
    if case["kind"] != KIND:
        row.problems.append(t("案件编号 number {number} names a {kind} case of this book, not an application: correct the row, or "
                              "clear its 案件编号 if that is another register's number",
                              number=number, kind=case["kind"]))
        return
    differences = [_difference(name, row.values.get(name), case[name]) for name in _REGISTERED if name in row.values]
    differences = [text for text in differences if text]
    if differences:
        row.problems.append(t("案件编号 number {number} names a case of this book registered otherwise: {differences}; a row naming "
                              "a case must agree with it: correct the row, or clear its 案件编号 if that is another register's number",
                              number=number, differences="; ".join(differences)))
        return
    row.existing = number


# What a case's registration recorded that a row naming it must say too. The rest of the row (承办人, 状态, the
# reply, …) may have moved on since the sheet was written, and a row already in the book updates nothing.
_REGISTERED = ("received_on", "applicant", "applicant_type", "channel", "request")
_SHOWN = 40  # characters of a request quoted in a difference


def _difference(name: str, in_row: Any, in_book: Any) -> str | None:
    """The field as the row and the book say it, when they differ (text compared without spaces, as the
    row key does); the book's applicant masked."""
    if name == "received_on":
        if in_row == in_book:
            return None
        row_text, book_text = in_row.isoformat(), in_book.isoformat() if in_book else ""
    else:
        row_text, book_text = str(in_row or ""), str(in_book or "")
        if "".join(row_text.split()) == "".join(book_text.split()):
            return None
        if name == "applicant":
            book_text = mask(book_text)
        elif name == "request":
            row_text, book_text = _shortened(row_text), _shortened(book_text)
    return t("{label} {name} {in_row!r} in the row, {in_book!r} in the book",
             label=COLUMNS[name], name=name, in_row=row_text, in_book=book_text)


def _shortened(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"


def _names_fields(cells: list[Any], mapping: LedgerMapping) -> bool:
    """A header row names at least three of the ledger's fields."""
    named = {mapping.columns.get(header_key(cell)) or field_named(cell) for cell in cells if cell is not None}
    return len(named - {None}) >= 3


class _Desk:
    """One import's unit of work: who records each step, and the steps run in memory or for real."""

    def __init__(self, cases: Cases, context: OfficeContext, uow, user: str | None) -> None:
        self._cases, self._context, self._uow = cases, context, uow
        context.require_role(uow, user, _IMPORTERS, t("importing a ledger"))
        self.importer = context.acting(uow, user, None)
        self._users = {row.name: row for row in uow.users.users()}
        self._acting_for: dict[str, Acting | str] = {}
        self._kind, self._machine = context.kinds.kind(KIND), context.kinds.machine(KIND)

    def _handler_problem(self, name: str) -> str | None:
        user = self._users.get(name)
        if user is None:
            return t("承办人 handler {name!r} is no user of this case book", name=name)
        if user.disabled:
            return t("承办人 handler {name} is disabled", name=name)
        if "handler" not in user.roles.split():
            return t("承办人 handler {name} holds no role handler", name=name)
        return None

    def _acting(self, step, handler: str | None) -> Acting | str:
        """Who records ``step``: an Acting, or why no one may (a problem of the row)."""
        if step.by == IMPORTER:
            return replace(self.importer, on=step.on)
        if step.by == HANDLER:
            found = self._acting_for.get(handler)
            if found is None:
                found = self._acting_for[handler] = self._for_handler(handler)
            return found if isinstance(found, str) else replace(found, on=step.on)
        if "reviewer" not in self.importer.roles:
            return t("the confidentiality review (保密审查) is approved by the importer as reviewer; {importer} holds no role reviewer",
                     importer=self.importer.user)
        return replace(self.importer, on=step.on)

    def _for_handler(self, handler: str) -> Acting | str:
        """The handler's steps: recorded for the handler by an admin (as --user does), else as the
        importer when they hold the role handler, else no one."""
        try:
            return self._context.acting(self._uow, handler, None)
        except RuleViolation:
            if "handler" in self.importer.roles:
                return self.importer
        return t("the reply is the handler's step: {importer} holds no role handler, and only an admin records it for {handler}",
                 importer=self.importer.user, handler=handler)

    def try_steps(self, row: PlannedRow) -> None:
        """Run the row's steps in memory; what the engine refuses becomes the row's problem."""
        handler = row.values.get("handler")
        if handler and (problem := self._handler_problem(handler)):
            row.problems.append(problem)
            return
        if problem := missing_basis(row):
            row.problems.append(problem)
            return
        case: Case | None = None
        for step in row.steps:
            acting = self._acting(step, handler)
            if isinstance(acting, str):
                row.problems.append(acting)
                return
            try:
                _, case = handle(self._kind, self._machine, case, step.action, acting, _params(step, row))
            except DisclosureError as refused:
                row.problems.append(t("{action} on {on}: {refused}",
                                      action=step.action, on=step.on.isoformat(), refused=message_of(refused)))
                return

    def write(self, row: PlannedRow) -> str:
        """The row's case, through the case desk; its number."""
        handler = row.values.get("handler")
        case = None
        for step in row.steps:
            acting = self._acting(step, handler)
            if step.action == "register":
                case = self._cases.register_on(self._uow, KIND, acting, _params(step, row))
            else:
                case = self._cases.act_on(self._uow, case.number, step.action, acting, dict(step.params), case=case)
        return case.number


def _params(step, row: PlannedRow) -> dict[str, Any]:
    return {**step.params, "ledger_key": row.key} if step.action == "register" else dict(step.params)


def _report(
    path, header_row: int, unused: list[str], planned: Iterable[PlannedRow], created: dict[int, str], dry_run: bool,
) -> dict[str, Any]:
    rows = []
    for row in planned:
        entry: dict[str, Any] = {"row": row.row, "key": row.key, "problems": row.problems}
        if row.existing is not None and not row.problems:
            entry["existing"] = row.existing
        else:
            entry["steps"] = [{"action": step.action, "on": step.on.isoformat()} for step in row.steps]
            if row.row in created:
                entry["number"] = created[row.row]
        rows.append(entry)
    return {
        "file": str(path), "dry_run": dry_run, "header_row": header_row, "unused_columns": unused,
        "rows": rows,
        "new": sum(1 for entry in rows if "steps" in entry and not entry["problems"]),
        "already_imported": sum(1 for entry in rows if "existing" in entry),
        "with_problems": sum(1 for entry in rows if entry["problems"]),
        "created": len(created),
    }
