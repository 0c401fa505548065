"""A kind file with a value of the wrong form is refused when it is loaded, in one line naming the file,
the part of the kind and the key (docs/kinds.md, "The forms of the values"): never a traceback, never
a text read letter by letter, never a kind that loads but can never be used.

Each file is the complete example (tests/fixtures/kinds/message_board.toml) with one line changed, read
through ``load_kinds`` as ``--kinds FILE`` reads it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from disclosure.kind_files import load_kinds
from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.case import Acting, decide
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.kinds.base import KindMachine

MESSAGE_BOARD = Path(__file__).parents[1] / "fixtures" / "kinds" / "message_board.toml"
EXAMPLE = MESSAGE_BOARD.read_text(encoding="utf-8")


def _file(tmp_path: Path, old: str, new: str, name: str = "board.toml") -> Path:
    assert EXAMPLE.count(old) >= 1, old
    path = tmp_path / name
    path.write_text(EXAMPLE.replace(old, new, 1), encoding="utf-8")
    return path


def _refusal(*paths: Path) -> str:
    with pytest.raises(InvalidInput) as refused:
        load_kinds(paths)
    return str(refused.value)


def _where(path: Path) -> str:
    return f"kind message_board ({path})"


# 1. A text where a list of tables is expected was handed to dict(): a ValueError traceback.


def test_effects_given_as_one_text_are_refused_naming_the_action_and_key(tmp_path):
    path = _file(tmp_path, 'effects = [{ handler = "to" }]', 'effects = "handler"')
    assert _refusal(path) == f"{_where(path)} action assign: effects must be a list of tables (got 'handler')"


def test_guards_and_effects_of_other_forms_are_one_line(tmp_path):
    path = _file(tmp_path, 'effects = [{ handler = "to" }]', 'effects = ["handler"]')
    assert _refusal(path) == f"{_where(path)} action assign: effects must be a list of tables (got ['handler'])"
    path = _file(tmp_path, 'effects = [{ handler = "to" }]', 'effects = [{ handler = "to" }]\nguards = { once = true }')
    assert _refusal(path) == f"{_where(path)} action assign: guards must be a list of tables (got {{'once': True}})"


# 2. A text where a list of texts is expected was read letter by letter ("unknown source state 'r'").
#    Chosen for every list key: refused, with the list it would be written as.


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('from = ["registered"]', 'from = "registered"',
         "action assign: from must be a list, such as from = ['registered'], not one text"),
        ('roles = ["registrar"]', 'roles = "registrar"',
         "action register: roles must be a list, such as roles = ['registrar'], not one text"),
        ('params = ["to"]', 'params = "to"', "action assign: params must be a list, such as params = ['to'], not one text"),
        ('initial = "registered"', 'initial = "registered"\ndue_clocks = "reply"',
         ": due_clocks must be a list, such as due_clocks = ['reply'], not one text"),
        ('roles = ["registrar"]', "roles = [1]", "action register: roles must be a list of texts (got [1])"),
    ],
)
def test_a_list_key_given_one_text_is_refused_not_read_letter_by_letter(tmp_path, old, new, message):
    path = _file(tmp_path, old, new)
    assert _refusal(path) == f"{_where(path)} {message}".replace(" :", ":")


# 3. choices = "nope" was taken as the text "nope", and --outcome no (a part of it) accepted.


def test_choices_given_as_one_text_other_than_outcomes_is_refused(tmp_path):
    path = _file(tmp_path, 'choices = "outcomes"', 'choices = "nope"')
    assert _refusal(path) == (
        f"{_where(path)} action reply param outcome: choices must be \"outcomes\", a list of texts, "
        "such as choices = ['yes', 'no'], or a table of codes and their labels (got 'nope')"
    )


def test_choices_given_as_a_table_take_a_code_or_its_label_and_keep_the_code(tmp_path):
    path = _file(tmp_path, 'choices = "outcomes"', 'choices = { answered = "答了", not_ours = "不归我们" }')
    kind = load_kinds([path]).kind("message_board")
    machine, acting, case = _replying(kind)
    for given, kept in (("answered", "answered"), ("答了", "answered"), ("不归我们", "not_ours")):
        assert decide(kind, machine, case, "reply", acting, {"outcome": given}).data["outcome"] == kept
    for part in ("答", "答了了", "answer"):
        with pytest.raises(InvalidInput):
            decide(kind, machine, case, "reply", acting, {"outcome": part})
    path = _file(tmp_path, 'choices = "outcomes"', 'choices = { answered = "" }')
    assert "choices must be" in _refusal(path)


def _replying(kind) -> tuple:
    """The kind's machine and a case registered and assigned, ready for its reply."""
    machine = KindMachine(kind)
    acting = Acting("u", frozenset({"registrar", "handler"}), date(2026, 11, 3), date(2026, 12, 31), WorkCalendar())
    from disclosure.workflow.case import apply

    case = None
    for action, params in (
        ("register", {"received": "2026-11-02", "channel": "online", "applicant": "张三", "applicant_type": "natural",
                      "request": "路灯不亮"}),
        ("assign", {"to": "li"}),
    ):
        case = apply(kind, machine, case, decide(kind, machine, case, action, acting, params, number="T-1"))
    return machine, acting, case


