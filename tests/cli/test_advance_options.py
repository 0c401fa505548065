"""`advance` takes an option for every parameter of the built-in kinds' actions, made from one table, and each reaches the action."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date

import click
import pytest
from freezegun import freeze_time

from disclosure.cli.advance_options import ACTION_OPTIONS, action_options, advanced_parameters
from disclosure.cli.case_commands import advance
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.kinds import BUILT_IN


def _advance_options() -> dict[str, click.Option]:
    params = advance.get_params(click.Context(advance, info_name="advance"))
    return {param.name: param for param in params if isinstance(param, click.Option)}


def test_every_parameter_a_built_in_action_takes_on_a_case_is_an_option_of_advance():
    options = _advance_options()
    for kind in BUILT_IN.values():
        for action in kind.actions:
            if not action.sources:
                continue  # the creating action's parameters are `register`'s
            for name in action.options:
                assert name in options, f"{kind.code} {action.name}: no --{name.replace('_', '-')} on advance"
                assert options[name].opts == [f"--{name.replace('_', '-')}"]


def test_the_table_has_a_row_for_each_parameter_and_no_other():
    assert set(ACTION_OPTIONS) == advanced_parameters(BUILT_IN.values())


def test_a_parameter_without_a_row_is_named():
    disclosure = BUILT_IN["disclosure"]
    assign = disclosure.action("assign")
    grown = replace(disclosure, actions=(replace(assign, options=(*assign.options, "urgency")),))
    with pytest.raises(LookupError, match="urgency"):
        action_options([grown])


def test_the_generated_options_keep_their_place_in_the_help():
    names = [param.name for param in advance.get_params(click.Context(advance, info_name="advance"))]
    generated = [name for name in ACTION_OPTIONS]
    assert names[:4] == ["number", "action", "on", "note"]
    assert names[4:4 + len(generated)] == generated
    assert names[4 + len(generated):-1] == ["expect_version", "assignments", "letter", "letter_out", "force", "as_json"]  # and --help


_VALUES = {int: ("3", 3), "date": ("2026-12-01", date(2026, 12, 1)), "text": ("x y", "x y")}


def _family(option: click.Option) -> str | type:
    return int if option.type is click.INT else "date" if option.type.name == "date" else "text"


@freeze_time("2026-11-20 10:00:00")
@pytest.mark.parametrize("name", list(ACTION_OPTIONS))
def test_each_option_reaches_the_library_under_its_parameter_name(cli, monkeypatch, name):
    from disclosure.service import Office

    cli("init", "--admin", "admin")
    given, parsed = _VALUES[_family(_advance_options()[name])]
    seen = {}

    def act(self, number, action, **kwargs):
        seen.update(kwargs)
        raise InvalidInput("seen")

    monkeypatch.setattr(Office, "act", act)
    code, _, err = cli("advance", "2026-0001", "some-action", f"--{name.replace('_', '-')}", given)
    assert (code, err.strip()) == (2, "disclosure: error: seen")
    assert seen[name] == parsed
    assert all(value is None for key, value in seen.items() if key in ACTION_OPTIONS and key != name)


@freeze_time("2026-11-20 10:00:00")
def test_one_real_advance_for_each_family_of_option(cli):
    """Text (--to, --party, --name), whole numbers (--period), dates (--due): each lands in the event's data."""
    cli("init", "--admin", "admin")
    for received in ("2026-10-12", "2026-10-13"):
        cli("register", "--channel", "online", "--received", received, "--on", received, "--applicant", "x",
            "--applicant-type", "natural", "--request", "x")
    assert cli("advance", "2026-0001", "assign", "--to", "admin", "--on", "2026-10-13")[0] == 0
    assert cli("advance", "2026-0001", "consult", "--party", "agency", "--name", "某局", "--on", "2026-10-14")[0] == 0
    assert cli("advance", "2026-0001", "receive-opinion", "--consent", "yes", "--on", "2026-10-15")[0] == 0
    code, _, err = cli("advance", "2026-0001", "reply", "--outcome", "unavailable.not_held", "--on", "2026-10-16")
    assert code == 0, err
    assert cli("advance", "2026-0001", "deliver", "--method", "email", "--on", "2026-10-19")[0] == 0
    assert cli("advance", "2026-0001", "reopen", "--due", "2026-12-01", "--on", "2026-10-20")[0] == 0
    assert cli("advance", "2026-0002", "request-correction", "--period", "10", "--on", "2026-10-14")[0] == 0
    data = {event["type"]: event["data"] for event in json.loads(cli("history", "2026-0001", "--json")[1])}
    assert data["assign"]["to"] == "admin"
    assert (data["consult"]["party"], data["consult"]["name"]) == ("agency", "某局")
    assert data["reopen"]["due"] == "2026-12-01"
    shown = json.loads(cli("show", "2026-0001", "--json")[1])
    assert (shown["state"], shown["due_on"]) == ("processing", "2026-12-01")
    data = {event["type"]: event["data"] for event in json.loads(cli("history", "2026-0002", "--json")[1])}
    assert data["request-correction"]["period"] == 10


