"""An office's own kind, built from its definition inside the test and driven through decide and apply:
each effect and guard of the vocabulary (docs/kinds.md, "How an office writes its own kind") does what it says.

Dates are in November 2026, a month without national holidays or make-up days, so a working day is
Monday to Friday: Mon 2, Tue 3, Wed 4, Thu 5, Fri 6, Mon 9, Tue 10, Wed 11, Thu 12, Fri 13, Mon 16,
Tue 17, Wed 18, Thu 19, Fri 20 November. The start day of a period is never counted ([MFD] 201).
"""

from __future__ import annotations

import copy
from datetime import date

import pytest

from disclosure.workflow.alerts import AlertPolicy
from disclosure.workflow.calendar import WorkCalendar
from disclosure.workflow.case import Acting, apply, available_actions, decide
from disclosure.workflow.clocks import ClockStatus
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.kinds.base import KindMachine
from disclosure.workflow.kinds.spec import kind_from_definition

CAL = WorkCalendar()
TODAY = date(2026, 12, 31)
EVERY_ROLE = frozenset({"registrar", "handler", "reviewer", "head", "auditor", "admin"})
d = date.fromisoformat

# 投诉件: a complaint, answered within 5 working days of its receipt.
COMPLAINT = {
    "code": "complaint",
    "label": "投诉件",
    "initial": "received",
    "states": [
        {"code": "received", "label": "已接收"},
        {"code": "handling", "label": "办理中"},
        {"code": "answered", "label": "已答复", "open": False},
    ],
    "clocks": {
        "answer": {"label": "答复期限", "unit": "workdays", "length": 5,
                   "length_setting": "answer_days", "length_when": {"urgent": 2}},
        "visit": {"length": 3, "alerts": False},  # no label, no unit: the name, and working days
        "hearing": {"label": "听证期限", "unit": "days", "length": 10, "alerts": {"on_due": False, "overdue": False}},
    },
    "outcomes": {"resolved": "已解决", "explained": "已解释说明", "withdrawn": "已撤回"},
    "actions": [
        {"name": "register", "label": "登记", "to": "received", "roles": ["registrar"],
         "params": [{"name": "urgent", "type": "bool", "required": False}],
         "effects": [{"register": True}, {"start": "answer", "from": "received"}, {"record": "urgent"}]},
        {"name": "assign", "from": ["received"], "to": "handling", "roles": ["registrar", "head"],
         "params": ["to"], "effects": [{"handler": "to"}]},
        {"name": "forward", "from": ["handling"], "roles": ["head"],
         "params": [{"name": "forwarded_on", "type": "date"}],
         "effects": [{"start": "answer", "from": "forwarded_on"}]},
        {"name": "schedule-visit", "from": ["handling"], "roles": ["handler"], "effects": [{"start": "visit"}]},
        {"name": "complete-visit", "from": ["handling"], "roles": ["handler"], "effects": [{"stop": "visit"}]},
        {"name": "revisit", "from": ["handling"], "roles": ["handler"], "guards": [{"within": "visit"}]},
        {"name": "restart-answer", "from": ["handling"], "roles": ["head"], "effects": [{"restart": "answer"}]},
        {"name": "extend", "from": ["handling"], "roles": ["head"],
         "params": [{"name": "reason", "required": False}, {"name": "extra_days", "type": "int", "max": 10}],
         "guards": [{"once": True}, {"within": "answer"}],
         "effects": [{"extend": "answer", "param": "extra_days"}, {"record": "reason"}]},
        {"name": "escalate", "from": ["handling"], "roles": ["head"], "guards": [{"once": True}]},
        {"name": "answer", "from": ["handling"], "to": "answered", "roles": ["handler"],
         "params": [{"name": "outcome", "choices": "outcomes"}],
         "effects": [{"reply": "answer"}, {"outcome": "param"}, {"conclude": True}, {"stop": "*"}]},
        {"name": "answer-visit", "from": ["handling"], "to": "answered", "roles": ["handler"],
         "effects": [{"reply": "visit"}, {"outcome": "explained"}, {"conclude": True}]},
        {"name": "withdraw", "from": ["received", "handling"], "to": "answered", "roles": ["registrar"],
         "effects": [{"stop": "answer"}, {"outcome": "withdrawn"}, {"conclude": True}]},
        {"name": "rate", "from": ["answered"], "roles": ["registrar"],
         "params": [{"name": "rating", "choices": ["satisfied", "dissatisfied"]}], "effects": [{"record": "rating"}]},
        {"name": "reopen", "label": "重新办理", "from": ["answered"], "to": "handling", "roles": ["head"],
         "guards": [{"fact": "rating", "equals": "dissatisfied"}],
         "effects": [{"reopen": True}, {"forget": "rating"}, {"forget": "never_recorded"}, {"start": "answer"}]},
    ],
}


