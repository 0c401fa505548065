"""The kinds' messages (disclosure/workflow/kinds/) said in Chinese from the package's catalog, the
English unchanged (that every message is translated: tests/unit/test_messages.py)."""

from __future__ import annotations

import copy
import string

import pytest

from disclosure.workflow.case import apply, decide
from disclosure.workflow.errors import DisclosureError, InvalidInput, RuleViolation
from disclosure.workflow.kinds import BUILT_IN_KINDS, KindMachine
from disclosure.workflow.kinds.spec import BUILT_IN_SOURCE, kind_from_definition
from disclosure.workflow.messages import in_language, message_of
from tests.unit.test_disclosure_workflow import acting, processing
from tests.unit.test_kind_definition_messages import TINY


def _said(error: DisclosureError) -> tuple[str, str]:
    message = message_of(error)
    return str(message), in_language(message, "zh")


# The small kind of the definition tests, with a window its reply opens (started by either of two
# deliveries) within which the applicant may object.
WINDOWED = copy.deepcopy(TINY)
WINDOWED["states"].append({"code": "objected", "label": "已申诉"})
WINDOWED["clocks"]["window"] = {"label": "申诉期限", "length": 10, "alerts": False}
WINDOWED["actions"] += [
    {"name": "post", "from": ["answered"], "roles": ["registrar"], "effects": [{"start": "window"}]},
    {"name": "hand", "from": ["answered"], "roles": ["registrar"], "effects": [{"start": "window"}]},
    {"name": "object", "from": ["answered"], "to": "objected", "roles": ["registrar"],
     "guards": [{"within": "window"}], "effects": [{"stop": "window"}]},
]


def _refused_definition(change, source) -> InvalidInput:
    definition = copy.deepcopy(TINY)
    change(definition)
    with pytest.raises(InvalidInput) as refused:
        kind_from_definition(definition, source=source)
    return refused.value


def test_an_unknown_kind_lists_the_known_ones():
    with pytest.raises(InvalidInput) as refused:
        BUILT_IN_KINDS.kind("complaint")
    assert _said(refused.value) == (
        "unknown kind 'complaint'; expected one of disclosure, petition, suggestion",
        "未知案件类型 'complaint'；应为以下之一：disclosure, petition, suggestion",
    )


def test_a_kind_file_mistake_names_the_file_the_action_and_the_mistake():
    refused = _refused_definition(lambda d: d["actions"][1].__setitem__("roles", ["clerk"]), "kinds/tiny.toml")
    assert _said(refused) == (
        "kind tiny (kinds/tiny.toml) action answer: unknown role 'clerk'",
        "案件类型 tiny（kinds/tiny.toml） 的操作 answer：未知的角色 'clerk'",
    )


def test_a_built_in_definition_is_named_built_in_in_either_language():
    refused = _refused_definition(lambda d: d["clocks"]["answer"].__setitem__("colour", "red"), BUILT_IN_SOURCE)
    english, chinese = _said(refused)
    assert english == ("kind tiny (built in) clock answer: unknown key 'colour' "
                       "(expected one of label, unit, length, unit_setting, length_setting, length_when, alerts)")
    assert chinese == ("案件类型 tiny（内置） 的期限 answer：未知的键 'colour'"
                       "（应为以下之一：label, unit, length, unit_setting, length_setting, length_when, alerts）")


def test_a_window_not_yet_opened_names_the_actions_that_open_it():
    kind = kind_from_definition(WINDOWED, source="kinds/tiny.toml")
    machine = KindMachine(kind)
    case = None
    for action, user, params in (
        ("register", "rita", {"channel": "post", "received": "2025-10-09", "applicant": "张三", "applicant_type": "natural",
                              "request": "某路段改造批复"}),
        ("answer", "hank", {"outcome": "solved"}),
    ):
        case = apply(kind, machine, case, decide(kind, machine, case, action, acting(user, "2025-10-09"), params, number="2025-0001"))
    with pytest.raises(RuleViolation) as refused:
        decide(kind, machine, case, "object", acting("rita", "2025-10-10"), {})
    assert _said(refused.value) == (
        "object must come within the 申诉期限 (window); it has not started (post or hand starts it)",
        "object 须在申诉期限（window）内办理；该期限尚未起算（由 post 或 hand 起算）",
    )


def test_a_fee_above_the_scale_says_what_the_scale_counted():
    # 40 pages: pages 1–30 free, 31–40 at ¥10 a page → ¥100.00.
    refused = processing().refuse(RuleViolation, "notify-fee", "2025-10-13", pages=40, amount="500")
    assert _said(refused) == (
        "¥500.00 is above the scale: 按量计收 for 40 pages gives ¥100.00",
        "¥500.00 高于收费标准：按量计收，40 页，应收 ¥100.00",
    )


def _withdrawn():
    """The standard case withdrawn on Mon 2025-10-13 (closed, outcome other.other)."""
    story = processing()
    story.do("withdraw", "2025-10-13")
    return story


def test_reinstate_on_a_withdrawn_case_says_how_it_ended():
    refused = _withdrawn().refuse(RuleViolation, "reinstate", "2025-10-14", "hugo", reason="误操作")
    assert _said(refused) == (
        "reinstate undoes an ending by lapse; case 2025-0001 is closed (other.other)",
        "reinstate 只能撤销逾期终止；案件 2025-0001 处于 closed 状态（other.other）",
    )


def test_a_reopened_due_date_must_come_after_the_effective_date():
    refused = _withdrawn().refuse(InvalidInput, "reopen", "2025-12-01", "hugo", due="2025-11-30")
    assert _said(refused) == (
        "the new due date 2025-11-30 must be after 2025-12-01",
        "新的到期日 2025-11-30 须晚于 2025-12-01",
    )


# -- the fragment and the code agree -------------------------------------------------------------


def _placeholders(text: str) -> set[tuple[str, str, str]]:
    return {(name, conversion or "", spec or "") for _, name, spec, conversion in string.Formatter().parse(text) if name is not None}