@pytest.mark.parametrize("choices", ['["nope"]', '"outcomes"'])
def test_a_choice_is_matched_whole_never_as_a_part(tmp_path, choices):
    outcome = "nope" if choices == '["nope"]' else "answered"
    path = _file(tmp_path, 'choices = "outcomes"', f"choices = {choices}")
    kind = load_kinds([path]).kind("message_board")
    machine, acting, case = _replying(kind)
    for part in (outcome[:2], outcome[1:], outcome + "s", ""):
        with pytest.raises(InvalidInput):
            decide(kind, machine, case, "reply", acting, {"outcome": part})
    assert decide(kind, machine, case, "reply", acting, {"outcome": outcome}).data["outcome"] == outcome


# 4. Nothing to choose from: a reply could never be taken.


def test_empty_choices_are_refused_at_load(tmp_path):
    path = _file(tmp_path, 'choices = "outcomes"', "choices = []")
    assert _refusal(path) == f"{_where(path)} action reply param outcome: choices must not be empty"


def test_an_empty_outcomes_table_is_refused_at_load(tmp_path):
    path = _file(tmp_path, 'answered = "已回复"\nnot_ours = "非本单位职责，已转办"\n', "")
    assert _refusal(path) == f"{_where(path)}: outcomes must not be empty"


def test_choosing_among_the_outcomes_of_a_kind_without_any_is_refused_at_load(tmp_path):
    path = _file(tmp_path, '[outcomes]\nanswered = "已回复"\nnot_ours = "非本单位职责，已转办"\n', "")
    path.write_text(path.read_text(encoding="utf-8").replace('{ outcome = "param" }, ', ""), encoding="utf-8")
    assert _refusal(path) == f"{_where(path)} action reply param outcome: choices = \"outcomes\", but the kind has no outcomes"


# 5. A text where a boolean is expected: "no" read as true.


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("open = false", 'open = "no"', "state replied: open must be true or false (got 'no')"),
        ('params = ["to"]', 'params = [{ name = "to", required = "no" }]',
         "action assign param to: required must be true or false (got 'no')"),
        ("{ conclude = true }", '{ conclude = "yes" }', "action reply: conclude must be true (got 'yes')"),
        ("{ register = true }", "{ register = 1 }", "action register: register must be true (got 1)"),
        ("alerts = { before_due = 2, escalate_after = 3 }", 'alerts = { before_due = 2, on_due = "no" }',
         "clock reply: alerts: on_due must be true or false (got 'no')"),
    ],
)
def test_a_boolean_key_takes_a_toml_boolean(tmp_path, old, new, message):
    path = _file(tmp_path, old, new)
    assert _refusal(path) == f"{_where(path)} {message}"


# 6. A kind is named by its code or its label: both must be its own.


def test_a_label_a_built_in_kind_has_is_refused(tmp_path):
    path = _file(tmp_path, 'label = "领导留言板"', 'label = "政府信息公开申请"')
    assert _refusal(path) == (
        f"{_where(path)}: label '政府信息公开申请' is already the kind disclosure's (built in); "
        "each kind needs a code and a label of its own"
    )


def test_a_label_another_file_has_or_a_built_in_code_is_refused(tmp_path):
    first = _file(tmp_path, 'code = "message_board"', 'code = "board_one"', "one.toml")
    second = _file(tmp_path, 'code = "message_board"', 'code = "board_two"', "two.toml")
    assert _refusal(first, second) == (
        f"kind board_two ({second}): label '领导留言板' is already the kind board_one's ({first}); "
        "each kind needs a code and a label of its own"
    )
    path = _file(tmp_path, 'label = "领导留言板"', 'label = "petition"')
    assert _refusal(path) == (
        f"{_where(path)}: label 'petition' is already the kind petition's (built in); each kind needs a code and a label of its own"
    )
    path = _file(tmp_path, 'code = "message_board"', 'code = "信访事项"')
    assert _refusal(path) == (
        f"kind 信访事项 ({path}): code '信访事项' is already the kind petition's (built in); each kind needs a code and a label of its own"
    )


# 7. A `when` no data of the action can hold, and a most below 1.


def test_when_naming_no_bool_param_of_the_action_is_refused(tmp_path):
    path = _file(tmp_path, 'effects = [{ handler = "to" }]', 'effects = [{ handler = "to", when = "urgent" }]')
    assert _refusal(path) == f"{_where(path)} action assign: effect handler: when names 'urgent', which is not a bool param of the action"
    path = _file(tmp_path, 'effects = [{ handler = "to" }]', 'effects = [{ handler = "to", when = "to" }]')
    assert _refusal(path) == f"{_where(path)} action assign: effect handler: when names 'to', which is not a bool param of the action"