class Run:
    """One case of a kind built from its definition, driven as the service drives it."""

    def __init__(self, definition=COMPLAINT, settings=None, hooks=None):
        self.kind = kind_from_definition(definition, source="test", hooks=hooks)
        self.machine = KindMachine(self.kind)
        self.settings = settings or {}
        self.case = None

    def command(self, on: str) -> Acting:
        return Acting(user="u", roles=EVERY_ROLE, on=d(on), today=TODAY, calendar=CAL, settings=self.settings)

    def take(self, action: str, on: str, **params):
        event = decide(self.kind, self.machine, self.case, action, self.command(on), params, number="T-1")
        self.case = apply(self.kind, self.machine, self.case, event)
        return event

    def register(self, received="2026-11-02", on=None, **params):
        registration = {"channel": "online", "received": received, "applicant": "张三",
                        "applicant_type": "natural", "request": "噪音投诉", **params}
        return self.take("register", on or received, **registration)

    def due(self, clock: str = "answer") -> date:
        return self.case.clocks[clock].due(CAL).on

    def ledger(self, clock: str = "answer"):
        return [(entry.action, entry.on) for entry in self.case.clocks[clock].ledger]


def handling(**settings) -> Run:
    run = Run(settings=settings)
    run.register()
    run.take("assign", "2026-11-02", to="han")
    return run


# -- clocks: the definition's unit and length, and what overrides them ----------------------------


def test_a_clock_started_from_the_receipt_counts_from_the_receipt_not_the_registration():
    run = Run()
    event = run.register(received="2026-11-02", on="2026-11-04")
    # 5 working days from Monday 2 November: 3, 4, 5, 6, 9 → Monday 9 November (from the 4th it would be the 11th).
    assert run.due() == date(2026, 11, 9)
    assert event.data["clocks"] == {"answer": {"length": 5, "unit": "workdays"}}


def test_an_office_setting_sets_the_length_and_a_missing_one_leaves_the_definitions():
    run = Run(settings={"answer_days": "8"})
    event = run.register()
    # 8 working days from 2 November: 3, 4, 5, 6, 9, 10, 11, 12 → Thursday 12 November.
    assert run.due() == date(2026, 11, 12)
    assert event.data["clocks"]["answer"] == {"length": 8, "unit": "workdays"}
    other = Run(settings={"some_other_setting": "30"})
    other.register()
    assert other.due() == date(2026, 11, 9)  # the definition's 5


def test_a_setting_of_one_working_day_is_the_shortest_period_allowed():
    run = Run(settings={"answer_days": "1"})
    run.register()
    assert run.due() == date(2026, 11, 3)  # received Monday 2 November: day 1 is Tuesday the 3rd


@pytest.mark.parametrize("value", ["ten", "0", "-3", 0])
def test_a_setting_that_is_not_a_whole_number_of_at_least_one_is_a_clear_error(value):
    # "0" once made a case due the day it arrived; "-3" failed with the clock's message, not the setting's.
    run = Run(settings={"answer_days": value})
    with pytest.raises(InvalidInput) as refused:
        run.register()
    assert str(refused.value) == f"the office setting answer_days must be a whole number, at least 1 (got {value!r})"


def test_a_true_flag_of_the_starting_action_picks_the_other_length():
    urgent = Run()
    event = urgent.register(urgent="yes")
    # 2 working days from 2 November: 3, 4 → Wednesday 4 November.
    assert urgent.due() == date(2026, 11, 4)
    assert event.data["clocks"]["answer"]["length"] == 2 and urgent.case.facts["urgent"] is True
    ordinary = Run()
    ordinary.register(urgent="no")
    assert ordinary.due() == date(2026, 11, 9) and ordinary.case.facts["urgent"] is False
    with pytest.raises(InvalidInput, match=r"^register: --urgent must be yes or no \(got 'perhaps'\)$"):
        Run().register(urgent="perhaps")


