"""`advance`'s options for the parameters the built-in kinds' actions take: one row a parameter.

A parameter a built-in action gains needs one row in ACTION_OPTIONS (its type and help); the option
``--NAME`` follows from the row and the kinds. The conversions and checks stay in the actions. An
office's own kinds pass their parameters with ``--set NAME=VALUE``.
"""

from __future__ import annotations

from typing import Any, Iterable

import click

from disclosure.cli._context import DATE
from disclosure.workflow.messages import say, t

__all__ = ["ACTION_OPTIONS", "ActionOptionsCommand", "action_options", "advanced_parameters"]

# Parameter name → the click option's settings (default None: a parameter not given is not passed).
# The order is the order of `disclosure advance --help`.
ACTION_OPTIONS: dict[str, dict[str, Any]] = {
    "to": {"help": "assign, reassign, reopen (of a case without a handler): the handler."},
    "period": {"type": int, "help": "request-correction: working days."},
    "party": {"help": "consult: third_party or agency."},
    "name": {"help": "consult: who is consulted."},
    "opinion": {"help": "receive-opinion: agree 同意公开, object 不同意公开 or none 逾期未答复."},
    "consent": {"help": "receive-opinion: yes or no (the older spelling of --opinion agree / object); with --opinion, the same answer only."},
    "pages": {"type": int, "help": "notify-fee: the pages provided (the per-page scale 按量计收)."},
    "scale": {"help": "notify-fee: page 按量计收 or item 按件计收 (the applicant's applications of the month)."},
    "amount": {"help": "notify-fee: yuan, at most the scale's sum (default: the scale's sum)."},
    "days": {"type": int, "help": "extend: working days (at most 20)."},
    "outcome": {"help": "reply: an outcome, its code or its label (listed below, kind by kind)."},
    "basis": {"help": "reply: the legal basis (default: the outcome's article)."},
    "available_at": {"help": "reply: where the information can be obtained (already public, a publication, the office holding it)."},
    "method": {"help": "deliver: post, email, in_person or online."},
    "type": {"help": "record-appeal: reconsideration, litigation, litigation_after_reconsideration."},
    "result": {"help": "record-appeal: upheld, corrected, other or pending."},
    "appeal": {"type": int, "help": "record-appeal: update appeal N (a pending one)."},
    "due": {"type": DATE, "help": "reopen, delay-reply: the new due date."},
    "reason": {"help": "reply, delay-reply, extend (petition), refuse, reinstate, public-interest-release: why; receive-opinion: the party's reasons."},
    "rating": {"help": "feedback (petition, suggestion): satisfied 满意, basically_satisfied 基本满意 or dissatisfied 不满意."},
    "clock": {"help": "lapse: the lapsed period, correction or payment (the sweep's own action, as the system user)."},
}


def advanced_parameters(kinds: Iterable) -> set[str]:
    """Every parameter an action of these kinds takes on an existing case (a creating action's are `register`'s)."""
    return {name for kind in kinds for action in kind.actions if action.sources for name in action.options}


def action_options(kinds: Iterable) -> list[click.Option]:
    """One option for each parameter the kinds' actions take, in the table's order."""
    taken = advanced_parameters(kinds)
    missing = sorted(taken - ACTION_OPTIONS.keys())
    if missing:
        raise LookupError(f"no row in ACTION_OPTIONS for the action parameter(s) {', '.join(missing)}")
    return [
        click.Option([f"--{name.replace('_', '-')}", name], default=None, **spec)
        for name, spec in ACTION_OPTIONS.items() if name in taken
    ]


class ActionOptionsCommand(click.Command):
    """A command whose options for the built-in actions' parameters are made on first use, after the
    option named ``after``: building the kinds at import would slow every command's start-up."""

    def __init__(self, *args: Any, after: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._after = after
        self._made = False

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        if not self._made:
            from disclosure.workflow.kinds import BUILT_IN

            at = next(index for index, param in enumerate(self.params) if param.name == self._after) + 1
            self.params[at:at] = action_options(BUILT_IN.values())
            self._made = True
        return super().get_params(ctx)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The outcome codes `--outcome` takes, kind by kind, with their labels (either may be typed)."""
        from disclosure.workflow.kinds import BUILT_IN
        from disclosure.workflow.kinds.diagram import typed_outcomes

        for kind in BUILT_IN.values():
            outcomes = typed_outcomes(kind)
            if outcomes:
                heading = t("--outcome for {code} {label} (the code or its label)", code=kind.code, label=kind.label)
                with formatter.section(say(heading)):
                    formatter.write_dl(list(outcomes.items()))
        super().format_epilog(ctx, formatter)
