"""The blank ledger an office fills to bring its register in: the headers and one example row, in the
export's own layout (so a sheet the engine wrote and one an office filled read the same way)."""

from __future__ import annotations

from typing import IO

from disclosure.ledger.export import to_csv, to_xlsx

__all__ = ["EXAMPLE_ROW", "TEMPLATE_TITLE", "write_template"]

TEMPLATE_TITLE = "政府信息公开申请台账（第3行为示例，填写前删除；序号、是否按期、办理时长由系统计算，可不填）"

EXAMPLE_ROW = {
    "seq": 1, "number": "", "received_on": "2026-01-05", "applicant": "张三", "applicant_type": "natural",
    "applicant_type_label": "自然人", "channel": "post", "channel_label": "信函", "request": "某路段改造工程的立项批复",
    "handler": "li", "state": "delivered", "state_label": "已送达", "replied_on": "2026-01-26", "outcome": "granted",
    "outcome_label": "予以公开", "reason": "", "delivery_method": "post", "delivery_method_label": "邮寄",
    "on_time": True, "working_days": 15, "note": "",
}


def write_template(handle: IO, file_format: str) -> None:
    """The template as ``xlsx`` (bytes) or ``csv`` (text, UTF-8 with a byte-order mark) into ``handle``."""
    if file_format == "xlsx":
        to_xlsx([EXAMPLE_ROW], TEMPLATE_TITLE, handle)
    else:
        handle.write(to_csv([EXAMPLE_ROW]))