def test_a_unit_setting_counts_the_clock_in_calendar_days():
    definition = copy.deepcopy(COMPLAINT)
    definition["clocks"]["answer"] = {"label": "答复期限", "unit": "workdays", "length": 10, "unit_setting": "answer_unit"}
    in_days = Run(definition, settings={"answer_unit": "days"})
    in_days.register()
    # 10 calendar days from 2 November: Thursday 12 November.
    assert in_days.due() == date(2026, 11, 12)
    in_workdays = Run(definition)
    in_workdays.register()
    # 10 working days: 3, 4, 5, 6, 9, 10, 11, 12, 13, 16 → Monday 16 November.
    assert in_workdays.due() == date(2026, 11, 16)


def test_a_clock_without_label_or_unit_is_named_by_its_code_and_counts_working_days():
    run = handling()
    assert run.kind.clock_label("visit") == "visit" and run.kind.clock_label("answer") == "答复期限"
    run.take("schedule-visit", "2026-11-06")
    # 3 working days from Friday 6 November: 9, 10, 11 → Wednesday 11 November (in calendar days: the 9th).
    assert run.due("visit") == date(2026, 11, 11)


def test_each_clocks_alert_thresholds():
    specs = Run().kind.clock_specs
    assert specs["answer"].policy == AlertPolicy(before_due=3, on_due=True, overdue=True, escalate_after=5)
    assert specs["visit"].policy is None
    assert specs["hearing"].policy == AlertPolicy(before_due=3, on_due=False, overdue=False, escalate_after=5)
    assert specs["hearing"].unit.value == "days"


def test_a_one_day_clock_is_due_the_next_working_day():
    definition = copy.deepcopy(COMPLAINT)
    definition["clocks"]["answer"] = {"length": 1}
    run = Run(definition)
    run.register(received="2026-11-06")
    assert run.due() == date(2026, 11, 9)  # Friday 6 → Monday 9 November


# -- effects ---------------------------------------------------------------------------------------


def test_a_clock_started_from_a_date_param_counts_from_that_date_and_a_running_one_is_stopped_first():
    run = handling()
    run.take("forward", "2026-11-10", forwarded_on="2026-11-05")
    # 5 working days from Thursday 5 November: 6, 9, 10, 11, 12 → Thursday 12 November.
    assert run.due() == date(2026, 11, 12)
    clock = run.case.clocks["answer"]
    assert clock.name == "answer" and clock.status is ClockStatus.RUNNING
    # The first period is kept in the ledger, stopped on the new start's date.
    assert run.ledger() == [("start", d("2026-11-02")), ("stop", d("2026-11-05")), ("start", d("2026-11-05"))]
    other = handling()
    other.take("forward", "2026-11-10", forwarded_on=date(2026, 11, 5))  # a date, not text
    assert other.due() == date(2026, 11, 12)


def test_a_date_param_that_is_not_a_date_or_is_missing_names_its_flag():
    run = handling()
    with pytest.raises(InvalidInput) as refused:
        run.take("forward", "2026-11-10", forwarded_on="5 Nov")
    assert str(refused.value) == "--forwarded-on '5 Nov' is not a date of the form YYYY-MM-DD"
    with pytest.raises(InvalidInput) as missing:
        run.take("forward", "2026-11-10")
    assert str(missing.value) == "forward needs --forwarded-on"


def test_a_required_param_given_empty_is_missing():
    run = Run()
    run.register()
    with pytest.raises(InvalidInput, match="^assign needs --to$"):
        run.take("assign", "2026-11-02", to="")
    assert run.case.state == "received"


def test_extend_adds_working_days_records_the_date_and_marks_the_case():
    run = handling()
    run.take("extend", "2026-11-05", extra_days=3)  # no reason: optional, and before the required param
    # Due Monday 9 November, 3 more working days: 10, 11, 12 → Thursday 12 November.
    assert run.due() == date(2026, 11, 12)
    assert run.ledger()[-1] == ("extend", d("2026-11-05"))
    assert run.case.extended is True and "reason" not in run.case.facts


