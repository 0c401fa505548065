"""Text renderings for people at a terminal: Chinese labels beside the English codes."""

from __future__ import annotations

import calendar as gregorian
import functools
import json
from datetime import date, datetime
from typing import Any, Iterable, Sequence

from disclosure.workflow.calendar import DayKind, WorkCalendar
from disclosure.workflow.clocks import ClockStatus, ClockUnit, Explanation
from disclosure.workflow.messages import Text, say, t
from disclosure.workflow.vocabulary import CLOCK_LABELS

WEEKDAYS_ZH = "一二三四五六日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# A day's weekday as a person reads it: both names in English, the Chinese one alone in Chinese.
_WEEKDAY_TEXTS = (
    t("Mon 周一"), t("Tue 周二"), t("Wed 周三"), t("Thu 周四"), t("Fri 周五"), t("Sat 周六"), t("Sun 周日"),
)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot render {type(value).__name__} as JSON")


# The characters a case book's text is mostly made of, with the width wcwidth gives them (tests/unit/
# test_display_width.py checks each range against it): printable ASCII and Latin-1 (·, ×), dashes, quotes and
# the ellipsis (– “ ” …) one cell; CJK punctuation (、。《》「」), CJK ideographs and fullwidth forms (，：（）) two.
# Any other character asks wcwidth, imported then: importing it costs about 30 ms, an eighth of a command's run.
_KNOWN_WIDTHS = (
    (0x20, 0x7E, 1), (0xA0, 0xFF, 1), (0x2010, 0x2027, 1), (0x3000, 0x3029, 2), (0x4E00, 0x9FFF, 2), (0xFF01, 0xFF60, 2),
)


def _cells(character: str) -> int:
    code = ord(character)
    for first, last, width in _KNOWN_WIDTHS:
        if first <= code <= last:
            return width
    from wcwidth import wcwidth

    return max(wcwidth(character), 0)


def display_width(text: str) -> int:
    """How many terminal cells ``text`` takes: a Chinese character takes two, a combining mark none.
    A control character counts as none rather than spoiling the whole line's width."""
    return sum(_cells(character) for character in text)


def office_time(moment: datetime | str) -> str:
    """A recording time (UTC, or naive as SQLite keeps it; a datetime or its ISO text) in the office's
    time, to the second, with its offset: what a clerk in Shanghai reads as the hour it happened."""
    from disclosure.timekeeping import in_office_time

    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return in_office_time(moment).isoformat(sep=" ", timespec="seconds")


def shown(value: Any) -> str:
    """``value`` as printed: a message in the language being spoken, anything else as it is (a
    name, a number or a code is never looked up in the catalog)."""
    return say(value) if isinstance(value, Text) else str(value)


def indented(text: Any, by: str = "  ") -> str:
    """``text`` said, then indented (a message is said before it is joined to anything, so it keeps its language)."""
    return by + shown(text)


def pad(text: Any, width: int, align: str = "<") -> str:
    """``text`` filled with spaces to ``width`` terminal cells (``>`` to the right); never cut."""
    text = shown(text)
    fill = " " * max(width - display_width(text), 0)
    return fill + text if align == ">" else text + fill


# A cell is one line: a request typed over several lines, or a name with a tab, keeps its row whole.
_ONE_LINE = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def table(rows: Iterable[Sequence[Any]], align: str = "", gap: str = "  ") -> list[str]:
    """Rows of cells as lines whose columns start at the same terminal cell, Chinese or not.
    ``align`` gives each column's ``<`` or ``>`` (left when not given); the last column is not padded,
    so a long free text (a name, a reason) does not push trailing spaces. A column empty in every row
    (a flag no case has) is left out rather than leaving a double gap."""
    texts = [[shown(value).translate(_ONE_LINE) for value in row] for row in rows]
    if not texts:
        return []
    columns = max(len(row) for row in texts)
    widths = [max((display_width(row[index]) for row in texts if index < len(row)), default=0) for index in range(columns)]
    visible = [index for index in range(columns) if widths[index] > 0]
    lines = []
    for row in texts:
        padded = []
        for index in visible:
            value = row[index] if index < len(row) else ""
            side = align[index:index + 1] or "<"
            padded.append(value if index == visible[-1] and side == "<" else pad(value, widths[index], side))
        lines.append(gap.join(padded).rstrip())
    return lines