@freeze_time("2026-11-20 10:00:00")
def test_the_options_no_hand_written_option_had(cli):
    """--rating (a suggestion's feedback) and --clock (lapse, the system's action) did the work of --set."""
    cli("init", "--admin", "admin")
    cli("register", "--kind", "suggestion", "--received", "2026-03-19", "--on", "2026-03-19", "--applicant", "王代表",
        "--applicant-type", "deputy", "--request", "建议")
    cli("advance", "2026-0001", "assign", "--to", "admin", "--on", "2026-03-20")
    cli("advance", "2026-0001", "reply", "--outcome", "C", "--on", "2026-06-01")
    code, out, _ = cli("advance", "2026-0001", "feedback", "--rating", "dissatisfied", "--on", "2026-06-05", "--json")
    assert code == 0 and json.loads(out)["facts"]["rating"] == "dissatisfied"
    cli("register", "--channel", "online", "--received", "2026-10-12", "--on", "2026-10-12", "--applicant", "x",
        "--applicant-type", "natural", "--request", "x")
    cli("advance", "2026-0002", "request-correction", "--period", "5", "--on", "2026-10-13")
    # --clock is parsed (no usage error); the action is the scheduler's, which no login can act for.
    code, out, err = cli("advance", "2026-0002", "lapse", "--clock", "correction", "--on", "2026-11-02", user="system")
    assert (code, out) == (1, "") and "no one acts for system" in err


def test_importing_the_command_line_builds_no_kind():
    """The options are made on first use: `calendar` commands and --help of others start without the kinds."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, disclosure.cli; print('disclosure.workflow.kinds' in sys.modules)"],
        capture_output=True, text=True, timeout=120,
    )
    assert loaded.stdout.strip() == "False", loaded.stderr


@freeze_time("2026-11-20 10:00:00")
def test_a_fee_on_the_page_scale_and_an_answer_from_the_command_line(cli):
    cli("init", "--admin", "admin")
    for received in ("2026-10-12", "2026-10-13"):
        cli("register", "--channel", "online", "--received", received, "--on", received, "--applicant", "x",
            "--applicant-type", "natural", "--request", "x")
    cli("advance", "2026-0001", "assign", "--to", "admin", "--on", "2026-10-13")
    cli("advance", "2026-0002", "assign", "--to", "admin", "--on", "2026-10-13")
    # 120 pages: pages 31–100 at ¥10 (700) and 101–120 at ¥20 (400) = ¥1100; ¥1100.01 is above it.
    code, out, err = cli("advance", "2026-0001", "notify-fee", "--pages", "120", "--amount", "1100.01", "--on", "2026-10-14")
    assert (code, out) == (1, "") and "above the scale" in err and err.count("\n") == 1
    code, _, err = cli("advance", "2026-0001", "notify-fee", "--pages", "120", "--on", "2026-10-14")
    assert code == 0, err
    assert cli("advance", "2026-0001", "fee-notice-received", "--on", "2026-10-15")[0] == 0
    facts = json.loads(cli("show", "2026-0001", "--json")[1])["facts"]
    assert (facts["fee_amount"], facts["fee_pages"], facts["fee_notice_received_on"]) == ("1100.00", 120, "2026-10-15")
    code, _, err = cli("advance", "2026-0002", "notify-fee", "--scale", "volume", "--on", "2026-10-14")
    assert code == 2 and "--scale must be page or item" in err
    cli("advance", "2026-0002", "consult", "--party", "third_party", "--on", "2026-10-14")
    code, _, err = cli("advance", "2026-0002", "receive-opinion", "--opinion", "object", "--reason", "商业秘密", "--on", "2026-10-15")
    assert code == 0, err
    data = {event["type"]: event["data"] for event in json.loads(cli("history", "2026-0002", "--json")[1])}
    assert data["receive-opinion"] == {"opinion": "object", "party": "third_party", "reason": "商业秘密"}