def test_an_int_param_is_a_positive_whole_number_up_to_its_max():
    run = handling()
    with pytest.raises(InvalidInput) as word:
        run.take("extend", "2026-11-05", extra_days="ten")
    assert str(word.value) == "extend: --extra-days must be a whole number (got 'ten')"
    with pytest.raises(InvalidInput) as zero:
        run.take("extend", "2026-11-05", extra_days=0)
    assert str(zero.value) == "extend: --extra-days must be positive (got 0)"
    with pytest.raises(RuleViolation) as over:
        run.take("extend", "2026-11-05", extra_days=11)
    assert str(over.value) == "extend: --extra-days may be at most 10 (got 11)"
    run.take("extend", "2026-11-05", extra_days="1", reason="材料较多")
    assert run.due() == date(2026, 11, 10) and run.case.facts["reason"] == "材料较多"  # 9 November + 1


def test_restart_begins_the_same_length_again_and_resolves_it_into_the_event():
    run = handling()
    event = run.take("restart-answer", "2026-11-05")
    # 5 working days from Thursday 5 November: 6, 9, 10, 11, 12 → Thursday 12 November.
    assert run.due() == date(2026, 11, 12)
    assert run.ledger()[-1] == ("restart", d("2026-11-05"))
    assert event.data == {"clocks": {"answer": {"length": 5, "unit": "workdays"}}}


def test_stop_star_stops_every_clock_and_a_named_stop_only_its_own():
    run = handling()
    run.take("schedule-visit", "2026-11-03")
    run.take("answer", "2026-11-05", outcome="resolved")
    assert {name: (clock.status, clock.stopped_on) for name, clock in run.case.clocks.items()} == {
        "answer": (ClockStatus.STOPPED, d("2026-11-05")),
        "visit": (ClockStatus.STOPPED, d("2026-11-05")),
    }
    withdrawn = handling()
    withdrawn.take("schedule-visit", "2026-11-03")
    withdrawn.take("withdraw", "2026-11-04")
    assert withdrawn.case.clocks["answer"].stopped_on == d("2026-11-04")
    assert withdrawn.case.clocks["visit"].status is ClockStatus.RUNNING
    assert (withdrawn.case.outcome, withdrawn.case.concluded_on) == ("withdrawn", d("2026-11-04"))


def test_a_reply_on_the_due_date_is_on_time_and_the_event_keeps_the_due_date():
    run = handling()
    event = run.take("answer", "2026-11-09", outcome="resolved")  # due Monday 9 November
    assert (event.data["due_on"], event.data["on_time"]) == ("2026-11-09", True)
    assert (run.case.replied_on, run.case.reply_on_time, run.case.outcome) == (d("2026-11-09"), True, "resolved")
    late = handling()
    event = late.take("answer", "2026-11-10", outcome="resolved")
    assert (event.data["due_on"], event.data["on_time"], late.case.reply_on_time) == ("2026-11-09", False, False)


def test_a_reply_on_a_clock_that_never_started_has_no_due_date():
    run = handling()
    event = run.take("answer-visit", "2026-11-05")
    assert "due_on" not in event.data and "on_time" not in event.data
    assert (run.case.replied_on, run.case.reply_on_time, run.case.outcome) == (d("2026-11-05"), None, "explained")


def test_reopen_counts_each_time_forgets_the_rating_and_starts_the_period_again():
    run = handling()
    for reopened, (answered_on, reopened_on) in enumerate([("2026-11-04", "2026-11-05"), ("2026-11-09", "2026-11-10")], 1):
        run.take("answer", answered_on, outcome="explained")
        run.take("rate", answered_on, rating="dissatisfied")
        run.take("reopen", reopened_on)
        assert (run.case.state, run.case.reopened, run.case.outcome, run.case.replied_on) == ("handling", reopened, None, None)
        assert "rating" not in run.case.facts and "taken" not in run.case.facts  # a fact guard is not a once guard
    # 5 working days from Tuesday 10 November: 11, 12, 13, 16, 17 → Tuesday 17 November.
    assert run.due() == date(2026, 11, 17)


