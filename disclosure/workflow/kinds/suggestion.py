"""The kind ``suggestion`` (人大代表建议 · 政协提案, [DB] 51; STATUTE.md §6), defined as data.

The reply is due 3 months after the assignment (交办), 6 when the matter is marked complex at
assignment, by the month rule of [MFD] 202–203. The result is classed A, B or C; the deputy's
feedback is recorded, and a dissatisfied answer lets the head reopen the matter.
"""

from __future__ import annotations

from typing import Any, Mapping

from disclosure.workflow.vocabulary import FEEDBACK_RATINGS

__all__ = ["SUGGESTION_DEFINITION"]

SUGGESTION_DEFINITION: Mapping[str, Any] = {
    "code": "suggestion",
    "label": "人大代表建议·政协提案",
    "initial": "assigned",
    "applicant_types": {"deputy": "人大代表", "member": "政协委员", "group": "代表团·党派团体"},
    "states": [
        {"code": "assigned", "label": "已交办"},
        {"code": "replied", "label": "已答复", "open": False},
    ],
    "clocks": {
        "reply": {"label": "答复期限", "unit": "months", "length": 3, "length_when": {"complex": 6}},
    },
    "outcomes": {
        "A": "已解决或采纳",
        "B": "正在解决或列入计划解决",
        "C": "因条件限制暂时无法解决",
    },
    "actions": [
        {"name": "register", "label": "交办登记", "to": "assigned", "roles": ["registrar"],
         "params": [{"name": "complex", "type": "bool", "required": False}],
         "effects": [{"register": True}, {"start": "reply", "from": "received"}, {"record": "complex"}]},
        {"name": "assign", "label": "确定承办人", "from": ["assigned"], "roles": ["registrar", "head"],
         "params": ["to"], "effects": [{"handler": "to"}]},
        {"name": "reply", "label": "答复", "from": ["assigned"], "to": "replied", "roles": ["handler"],
         "params": [{"name": "outcome", "choices": "outcomes"}],
         "effects": [{"reply": "reply"}, {"outcome": "param"}, {"conclude": True}]},
        {"name": "feedback", "label": "代表意见反馈", "from": ["replied"], "roles": ["registrar"],
         "params": [{"name": "rating", "choices": dict(FEEDBACK_RATINGS)}],
         "effects": [{"record": "rating"}]},
        {"name": "reopen", "label": "重新办理", "from": ["replied"], "to": "assigned", "roles": ["head"],
         "guards": [{"fact": "rating", "equals": "dissatisfied"}],
         "effects": [{"reopen": True}, {"forget": "rating"}, {"start": "reply"}]},
    ],
}
