"""The parts of the annual report the engine cannot count, read from a file the office fills: the texts
of 一 总体情况, 五 存在的主要问题及改进情况 and 六 其他需要报告的事项, and the counts of 二 主动公开政府信息情况
(regulations and normative documents, licences, penalties, enforcement and charges: the engine does not
handle proactive disclosure). The file is TOML or XLSX; `disclosure report annual-form` writes a blank one.

Every figure is a code (``regulations.made``) with its label from the national format ([NB] 二). A figure
left out stays unfilled (None), which the report shows as blank rather than as a zero the office never gave.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO, Mapping

from disclosure.text_files import read_text_file
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t
from disclosure.workflow.text import check_text

__all__ = [
    "TEXTS",
    "DOCUMENT_KINDS",
    "DOCUMENT_FIGURES",
    "DECISION_KINDS",
    "FIGURES",
    "OfficeParts",
    "read_parts",
    "parts_from_mapping",
    "blank_form_toml",
    "write_blank_form_xlsx",
]

TEXTS: Mapping[str, str] = {
    "overview": "一、总体情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}
# [NB] 二: 第二十条第（一）项 documents; （五）（六） decisions; （八） charges.
DOCUMENT_KINDS: Mapping[str, str] = {"regulations": "规章", "normative_documents": "行政规范性文件"}
DOCUMENT_FIGURES: Mapping[str, str] = {"made": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数"}
DECISION_KINDS: Mapping[str, str] = {"licences": "行政许可", "penalties": "行政处罚", "enforcement": "行政强制"}
CHARGES_LABEL = "行政事业性收费 本年收费金额（单位：万元）"

FIGURES: Mapping[str, str] = {
    **{f"{kind}.{figure}": f"{label} {figure_label}" for kind, label in DOCUMENT_KINDS.items()
       for figure, figure_label in DOCUMENT_FIGURES.items()},
    **{kind: f"{label} 本年处理决定数量" for kind, label in DECISION_KINDS.items()},
    "charges": CHARGES_LABEL,
}
_LARGEST_COUNT = 10_000_000  # a count beyond this is a slip of the keyboard, not an office's year


@dataclass(frozen=True)
class OfficeParts:
    """The texts (code → text) and the 二 figures (code → int, the charges a decimal string in 万元, or None)."""

    texts: Mapping[str, str] = field(default_factory=lambda: {code: "" for code in TEXTS})
    figures: Mapping[str, Any] = field(default_factory=lambda: {code: None for code in FIGURES})

    def as_dict(self) -> dict:
        return {"texts": dict(self.texts), "proactive": dict(self.figures)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "OfficeParts":
        return cls({code: data.get("texts", {}).get(code, "") for code in TEXTS},
                   {code: data.get("proactive", {}).get(code) for code in FIGURES})


def _count(code: str, value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _LARGEST_COUNT:
        raise InvalidInput(t("{where}: {code} ({label}) must be a whole number from 0 to {largest} (got {value!r})",
                             where=where, code=code, label=FIGURES[code], largest=_LARGEST_COUNT, value=value))
    return value


def _charges(value: Any, where: str) -> str:
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        amount = None
    if isinstance(value, bool) or amount is None or not amount.is_finite() or amount < 0 or amount >= _LARGEST_COUNT:
        raise InvalidInput(t("{where}: charges ({label}) must be an amount in 万元, 0 or more (got {value!r})",
                             where=where, label=CHARGES_LABEL, value=value))
    return str(amount.quantize(Decimal("0.0001")).normalize()) if amount else "0"


def parts_from_mapping(data: Mapping[str, Any], where: str, year: int | None = None) -> OfficeParts:
    """The parts from flat codes (``overview``, ``regulations.made``, …; ``year`` optional), each checked."""
    unknown = sorted(set(data) - set(TEXTS) - set(FIGURES) - {"year"})
    if unknown:
        raise InvalidInput(t("{where}: unknown entry {entry!r}; the entries are year, {entries}",
                             where=where, entry=unknown[0], entries=", ".join([*TEXTS, *FIGURES])))
    if "year" in data and year is not None and data["year"] != year:
        raise InvalidInput(t("{where}: the file is for {given!r}, not {year}", where=where, given=data["year"], year=year))
    texts = {}
    for code in TEXTS:
        text = data.get(code) or ""
        if not isinstance(text, str):
            raise InvalidInput(t("{where}: {code} ({label}) must be text", where=where, code=code, label=TEXTS[code]))
        texts[code] = check_text(text.strip(), code)
    figures: dict[str, Any] = {}
    for code in FIGURES:
        value = data.get(code)
        if value is None or value == "":
            figures[code] = None
        elif code == "charges":
            figures[code] = _charges(value, where)
        else:
            figures[code] = _count(code, value, where)
    return OfficeParts(texts, figures)


def _flattened(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        code = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flattened(value, code + "."))
        else:
            flat[code] = value
    return flat


def _from_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(read_text_file(path, t("the report's parts file")))
    except tomllib.TOMLDecodeError as problem:
        raise InvalidInput(t("the report's parts file {path}: not TOML ({problem})", path=path, problem=problem)) from None
    # The figures sit under [proactive] (and its [proactive.regulations] …); the texts at the top.
    proactive = data.pop("proactive", {})
    if not isinstance(proactive, dict):
        raise InvalidInput(t("the report's parts file {path}: proactive must be a table", path=path))
    return {**data, **_flattened(proactive)}


def _from_xlsx(path: Path) -> dict[str, Any]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as problem:  # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInput(t("the report's parts file {path}: not an XLSX workbook ({problem})",
                             path=path, problem=type(problem).__name__)) from None
    data: dict[str, Any] = {}
    # The form's first sheet: code in column A, label in B, the office's value in C; row 1 the headings.
    for row in workbook.worksheets[0].iter_rows(min_row=2, max_col=3, values_only=True):
        code, _, value = (*row, None, None, None)[:3]
        if code is None or str(code).strip() == "":
            continue
        if isinstance(value, float) and value.is_integer() and code != "charges":
            value = int(value)
        data[str(code).strip()] = value
    workbook.close()
    return data


def read_parts(path: str | os.PathLike[str], year: int | None = None) -> OfficeParts:
    """The parts in a TOML or XLSX file (by its extension), or InvalidInput naming the file and the entry."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        data = _from_toml(path)
    elif suffix == ".xlsx":
        data = _from_xlsx(path)
    else:
        raise InvalidInput(t("the report's parts file {path}: must be .toml or .xlsx", path=path))
    return parts_from_mapping(data, t("the report's parts file {path}", path=path), year)