def test_the_fact_guard_and_the_actions_a_user_is_offered():
    run = handling()
    run.take("answer", "2026-11-04", outcome="resolved")
    acting = run.command("2026-11-05")
    assert available_actions(run.kind, run.machine, run.case, acting) == ["rate"]
    with pytest.raises(RuleViolation) as refused:
        run.take("reopen", "2026-11-05")
    assert str(refused.value) == "reopen needs rating to be 'dissatisfied' (it is None)"
    run.take("rate", "2026-11-05", rating="dissatisfied")
    assert available_actions(run.kind, run.machine, run.case, acting) == ["rate", "reopen"]


def test_once_guards_record_each_action_taken_and_refuse_a_second_time():
    run = handling()
    run.take("extend", "2026-11-03", extra_days=2)
    run.take("escalate", "2026-11-04")
    assert run.case.facts["taken"] == ["extend", "escalate"]
    with pytest.raises(RuleViolation, match="^escalate may be taken once per case, and was$"):
        run.take("escalate", "2026-11-05")
    with pytest.raises(RuleViolation, match="^extend may be taken once per case, and was$"):
        run.take("extend", "2026-11-05", extra_days=2)


def test_a_within_guard_on_a_clock_not_running_says_it_is_not_open_or_what_starts_it():
    run = handling()
    with pytest.raises(RuleViolation) as never_started:
        run.take("revisit", "2026-11-03")
    assert str(never_started.value) == "revisit must come within the visit (visit); it has not started (schedule-visit starts it)"
    run.take("schedule-visit", "2026-11-03")  # due Friday 6 November
    run.take("revisit", "2026-11-04")
    run.take("complete-visit", "2026-11-04")
    with pytest.raises(RuleViolation) as stopped:  # before the 6th, but the visit clock is stopped
        run.take("revisit", "2026-11-05")
    assert str(stopped.value) == "revisit must come within the visit (visit); it is not open"


def test_a_guard_on_the_creating_action_sees_no_case_and_refuses_cleanly():
    definition = copy.deepcopy(COMPLAINT)
    definition["actions"][0]["guards"] = [{"within": "answer"}]
    with pytest.raises(RuleViolation, match="^register must come within the 答复期限 \\(answer\\); it is not open$"):
        Run(definition).register()
    definition["actions"][0]["guards"] = [{"fact": "rating", "equals": None}]  # nothing is recorded before the case
    run = Run(definition)
    run.register()
    assert run.case.state == "received"


# -- what the built kind says about its actions ----------------------------------------------------


def test_action_labels_and_the_options_each_action_takes():
    kind = Run().kind
    assert (kind.action("reopen").label, kind.action("rate").label, kind.action("register").label) == ("重新办理", "rate", "登记")
    assert kind.action("assign").options == ("to",)
    assert kind.action("restart-answer").options == ()
    assert kind.action("register").options == (
        "urgent", "channel", "received", "submitted_on", "signed_on", "confirmed_on",
        "applicant", "applicant_type", "request", "id_number", "phone", "address",
    )
    run = Run()
    run.register(id_number="110101199001010011", phone="13800000000", address="北京市东城区")
    assert run.case.applicant == {"name": "张三", "type": "natural", "id_number": "110101199001010011",
                                  "phone": "13800000000", "address": "北京市东城区"}
    assert (run.case.request, run.case.received_on, run.case.registered_on) == ("噪音投诉", d("2026-11-02"), d("2026-11-02"))
    with pytest.raises(InvalidInput, match="^assign takes no option 'channel'$"):
        run.take("assign", "2026-11-02", to="han", channel="online")


def test_a_kinds_own_applicant_types_and_event_versions():
    definition = copy.deepcopy(COMPLAINT)
    definition["applicant_types"] = {"resident": "居民", "company": "企业"}
    definition["event_versions"] = {"register": 2}
    run = Run(definition)
    assert run.kind.applicant_types == {"resident": "居民", "company": "企业"}
    with pytest.raises(InvalidInput) as refused:
        run.register()
    assert str(refused.value) == "unknown applicant type 'natural'; expected one of resident, company"
    event = run.register(applicant_type="resident")
    assert event.schema == 2 and run.kind.event_version("assign") == 1
    assert run.case.applicant == {"name": "张三", "type": "resident"}