def counted(count: int, one: str, many: str | None = None) -> str:
    """``count`` things in the number they take. Given the two messages (``t("{count} case", count=n)``,
    ``t("{count} cases", count=n)``), the one for the count, whole, so that each language says its own
    plural; given an English noun, the count and the noun (1 case, 2 cases, 0 cases)."""
    if isinstance(one, Text):
        return one if count == 1 else many
    return f"{count} {one if count == 1 else many or one + 's'}"


def step_dict(step) -> dict[str, Any]:
    return {
        "on": step.on.isoformat() if step.on else None,
        "kind": step.kind,
        "count": step.count,
        "name": step.name,
        "amount": step.amount,
    }


def day_text(day: date) -> Text:
    return t("{date} {weekday}", date=day.isoformat(), weekday=_WEEKDAY_TEXTS[day.weekday()])


def _with_name(label: str, name: str | None) -> str:
    return t("{label} ({name})", label=label, name=name) if name else label


def explanation_lines(explanation: Explanation) -> list[str]:
    clock_label = CLOCK_LABELS.get(explanation.clock, explanation.clock)
    unit = explanation.unit
    lines: list[str] = []
    for step in explanation.steps:
        on = day_text(step.on) if step.on else ""
        kind = step.kind
        if kind == "receipt":
            lines.append(t("received 收到 on {on}, {receipt}", on=on, receipt=receipt_text(explanation.receipt)))
        elif kind in ("start", "restart"):
            period = dict(clock=explanation.clock, clock_label=clock_label, on=on, amount=step.amount, unit=unit.value, unit_label=unit.label)
            lines.append(
                t("{clock} {clock_label} starts 起算 on {on}: {amount} {unit} {amount}{unit_label}; the start day is not counted", **period)
                if kind == "start" else
                t("{clock} {clock_label} restarts in full 重新起算 on {on}: {amount} {unit} {amount}{unit_label}; the start day is not counted", **period)
            )
        elif kind in ("counted", "makeup_workday"):
            label = t("working day 工作日") if kind == "counted" else _with_name(t("make-up working day 调休上班"), step.name)
            lines.append(indented(t("{on}  {label} → day {count} 第{count}日", on=on, label=label, count=step.count)))
        elif kind in ("weekend", "holiday"):
            day = _with_name(t("holiday 节假日") if kind == "holiday" else t("weekend 周末"), step.name)
            if unit is ClockUnit.WORKDAYS:
                lines.append(indented(t("{on}  {day}: not counted 不计", on=on, day=day)))
            else:
                lines.append(indented(t("{on}  {day}: rest day, the period rolls on 顺延", on=on, day=day)))
        elif kind == "pause":
            lines.append(indented(t(
                "{on}  paused 暂停 after {count} {unit}; days until resumption are not counted", on=on, count=step.count, unit=unit.value,
            )))
        elif kind == "resume":
            lines.append(indented(t("{on}  resumed 恢复计算; counting goes on from the next day", on=on)))
        elif kind == "extend":
            extension = dict(amount=step.amount, unit=unit.value, unit_label=unit.label)
            lines.append(indented(
                t("extended 延长 on {on} by {amount} {unit} {amount}{unit_label}", on=on, **extension) if step.on
                else t("extended 延长 by {amount} {unit} {amount}{unit_label}", **extension)
            ))
        elif kind == "stop":
            lines.append(indented(t("{on}  stopped 停止计时", on=on)))
        elif kind == "end":
            lines.append(indented(t("{on}  the period's last day by the count 期间届满", on=on)))
        elif kind == "rollover":
            lines.append(indented(t("{on}  first working day after the rest days 顺延至下一工作日", on=on)))
        elif kind == "remaining":
            lines.append(indented(t("paused: {amount} {unit} remain 剩余 {amount}{unit_label}", amount=step.amount, unit=unit.value, unit_label=unit.label)))
        elif kind == "due":
            lines.append(
                t("due 截止日: {on} (provisional 暂定)", on=on) if explanation.due.provisional else t("due 截止日: {on}", on=on)
            )
    if explanation.due is not None and explanation.due.provisional:
        lines.append(t(
            "provisional 暂定: the period reaches a year without holiday data; it is counted with weekends only "
            "and will move when that year's calendar is loaded"
        ))
    if explanation.status is ClockStatus.STOPPED and explanation.due is None:
        lines.append(t("stopped 已停止"))
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
    lines.append(t("休 = holiday 节假日 (not a working day)   班 = make-up working day 调休上班"))
    notable = [
        (date(year, month, entry_day), kind)
        for entry_day in range(1, gregorian.monthrange(year, month)[1] + 1)
        if (kind := calendar.day_kind(date(year, month, entry_day))) in _MARKS
    ]
    for day, kind in notable:
        name = calendar.day_name(day)
        marked = t("节假日 holiday") if kind is DayKind.HOLIDAY else t("调休上班 makeup_workday")
        lines.append(indented(t("{day}  {kind}", day=day_text(day), kind=_with_name(marked, name))))
    if not calendar.is_known_year(year):
        lines.append(t("provisional 暂定: no holiday data for {year}; weekends only. Load a calendar file (--calendar).", year=year))
    return lines


