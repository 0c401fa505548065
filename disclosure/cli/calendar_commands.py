"""`disclosure calendar …`: working-day arithmetic and month views."""

from __future__ import annotations

from datetime import date

import click

from disclosure.cli._context import DATE, AppContext, CodeChoice, pass_app
from disclosure.cli.output import emit, json_option, note, wants_json
from disclosure.cli.output_files import check_output, force_option, output_file
from disclosure.cli.progress import busy
from disclosure.cli.render import counted, explanation_lines, month_days, month_grid_lines, step_dict, table
from disclosure.timekeeping import today
from disclosure.workflow.clocks import Clock, ClockUnit
from disclosure.calendar_files import read_overrides_file
from disclosure.workflow.calendar import check_count, check_year
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

# A clock unit as a clerk names it (`--unit 工作日`).
UNIT_NAMES = {"workdays": "工作日", "days": "自然日", "months": "月"}


@click.group("calendar")
def calendar_group() -> None:
    """Working days, holidays and make-up working days (节假日与调休)."""


@calendar_group.command("add-days", context_settings={"ignore_unknown_options": True})
@click.argument("start", type=DATE)
@click.argument("n", type=int)
@click.option("--unit", type=CodeChoice(UNIT_NAMES), default="workdays", show_default=True,
              help="workdays 工作日, days 自然日 or months 月 (the code or its label).")
@click.option("--explain", is_flag=True, help="Show each day counted, the rest days met, and the roll-over.")
@json_option()
@pass_app
def add_days(app: AppContext, start: date, n: int, unit: str, explain: bool, as_json: bool) -> None:
    """The last day of a period of N units starting on START (START itself is not counted)."""
    if n < 0:
        raise InvalidInput(t("N must not be negative (got {n})", n=n))
    check_count(n, "N")
    calendar = app.book_calendar()
    clock = Clock(name="period").start(start, n, ClockUnit(unit))
    due = clock.due(calendar)
    explanation = clock.explain(calendar) if explain else None
    payload = {"start": start.isoformat(), "n": n, "unit": unit, "due": due.on.isoformat(), "provisional": due.provisional}
    if explanation is not None:
        payload["explain"] = [step_dict(step) for step in explanation.steps]
    emit(app, as_json, payload, lambda: [str(due)] if explanation is None else explanation_lines(explanation))


@calendar_group.command("show")
@click.argument("month", required=False)
@json_option()
@pass_app
def show(app: AppContext, month: str | None, as_json: bool) -> None:
    """A month grid (YYYY-MM, default this month) marking holidays 休 and make-up working days 班."""
    year, number = _parse_month(month) if month else (today().year, today().month)
    calendar = app.book_calendar()
    payload = {
        "month": f"{year:04d}-{number:02d}",
        "provisional": not calendar.is_known_year(year),
        "days": month_days(calendar, year, number),
    }
    emit(app, as_json, payload, lambda: month_grid_lines(calendar, year, number))


@calendar_group.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@json_option()
@pass_app
def load(app: AppContext, files: tuple[str, ...], as_json: bool) -> None:
    """Keep the years and days of override FILES in the case book (admin); open deadlines move to match."""
    overrides = [read_overrides_file(path) for path in files]  # every file checked before anything is stored
    with busy(t("moving open deadlines 调整期限中")):
        summary = {"files": list(files), **app.office().load_calendar(overrides, user=app.acting_user())}

    def lines():
        kept, years = summary["days"], ", ".join(map(str, summary["years"]))
        yield counted(
            kept, t("kept 1 day; years declared known: {years}", years=years),
            t("kept {count} days; years declared known: {years}", count=kept, years=years),
        )
        if not summary["moved"]:
            yield t("no open deadline moved 无期限变动")
        for line in table(
            (entry["case"], entry["clock"],
             t("due {was} → {now}", was=entry["was"].isoformat() if entry["was"] else "-", now=entry["now"].isoformat() if entry["now"] else "-"),
             t("(provisional 暂定)") if entry["provisional"] else "")
            for entry in summary["moved"]
        ):
            yield "  " + line
        firm = sum(not entry["provisional"] for entry in summary["reflagged"])
        if firm:
            yield t("{deadlines} kept the date, no longer provisional 日期不变，不再暂定", deadlines=_open_deadlines(firm))
        if len(summary["reflagged"]) > firm:
            yield t("{deadlines} kept the date, provisional now 日期不变，改为暂定", deadlines=_open_deadlines(len(summary["reflagged"]) - firm))

    emit(app, as_json, summary, lines)


@calendar_group.command("days")
@click.option("--year", type=int, default=None, help="Only this year's days.")
@json_option()
@pass_app
def days(app: AppContext, year: int | None, as_json: bool) -> None:
    """The years and days the case book keeps on top of the national calendar."""
    kept = app.office().calendar_days(year)

    def lines():
        for entry in kept["years"]:
            yield t(
                "{year} declared known ({source}, {loaded_by}, {loaded_at})",
                year=entry["year"], source=entry["source"], loaded_by=entry["loaded_by"], loaded_at=entry["loaded_at"].strftime("%Y-%m-%d"),
            )
        for line in table(
            (t("{day} 休 holiday", day=entry["day"].isoformat()) if entry["kind"] == "holiday" else t("{day} 班 workday", day=entry["day"].isoformat()),
             f"({entry['source']})")
            for entry in kept["days"]
        ):
            yield "  " + line

    emit(app, as_json, kept, lines)


@calendar_group.command("ics")
@click.option("--user", "handler", default=None, help="Only the cases this user handles (承办人); default: every open case.")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write the file here (default: standard output).")
@force_option()
@json_option("Print the deadlines as JSON instead of iCalendar (with --out: the file is iCalendar, its message JSON).")
@pass_app
def ics(app: AppContext, handler: str | None, out: str | None, force: bool, as_json: bool) -> None:
    """The open deadlines as an iCalendar file: one all-day entry per running clock, no applicant's data.

    Each entry keeps its UID while its period runs, so importing a newer file updates it. Needs the case book (--db).
    """
    from disclosure.cli.deadline_ics import deadlines_ics
    from disclosure.timekeeping import now

    if out is not None:
        check_output(out, db=app.db, force=force)
    deadlines = app.office().open_deadlines(handler=handler)
    if wants_json(app, as_json) and out is None:
        emit(app, True, [deadline.to_dict() for deadline in deadlines], lambda: [])
        return
    title = f"期限 deadlines · {handler}" if handler else "期限 deadlines"
    content = deadlines_ics(deadlines, stamped_at=now(), title=title)
    if out is None:
        click.echo(content, nl=False)
        return
    with output_file(out, db=app.db, force=force, files=app.settings().files, binary=True) as handle:
        handle.write(content)
    written = counted(len(deadlines), t("wrote 1 deadline to {out}", out=out), t("wrote {count} deadlines to {out}", count=len(deadlines), out=out))
    note(app, {"wrote": {"deadlines": len(deadlines), "out": out}}, written)


def _parse_month(text: str) -> tuple[int, int]:
    parts = text.split("-")
    if len(parts) == 2 and len(parts[0]) == 4 and parts[0].isdigit() and parts[1].isdigit():
        year, month = int(parts[0]), int(parts[1])
        if 1 <= month <= 12:
            return check_year(year, t("month {text!r}: the year", text=text)), month
    raise InvalidInput(t("month {text!r} is not of the form YYYY-MM", text=text))


def _open_deadlines(count: int):
    return counted(count, t("1 open deadline"), t("{count} open deadlines", count=count))