def test_an_action_without_effects_changes_nothing_but_the_version():
    run = handling()
    before = (run.case.state, dict(run.case.clocks))
    event = run.take("escalate", "2026-11-03")  # no effects: only its once guard's record
    assert event.data == {} and run.case.version == 3
    assert (run.case.state, dict(run.case.clocks), run.case.facts["taken"]) == (*before, ["escalate"])


# -- hooks: an action whose rules are Python ------------------------------------------------------


MEMO = {
    "code": "memo",
    "label": "备忘",
    "initial": "open",
    "states": [{"code": "open", "label": "办理中"}],
    "actions": [
        {"name": "register", "to": "open", "roles": ["registrar"], "effects": [{"register": True}]},
        {"name": "annotate", "from": ["open"], "roles": ["handler"], "hook": "note"},
        {"name": "lock", "from": ["open"], "roles": ["head"], "hook": "lock"},
    ],
}


def _note_decide(case, acting, params):
    return {"text": str(params["text"]).strip()}


def _note_apply(case, event):
    case.facts.setdefault("notes", []).append(event.data["text"])


def _note_check(case, acting):
    if case.facts.get("locked"):
        raise RuleViolation("the memo is locked")


def _lock_apply(case, event):
    case.facts["locked"] = True


HOOKS = {
    "note": {"decide": _note_decide, "apply": _note_apply, "check": _note_check, "options": ("text",)},
    "lock": {"decide": lambda case, acting, params: {}, "apply": _lock_apply},
}


def test_hooked_actions_decide_apply_and_check_by_their_hooks():
    run = Run(MEMO, hooks=HOOKS)
    assert run.kind.action("annotate").options == ("text",) and run.kind.action("lock").options == ()
    assert "annotate" in run.kind.guards and "lock" not in run.kind.guards
    run.register()
    event = run.take("annotate", "2026-11-03", text=" 已电话联系 ")
    assert event.data == {"text": "已电话联系"} and run.case.facts["notes"] == ["已电话联系"]
    acting = run.command("2026-11-04")
    assert available_actions(run.kind, run.machine, run.case, acting) == ["annotate", "lock"]
    run.take("lock", "2026-11-04")
    assert available_actions(run.kind, run.machine, run.case, acting) == ["lock"]


def test_an_action_naming_a_hook_not_given_is_named():
    with pytest.raises(InvalidInput) as refused:
        kind_from_definition(MEMO, source="memo.toml", hooks={"note": HOOKS["note"]})
    assert str(refused.value) == "kind memo (memo.toml) action lock: unknown hook 'lock'"
    with pytest.raises(InvalidInput, match=r"action annotate: unknown hook 'note'"):
        kind_from_definition(MEMO, source="memo.toml", hooks={})


def test_registration_names_what_is_missing_and_refuses_a_receipt_after_it():
    with pytest.raises(InvalidInput) as empty:
        Run().register(applicant="")
    assert str(empty.value) == "register needs --applicant"
    with pytest.raises(InvalidInput) as missing:
        Run().register(applicant_type=None)
    assert str(missing.value) == "register needs --applicant-type"
    with pytest.raises(InvalidInput) as not_a_date:
        Run().register(received="soon", on="2026-11-04")
    assert str(not_a_date.value) == "--received 'soon' is not a date of the form YYYY-MM-DD"
    with pytest.raises(RuleViolation) as later:
        Run().register(received="2026-11-05", on="2026-11-04")
    assert str(later.value) == "the receipt date 2026-11-05 is after the registration date 2026-11-04"


def test_the_channel_is_kept_when_given_checked_against_the_channels_and_may_be_left_out():
    run = Run()
    run.register(channel="post")
    assert run.case.channel == "post"
    without = Run()
    without.register(channel=None)  # a kind's registration may have no channel (a suggestion is assigned)
    assert without.case.channel == ""
    with pytest.raises(InvalidInput) as refused:
        Run().register(channel="pigeon")
    assert str(refused.value) == "unknown channel 'pigeon'; expected one of in_person, post, online, fax, email"