def receipt_text(receipt: dict[str, Any]) -> Text:
    """Which rule fixed the receipt date, and the channel's raw dates beside it."""
    rule = t("{rule} ({article})", rule=receipt["rule_text"], article=receipt["article"]) if receipt["article"] else receipt["rule_text"]
    raw = [label(receipt[name]) for name, label in _RAW_DATE_TEXTS.items() if receipt.get(name)]
    if not raw:
        return t("by 依据: {rule}", rule=rule)
    return t("by 依据: {rule}; {dates}", rule=rule, dates=listed(raw))


_RAW_DATE_TEXTS = {
    "submitted_on": lambda on: t("submitted 提交 {on}", on=on),
    "signed_on": lambda on: t("signed 签收 {on}", on=on),
    "confirmed_on": lambda on: t("confirmed 确认 {on}", on=on),
}


def listed(items: Sequence[Any]) -> Any:
    """Items joined by commas as one message, so a list of messages is said in the language spoken
    (each item, and the comma: "，" in Chinese)."""
    return functools.reduce(lambda first, then: t("{first}, {then}", first=first, then=then), items) if items else ""


def together(*pieces: Any) -> Any:
    """The pieces given (each a message, a text or nothing) as one message, each said in the language spoken."""
    present = [piece for piece in pieces if piece]
    return functools.reduce(lambda first, then: t("{first}{then}", first=first, then=then), present) if present else ""


