"""The whole annual report as a Word document, the form offices publish: the shipped docxtpl template
(templates/annual_report.docx, built by scripts/build_annual_report_template.py in the national
format's layout) or an office's own copy of it, filled with the report's parts and tables."""

from __future__ import annotations

import os
from importlib.resources import as_file, files
from typing import BinaryIO

from disclosure.reports.annual import AnnualReport
from disclosure.reports.annual_formats import UNFILLED, fees_sentence, figure, paragraphs, title
from disclosure.reports.annual_parts import FIGURES, TEXTS
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = ["to_docx", "TEMPLATE"]

TEMPLATE = "templates/annual_report.docx"




def context(report: AnnualReport) -> dict:
    """What the template's fields name: title, overview/problems/other_matters (paragraphs), proactive
    (code → figure, blank if unfilled), t3 (row → column → count), t4 (appeal type → result → count),
    fees_sentence."""
    texts = {code: paragraphs(report.parts.texts.get(code) or "") for code in TEXTS}
    return {
        "title": title(report),
        # 六 always has its fee sentence after the office's text, so an empty 六 is not marked unfilled.
        **{code: found or ([] if code == "other_matters" else [UNFILLED]) for code, found in texts.items()},
        "proactive": {code: figure(report, code) for code in FIGURES},
        "t3": {row: dict(cells) for row, cells in report.table3.items()},
        "t4": {kind: dict(cells) for kind, cells in report.table4.items()},
        "fees_sentence": fees_sentence(report),
    }


def to_docx(report: AnnualReport, target: str | BinaryIO, template: str | os.PathLike[str] | None = None) -> None:
    from docxtpl import DocxTemplate
    from disclosure.template_sandbox import TemplateSandbox

    # An office's own template is a file anyone with the folder could have changed: its fields may read
    # the report, never Python's internals. Escaped, the office's texts keep their & and <.
    environment = TemplateSandbox(autoescape=True)
    if template is not None:
        try:
            document = DocxTemplate(os.fspath(template))
            document.render(context(report), environment)
        except Exception as problem:  # a file that is no docx, or fields the template gets wrong
            raise InvalidInput(t("the report template {template}: {error}: {problem}",
                                 template=template, error=type(problem).__name__, problem=problem)) from None
    else:
        with as_file(files("disclosure.reports").joinpath(TEMPLATE)) as shipped:
            document = DocxTemplate(str(shipped))
            document.render(context(report), environment)
    document.save(target)
