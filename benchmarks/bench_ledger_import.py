"""`ledger import` of an office's register of 10,000 applications into a fresh SQLite book.

Data size: ROWS rows (default 10,000; BENCH_ROWS sets it) in one XLSX sheet laid out as `ledger
export` writes it, received on the working days of 2025 and handled by five handlers: 50% delivered
(a granted reply, so a confidentiality review before it: 6 events), 20% replied withholding or
finding nothing (3 events), 10% being handled (2), 10% withdrawn before assignment (2), 10%
registered only (1): 41,000 events in all. The import runs as the admin (who records the handlers' replies for them)
in one unit of work, through the engine's own register and act paths. Prints the reading of the
sheet and the import's total time, then the events written; target: the whole import under 30 s.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
TODAY = date(2026, 6, 15)
HANDLERS = ("li", "wang", "zhao", "qian", "sun")


def ledger_rows(count: int) -> list[dict]:
    """The register as `ledger export` lays it out: codes with their labels beside them."""
    from disclosure.workflow.calendar import WorkCalendar

    calendar = WorkCalendar()
    days = [calendar.add_working_days(date(2024, 12, 31), n).on for n in range(1, 230)]
    shapes = [("delivered", "granted")] * 5 + [("replied", "withheld.process_info"), ("replied", "unavailable.not_held"),
                                               ("processing", None), ("closed", "other.other"), ("registered", None)]
    rows = []
    for index in range(count):
        received = days[index % len(days)]
        state, outcome = shapes[index % len(shapes)]
        replied = calendar.add_working_days(received, 5 + index % 15).on if outcome else None
        rows.append({
            "seq": index + 1, "number": f"旧{index + 1:05d}", "received_on": received.isoformat(),
            "applicant": f"申请人{index}", "applicant_type_label": "自然人", "channel_label": ("信函", "网络", "当面")[index % 3],
            "request": f"第{index}项政府信息", "handler": None if state in ("registered", "closed") else HANDLERS[index % 5],
            "state_label": {"delivered": "已送达", "replied": "已答复", "processing": "办理中", "closed": "已终止",
                            "registered": "已登记"}[state],
            "replied_on": replied.isoformat() if replied else None,
            "outcome_label": {None: None, "granted": "予以公开", "withheld.process_info": "属于四类过程性信息",
                              "unavailable.not_held": "本机关不掌握相关政府信息", "other.other": "其他"}[outcome],
            "reason": None, "delivery_method_label": "邮寄" if state == "delivered" else None,
            "on_time": None, "working_days": None, "note": None,
        })
    return rows


def write_sheet(path: Path, rows: list[dict]) -> None:
    from disclosure.ledger.export import to_xlsx

    # to_xlsx reads the label beside each code; the codes themselves are not needed in the sheet.
    for row in rows:
        for field in ("applicant_type", "channel", "state", "outcome", "delivery_method"):
            row.setdefault(field, None)
    to_xlsx(rows, "基准台账", str(path))


def main() -> int:
    from disclosure.service import Office

    with tempfile.TemporaryDirectory() as folder:
        sheet, book = Path(folder) / "ledger.xlsx", Path(folder) / "book.db"
        write_sheet(sheet, ledger_rows(ROWS))
        office = Office.open(str(book), today=lambda: TODAY)
        office.init("基准办公室", admin="admin")
        for name in HANDLERS:
            office.add_user(name, ["handler"])
        started = time.perf_counter()
        report = office.import_ledger(sheet)
        elapsed = time.perf_counter() - started
        events = office.event_count()
        again = time.perf_counter()
        second = office.import_ledger(sheet)
        again = time.perf_counter() - again
        office.close()
    assert report["created"] == ROWS and second["created"] == 0 and second["already_imported"] == ROWS, (report, second)
    print(f"rows: {ROWS} in one XLSX sheet; events written: {events}")
    print(f"the same sheet again: {again:.1f} s, nothing created")
    print(f"ledger import of {ROWS} rows into a fresh SQLite book: {elapsed:.1f} s "
          f"({ROWS / elapsed:,.0f} rows/s; target < 30 s: {'met' if elapsed < 30 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
