"""Text renderings for people at a terminal: Chinese labels beside the English codes."""

from __future__ import annotations

import calendar as gregorian
import json
from datetime import date
from typing import Any, Iterable, Sequence

from wcwidth import wcwidth

from disclosure.workflow.calendar import DayKind, WorkCalendar
from disclosure.workflow.clocks import ClockStatus, ClockUnit, Explanation
from disclosure.workflow.vocabulary import CLOCK_LABELS

WEEKDAYS_ZH = "一二三四五六日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot render {type(value).__name__} as JSON")


def display_width(text: str) -> int:
    """How many terminal cells ``text`` takes: a Chinese character takes two, a combining mark none.
    A control character counts as none rather than spoiling the whole line's width."""
    return sum(max(wcwidth(character), 0) for character in text)


def pad(text: Any, width: int, align: str = "<") -> str:
    """``text`` filled with spaces to ``width`` terminal cells (``>`` to the right); never cut."""
    text = str(text)
    fill = " " * max(width - display_width(text), 0)
    return fill + text if align == ">" else text + fill


def table(rows: Iterable[Sequence[Any]], align: str = "", gap: str = "  ") -> list[str]:
    """Rows of cells as lines whose columns start at the same terminal cell, Chinese or not.
    ``align`` gives each column's ``<`` or ``>`` (left when not given); the last column is not padded,
    so a long free text (a name, a reason) does not push trailing spaces. A column empty in every row
    (a flag no case has) is left out rather than leaving a double gap."""
    texts = [[str(value) for value in row] for row in rows]
    if not texts:
        return []
    columns = max(len(row) for row in texts)
    widths = [max((display_width(row[index]) for row in texts if index < len(row)), default=0) for index in range(columns)]
    shown = [index for index in range(columns) if widths[index] > 0]
    lines = []
    for row in texts:
        padded = []
        for index in shown:
            value = row[index] if index < len(row) else ""
            side = align[index:index + 1] or "<"
            padded.append(value if index == shown[-1] and side == "<" else pad(value, widths[index], side))
        lines.append(gap.join(padded).rstrip())
    return lines


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` with its noun in the number it takes: 1 case, 2 cases, 0 cases."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def step_dict(step) -> dict[str, Any]:
    return {
        "on": step.on.isoformat() if step.on else None,
        "kind": step.kind,
        "count": step.count,
        "name": step.name,
        "amount": step.amount,
    }


def day_text(day: date) -> str:
    return f"{day.isoformat()} {WEEKDAYS_EN[day.weekday()]} 周{WEEKDAYS_ZH[day.weekday()]}"


def _with_name(label: str, name: str | None) -> str:
    return f"{label} ({name})" if name else label


def explanation_lines(explanation: Explanation) -> list[str]:
    clock_label = CLOCK_LABELS.get(explanation.clock, explanation.clock)
    unit = explanation.unit
    lines: list[str] = []
    for step in explanation.steps:
        on = day_text(step.on) if step.on else ""
        kind = step.kind
        if kind == "receipt":
            lines.append(f"received 收到 on {on}, {receipt_text(explanation.receipt)}")
        elif kind in ("start", "restart"):
            verb = "starts 起算" if kind == "start" else "restarts in full 重新起算"
            lines.append(
                f"{explanation.clock} {clock_label} {verb} on {on}: "
                f"{step.amount} {unit.value} {step.amount}{unit.label}; the start day is not counted"
            )
        elif kind in ("counted", "makeup_workday"):
            label = "working day 工作日" if kind == "counted" else _with_name("make-up working day 调休上班", step.name)
            lines.append(f"  {on}  {label} → day {step.count} 第{step.count}日")
        elif kind in ("weekend", "holiday"):
            label = DayKind(kind).label
            if unit is ClockUnit.WORKDAYS:
                lines.append(f"  {on}  {_with_name(f'{kind} {label}', step.name)}: not counted 不计")
            else:
                lines.append(f"  {on}  {_with_name(f'{kind} {label}', step.name)}: rest day, the period rolls on 顺延")
        elif kind == "pause":
            lines.append(f"  {on}  paused 暂停 after {step.count} {unit.value}; days until resumption are not counted")
        elif kind == "resume":
            lines.append(f"  {on}  resumed 恢复计算; counting goes on from the next day")
        elif kind == "extend":
            when = f" on {on}" if step.on else ""
            lines.append(f"  extended 延长{when} by {step.amount} {unit.value} {step.amount}{unit.label}")
        elif kind == "stop":
            lines.append(f"  {on}  stopped 停止计时")
        elif kind == "end":
            lines.append(f"  {on}  the period's last day by the count 期间届满")
        elif kind == "rollover":
            lines.append(f"  {on}  first working day after the rest days 顺延至下一工作日")
        elif kind == "remaining":
            lines.append(f"  paused: {step.amount} {unit.value} remain 剩余 {step.amount}{unit.label}")
        elif kind == "due":
            lines.append(f"due 截止日: {on}" + (" (provisional 暂定)" if explanation.due.provisional else ""))
    if explanation.due is not None and explanation.due.provisional:
        lines.append(
            "provisional 暂定: the period reaches a year without holiday data; it is counted with weekends only "
            "and will move when that year's calendar is loaded"
        )
    if explanation.status is ClockStatus.STOPPED and explanation.due is None:
        lines.append("stopped 已停止")
    return lines


def month_days(calendar: WorkCalendar, year: int, month: int) -> list[dict[str, Any]]:
    days = []
    for number in range(1, gregorian.monthrange(year, month)[1] + 1):
        day = date(year, month, number)
        kind = calendar.day_kind(day)
        days.append(
            {
                "date": day.isoformat(),
                "weekday": WEEKDAYS_EN[day.weekday()],
                "kind": kind.value,
                "label": kind.label,
                "name": calendar.day_name(day),
                "workday": kind.counts,
            }
        )
    return days


_MARKS = {DayKind.HOLIDAY: "休", DayKind.MAKEUP_WORKDAY: "班"}


def month_grid_lines(calendar: WorkCalendar, year: int, month: int) -> list[str]:
    lines = [f"{year}年{month}月  {gregorian.month_name[month]} {year}"]
    lines.append(" ".join(f" {zh} " for zh in WEEKDAYS_ZH))
    for week in gregorian.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            if day.month != month:
                cells.append("    ")
            else:
                cells.append(f"{day.day:>2}{_MARKS.get(calendar.day_kind(day), '  ')}")
        lines.append(" ".join(cells).rstrip())
    lines.append("休 = holiday 节假日 (not a working day)   班 = make-up working day 调休上班")
    notable = [
        (date(year, month, entry_day), kind)
        for entry_day in range(1, gregorian.monthrange(year, month)[1] + 1)
        if (kind := calendar.day_kind(date(year, month, entry_day))) in _MARKS
    ]
    for day, kind in notable:
        name = calendar.day_name(day)
        lines.append(f"  {day_text(day)}  {_with_name(f'{kind.label} {kind.value}', name)}")
    if not calendar.is_known_year(year):
        lines.append(f"provisional 暂定: no holiday data for {year}; weekends only. Load a calendar file (--calendar).")
    return lines


def receipt_text(receipt: dict[str, Any]) -> str:
    """Which rule fixed the receipt date, and the channel's raw dates beside it."""
    article = f" ({receipt['article']})" if receipt["article"] else ""
    raw = [f"{label} {receipt[name]}" for name, label in _RAW_DATE_LABELS.items() if receipt.get(name)]
    return f"by 依据: {receipt['rule_text']}{article}" + (f"; {', '.join(raw)}" if raw else "")


_RAW_DATE_LABELS = {"submitted_on": "submitted 提交", "signed_on": "signed 签收", "confirmed_on": "confirmed 确认"}


def case_lines(data: dict[str, Any]) -> list[str]:
    applicant = data["applicant"]
    lines = [
        f"{data['number']}  {data['state']} {data['state_label']}",
        f"  kind 类型: {data['kind']} {data['kind_label']}",
        f"  applicant 申请人: {applicant.get('name')} ({data['applicant_type']} {data['applicant_type_label']})",
    ]
    personal = [f"{key} {applicant[key]}" for key in ("id_number", "phone", "address") if applicant.get(key)]
    if personal:
        lines.append("    " + "  ".join(personal))
    channel = f"{data['channel']} {data['channel_label']}" if data["channel"] else "-"  # a suggestion has none
    lines.append(f"  channel 渠道: {channel}   received 收到: {data['received_on']}")
    if data.get("receipt"):
        lines.append("    " + receipt_text(data["receipt"]))
    lines.append(f"  request 申请内容: {data['request']}")
    lines.append("  " + due_line(data))
    lines.append(f"  handler 承办人: {data['handler'] or '- (not assigned 未分配)'}")
    if data["outcome"]:
        timing = {True: "on time 按期", False: "late 逾期", None: ""}[data["on_time"]]
        replied = f", replied 答复 {data['replied_on']} {timing}" if data["replied_on"] else ""
        lines.append(f"  outcome 结果: {data['outcome']} {data['outcome_label']}{replied}")
    reasons = data.get("reply_reasons") or {}
    for key, label in (("reason", "reason 理由"), ("basis", "basis 依据"), ("available_at", "available at 获取途径")):
        if reasons.get(key):
            lines.append(f"    {label}: {reasons[key]}")
    delayed = data.get("delayed_reply")
    if delayed:
        lines.append(f"  delayed 延迟答复 ({delayed['on']}): due {delayed['due']}, {delayed['reason']}")
    for appeal in data["appeals"]:
        against = f" against {appeal['against']}" if appeal.get("against") else ""
        lines.append(f"  appeal {appeal['appeal']}: {appeal['type']} → {appeal['result']} ({appeal['on']}){against}")
    lines.extend(_correction_lines(data.get("facts") or {}))
    papers = _papers_line(data.get("letters") or [], data.get("files") or [])
    if papers:
        lines.append(papers)
    lines.append("  clocks 计时:")
    lines.extend("    " + line for line in table(_clock_cells(clock) for clock in data["clocks"]))
    return lines


def _correction_lines(facts: dict[str, Any]) -> list[str]:
    """A voiding asked for or done, and the corrections in force (docs/clerk.md, "Fixing mistakes")."""
    lines = []
    voided, asked = facts.get("voided"), facts.get("void_request")
    if voided:
        lines.append(f"  voided 已作废: {voided['on']} by {voided['by']}, asked by {voided['requested_by']}; reason 理由 {voided['reason']}")
    elif asked:
        lines.append(f"  voiding asked 申请作废: {asked['on']} by {asked['by']}, awaiting a head 待负责人批准; reason 理由 {asked['reason']}")
    for item in facts.get("corrections", []):
        corrected = {**item, "version": item["of_version"], "type": item["of_type"]}
        lines.append(f"  v{item['version']} {_correction_text(corrected)} ({item['on']}, {item['user']})")
    return lines


def _papers_line(letters: list[dict[str, Any]], files: list[dict[str, Any]]) -> str | None:
    """How many letters were issued (the latest by number and kind) and files kept: `letters`/`files` list them."""
    parts = []
    if letters:
        latest = letters[-1]
        parts.append(f"{counted(len(letters), 'letter')} 告知书 (latest {latest['number']} {latest['letter']}, {latest['on']})")
    if files:
        parts.append(f"{counted(len(files), 'file')} 材料")
    return "  papers 文书: " + ", ".join(parts) if parts else None


def _clock_cells(clock: dict[str, Any]) -> tuple[str, ...]:
    label = clock.get("label") or CLOCK_LABELS.get(clock["name"], clock["name"])
    status = ClockStatus(clock["status"])
    due_text = f"due {clock['due_on']}" if clock["due_on"] else f"{clock['remaining']} left"
    return clock["name"], label, f"{status.value} {status.label}", due_text


def due_line(data: dict[str, Any]) -> str:
    """The due date a case shows: the running clock's (`show --json`'s running_clock), which is the
    case's own due clock unless that one waits (while the correction period runs, the reply clock is
    stopped, and its date means nothing until it restarts)."""
    running = data.get("running_clock")
    due_clock = next((clock for clock in data["clocks"] if clock["name"] == data["due_clock"]), None)
    if running is not None and running["name"] != data["due_clock"]:
        provisional = " (provisional 暂定)" if running["provisional"] else ""
        waiting = ""
        if due_clock is not None:
            status = ClockStatus(due_clock["status"])
            waiting = f"; {due_clock['name']} {due_clock['label']} {status.value} {status.label}"
        return f"due {running['label']}: {running['due_on']}{provisional}  ({running['name']} running 计时中{waiting})"
    label = due_clock["label"] if due_clock is not None else CLOCK_LABELS.get(data["due_clock"], data["due_clock"])
    flags = (" (provisional 暂定)" if data["provisional"] else "") + (" OVERDUE 已逾期" if data["overdue"] else "")
    if data["due_on"] is None and due_clock is not None and due_clock["status"] == ClockStatus.PAUSED.value:
        flags += f"  ({due_clock['name']} paused 已暂停, {due_clock['remaining']} left 剩余)"
    return f"due {label}: {data['due_on'] or '-'}{flags}" + ("  extended 已延期" if data["extended"] else "")


def advance_line(action: str, data: dict[str, Any]) -> str:
    """What `advance` prints: the case's new state, and the due date of the clock running now."""
    running = data.get("running_clock")
    if running is not None and running["name"] != data["due_clock"]:
        due = f", due {running['due_on']} {running['label']} ({running['name']})"
    else:
        due = f", due {data['due_on']}" + (" (provisional 暂定)" if data["provisional"] else "") if data["due_on"] else ""
    return f"{data['number']}: {action} → {data['state']} {data['state_label']}{due}"


def event_dict(event) -> dict[str, Any]:
    return {
        "version": event.version,
        "type": event.type,
        "on": event.on.isoformat(),
        "user": event.user,
        "by": event.by,  # the admin who recorded it for the user, if one did
        "role": event.role,
        "recorded_at": event.recorded_at.isoformat() if event.recorded_at else None,
        "data": dict(event.data),
    }


YES_NO = {True: "yes 是", False: "no 否"}


def detail_text(value: Any) -> str:
    """An event's value as a clerk reads it: yes 是 / no 否 rather than Python's True and False, and
    a nested record as key=value pairs rather than Python's dict syntax."""
    if isinstance(value, bool):
        return YES_NO[value]
    if value is None:
        return "-"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}={detail_text(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(detail_text(item) for item in value) + "]"
    return str(value)


def _correction_text(data: dict[str, Any]) -> str:
    """An amendment or an undo as `history` shows it: the step it corrects, and how."""
    if "field" not in data:
        return f"undoes 撤销 v{data['version']} {data['type']}"
    return f"amends 更正 v{data['version']} {data['type']} {data['field']}: {data['previous']} → {data['value']}; reason 理由 {data['reason']}"


def event_cells(event) -> tuple[str, ...]:
    """An event as a row of `history`'s table: version, date, action, who, and the action's data."""
    details = _correction_text(event.data) if event.type in ("amend", "undo") else ", ".join(
        f"{key}={detail_text(value)}" for key, value in sorted(event.data.items()) if key != "applicant"
    )
    by = f" by {event.by}" if event.by else ""
    return f"v{event.version}", event.on.isoformat(), event.type, f"{event.user} ({event.role}){by}", details
