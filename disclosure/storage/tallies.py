"""The reports' tallies: what the annual report and the statistics count, kept per day as the cases change.

A report of a year over a book of a million cases would otherwise read half a million case rows. Each
case adds to a handful of tallies, each a count (and an amount) under a key (measure, day, kind,
handler, detail); a report sums the rows of its period, a few a day (storage/tally_queries.py). The
measures, each of a case that is not voided (workflow/corrections.py VOIDED: a registration entered in
error is in no count):

- ``received``: on the receipt date; detail channel|applicant type;
- ``concluded``: on the conclusion date; detail applicant type|outcome|on time|by a reply|rating, where
  on time is 1 for a reply on or before its due date or an ending that owed none, by a reply 1 when the
  case was replied to, and the rating the case's feedback fact (workflow/vocabulary.py FEEDBACK_FACT)
  when it was;
- ``reply_days``: on the reply date, the working days the reply clock ran (its stopped clock's column);
  detail the number of days;
- ``appeal_filed`` and ``appeal_decided``: each appeal record, on its filing date (detail its type) and,
  once decided, on its decision date (detail type|result);
- ``action``: each correction asked, consultation and extension, on its effective date; detail its type;
- ``fee``: each payment received, on its effective date, at the amount of the fee notice before it.

Since a case is concluded, and an appeal decided, no earlier than received or filed (the steps are in
date order, workflow/corrected_history.py), the cases open at the end of a day are those received by it
less those concluded by it, and so for the appeals pending: sums of the rows up to that day.

The counts of a case's columns and appeals (``case_tallies``) follow its row, its time to reply
(``reply_tallies``) its reply clock's row; the counts of its events
(``event_tallies``) follow its steps as corrected (an amendment, an undo: as the reports always read a
corrected history), taken whole again when a correction, a payment, a new handler or a void changes
them. The write path adds the difference a step makes (``step_changes``); `audit verify` compares the
book's tallies with a count made again (storage/tally_recount.py), and `audit repair` rewrites them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from disclosure.workflow.corrected_history import REFOLDING, effective_events
from disclosure.workflow.corrections import VOIDED
from disclosure.workflow.events import Event
from disclosure.workflow.vocabulary import FEEDBACK_FACT

__all__ = [
    "ACTIONS", "PAYMENT", "NOTICE", "REPLY_CLOCK", "Key", "Changes", "Facts", "case_facts", "case_tallies",
    "reply_tallies", "event_tallies", "add_tallies", "step_changes", "fen", "yuan", "detail", "detail_parts",
]

# The actions the statistics count, by event type.
ACTIONS = ("request-correction", "consult", "extend")
PAYMENT, NOTICE = "receive-payment", "notify-fee"
REPLY_CLOCK = "reply"  # the clock whose working days are the time to reply
_SEPARATOR = "|"

Key = tuple[str, date, str, str, str]  # measure, day, kind, handler ("" for none), detail
Changes = dict[Key, list[int]]  # key → [count, fen], differences or totals


def fen(amount: Any) -> int:
    """A fee in yuan (a notice's amount, as recorded) as a whole number of 分."""
    return int((Decimal(str(amount)) * 100).to_integral_value())


def yuan(total_fen: int) -> Decimal:
    return (Decimal(total_fen) / 100).quantize(Decimal("0.01"))


def detail_parts(detail: str) -> list[str]:
    return detail.split(_SEPARATOR)


def detail(*parts: Any) -> str:
    """A tally's detail: its parts joined (an absent one empty)."""
    return _SEPARATOR.join("" if part is None else str(part) for part in parts)


class Facts(NamedTuple):
    """What of a case its tallies follow."""

    voided: bool
    kind: str
    handler: str  # "" for none
    received_on: date
    channel: str
    applicant_type: str
    concluded_on: date | None
    outcome: str | None
    on_time: Any
    replied_on: date | None
    rating: Any
    appeals: tuple[tuple, ...]


def case_facts(columns: Mapping[str, Any], recorded_facts: Mapping[str, Any], appeals: Iterable[tuple]) -> Facts:
    """``columns``: the case's row (storage/projection.py case_columns, or the stored row); ``recorded_facts``:
    the case's facts (Case.facts: its feedback rating among them); ``appeals``: its appeal rows (projection.py
    appeal_rows: number, type, result, filed on, decided on)."""
    return Facts(
        columns["state"] == VOIDED, columns["kind"], columns["handler"] or "", columns["received_on"], columns["channel"],
        columns["applicant_type"], columns["concluded_on"], columns["outcome"], columns["on_time"], columns["replied_on"],
        recorded_facts.get(FEEDBACK_FACT), tuple(tuple(appeal) for appeal in appeals),
    )


def case_tallies(facts: Facts) -> list[tuple[Key, int, int]]:
    """The tallies a case adds by its row and appeals (its time to reply apart: ``reply_tallies``)."""
    voided, kind, handler, received_on, channel, applicant_type, concluded_on, outcome, on_time, replied_on, rating, appeals = facts
    if voided:
        return []
    found = [(("received", received_on, kind, handler, detail(channel, applicant_type)), 1, 0)]
    if concluded_on is not None:
        punctual = on_time is True or on_time == 1 or (on_time is None and replied_on is None)
        replied = replied_on is not None
        concluded = detail(applicant_type, outcome, int(punctual), int(replied), rating if replied else None)
        found.append((("concluded", concluded_on, kind, handler, concluded), 1, 0))
    for _, appeal_type, result, filed_on, decided_on in appeals:
        found.append((("appeal_filed", _day(filed_on), kind, handler, appeal_type), 1, 0))
        if decided_on is not None and result != "pending":
            found.append((("appeal_decided", _day(decided_on), kind, handler, detail(appeal_type, result)), 1, 0))
    return found


def reply_tallies(facts: Facts, days: int | None) -> list[tuple[Key, int, int]]:
    """The time to reply a case adds: ``days``, its stopped reply clock's working days, on its reply date."""
    if facts.voided or facts.replied_on is None or days is None:
        return []
    return [(("reply_days", facts.replied_on, facts.kind, facts.handler, str(days)), 1, 0)]


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def event_tallies(recorded: Iterable[Event], kind: str, handler: str | None) -> list[tuple[Key, int, int]]:
    """The tallies a case that is not voided adds by its steps, as corrected."""
    handler = handler or ""
    found, notice = [], None
    for step in effective_events(recorded):
        if step.type in ACTIONS:
            found.append((("action", step.on, kind, handler, step.type), 1, 0))
        elif step.type == NOTICE:
            notice = step.data
        elif step.type == PAYMENT and notice is not None:  # a payment with no notice before it is not counted
            found.append((("fee", step.on, kind, handler, ""), 1, fen(notice["amount"])))
    return found


def add_tallies(changes: Changes, tallies: Iterable[tuple[Key, int, int]], sign: int = 1) -> None:
    """Add (or, with ``sign`` -1, take away) each (key, count, amount) to ``changes`` (a defaultdict of [0, 0])."""
    for key, count, amount in tallies:
        total = changes[key]
        total[0] += sign * count
        total[1] += sign * amount


def step_changes(
    before: Facts | None, after: Facts, event: Event, *, reply_clock_changed: bool,
    stored_days: Callable[[], int | None], new_days: Callable[[], int | None], recorded: Callable[[], list[Event]],
) -> Changes:
    """What a step changes in the tallies (the keys whose count or amount moves, by how much).

    ``before``, ``after``: the case's facts as loaded (None at its registration) and as the step leaves
    it; ``reply_clock_changed``: the step changed its reply clock; ``stored_days``: that clock's working
    days as its row holds them (judged when it stopped); ``new_days``: as the step leaves the clock;
    ``recorded``: the case's events stored before this one. Each is called only when needed."""
    changes: Changes = defaultdict(lambda: [0, 0])
    if before != after:
        if before is not None:
            add_tallies(changes, case_tallies(before), -1)
        add_tallies(changes, case_tallies(after), 1)
    if before is None or reply_clock_changed or _replied(before) != _replied(after):
        needed = before is not None and (before.replied_on is not None or (after.replied_on is not None and not reply_clock_changed))
        stored = stored_days() if needed else None
        if before is not None:
            add_tallies(changes, reply_tallies(before, stored), -1)
        if after.replied_on is not None:
            add_tallies(changes, reply_tallies(after, new_days() if reply_clock_changed else stored), 1)
    if before is not None and _taken_whole(before, after, event):
        history = recorded()
        if not before.voided:
            add_tallies(changes, event_tallies(history, before.kind, before.handler), -1)
        if not after.voided:
            add_tallies(changes, event_tallies([*history, event], after.kind, after.handler), 1)
    elif not after.voided and event.type in ACTIONS:
        add_tallies(changes, [(("action", event.on, after.kind, after.handler, event.type), 1, 0)], 1)
    return {key: change for key, change in changes.items() if change != [0, 0]}


def _replied(facts: Facts) -> tuple:
    return facts.voided, facts.kind, facts.handler, facts.replied_on


def _taken_whole(before: Facts, after: Facts, event: Event) -> bool:
    """The step changes more of the events' tallies than its own: a correction, a payment (whose amount is
    its notice's), a case handed to another handler or voided (or no longer voided)."""
    return (
        event.type in REFOLDING or event.type == PAYMENT or before[:3] != after[:3]  # voided, kind, handler
    )
