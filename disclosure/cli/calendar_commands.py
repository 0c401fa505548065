"""`disclosure calendar …`: working-day arithmetic and month views."""

from __future__ import annotations

from datetime import date

import click

from disclosure.cli._context import DATE, AppContext
from disclosure.cli.render import explanation_lines, month_days, month_grid_lines, step_dict, to_json
from disclosure.timekeeping import today
from disclosure.workflow.clocks import Clock, ClockUnit
from disclosure.workflow.errors import InvalidInput

pass_app = click.make_pass_decorator(AppContext)


@click.group("calendar")
def calendar_group() -> None:
    """Working days, holidays and make-up working days (节假日与调休)."""


@calendar_group.command("add-days", context_settings={"ignore_unknown_options": True})
@click.argument("start", type=DATE)
@click.argument("n", type=int)
@click.option("--unit", type=click.Choice([u.value for u in ClockUnit]), default="workdays", show_default=True)
@click.option("--explain", is_flag=True, help="Show each day counted, the rest days met, and the roll-over.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def add_days(app: AppContext, start: date, n: int, unit: str, explain: bool, as_json: bool) -> None:
    """The last day of a period of N units starting on START (START itself is not counted)."""
    if n < 0:
        raise InvalidInput(f"N must not be negative (got {n})")
    calendar = app.calendar
    clock = Clock(name="period").start(start, n, ClockUnit(unit))
    due = clock.due(calendar)
    if as_json or app.json:
        payload = {"start": start.isoformat(), "n": n, "unit": unit, "due": due.on.isoformat(), "provisional": due.provisional}
        if explain:
            payload["explain"] = [step_dict(step) for step in clock.explain(calendar).steps]
        click.echo(to_json(payload))
        return
    if explain:
        for line in explanation_lines(clock.explain(calendar)):
            click.echo(line)
    else:
        click.echo(str(due))


@calendar_group.command("show")
@click.argument("month", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def show(app: AppContext, month: str | None, as_json: bool) -> None:
    """A month grid (YYYY-MM, default this month) marking holidays 休 and make-up working days 班."""
    year, number = _parse_month(month) if month else (today().year, today().month)
    calendar = app.calendar
    if as_json or app.json:
        payload = {
            "month": f"{year:04d}-{number:02d}",
            "provisional": not calendar.is_known_year(year),
            "days": month_days(calendar, year, number),
        }
        click.echo(to_json(payload))
        return
    for line in month_grid_lines(calendar, year, number):
        click.echo(line)


def _parse_month(text: str) -> tuple[int, int]:
    parts = text.split("-")
    if len(parts) == 2 and len(parts[0]) == 4 and parts[0].isdigit() and parts[1].isdigit():
        year, month = int(parts[0]), int(parts[1])
        if 1 <= month <= 12 and year >= 1:
            return year, month
    raise InvalidInput(f"month {text!r} is not of the form YYYY-MM")
