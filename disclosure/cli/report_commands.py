"""`disclosure report annual` (and the operating statistics)."""

from __future__ import annotations

import click

from disclosure.cli._context import AppContext

pass_app = click.make_pass_decorator(AppContext)


@click.group("report")
def report_group() -> None:
    """Reports: the statutory annual report (年度报告) and operating statistics."""


@report_group.command("annual")
@click.option("--year", type=int, required=True, help="The year reported on.")
@click.option("--format", "file_format", type=click.Choice(["md", "csv", "xlsx", "json"]), default="md", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default=None, help="Write here (xlsx needs it).")
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
@pass_app
def annual(app: AppContext, year: int, file_format: str, out: str | None, as_json: bool) -> None:
    """Tables 三 and 四 of the annual report, balanced (一 + 二 = 三（七） + 四 in every column)."""
    from disclosure.reports import annual_formats

    if as_json or app.json:
        file_format = "json"
    if file_format == "xlsx" and out is None:
        raise click.UsageError("--format xlsx needs --out FILE")
    report = app.office().annual_report(year)
    if file_format == "xlsx":
        annual_formats.to_xlsx(report, out)
        click.echo(f"wrote the {year} report to {out}", err=True)
        return
    text = {"md": annual_formats.to_markdown, "csv": annual_formats.to_csv, "json": annual_formats.to_json}[file_format](report)
    if out is None:
        click.echo(text, nl=False)
        return
    with open(out, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    click.echo(f"wrote the {year} report to {out}", err=True)


REPORT_COMMANDS = (report_group,)
