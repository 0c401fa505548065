"""Fixing mistakes in the open (更正差错): void, approve-void, reject-void, amend, undo. Each records an
event of its own; nothing is deleted (docs/clerk.md, "Fixing mistakes")."""

from __future__ import annotations

import click

from disclosure.cli._context import AppContext, pass_app
from disclosure.cli.output import emit, json_option
from disclosure.cli.render import advance_line

_REASON = click.option("--reason", required=True, help="Why (kept in the case's history).")


def _done(app: AppContext, as_json: bool, action: str, view) -> None:
    data = view.to_dict()
    emit(app, as_json, data, lambda: [advance_line(action, data)])


@click.command("void")
@click.argument("number")
@_REASON
@json_option()
@pass_app
def void(app: AppContext, number: str, reason: str, as_json: bool) -> None:
    """Ask to void case NUMBER, a registration entered in error (申请作废; a registrar). A head approves it (approve-void)."""
    _done(app, as_json, "void", app.office().void(number, user=app.acting_user(), reason=reason))


@click.command("approve-void")
@click.argument("number")
@json_option()
@pass_app
def approve_void(app: AppContext, number: str, as_json: bool) -> None:
    """Void case NUMBER as a registrar asked (批准作废; a head, not the one who asked): 已作废, kept in the chain."""
    _done(app, as_json, "approve-void", app.office().approve_void(number, user=app.acting_user()))


@click.command("reject-void")
@click.argument("number")
@_REASON
@json_option()
@pass_app
def reject_void(app: AppContext, number: str, reason: str, as_json: bool) -> None:
    """Decline a request to void case NUMBER (不予作废; a head)."""
    _done(app, as_json, "reject-void", app.office().reject_void(number, user=app.acting_user(), reason=reason))


@click.command("amend")
@click.argument("number")
@click.option("--version", "version", type=click.IntRange(min=1), required=True, help="The version of the step corrected (`history`).")
@click.option(
    "--field", required=True,
    help="on (the step's effective date), or a registration's received, submitted_on, signed_on, confirmed_on, channel, "
         "applicant, applicant_type, request, id_number, phone, address.",
)
@click.option("--value", required=True, help="What the step should have said.")
@_REASON
@json_option()
@pass_app
def amend(app: AppContext, number: str, version: int, field: str, value: str, reason: str, as_json: bool) -> None:
    """Correct a date or field of an earlier step of case NUMBER (更正; a head): dates and clocks are counted again."""
    view = app.office().amend(number, user=app.acting_user(), version=version, field=field, value=value, reason=reason)
    _done(app, as_json, "amend", view)


@click.command("undo")
@click.argument("number")
@json_option()
@pass_app
def undo(app: AppContext, number: str, as_json: bool) -> None:
    """Undo your own last step on case NUMBER, the day you recorded it (撤销本人上一步)."""
    _done(app, as_json, "undo", app.office().undo(number, user=app.acting_user()))