def case_lines(data: dict[str, Any]) -> list[str]:
    applicant = data["applicant"]
    lines = [
        f"{data['number']}  {data['state']} {data['state_label']}",
        indented(t("kind 类型: {kind} {kind_label}", kind=data["kind"], kind_label=data["kind_label"])),
        indented(t(
            "applicant 申请人: {name} ({type} {type_label})",
            name=applicant.get("name"), type=data["applicant_type"], type_label=data["applicant_type_label"],
        )),
    ]
    personal = [f"{key} {applicant[key]}" for key in ("id_number", "phone", "address") if applicant.get(key)]
    if personal:
        lines.append("    " + "  ".join(personal))
    channel = f"{data['channel']} {data['channel_label']}" if data["channel"] else "-"  # a suggestion has none
    lines.append(indented(t("channel 渠道: {channel}   received 收到: {received_on}", channel=channel, received_on=data["received_on"])))
    if data.get("receipt"):
        lines.append(indented(receipt_text(data["receipt"]), "    "))
    lines.append(indented(t("request 申请内容: {request}", request=data["request"])))
    lines.append(indented(due_line(data)))
    lines.append(indented(t("handler 承办人: {handler}", handler=data["handler"] or t("- (not assigned 未分配)"))))
    if data["outcome"]:
        timing = {True: t("on time 按期"), False: t("late 逾期"), None: ""}[data["on_time"]]
        replied = t(", replied 答复 {on} {timing}", on=data["replied_on"], timing=timing) if data["replied_on"] else ""
        lines.append(indented(t(
            "outcome 结果: {outcome} {outcome_label}{replied}", outcome=data["outcome"], outcome_label=data["outcome_label"], replied=replied,
        )))
    reasons = data.get("reply_reasons") or {}
    for key, line in (
        ("reason", lambda text: t("reason 理由: {text}", text=text)),
        ("basis", lambda text: t("basis 依据: {text}", text=text)),
        ("available_at", lambda text: t("available at 获取途径: {text}", text=text)),
    ):
        if reasons.get(key):
            lines.append(indented(line(reasons[key]), "    "))
    delayed = data.get("delayed_reply")
    if delayed:
        lines.append(indented(t("delayed 延迟答复 ({on}): due {due}, {reason}", on=delayed["on"], due=delayed["due"], reason=delayed["reason"])))
    for appeal in data["appeals"]:
        facts = dict(appeal=appeal["appeal"], type=appeal["type"], result=appeal["result"], on=appeal["on"])
        lines.append(indented(
            t("appeal {appeal}: {type} → {result} ({on}) against {against}", against=appeal["against"], **facts) if appeal.get("against")
            else t("appeal {appeal}: {type} → {result} ({on})", **facts)
        ))
    lines.extend(_correction_lines(data.get("facts") or {}))
    papers = _papers_line(data.get("letters") or [], data.get("files") or [])
    if papers:
        lines.append(papers)
    lines.append(indented(t("clocks 计时:")))
    lines.extend("    " + line for line in table(_clock_cells(clock) for clock in data["clocks"]))
    return lines


def _correction_lines(facts: dict[str, Any]) -> list[str]:
    """A voiding asked for or done, and the corrections in force (docs/clerk.md, "Fixing mistakes")."""
    lines = []
    voided, asked = facts.get("voided"), facts.get("void_request")
    if voided:
        lines.append(indented(t(
            "voided 已作废: {on} by {by}, asked by {requested_by}; reason 理由 {reason}",
            on=voided["on"], by=voided["by"], requested_by=voided["requested_by"], reason=voided["reason"],
        )))
    elif asked:
        lines.append(indented(t(
            "voiding asked 申请作废: {on} by {by}, awaiting a head 待负责人批准; reason 理由 {reason}",
            on=asked["on"], by=asked["by"], reason=asked["reason"],
        )))
    for item in facts.get("corrections", []):
        corrected = {**item, "version": item["of_version"], "type": item["of_type"]}
        lines.append(indented(t(
            "v{version} {correction} ({on}, {user})", version=item["version"], correction=_correction_text(corrected), on=item["on"], user=item["user"],
        )))
    return lines


def _papers_line(letters: list[dict[str, Any]], files: list[dict[str, Any]]) -> str | None:
    """How many letters were issued (the latest by number and kind) and files kept: `letters`/`files` list them."""
    parts = []
    if letters:
        latest, count = letters[-1], len(letters)
        # The count's message is made apart: a message inside another's arguments is not found by the catalog's extraction.
        issued = counted(count, t("{count} letter", count=count), t("{count} letters", count=count))
        parts.append(t("{letters} 告知书 (latest {number} {letter}, {on})", letters=issued, number=latest["number"], letter=latest["letter"], on=latest["on"]))
    if files:
        count = len(files)
        kept = counted(count, t("{count} file", count=count), t("{count} files", count=count))
        parts.append(t("{files} 材料", files=kept))
    return indented(t("papers 文书: {papers}", papers=listed(parts))) if parts else None


def _clock_cells(clock: dict[str, Any]) -> tuple[str, ...]:
    label = clock.get("label") or CLOCK_LABELS.get(clock["name"], clock["name"])
    status = ClockStatus(clock["status"])
    due_text = t("due {on}", on=clock["due_on"]) if clock["due_on"] else t("{remaining} left", remaining=clock["remaining"])
    return clock["name"], label, f"{status.value} {status.label}", due_text


