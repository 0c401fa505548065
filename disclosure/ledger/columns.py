"""The ledger's columns: each field's code and the Chinese header offices write above it.

The export writes these columns in this order; the import finds a column by its header or its code
(or by an office's mapping, mapping.py), and ignores the computed ones (序号, 是否按期, 办理时长).
"""

from __future__ import annotations

from typing import Mapping

__all__ = ["COLUMNS", "EXPORTED", "BASIS", "IMPORT_ONLY", "COMPUTED", "REQUIRED", "header_key"]

# code: header, in the order of the exported sheet
EXPORTED: Mapping[str, str] = {
    "seq": "序号",
    "number": "案件编号",
    "received_on": "收到日期",
    "applicant": "申请人",
    "applicant_type": "申请人类型",
    "channel": "申请方式",
    "request": "申请内容",
    "handler": "承办人",
    "state": "状态",
    "replied_on": "答复日期",
    "outcome": "答复结果",
    "reason": "答复理由",
    "delivery_method": "送达方式",
    "on_time": "是否按期",
    "working_days": "办理时长(工作日)",
    "note": "备注",
}

# The reply's legal basis ([GK] 36–39), read when a sheet has it. Most outcomes rest on the article the
# statute names for them (the reply's default basis), so the export writes this column, after 答复理由,
# only when one of its replies rests on another basis, which the import could not otherwise restore
# (export.py exported_columns).
BASIS: Mapping[str, str] = {"basis": "法律依据"}

# Read when a sheet has them (an office's ledger often keeps the applicant's contacts); never exported,
# since the ledger leaves the desk and these are personal data.
IMPORT_ONLY: Mapping[str, str] = {
    "id_number": "身份证号",
    "phone": "联系电话",
    "address": "地址",
}

COLUMNS: Mapping[str, str] = {**EXPORTED, **BASIS, **IMPORT_ONLY}

# Worked out by the engine from the dates and the calendar, so a sheet's own figures are not read.
COMPUTED = frozenset({"seq", "on_time", "working_days"})

REQUIRED = ("received_on", "applicant", "applicant_type", "channel", "request")


def header_key(text: object) -> str:
    """A header as compared: without spaces, full-width brackets as ASCII ones, lower case (办理时长（工作日）
    is 办理时长(工作日))."""
    return "".join(str(text).split()).replace("（", "(").replace("）", ")").lower()
