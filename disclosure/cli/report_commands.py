"""`disclosure report annual` (and the operating statistics)."""

from __future__ import annotations

import io

import click

from disclosure.cli._context import DATE, AppContext, pass_app
from disclosure.cli.output import emit, json_option, note, wants_json
from disclosure.cli.output_files import check_output, claim_output, force_option, output_file
from disclosure.cli.progress import busy
from disclosure.cli.render import indented, shown
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import CHANNELS, FEEDBACK_RATINGS


@click.group("report")
def report_group() -> None:
    """Reports: the statutory annual report (年度报告) and operating statistics."""


_BINARY_FORMATS = ("xlsx", "docx")


@report_group.command("annual")
@click.option("--year", type=int, required=True, help="The year reported on.")
@click.option("--format", "file_format", type=click.Choice(["md", "csv", "xlsx", "json", "docx"]), default="md", show_default=True)
@click.option("--out", default=None, help="Write here, a new file unless --force (xlsx and docx need it).")
@click.option("--parts", default=None, metavar="FILE",
              help="The office's parts: the texts of 一, 五, 六 and the counts of 二 (TOML or XLSX; `report annual-form` writes a blank one).")
@click.option("--publish", is_flag=True, help="Freeze the year's whole report (head or admin; once; needs --parts).")
@click.option("--recount", is_flag=True, help="For a published year: count again and show where it differs from the published report.")
@click.option("--template", default=None, metavar="FILE.docx", help="The office's own copy of the Word template (with --format docx).")
@force_option()
@json_option(help="The report as JSON unless --format names another; messages on standard error as JSON.")
@pass_app
def annual(app: AppContext, year: int, file_format: str, out: str | None, parts: str | None, publish: bool, recount: bool,
           template: str | None, force: bool, as_json: bool) -> None:
    """The whole annual report (一 to 六), tables 三 and 四 balanced (一 + 二 = 三（七） + 四 in every column).
    A published year shows as it was published."""
    if wants_json(app, as_json) and click.get_current_context().get_parameter_source("file_format").name == "DEFAULT":
        file_format = "json"
    if publish and recount:
        raise click.UsageError(t("--publish and --recount cannot go together"))
    if publish and parts is None:
        raise click.UsageError(t("--publish needs --parts FILE: the published report is whole, and never changed after"))
    if template is not None and file_format != "docx":
        raise click.UsageError(t("--template goes with --format docx"))
    if file_format in _BINARY_FORMATS and out is None:
        raise click.UsageError(t("--format {format} needs --out FILE", format=file_format))
    with claim_output(app, out, force) as claim:  # before a report is published: that happens once
        _annual(app, claim, year, file_format, parts, publish, recount, template)


def _annual(app: AppContext, claim, year: int, file_format: str, parts: str | None, publish: bool, recount: bool,
            template: str | None) -> None:
    office = app.office()
    recorded = None
    if recount:
        with busy(_counting(year)):
            comparison = office.compare_annual_report(year, parts=parts)
        report = comparison["recount"]
        if claim is None:
            emit(app, file_format == "json", _comparison_dict(comparison), lambda: render_differences(year, comparison["differences"]))
            return
        note(app, {"differences": comparison["differences"]}, "\n".join(map(shown, render_differences(year, comparison["differences"]))))
    elif publish:
        with busy(_counting(year)):
            if template is not None:  # the office's template tried on the report as counted now, before it is frozen
                _render(office.annual_report(year, parts=parts), file_format, template, io.BytesIO())
            report = office.publish_annual_report(year, parts=parts)
        note(app, {"published": {"year": year, "position": report.published["position"]}},
             t("published the {year} annual report (office log entry {position}); it is frozen now", year=year, position=report.published["position"]))
        recorded = t("the {year} annual report was published all the same: `disclosure report annual --year {year} --format "
                     "{format} --out FILE` writes it as published", year=year, format=file_format)
    else:
        with busy(_counting(year)):
            report = office.annual_report(year, parts=parts)
        if report.published:
            note(app, {"as_published": {"year": year, "at": report.published["at"], "by": report.published["by"]}},
                 t("the {year} report as published {at} by {by} (--recount compares it with a count now)",
                   year=year, at=report.published["at"], by=report.published["by"]))
    _write(app, claim, report, file_format, template, recorded)


