"""`disclosure ledger`: the register of applications (台账) written out, an office's own brought in,
and the blank template."""

from __future__ import annotations

import click

from disclosure.cli._context import AppContext, pass_app
from disclosure.cli.output import emit, json_option, note
from disclosure.cli.output_files import check_output, claim_output, force_option, output_file
from disclosure.cli.progress import busy
from disclosure.cli.shared_options import personal_data_logged, reveal_options, reveal_reason
from disclosure.workflow.messages import t

_FORMATS = ("csv", "xlsx")


@click.group("ledger")
def ledger_group() -> None:
    """The register of applications (台账): export a year, import an office's sheet, the template."""


@ledger_group.command("export")
@click.option("--year", type=int, required=True, help="The year the applications were received in.")
@click.option("--format", "file_format", type=click.Choice(_FORMATS), default="csv", show_default=True)
@click.option("--out", default=None, help="Write here, a new file unless --force (xlsx needs it).")
@reveal_options
@force_option()
@json_option(help="The rows as JSON (with --out: what was written, on standard error).")
@pass_app
def export(app: AppContext, year: int, file_format: str, out: str | None, reveal: bool, reason: str | None, force: bool,
           as_json: bool) -> None:
    """The applications received in YEAR, one row each: 序号, 收到日期, 申请人 (masked unless revealed), 申请方式,
    申请内容, 承办人, 状态, 答复日期, 答复结果, 是否按期, 办理时长 …"""
    from disclosure.ledger.export import to_csv, to_xlsx

    reason = reveal_reason(reveal, reason)
    if file_format == "xlsx" and out is None:
        raise click.UsageError(t("--format xlsx needs --out FILE"))
    with claim_output(app, out, force) as claim:  # before a revealed ledger is logged as exported
        ledger = app.office().ledger(year, reveal=reason)
        if claim is None:
            emit(app, as_json, ledger, lambda: [to_csv(ledger["rows"]).rstrip("\n")])
            return
        with claim.writing(binary=file_format == "xlsx", recorded=personal_data_logged() if reason else None) as handle:
            if file_format == "xlsx":
                to_xlsx(ledger["rows"], ledger["title"], handle)
            else:
                handle.write(to_csv(ledger["rows"]))
    written = {"year": year, "format": file_format, "rows": len(ledger["rows"]), "out": out}
    note(app, {"wrote": written}, t("wrote the {year} ledger ({rows} rows) to {out} 台账已写入", year=year, rows=len(ledger["rows"]), out=out))


@ledger_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--mapping", default=None, type=click.Path(dir_okay=False), metavar="MAP.toml",
              help="Which header is which field, and what the sheet's own words mean (docs/ledger.md).")
@click.option("--dry-run", is_flag=True, help="Report every row's problems and what would be created; write nothing.")
@json_option(help="The report as JSON.")
@pass_app
def import_ledger(app: AppContext, file: str, mapping: str | None, dry_run: bool, as_json: bool) -> None:
    """Bring an office's register (XLSX or CSV) in: each row a case with its history, all rows or none.
    Rows brought in before are skipped. A dry run that finds problems exits 1."""
    with busy(t("importing 导入中")):
        report = app.office().import_ledger(file, mapping=mapping, dry_run=dry_run, user=app.acting_user())
    emit(app, as_json, report, lambda: import_lines(report))
    if report["with_problems"]:
        raise click.exceptions.Exit(1)


def import_lines(report: dict) -> list[str]:
    lines = []
    for row in report["rows"]:
        if row["problems"]:
            lines += [t("row {row}: problem 问题: {problem}", row=row["row"], problem=problem) for problem in row["problems"]]
        elif "existing" in row:
            lines.append(t("row {row}: already in the book 已在案件库 as {number}", row=row["row"], number=row["existing"]))
        else:
            steps = ", ".join(f"{step['action']} {step['on']}" for step in row["steps"])
            if "number" in row:
                lines.append(t("row {row}: new 新建: {steps} → {number}", row=row["row"], steps=steps, number=row["number"]))
            else:
                lines.append(t("row {row}: would create 将新建: {steps}", row=row["row"], steps=steps))
    if report["unused_columns"]:
        lines.append(t("columns not read 未读取的列: {columns}", columns=", ".join(report["unused_columns"])))
    counts = t(
        "{new} new 新建, {already} already in the book 已在案件库, {problems} with problems 有问题",
        new=report["new"], already=report["already_imported"], problems=report["with_problems"],
    )
    lines.append(t("dry run 试运行, nothing written 未写入: {counts}", counts=counts) if report["dry_run"] else t("imported 已导入: {counts}", counts=counts))
    return lines


@ledger_group.command("template")
@click.option("--out", required=True, metavar="FILE.xlsx|FILE.csv", help="The template to write, a new file unless --force.")
@force_option()
@json_option(help="Say what was written as JSON.")
@pass_app
def template(app: AppContext, out: str, force: bool, as_json: bool) -> None:
    """A blank ledger to fill: the headers and one example row."""
    from disclosure.ledger.template import write_template

    suffix = out.lower().rsplit(".", 1)[-1]
    if suffix not in _FORMATS:
        raise click.UsageError(t("--out must end in .xlsx or .csv"))
    check_output(out, db=app.db, force=force)
    with output_file(out, db=app.db, force=force, files=app.settings().files, binary=suffix == "xlsx") as handle:
        write_template(handle, suffix)
    note(app, {"wrote": {"template": suffix, "out": out}}, t("wrote the ledger template to {out} 台账模板已写入", out=out))
