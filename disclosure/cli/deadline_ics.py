"""The open deadlines as an iCalendar file: an all-day entry on each due date.

Only what a calendar on a phone may carry: the case number, its kind and state, the clock and the
date. No applicant is named (the file leaves the office's machines).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable

from icalendar import Calendar, Event

from disclosure.deadlines import Deadline

__all__ = ["deadlines_ics"]

PRODUCT_ID = "-//disclosure//open deadlines//ZH"


def deadlines_ics(deadlines: Iterable[Deadline], *, stamped_at: datetime, title: str) -> bytes:
    """``stamped_at``: when the file is made (each entry's DTSTAMP); ``title``: the calendar's name."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    for deadline in deadlines:
        calendar.add_component(_entry(deadline, stamped_at))
    return calendar.to_ical()


def _entry(deadline: Deadline, stamped_at: datetime) -> Event:
    entry = Event()
    entry.add("uid", deadline.uid)
    entry.add("dtstamp", stamped_at)
    entry.add("dtstart", deadline.due_on)
    entry.add("dtend", deadline.due_on + timedelta(days=1))  # all day: the end date is exclusive
    provisional = " (暂定 provisional)" if deadline.provisional else ""
    entry.add("summary", f"{deadline.case} {deadline.clock_label}届满 {deadline.clock} due{provisional}")
    entry.add("description", "\n".join(_description(deadline)))
    entry.add("categories", [deadline.kind_label])
    entry.add("transp", "TRANSPARENT")  # a deadline is not a meeting: it blocks no time
    return entry


def _description(deadline: Deadline) -> Iterable[str]:
    yield f"案件 case: {deadline.case}"
    yield f"类别 kind: {deadline.kind_label} ({deadline.kind})"
    yield f"状态 state: {deadline.state_label} ({deadline.state})"
    yield f"期限 clock: {deadline.clock_label} ({deadline.clock})"
    yield f"届满日 due: {deadline.due_on.isoformat()}"
    if deadline.provisional:
        yield (
            "暂定 provisional: the due date runs through a year whose holidays are not yet published; "
            "it may move when they are"
        )