def _render(report, file_format: str, template: str | None, handle) -> None:
    """``report`` in a binary format (xlsx, docx) to ``handle``."""
    from disclosure.reports import annual_formats

    if file_format == "xlsx":
        annual_formats.to_xlsx(report, handle)
    else:
        from disclosure.reports.annual_docx import to_docx

        to_docx(report, handle, template)


def _write(app: AppContext, claim, report, file_format: str, template: str | None, recorded: str | None) -> None:
    from disclosure.reports import annual_formats

    if file_format in _BINARY_FORMATS:
        with claim.writing(binary=True, recorded=recorded) as handle:
            _render(report, file_format, template, handle)
        _wrote(app, report.year, file_format, claim.path)
        return
    text = {"md": annual_formats.to_markdown, "csv": annual_formats.to_csv, "json": annual_formats.to_json}[file_format](report)
    if claim is None:
        click.echo(text, nl=False)
        return
    with claim.writing(recorded=recorded) as handle:
        handle.write(text)
    _wrote(app, report.year, file_format, claim.path)


def _wrote(app: AppContext, year: int, file_format: str, out: str) -> None:
    note(app, {"wrote": {"year": year, "format": file_format, "out": out}}, t("wrote the {year} report to {out}", year=year, out=out))


def _comparison_dict(comparison: dict) -> dict:
    return {"published": comparison["published"].as_dict(), "recount": comparison["recount"].as_dict(),
            "differences": comparison["differences"]}


def _counting(year: int):
    return t("counting {year} 统计中", year=year)


def render_differences(year: int, differences: list[dict]) -> list[str]:
    if not differences:
        return [t("the {year} recount agrees with the published report 重新统计与已发布的年度报告一致", year=year)]
    lines = [t("the {year} recount differs from the published report in {count} place(s) 重新统计与已发布报告不一致之处:",
               year=year, count=len(differences))]
    lines += [indented(t("{where}: published 已发布 {published!r}, recount 重新统计 {recount!r}",
                         where=item["where"], published=item["published"], recount=item["recount"])) for item in differences]
    return lines


@report_group.command("annual-form")
@click.option("--year", type=int, required=True, help="The year the form is for.")
@click.option("--out", required=True, metavar="FILE.toml|FILE.xlsx", help="The blank form to write, a new file unless --force.")
@force_option()
@json_option(help="Say what was written as JSON.")
@pass_app
def annual_form(app: AppContext, year: int, out: str, force: bool, as_json: bool) -> None:
    """A blank form of the parts the office fills (一, 五, 六 texts; 二 counts), for `report annual --parts`."""
    from disclosure.reports.annual_parts import blank_form_toml, write_blank_form_xlsx
    from disclosure.workflow.calendar import check_year

    check_year(year, "--year")
    suffix = out.lower().rsplit(".", 1)[-1]
    if suffix not in ("toml", "xlsx"):
        raise click.UsageError(t("--out must end in .toml or .xlsx"))
    check_output(out, db=app.db, force=force)
    with output_file(out, db=app.db, force=force, files=app.settings().files, binary=suffix == "xlsx") as handle:
        if suffix == "xlsx":
            write_blank_form_xlsx(year, handle)
        else:
            handle.write(blank_form_toml(year))
    note(app, {"wrote": {"year": year, "form": suffix, "out": out}}, t("wrote a blank {year} form to {out}", year=year, out=out))


@report_group.command("stats")
@click.option("--year", type=int, default=None)
@click.option("--quarter", default=None, help="e.g. 2026Q1")
@click.option("--from", "start", type=DATE, default=None)
@click.option("--to", "end", type=DATE, default=None)
@click.option("--kind", default=None, help="Only this kind of case, its code or its label (each kind is counted apart; the chart draws this one, "
                                           "applications for government information by default).")
@click.option("--by", type=click.Choice(["handler"]), default=None, help="Group each kind's cases by handler too.")
@click.option("--chart", default=None,
              help="Also draw received and concluded per month and the on-time rate to this PNG (needs the chart extra); "
                   "a new file unless --force.")
