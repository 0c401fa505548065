"""The ledger (台账) of a year's applications as offices keep it: one row a case, in the order received,
as data (codes) and as a sheet (Chinese labels), in CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any, BinaryIO, Iterable, Mapping

from disclosure.ledger.columns import BASIS, EXPORTED
from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.case import Case
from disclosure.workflow.kinds.base import Kind
from disclosure.workflow.kinds.disclosure_reply_grounds import LEGAL_BASIS
from disclosure.workflow.personal_data import mask
from disclosure.workflow.vocabulary import APPLICANT_TYPES, CHANNELS, DELIVERY_METHODS, OUTCOMES

__all__ = ["ledger_row", "exported_columns", "sheet_cells", "to_csv", "to_xlsx", "UTF8_BOM"]

UTF8_BOM = "\ufeff"  # without it Excel on a Chinese Windows reads UTF-8 as GBK and shows the text garbled
_NOTE_SEPARATOR = "；"
_YES_NO = {True: "是", False: "否"}


def ledger_row(seq: int, case: Case, kind: Kind, calendar: WorkCalendar, *, revealed: bool = False) -> dict[str, Any]:
    """One case as a ledger row: codes, dates in ISO form, and each code's label beside it. The applicant's
    name is masked unless ``revealed`` (the ledger leaves the desk, as an export does)."""
    name = case.applicant.get("name") or ""
    reply = case.clocks.get("reply")
    working_days = reply.working_days_elapsed(calendar) if reply is not None and case.replied_on is not None else None
    # A withdrawn application has no reply: the day it ended stands in the reply's column.
    ended_on = case.replied_on or case.concluded_on
    row = {
        "seq": seq,
        "number": case.number,
        "received_on": _iso(case.received_on),
        "applicant": name if revealed else mask(name),
        "applicant_type": case.applicant.get("type"),
        "channel": case.channel or None,
        "request": case.request,
        "handler": case.handler,
        "state": case.state,
        "replied_on": _iso(ended_on),
        "outcome": case.outcome,
        "reason": case.reply_reasons.get("reason"),
        "basis": case.reply_reasons.get("basis"),
        "delivery_method": case.delivery_method,
        "on_time": case.reply_on_time,
        "working_days": working_days,
        "note": _NOTE_SEPARATOR.join(note["note"] for note in case.notes) or None,
    }
    labels = {
        "applicant_type": APPLICANT_TYPES, "channel": CHANNELS, "outcome": OUTCOMES, "delivery_method": DELIVERY_METHODS,
    }
    for field, vocabulary in labels.items():
        row[f"{field}_label"] = vocabulary.get(row[field]) if row[field] else None
    row["state_label"] = kind.state(case.state).label
    return row


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def exported_columns(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The sheet's columns (code: header, in order): the ledger's, and 法律依据 after 答复理由 when a reply
    rests on a basis other than its outcome's own article (a basis the import could not restore)."""
    if not any(row.get("basis") and row["basis"] != LEGAL_BASIS.get(row.get("outcome") or "") for row in rows):
        return dict(EXPORTED)
    columns: dict[str, str] = {}
    for field, header in EXPORTED.items():
        columns[field] = header
        if field == "reason":
            columns.update(BASIS)
    return columns


def sheet_cells(row: Mapping[str, Any], columns: Iterable[str] = EXPORTED) -> list[Any]:
    """The row as the sheet shows it, in the columns' order: labels for codes, 是/否 for on time."""
    cells = []
    for field in columns:
        value = row[f"{field}_label"] if f"{field}_label" in row else row.get(field)
        if field == "on_time":
            value = _YES_NO.get(row[field])
        cells.append("" if value is None else value)
    return cells


def to_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """The header row of Chinese headers, then a line a case; UTF-8 with a byte-order mark."""
    rows = list(rows)
    columns = exported_columns(rows)
    buffer = io.StringIO()
    buffer.write(UTF8_BOM)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns.values())
    for row in rows:
        writer.writerow(sheet_cells(row, columns))
    return buffer.getvalue()


_DATE_COLUMNS = ("received_on", "replied_on")
_WRAPPED = ("request", "note", "reason", "basis")


def to_xlsx(rows: Iterable[Mapping[str, Any]], title: str, handle: str | BinaryIO) -> None:
    """A title row, the header row and a row a case, boxed, dates as dates, for A4 landscape with the
    title and headers repeated on every page (reports/sheet_layout.py)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    from disclosure.reports.sheet_layout import prepare_for_print

    rows = list(rows)
    columns = exported_columns(rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    fields = list(columns)
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(fields))
    sheet.append(list(columns.values()))
    for row in rows:
        cells = sheet_cells(row, fields)
        for position, field in enumerate(fields):
            if field in _DATE_COLUMNS and cells[position]:
                cells[position] = date.fromisoformat(cells[position])
        sheet.append(cells)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cells in sheet.iter_rows(min_row=2, max_row=sheet.max_row, max_col=len(fields)):
        for position, cell in enumerate(cells):
            cell.border = box
            wrapped = fields[position] in _WRAPPED
            cell.alignment = Alignment(vertical="center", wrap_text=wrapped, horizontal="center" if cell.row == 2 else None)
            if cell.row == 2:
                cell.font = Font(bold=True)
            elif fields[position] in _DATE_COLUMNS:
                cell.number_format = "yyyy-mm-dd"
    prepare_for_print(sheet, title_rows=2, landscape=True)
    workbook.save(handle)
