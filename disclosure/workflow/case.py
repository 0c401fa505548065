"""The case aggregate, how a command is decided, and how events fold into a case.

``decide`` checks a command against the rules (dates, state, role, the action's
own guards) and returns the one event it produces, changing nothing. ``apply``
folds an event into a case; replaying a case is applying its events in order, and
a gap in versions is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Callable, Mapping

from disclosure.workflow.calendar import Due, WorkCalendar
from disclosure.workflow.clocks import OPEN_STATUSES, Clock
from disclosure.workflow.corrected_history import CORRECTION_ACTIONS, REFOLDING, CorrectedFold
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.events import Event
from disclosure.workflow.kinds.base import Action, Kind, KindMachine
from disclosure.workflow.effective_date import check_effective_date
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import any_of_roles
from disclosure.workflow.papers import PAPER_EVENTS, apply_paper

__all__ = ["Case", "Acting", "due_clock_of", "decide", "apply", "replay", "replay_with_clock_positions", "handle", "try_apply", "available_actions"]


@dataclass
class Case:
    number: str
    kind: str
    state: str
    version: int = 0
    outcome: str | None = None
    applicant: dict[str, Any] = field(default_factory=dict)
    channel: str | None = None
    request: str | None = None
    received_on: date | None = None
    # How received_on was fixed ([GK] 31): the rule and the channel's raw dates (workflow/receipt.py).
    receipt: dict[str, Any] = field(default_factory=dict)
    registered_on: date | None = None
    handler: str | None = None
    clocks: dict[str, Clock] = field(default_factory=dict)
    last_on: date | None = None
    replied_on: date | None = None
    reply_on_time: bool | None = None
    concluded_on: date | None = None
    extended: bool = False
    review_submitted_by: str | None = None
    late_correction_notice: bool = False
    delivery_method: str | None = None
    fee_amount: str | None = None
    appeals: list[dict[str, Any]] = field(default_factory=list)
    reopened: int = 0
    # The reopening round (``reopened``) in which a correction was asked: one notice a round ([GK] 30).
    correction_round: int | None = None
    # What the reply said beyond its outcome: reason, basis, available_at ([GK] 36–39).
    reply_reasons: dict[str, str] = field(default_factory=dict)
    # A longer reply period set for excessive requests ([GK] 35): on, due, reason.
    delayed_reply: dict[str, str] | None = None
    notes: list[dict[str, Any]] = field(default_factory=list)
    # What a configured kind's actions record (workflow/kinds/spec.py: `record`, `once`).
    facts: dict[str, Any] = field(default_factory=dict)
    # The letters issued and the files kept, in order (workflow/papers.py); their content is in the
    # office's document store, named by SHA-256.
    letters: list[dict[str, Any]] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    # The kind's clocks a due date is taken from (Kind.due_clocks): set by ``apply`` and by whoever
    # reads a stored case; not part of the case's state, so not in its snapshot.
    due_clocks: tuple[str, ...] = field(default=("reply",), compare=False, repr=False)

    def copy(self) -> "Case":
        """A copy that apply can change freely (clocks are immutable values, so they are shared)."""
        copied = object.__new__(Case)
        copied.__dict__.update(self.__dict__)  # field by field, without replace()'s __init__ round trip
        copied.applicant = dict(self.applicant)
        copied.receipt = dict(self.receipt)
        copied.clocks = dict(self.clocks)
        copied.appeals = [dict(appeal) for appeal in self.appeals]
        copied.notes = [dict(note) for note in self.notes]
        copied.facts = dict(self.facts)
        copied.letters = list(self.letters)
        copied.files = list(self.files)
        return copied

    def clock(self, name: str) -> Clock | None:
        return self.clocks.get(name)

    @property
    def due_clock(self) -> str:
        return due_clock_of(self.due_clocks, self.clocks)

    def due(self, calendar: WorkCalendar, clock: str | None = None) -> Due | None:
        found = self.clocks.get(clock or self.due_clock)
        return found.due(calendar) if found else None

    def overdue(self, calendar: WorkCalendar, today: date, clock: str | None = None) -> bool:
        clock = clock or self.due_clock
        return self.is_overdue(self.due(calendar, clock), today, clock)

    def clock_open(self, clock: str | None = None) -> bool:
        """The clock still runs or waits (not stopped, and started)."""
        found = self.clocks.get(clock or self.due_clock)
        return found is not None and found.status in OPEN_STATUSES

    def is_overdue(self, due: Due | None, today: date, clock: str | None = None) -> bool:
        """Derived, never stored: the clock is still open and its last day is past."""
        return self.clock_open(clock) and due is not None and due.on < today


def due_clock_of(names: tuple[str, ...], clocks: Mapping[str, Clock]) -> str:
    """The clock whose due date is a case's: the first of its kind's due clocks (``names``) still
    open, else the most advanced one it has (a disclosure case: always the reply clock)."""
    for name in names:
        found = clocks.get(name)
        if found is not None and found.status in OPEN_STATUSES:
            return name
    for name in reversed(names):
        if name in clocks:
            return name
    return names[0]


@dataclass(frozen=True)
class Acting:
    """Who acts, on which effective date, knowing which day is today, on which calendar and settings."""

    user: str
    roles: frozenset[str]
    on: date
    today: date
    calendar: WorkCalendar
    settings: Mapping[str, Any] = field(default_factory=dict)
    by: str | None = None  # the admin recording this for ``user`` (acting for them)
    # The case book's answer to "which applications of this kind were received in this calendar month
    # from applicants like this one": (kind, applicant, a day of the month) → [(number, received on,
    # applicant)]. Given by the case desk for the per-item fee ([FEE]); None where nobody can ask.
    applications_in_month: Callable[[str, Mapping[str, Any], date], list[tuple[str, date, Mapping[str, Any]]]] | None = None
    # The case's recorded events, oldest first, recorded_at in the office's time zone: given by the case
    # desk for the corrections, which reread the history (workflow/corrections.py); None where nobody can ask.
    history: Callable[[], list[Event]] | None = None


def _check_dates(case: Case | None, acting: Acting, undoes_last: bool = False) -> None:
    check_effective_date(acting.on, acting.today, None if case is None or undoes_last else case.last_on)


def _role_for(action: Action, acting: Acting) -> str:
    for role in action.roles:
        if role in acting.roles:
            return role
    needed = any_of_roles(action.roles)
    raise RuleViolation(t("{action} needs the role {roles}; {user} does not hold it", action=action.name, roles=needed, user=acting.user))


def _check_options(action: Action, params: Mapping[str, Any]) -> None:
    unknown = sorted(set(params) - set(action.options) - {"note"})
    if unknown:
        raise InvalidInput(t("{action} takes no option {option!r}", action=action.name, option=unknown[0]))


def decide(kind: Kind, machine: KindMachine, case: Case | None, action_name: str, acting: Acting, params: Mapping[str, Any], number: str | None = None) -> Event:
    """The event an action produces, or the rule that refuses it. Nothing is changed."""
    action = kind.action(action_name)
    params = {key: value for key, value in params.items() if value is not None}
    _check_options(action, params)
    _check_dates(case, acting, undoes_last=action.name in kind.undoes)
    if case is None:
        if action.sources:
            raise RuleViolation(t("{action} needs an existing case", action=action.name))
    else:
        if not action.sources:
            raise RuleViolation(t("{action} creates a case; {number} exists already", action=action.name, number=case.number))
        machine.step(case.state, action)
    role = _role_for(action, acting)
    data = dict(kind.decide[action.name](case, acting, params))
    if params.get("note"):
        data["note"] = str(params["note"])
    return Event(
        case=case.number if case else (number or ""),
        version=(case.version if case else 0) + 1,
        type=action.name,
        on=acting.on,
        user=acting.user,
        role=role,
        data=data,
        schema=kind.event_version(action.name),
        by=acting.by,
    )


def apply(kind: Kind, machine: KindMachine, case: Case | None, event: Event) -> Case:
    """Fold one event into the case (a new case for the creating event). Mutates and returns it.

    Events written at an older schema version are upgraded first (Kind.upgrade).
    """
    event = kind.upgrade(event)
    if case is None:
        if event.version != 1:
            raise RuleViolation(t("case {number} history starts at version {version}, not 1", number=event.case, version=event.version))
        case = Case(number=event.case, kind=kind.code, state=kind.initial, due_clocks=kind.due_clocks)
    else:
        if event.version != case.version + 1:
            raise RuleViolation(t(
                "case {number} history jumps from version {version} to {next_version}",
                number=case.number, version=case.version, next_version=event.version,
            ))
        if event.type in PAPER_EVENTS:
            apply_paper(case, event)  # a letter or a file: the case stays where it is
            case.version, case.last_on = event.version, event.on
            return case
        case.state = machine.dest(case.state, event.type)
    kind.apply[event.type](case, event)
    case.version = event.version
    case.last_on = event.on
    if event.data.get("note"):
        case.notes.append({"version": event.version, "on": event.on.isoformat(), "user": event.user, "note": event.data["note"]})
    return case


def _corrected_fold(kind: Kind, machine: KindMachine) -> CorrectedFold:
    return CorrectedFold(lambda case, event: apply(kind, machine, case, event), kind.upgrade)


def replay(kind: Kind, machine: KindMachine, events: list[Event]) -> Case | None:
    """The case its events fold to, corrections included (workflow/corrected_history.py)."""
    case, fold = None, _corrected_fold(kind, machine)
    for event in events:
        case = fold.add(case, event)
    return case


def replay_with_clock_positions(
    kind: Kind, machine: KindMachine, events: list[tuple[int, Event]]
) -> tuple[Case | None, dict[str, int]]:
    """``replay`` of (position, event) pairs, and the position of the event that last changed each clock
    (a changed clock is one the case book writes again: it compares them the same way)."""
    case, positions, fold = None, {}, _corrected_fold(kind, machine)
    for position, event in events:
        before = dict(case.clocks) if case is not None else {}
        case = fold.add(case, event)
        for name, clock in case.clocks.items():
            earlier = before.get(name)
            if earlier is not clock and earlier != clock:  # an untouched clock is the same object (clocks are immutable)
                positions[name] = position
    return case, positions


def try_apply(kind: Kind, machine: KindMachine, case: Case | None, event: Event) -> Case:
    """Apply to a copy, so a failure leaves the loaded case as it was."""
    return apply(kind, machine, case.copy() if case is not None else None, event)


def handle(
    kind: Kind, machine: KindMachine, case: Case | None, action_name: str, acting: Acting, params: Mapping[str, Any],
    numbering: Callable[[], str] | None = None,
) -> tuple[Event, Case]:
    """One command: decided, then applied to a copy. Returns the event and the case it leaves.

    A new case's number comes from ``numbering``, asked only once the command is accepted (a refusal
    never uses up a number). Nothing is changed when the command is refused.
    """
    event = decide(kind, machine, case, action_name, acting, params)
    if case is None and numbering is not None:
        event = replace(event, case=numbering())
    if event.type in REFOLDING:  # a correction folds the whole history again, as replay will
        return event, replay(kind, machine, [*acting.history(), event])
    return event, try_apply(kind, machine, case, event)


def available_actions(kind: Kind, machine: KindMachine, case: Case, acting: Acting) -> list[str]:
    """The actions of the case's handling this user may take now: the state allows them, a role fits, and
    no guard refuses. Fixing a mistake (void, amend, undo) is a command of its own, never a next step."""
    return [
        name
        for name in machine.allowed(case.state)
        if name not in CORRECTION_ACTIONS and any(role in acting.roles for role in kind.action(name).roles) and machine.may(case, name, acting)
    ]