def due_line(data: dict[str, Any]) -> Text:
    """The due date a case shows: the running clock's (`show --json`'s running_clock), which is the
    case's own due clock unless that one waits (while the correction period runs, the reply clock is
    stopped, and its date means nothing until it restarts)."""
    running = data.get("running_clock")
    due_clock = next((clock for clock in data["clocks"] if clock["name"] == data["due_clock"]), None)
    if running is not None and running["name"] != data["due_clock"]:
        waiting = ""
        if due_clock is not None:
            status = ClockStatus(due_clock["status"])
            waiting = t(
                "; {name} {label} {status} {status_label}",
                name=due_clock["name"], label=due_clock["label"], status=status.value, status_label=status.label,
            )
        return t(
            "due {label}: {on}{provisional}  ({name} running 计时中{waiting})",
            label=running["label"], on=running["due_on"], provisional=_PROVISIONAL if running["provisional"] else "",
            name=running["name"], waiting=waiting,
        )
    label = due_clock["label"] if due_clock is not None else CLOCK_LABELS.get(data["due_clock"], data["due_clock"])
    paused = None
    if data["due_on"] is None and due_clock is not None and due_clock["status"] == ClockStatus.PAUSED.value:
        paused = t("  ({name} paused 已暂停, {remaining} left 剩余)", name=due_clock["name"], remaining=due_clock["remaining"])
    flags = together(
        data["provisional"] and _PROVISIONAL, data["overdue"] and t(" OVERDUE 已逾期"), paused, data["extended"] and t("  extended 已延期"),
    )
    return t("due {label}: {on}{flags}", label=label, on=data["due_on"] or "-", flags=flags)


_PROVISIONAL = t(" (provisional 暂定)")


def advance_line(action: str, data: dict[str, Any]) -> Text:
    """What `advance` prints: the case's new state, and the due date of the clock running now."""
    running = data.get("running_clock")
    if running is not None and running["name"] != data["due_clock"]:
        due = t(", due {on} {label} ({name})", on=running["due_on"], label=running["label"], name=running["name"])
    elif data["due_on"]:
        due = t(", due {on}{provisional}", on=data["due_on"], provisional=_PROVISIONAL if data["provisional"] else "")
    else:
        due = ""
    return t(
        "{number}: {action} → {state} {state_label}{due}",
        number=data["number"], action=action, state=data["state"], state_label=data["state_label"], due=due,
    )


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


YES_NO = {True: t("yes 是"), False: t("no 否")}


def detail_text(value: Any) -> str:
    """An event's value as a clerk reads it: yes 是 / no 否 rather than Python's True and False, and
    a nested record as key=value pairs rather than Python's dict syntax."""
    if isinstance(value, bool):
        return shown(YES_NO[value])
    if value is None:
        return "-"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}={detail_text(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(detail_text(item) for item in value) + "]"
    return str(value)


def _correction_text(data: dict[str, Any]) -> Text:
    """An amendment or an undo as `history` shows it: the step it corrects, and how."""
    if "field" not in data:
        return t("undoes 撤销 v{version} {type}", version=data["version"], type=data["type"])
    return t(
        "amends 更正 v{version} {type} {field}: {previous} → {value}; reason 理由 {reason}",
        version=data["version"], type=data["type"], field=data["field"], previous=data["previous"], value=data["value"], reason=data["reason"],
    )


def event_cells(event) -> tuple[str, ...]:
    """An event as a row of `history`'s table: version, date, action, who, and the action's data."""
    details = _correction_text(event.data) if event.type in ("amend", "undo") else ", ".join(
        f"{key}={detail_text(value)}" for key, value in sorted(event.data.items()) if key != "applicant"
    )
    who = t("{user} ({role}) by {by}", user=event.user, role=event.role, by=event.by) if event.by else f"{event.user} ({event.role})"
    return f"v{event.version}", event.on.isoformat(), event.type, who, details
