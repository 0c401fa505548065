"""The clerks' case commands: register, show, list, search, actions, advance, history, explain."""

from __future__ import annotations

from datetime import date
from typing import Callable

import click

from disclosure.cli._context import DATE, AppContext, CodeChoice, pass_app
from disclosure.cli.advance_options import ActionOptionsCommand
from disclosure.cli.output import emit, json_option, note
from disclosure.cli.render import advance_line, case_lines, event_cells, event_dict, explanation_lines, step_dict, table
from disclosure.cli.shared_options import letter_lines, letter_options, reveal_options, reveal_reason, view_with_letter, with_letter
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.input_bounds import LIST_LIMIT, SEARCH_LIMIT
from disclosure.workflow.vocabulary import CHANNELS
from disclosure.workflow.messages import t


def _settings_option(function):
    return click.option(
        "--set", "assignments", multiple=True, metavar="NAME=VALUE",
        help="A parameter the kind's action takes (configured kinds: see `disclosure kinds show KIND`); repeatable.",
    )(function)


def _assigned(assignments: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for assignment in assignments:
        name, sign, value = assignment.partition("=")
        if not sign or not name.strip():
            raise click.BadParameter(t("expected NAME=VALUE, got {assignment!r}", assignment=assignment), param_hint="--set")
        values[name.strip().replace("-", "_")] = value
    return values


@click.command("register")
@click.option("--kind", default="disclosure", show_default=True,
              help="The kind's code or label (disclosure 政府信息公开申请, petition 信访事项, …: `disclosure kinds list`).")
@click.option("--channel", default=None, type=CodeChoice(CHANNELS), help="in_person 当面, post 信函, online 网络, fax 传真, email 电子邮件 (code or label).")
@click.option(
    "--received", default=None, type=DATE,
    help="The legal receipt date ([GK] 31) when already worked out; a suggestion's assignment (交办) date.",
)
@click.option("--submitted-on", default=None, type=DATE, help="The day the applicant handed the application in or sent it.")
@click.option("--signed-on", default=None, type=DATE, help="Post: the day the office signed for the letter (its receipt date).")
@click.option(
    "--confirmed-on", default=None, type=DATE,
    help="Online, fax, e-mail, or mail needing no signature: the day the office confirmed receipt with the applicant.",
)
@click.option("--applicant", default=None)
@click.option("--applicant-type", default=None, help="natural, enterprise, … (a suggestion: deputy, member, group).")
@click.option("--request", default=None, help="What is asked for.")
@click.option("--id-number", default=None)
@click.option("--phone", default=None)
@click.option("--address", default=None)
@click.option("--on", type=DATE, default=None, help="Registration date (default today).")
@click.option("--note", default=None)
@_settings_option
@letter_options
@json_option()
@pass_app
def register(
    app: AppContext, as_json: bool, on: date | None, kind: str, assignments: tuple[str, ...], letter: bool,
    letter_out: str | None, force: bool, **params,
) -> None:
    """Register a case (an application by default); prints the case number."""
    params.update(_assigned(assignments))
    office, user = app.office(), app.acting_user()
    view, issued = with_letter(
        app, letter, letter_out, force,
        lambda: office.register(user=user, on=on, kind=kind, **params),
        lambda: office.register_with_letter(user=user, on=on, kind=kind, **params),
        lambda view, issued: t(
            "case {case} was registered and its letter {letter} issued all the same: `disclosure file {case} {letter} --out FILE` "
            "writes the letter", case=view.number, letter=issued.record["number"],
        ),
    )
    emit(app, as_json, view_with_letter(view.to_dict(), issued, letter_out),
         lambda: [view.number, *letter_lines(view.number, issued, letter_out)])


as_of_option = click.option("--as-of", type=DATE, default=None, help="As it stood on this day, from the events alone.")
version_option = click.option("--version", "version", type=click.IntRange(min=1), default=None, help="As it stood at this version.")


@click.command("show")
@click.argument("number")
@reveal_options
@as_of_option
@version_option
@json_option()
@pass_app
def show(app: AppContext, number: str, reveal: bool, reason: str | None, as_of: date | None, version: int | None, as_json: bool) -> None:
    """A case as it stands (or stood): state, due date, clocks. Personal data masked unless revealed."""
    reason = reveal_reason(reveal, reason)
    view = app.office().case(number, as_of=as_of, version=version, reveal=reason)
    data = view.to_dict()
    emit(app, as_json, data, lambda: case_lines(data))


def _case_rows(views) -> tuple[list[dict], Callable[[], list[str]]]:
    """The cases as JSON rows and as the lines of a table: number, kind, state, receipt, due date, flags,
    handler, applicant (masked), as `list` and `search` print them."""
    rows = [view.to_dict() for view in views]

    def lines():
        return table(
            (data["number"], data["kind_label"], data["state"], data["state_label"], data["received_on"] or "-",
             t("due {day}", day=data["due_on"] or "-"),
             _flags(data["provisional"], data["overdue"]),
             data["handler"] or "-", data["applicant"]["name"])
            for data in rows
        )

    return rows, lines


def _flags(provisional: bool, overdue: bool) -> str:
    """A case's flags as one cell: provisional (暂定) and overdue, each its own message."""
    if provisional and overdue:
        return t("暂定 {overdue}", overdue=t("已逾期 OVERDUE"))
    if overdue:
        return t("已逾期 OVERDUE")
    return "暂定" if provisional else ""


_STATE_HELP = "The state's code or label (processing 办理中, …); a voided case (voided 已作废) shows only when asked for."
_KIND_HELP = "The kind's code or label (disclosure 政府信息公开申请, petition 信访事项, …: `disclosure kinds list`)."


@click.command("list")
@click.option("--state", default=None, help=_STATE_HELP)
@click.option("--kind", default=None, help=_KIND_HELP)
@click.option("--handler", default=None, help="The handler (承办人) the cases are assigned to, a user's name.")
@click.option("--channel", default=None, help="in_person 当面, post 信函, online 网络, fax 传真, email 电子邮件 (code or label).")
@click.option("--received-from", type=DATE, default=None, help="Received on or after this day.")
@click.option("--received-to", type=DATE, default=None, help="Received on or before this day.")
@click.option("--overdue", is_flag=True, help="Only cases past their reply due date.")
@click.option("--due-within", type=int, default=None, help="Due within N working days.")
@click.option("--on", type=DATE, default=None, help="Judge overdue and due dates on this day (default today).")
@click.option("--limit", type=int, default=LIST_LIMIT, show_default=True, help="At most this many cases; 0: all of them.")
@click.option("--after", default=None, help="Only cases numbered after this one: the page after one that ended there.")
@json_option()
@pass_app
def list_cases(
    app: AppContext, overdue: bool, due_within: int | None, on: date | None, limit: int, after: str | None, as_json: bool,
    **filters,
) -> None:
    """Cases, filtered: every filter given holds. By number, a page at a time (--limit, --after)."""
    if limit < 0:
        raise InvalidInput(t("--limit must be 0 (all) or more (got {limit})", limit=limit))
    # One more than shown, to say whether a page follows.
    views = app.office().cases(overdue=overdue, due_within=due_within, on=on, limit=limit + 1 if limit else None,
                               after=after, **filters)
    rows, lines = _case_rows(views[:limit] if limit else views)
    emit(app, as_json, rows, lines)
    if limit and len(views) > limit:
        last = rows[-1]["number"]
        note(app, {"more": True, "after": last},
             t("{limit} cases shown, more follow: --after {number} lists the next page, --limit 0 all of them",
               limit=limit, number=last))


@click.command("search")
@click.argument("text")
@click.option("--kind", default=None, help=_KIND_HELP)
@click.option("--state", default=None, help=_STATE_HELP)
@click.option("--limit", type=int, default=SEARCH_LIMIT, show_default=True, help="At most this many cases (up to 1000).")
@json_option()
@pass_app
def search(app: AppContext, text: str, kind: str | None, state: str | None, limit: int, as_json: bool) -> None:
    """Cases whose number, applicant's name, request or notes hold TEXT (any length, Chinese or not), or the
    cases of the applicant whose ID number TEXT is (15 or 18 characters, exactly). By number; names masked."""
    rows, lines = _case_rows(app.office().search(text, kind=kind, state=state, limit=limit))
    emit(app, as_json, rows, lines)


@click.command("actions")
@click.argument("number")
@json_option()
@pass_app
def actions(app: AppContext, number: str, as_json: bool) -> None:
    """What the current user may do now."""
    office = app.office()
    names = office.actions(number, app.acting_user())

    def lines():
        case_kind = office.kinds.kind(office.case(number).case.kind)
        return table((name, case_kind.action(name).label) for name in names)

    emit(app, as_json, names, lines)


@click.command(
    "advance", cls=ActionOptionsCommand, after="note", context_settings={"ignore_unknown_options": False},
)
@click.argument("number")
@click.argument("action")
@click.option("--on", type=DATE, default=None, help="Effective date (default today); not in the future, not before the last event.")
@click.option("--note", default=None)
# here: an option for each parameter the built-in kinds' actions take (disclosure/cli/advance_options.py)
@click.option("--expect-version", type=click.IntRange(min=1), default=None, help="Refuse if the case is no longer at this version.")
@_settings_option
@letter_options
@json_option()
@pass_app
def advance(
    app: AppContext, number: str, action: str, on: date | None, expect_version: int | None,
    as_json: bool, assignments: tuple[str, ...], letter: bool, letter_out: str | None, force: bool, **params,
) -> None:
    """Take ACTION on case NUMBER."""
    params.update(_assigned(assignments))
    office, user = app.office(), app.acting_user()
    view, issued = with_letter(
        app, letter, letter_out, force,
        lambda: office.act(number, action, user=user, on=on, expected_version=expect_version, **params),
        lambda: office.act_with_letter(number, action, user=user, on=on, expected_version=expect_version, **params),
        lambda view, issued: t(
            "{action} on case {case} was recorded and its letter {letter} issued all the same: `disclosure file {case} {letter} "
            "--out FILE` writes the letter", action=_action_name(view, action), case=number, letter=issued.record["number"],
        ),
    )
    data = view.to_dict()
    emit(app, as_json, view_with_letter(data, issued, letter_out),
         lambda: [advance_line(_action_name(view, action), data), *letter_lines(number, issued, letter_out)])


def _action_name(view, given: str) -> str:
    """The action taken, by its name, however it was typed (its label, 审查通过, is approve-review)."""
    return view.kind.action(given).name


@click.command("history")
@click.argument("number")
@reveal_options
@as_of_option
@version_option
@json_option()
@pass_app
def history(app: AppContext, number: str, reveal: bool, reason: str | None, as_of: date | None, version: int | None, as_json: bool) -> None:
    """Every event of a case, in order (up to a day or a version). Personal data masked unless revealed."""
    events = app.office().history(number, as_of=as_of, version=version, reveal=reveal_reason(reveal, reason))
    emit(app, as_json, [event_dict(event) for event in events], lambda: table(map(event_cells, events)))


@click.command("explain")
@click.argument("number")
@click.option("--clock", default=None,
              help="Which clock, its name or its label (reply or 答复期限, …); default: the one the case's due date comes from.")
@json_option()
@pass_app
def explain(app: AppContext, number: str, clock: str | None, as_json: bool) -> None:
    """How the current due date was reached."""
    explanation = app.office().explain(number, clock)
    data = {
        "clock": explanation.clock,
        "unit": explanation.unit.value,
        "budget": explanation.budget,
        "status": explanation.status.value,
        "due": explanation.due.on.isoformat() if explanation.due else None,
        "provisional": bool(explanation.due and explanation.due.provisional),
        "steps": [step_dict(step) for step in explanation.steps],
        "receipt": explanation.receipt,
    }
    emit(app, as_json, data, lambda: explanation_lines(explanation))