@force_option("Replace the --chart file if it exists (never the case book, never through a link).")
@json_option(help=None)
@pass_app
def stats(app: AppContext, year, quarter, start, end, kind, by, chart, force, as_json) -> None:
    """Operating statistics, each kind apart: received by channel, 办结率, 按期办结率, 反馈率, 满意率, …"""
    if chart is not None:
        check_output(chart, db=app.db, force=force, option="--chart")
    office = app.office()
    with busy(t("counting 统计中")):
        figures = office.statistics(year=year, quarter=quarter, start=start, end=end, by=by, kind=kind)
    if chart is not None:
        from disclosure.reports.chart import draw_monthly_chart

        drawn = office.kinds.kind(kind).code if kind else "disclosure"  # given by its code or its label
        series = office.monthly_series(year=year, quarter=quarter, start=start, end=end, kind=drawn)
        with output_file(chart, db=app.db, force=force, files=app.settings().files, binary=True, option="--chart") as handle:
            draw_monthly_chart(series, figures["period"]["label"], handle, drawn, figures["kinds"][drawn]["label"])
        note(app, {"drew": chart}, t("drew {chart}", chart=chart))
    emit(app, as_json, figures, lambda: [render_statistics(figures)])


def render_statistics(figures: dict) -> str:
    period = figures["period"]
    lines = [t("== 统计 Statistics {label} ({start} – {end})", label=period["label"], start=period["from"], end=period["to"])]
    for code, section in figures["kinds"].items():
        lines.append(f"== {section['label']} {code}")
        parts = [(t("total 合计"), section["total"])]
        parts += [(t("handler 承办人 {name}", name=name or "（未分办）"), values) for name, values in section.get("groups", {}).items()]
        for title, values in parts:
            lines += [t("-- {title}", title=title), *_figure_lines(values)]
    lines.append(t("口径 definitions:"))
    lines += [indented(definition) for definition in figures["definitions"].values()]
    return "\n".join(map(shown, lines))


def _figure_lines(values: dict) -> list[str]:
    received = values["received"]
    days = values["reply_working_days"] or {}
    by_channel = ", ".join(f"{code} {CHANNELS[code]} {received.get(code, 0)}" for code in CHANNELS)
    if received["total"] and not any(received.get(code, 0) for code in CHANNELS):
        by_channel = ""  # a kind whose cases come with no channel (a suggestion is assigned, not sent in)
    lines = [
        t("received 收到: {channels}; total 合计 {total}", channels=by_channel, total=received["total"]) if by_channel
        else t("received 收到: total 合计 {total}", total=received["total"]),
        t("受理 {received}, 已办结 {concluded}: 办结率 {rate} (已办结 ÷ 受理)",
          received=received["total"], concluded=values["received_concluded"], rate=_percent(values["received_completion_rate"])),
        t("concluded 办结 {concluded} of 应办结 {due}: 办结率 {rate} (办结 ÷ 应办结)",
          concluded=values["concluded"], due=values["due_to_conclude"], rate=_percent(values["completion_rate"])),
        t("on time 按期办结 {count}: 按期办结率 {rate}", count=values["concluded_on_time"], rate=_percent(values["on_time_rate"])),
        t("working days to reply 答复用时（工作日，不含暂停）: mean 平均 {mean}, p90 {p90} over {replies} replies",
          mean=_or_dash(days.get("mean")), p90=_or_dash(days.get("p90")), replies=days.get("replies", 0)),
        t("corrections 补正 {corrections}, consultations 征求意见 {consultations}, extensions 延期 {extensions}, fees 收费 ¥{fees}",
          corrections=values["corrections"], consultations=values["consultations"], extensions=values["extensions"],
          fees=values["fees_collected"]),
        t("at the end 期末: open 未办结 {open}, overdue 逾期 {overdue}", open=values["open_at_end"], overdue=values["overdue_at_end"]),
    ]
    feedback = values.get("feedback")
    if feedback is not None:
        ratings = ", ".join(f"{label} {feedback[code]}" for code, label in FEEDBACK_RATINGS.items())
        lines.append(t(
            "feedback 反馈: 答复办结 {replied}, 已评价 {rated}: 反馈率 {feedback_rate}; {ratings}: 满意率 {satisfaction_rate}",
            replied=feedback["replied"], rated=feedback["rated"], feedback_rate=_percent(feedback["feedback_rate"]), ratings=ratings,
            satisfaction_rate=_percent(feedback["satisfaction_rate"]),
        ))
    return [indented(line) for line in lines]


def _or_dash(value) -> str:
    return "-" if value is None else str(value)


def _percent(rate) -> str:
    return "-" if rate is None else f"{rate * 100:.1f}%"