def blank_form_toml(year: int) -> str:
    lines = [
        f"# {year}年度政府信息公开工作年度报告：本机关填写的部分 (disclosure report annual --parts THIS_FILE)",
        f"year = {year}",
        "",
    ]
    for code, label in TEXTS.items():
        lines += [f"# {label}", f'{code} = """', '"""', ""]
    lines += ["# 二、主动公开政府信息情况 (leave a figure out if the office has none to report)", "[proactive]"]
    lines += [f"{kind} = 0  # {label} 本年处理决定数量" for kind, label in DECISION_KINDS.items()]
    lines += [f'charges = "0"  # {CHARGES_LABEL}', ""]
    for kind, label in DOCUMENT_KINDS.items():
        lines.append(f"[proactive.{kind}]  # {label}")
        lines += [f"{figure} = 0  # {figure_label}" for figure, figure_label in DOCUMENT_FIGURES.items()]
        lines.append("")
    return "\n".join(lines)


def write_blank_form_xlsx(year: int, target: str | BinaryIO) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from disclosure.reports.sheet_layout import prepare_for_print

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{year}年度报告填报"
    sheet.append(["code 代码（勿改）", "项目", "填写"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(["year", "年度", year])
    for code, label in TEXTS.items():
        sheet.append([code, label, ""])
    for code, label in FIGURES.items():
        sheet.append([code, f"二、主动公开 {label}", None])
    for row in sheet.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABC", (26, 44, 80)):
        sheet.column_dimensions[column].width = width
    prepare_for_print(sheet, title_rows=1)
    workbook.save(target)
