"""The kind ``petition`` (信访事项, [XF]; STATUTE.md §5), defined as data like any configured kind.

The petitioner's rating of a written opinion (满意度评价: 满意, 基本满意, 不满意) is recorded with
``feedback``; asking for 复查 or 复核 sets it aside, since the next opinion is rated afresh. The
statistics' 反馈率 and 满意率 read it (docs/rules.md).

Periods are calendar days with the roll-over rule ([MFD] 203); the office setting
``petition_unit = "workdays"`` counts them in working days instead. The petitioner's windows for
复查 and 复核 run from the day they receive the written reply ([XF] 35, 36), which the office
records with ``deliver-reply`` / ``deliver-review-reply`` (dated that day), not from the reply.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from disclosure.workflow.kinds.spec import BUILT_IN_SOURCE, kind_from_definition
from disclosure.workflow.vocabulary import FEEDBACK_RATINGS

__all__ = ["PETITION", "PETITION_DEFINITION"]

_DAYS = {"unit": "days", "unit_setting": "petition_unit"}
_REPLY = [{"name": "outcome", "choices": "outcomes"}]

PETITION_DEFINITION: Mapping[str, Any] = {
    "code": "petition",
    "label": "信访事项",
    "initial": "registered",
    "states": [
        {"code": "registered", "label": "已登记"},
        {"code": "accepted", "label": "已受理"},
        {"code": "replied", "label": "已答复", "open": False},
        {"code": "reviewing", "label": "复查中"},
        {"code": "reviewed", "label": "已复查", "open": False},
        {"code": "rereviewing", "label": "复核中"},
        {"code": "closed", "label": "已终结", "open": False},
        {"code": "not_accepted", "label": "不予受理", "open": False},
        {"code": "transferred", "label": "已转送", "open": False},
    ],
    "clocks": {
        "acceptance": {"label": "受理告知期限", "length": 15, **_DAYS},  # [XF] 22, 23
        "handling": {"label": "办理期限", "length": 60, **_DAYS},  # [XF] 34
        "review_window": {"label": "复查申请期限", "length": 30, **_DAYS, "alerts": False},  # the petitioner's
        "review": {"label": "复查期限", "length": 30, **_DAYS},  # [XF] 35
        "rereview_window": {"label": "复核申请期限", "length": 30, **_DAYS, "alerts": False},
        "rereview": {"label": "复核期限", "length": 30, **_DAYS},  # [XF] 36, hearing time excluded
    },
    "due_clocks": ["acceptance", "handling", "review", "rereview"],
    # Version 2 of the replies no longer opens the petitioner's window: its delivery does.
    "event_versions": {"reply": 2, "review-reply": 2},
    "outcomes": {
        "supported": "支持",
        "partly_supported": "部分支持",
        "not_supported": "不予支持",
        "not_accepted": "不予受理",
        "transferred": "转送有权处理机关",
        "upheld": "维持原处理意见",
        "changed": "撤销或变更原处理意见",
    },
    "actions": [
        {"name": "register", "label": "登记", "to": "registered", "roles": ["registrar"],
         "effects": [{"register": True}, {"start": "acceptance", "from": "received"}]},
        {"name": "accept", "label": "受理", "from": ["registered"], "to": "accepted", "roles": ["registrar", "head"],
         "effects": [{"stop": "acceptance"}, {"start": "handling"}]},
        {"name": "refuse", "label": "不予受理", "from": ["registered"], "to": "not_accepted", "roles": ["registrar", "head"],
         "params": ["reason"],
         "effects": [{"stop": "acceptance"}, {"outcome": "not_accepted"}, {"record": "reason"}, {"conclude": True}]},
        {"name": "transfer", "label": "转送", "from": ["registered"], "to": "transferred", "roles": ["registrar", "head"],
         "params": ["to"],
         "effects": [{"stop": "acceptance"}, {"outcome": "transferred"}, {"record": "to"}, {"conclude": True}]},
        {"name": "assign", "label": "交办承办人", "from": ["accepted", "reviewing", "rereviewing"], "roles": ["registrar", "head"],
         "params": ["to"], "effects": [{"handler": "to"}]},
        {"name": "extend", "label": "延长办理期限", "from": ["accepted"], "roles": ["head"],
         "params": [{"name": "days", "type": "int", "max": 30}, "reason"],
         "guards": [{"once": True}, {"within": "handling"}],
         "effects": [{"extend": "handling", "param": "days"}, {"record": "reason"}]},
        {"name": "reply", "label": "出具处理意见", "from": ["accepted"], "to": "replied", "roles": ["handler"],
         "params": _REPLY,
         "effects": [{"reply": "handling"}, {"outcome": "param"}, {"conclude": True},
                     {"start": "review_window", "when": "window_from_reply"}]},
        {"name": "deliver-reply", "label": "处理意见送达", "from": ["replied"], "roles": ["registrar", "handler"],
         "guards": [{"once": True}],
         "effects": [{"start": "review_window"}]},
        {"name": "request-review", "label": "申请复查", "from": ["replied"], "to": "reviewing", "roles": ["registrar"],
         "guards": [{"within": "review_window"}],
         "effects": [{"stop": "review_window"}, {"reopen": True}, {"forget": "rating"}, {"start": "review"}]},
        {"name": "review-reply", "label": "出具复查意见", "from": ["reviewing"], "to": "reviewed", "roles": ["handler", "head"],
         "params": _REPLY,
         "effects": [{"reply": "review"}, {"outcome": "param"}, {"conclude": True},
                     {"start": "rereview_window", "when": "window_from_reply"}]},
        {"name": "deliver-review-reply", "label": "复查意见送达", "from": ["reviewed"], "roles": ["registrar", "handler"],
         "guards": [{"once": True}],
         "effects": [{"start": "rereview_window"}]},
        {"name": "request-rereview", "label": "申请复核", "from": ["reviewed"], "to": "rereviewing", "roles": ["registrar"],
         "guards": [{"within": "rereview_window"}],
         "effects": [{"stop": "rereview_window"}, {"reopen": True}, {"forget": "rating"}, {"start": "rereview"}]},
        {"name": "pause-hearing", "label": "听证（暂停计时）", "from": ["rereviewing"], "roles": ["handler", "head"],
         "effects": [{"pause": "rereview"}]},
        {"name": "resume-hearing", "label": "听证结束（恢复计时）", "from": ["rereviewing"], "roles": ["handler", "head"],
         "effects": [{"resume": "rereview"}]},
        {"name": "rereview-reply", "label": "出具复核意见", "from": ["rereviewing"], "to": "closed", "roles": ["handler", "head"],
         "params": _REPLY,
         "effects": [{"reply": "rereview"}, {"outcome": "param"}, {"conclude": True}]},
        {"name": "feedback", "label": "信访人满意度评价", "from": ["replied", "reviewed", "closed"], "roles": ["registrar"],
         "params": [{"name": "rating", "choices": dict(FEEDBACK_RATINGS)}],
         "effects": [{"record": "rating"}]},
    ],
}


def _window_from_reply(data: dict) -> dict:
    # Version 1 opened the petitioner's window on the reply's own day; its history still folds so.
    return {**data, "window_from_reply": True}


PETITION = replace(
    kind_from_definition(PETITION_DEFINITION, source=BUILT_IN_SOURCE),
    upgrades={("reply", 1): _window_from_reply, ("review-reply", 1): _window_from_reply},
)