def test_when_naming_a_bool_param_is_accepted(tmp_path):
    path = _file(tmp_path, 'params = ["to"]', 'params = ["to", { name = "urgent", type = "bool", required = false }]')
    path.write_text(path.read_text(encoding="utf-8").replace(
        'effects = [{ handler = "to" }]', 'effects = [{ handler = "to" }, { record = "urgent", when = "urgent" }]'), encoding="utf-8")
    assert load_kinds([path]).kind("message_board").action("assign").options == ("to", "urgent")


@pytest.mark.parametrize(
    "param, message",
    [
        ('{ name = "days", type = "int", max = -1 }', "max must be a whole number, at least 1 (got -1)"),
        ('{ name = "days", type = "int", max = 0 }', "max must be a whole number, at least 1 (got 0)"),
        ('{ name = "days", type = "int", max = "30" }', "max must be a whole number, at least 1 (got '30')"),
        ('{ name = "days", max = 30 }', "max applies to a param of type int only"),
    ],
)
def test_a_max_below_one_is_refused(tmp_path, param, message):
    path = _file(tmp_path, 'params = ["to"]', f'params = ["to", {param}]')
    assert _refusal(path) == f"{_where(path)} action assign param days: {message}"


# Beyond the tester's list, of the same kind: a value an action would read at run time.


@pytest.mark.parametrize(
    "params, effects, message",
    [
        ('[{ name = "to", required = false }]', '[{ handler = "to" }]', "effect handler needs the param 'to' to be required"),
        ('["to", "days"]', '[{ handler = "to" }, { extend = "reply", param = "days" }]',
         "effect extend needs the param 'days' to be of type int"),
        ('["to", "since"]', '[{ handler = "to" }, { start = "reply", from = "since" }]',
         "effect start needs the param 'since' to be of type date"),
        ('["to"]', '[{ handler = "to", form = "x" }]', "effect handler: unknown key 'form' (expected one of handler, when)"),
    ],
)
def test_an_effect_reads_only_a_param_that_is_there_and_of_its_type(tmp_path, params, effects, message):
    path = _file(tmp_path, 'params = ["to"]\neffects = [{ handler = "to" }]', f"params = {params}\neffects = {effects}")
    assert _refusal(path).startswith(f"{_where(path)} action assign") and _refusal(path).endswith(message)


def test_tables_and_lengths_of_the_wrong_form_are_one_line(tmp_path):
    path = _file(tmp_path, 'initial = "registered"', 'initial = "registered"\noutcomes = "answered"')
    path.write_text(path.read_text(encoding="utf-8").replace('[outcomes]\nanswered = "已回复"\nnot_ours = "非本单位职责，已转办"\n', ""),
                    encoding="utf-8")
    assert _refusal(path) == f"{_where(path)}: outcomes must be a table (got 'answered')"
    path = _file(tmp_path, 'answered = "已回复"', "answered = 1")
    assert _refusal(path) == f"{_where(path)}: outcomes.answered must be a non-empty text (got 1)"
    path = _file(tmp_path, "length = 10", "length = 10\nlength_when = { urgent = -2 }")
    assert _refusal(path) == f"{_where(path)} clock reply: length_when must be a table of whole numbers, at least 1 (got {{'urgent': -2}})"
    path = _file(tmp_path, "alerts = { before_due = 2, escalate_after = 3 }", "alerts = { before_due = -2 }")
    assert _refusal(path) == (
        f"{_where(path)} clock reply: alerts: before_due must be a whole number of working days, at least 1 (got -2)"
    )


def test_the_example_still_loads(tmp_path):
    assert "message_board" in load_kinds([MESSAGE_BOARD])


def test_an_effect_on_a_clock_the_case_has_not_started_is_refused_not_a_key_error(tmp_path):
    from disclosure.workflow.case import apply
    from disclosure.workflow.errors import RuleViolation

    path = _file(tmp_path, 'effects = [{ register = true }, { start = "reply", from = "received" }]', "effects = [{ register = true }]")
    path.write_text(path.read_text(encoding="utf-8").replace(
        'effects = [{ handler = "to" }]', 'effects = [{ handler = "to" }, { pause = "reply" }]'), encoding="utf-8")
    kind = load_kinds([path]).kind("message_board")
    machine = KindMachine(kind)
    acting = Acting("u", frozenset({"registrar"}), date(2026, 11, 3), date(2026, 12, 31), WorkCalendar())
    case = apply(kind, machine, None, decide(kind, machine, None, "register", acting, {
        "received": "2026-11-02", "channel": "online", "applicant": "张三", "applicant_type": "natural", "request": "路灯不亮",
    }, number="T-1"))
    with pytest.raises(RuleViolation, match="^the reply clock is not_started, so it cannot pause$"):
        apply(kind, machine, case, decide(kind, machine, case, "assign", acting, {"to": "li"}))
