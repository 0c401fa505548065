"""Registering and advancing cases, and reading them: the Office's case desk.

Each command loads the case (its stored snapshot) inside one unit of work, lets the domain decide
and apply (workflow/case.py ``handle``), appends the event with the projections, and commits; a
refusal rolls back and changes nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import takewhile
from typing import Any

from disclosure.case_finder import CaseFinder
from disclosure.office_context import OfficeContext
from disclosure.views import CaseView
from disclosure.workflow.calendar import check_count, parse_date
from disclosure.workflow.case import Acting, Case, available_actions, handle, replay
from disclosure.workflow.clocks import Clock, ExplainStep, Explanation
from disclosure.workflow.corrected_history import effective_events
from disclosure.workflow.errors import ConcurrentChange, InvalidInput, NotFound, RuleViolation
from disclosure.workflow.events import Event
from disclosure.workflow.identity import may_reveal
from disclosure.workflow.personal_data import masked_event_data
from disclosure.workflow.receipt import described_receipt
from disclosure.timekeeping import in_office_time
from disclosure.workflow.input_bounds import MOST_LISTED
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import CLOCK_LABELS, code_named

__all__ = ["Cases"]


class Cases:
    def __init__(self, context: OfficeContext) -> None:
        self._context = context

    def register(self, *, user: str | None = None, on: date | str | None = None, kind: str = "disclosure", **params: Any) -> CaseView:
        context = self._context
        kind = context.kinds.kind(kind).code  # an unknown kind is refused before the book is opened; a label is its code
        with context.storage.writing() as uow:
            prefix = context.known_number_prefix()
            if prefix is not None:
                on = context.effective_date(on)  # once: the number's year is the registration's
                uow.cases.ask_ahead_for_number(prefix, on.year)
            acting = context.acting(uow, user, on)
            case = self.register_on(uow, kind, acting, params)
            uow.end_ahead()  # the case is shown while the server commits it
            return context.view(case, acting.today)

    def register_on(self, uow, kind: str, acting: Acting, params: dict[str, Any]) -> Case:
        """A registration inside the caller's unit of work (as ``act_on`` is an action): numbered once accepted."""
        context = self._context
        prefix = context.office_row(uow)[0]
        kind = context.kinds.kind(kind).code  # its code, or its label
        event, case = handle(
            context.kinds.kind(kind), context.kinds.machine(kind), None, "register", acting, params,
            numbering=lambda: uow.cases.next_number(prefix, acting.on.year),
        )
        uow.cases.append(None, case, event, context.calendar, context.now())
        return case

    def act(
        self, number: str, action: str, *, user: str | None = None, on: date | str | None = None, expected_version: int | None = None,
        **params: Any,
    ) -> CaseView:
        with self._context.storage.writing() as uow:
            uow.cases.ask_ahead_for(number)
            acting = self._context.acting(uow, user, on)
            updated = self.act_on(uow, number, action, acting, params, expected_version)
            uow.end_ahead()  # the case is shown while the server commits it
            return self._context.view(updated, acting.today)

    def act_on(
        self, uow, number: str, action: str, acting: Acting, params: dict[str, Any], expected_version: int | None = None,
        case: Case | None = None,
    ) -> Case:
        """One action inside the caller's unit of work: decided, applied, appended (``case``: the case as
        the caller loaded it in this unit of work, so it is not read twice)."""
        context = self._context
        case = case if case is not None else context.load(uow, number)
        if expected_version is not None and case.version != expected_version:
            raise ConcurrentChange(
                t("case {number} is at version {version}, not {expected_version}: it changed; nothing was written",
                  number=number, version=case.version, expected_version=expected_version)
            )
        acting = replace(acting, applications_in_month=uow.cases.applications_in_month, history=_history_of(uow, number))
        event, updated = handle(context.kinds.kind(case.kind), context.kinds.machine(case.kind), case, action, acting, params)
        uow.cases.append(case, updated, event, context.calendar, context.now())
        return updated

    def case(
        self, number: str, *, today: date | None = None, as_of: date | str | None = None, version: int | None = None,
        reveal: str | None = None,
    ) -> CaseView:
        """``reveal``: the reason a permitted user sees the personal data unmasked (recorded in the office log)."""
        _one_point(as_of, version)
        context = self._context
        with self._reader(reveal) as uow:
            case = context.load(uow, number)
            self._check_sight(uow, number, reveal, "show", case)
            events = None if as_of is None and version is None else self._events(uow, number, as_of, version)
        if events is None:
            return context.view(case, today or context.today(), revealed=reveal is not None)
        replayed = replay(context.kinds.kind(case.kind), context.kinds.machine(case.kind), events)
        judged_on = parse_date(as_of, "--as-of") if as_of is not None else events[-1].on
        return context.view(replayed, judged_on, revealed=reveal is not None)

    def _reader(self, reveal: str | None):
        """A reading unit of work; a writing one when personal data is revealed (the sight is logged)."""
        if reveal is not None and not reveal.strip():
            raise InvalidInput(t("revealing personal data needs a reason (--reason)"))
        storage = self._context.storage
        return storage.reading() if reveal is None else storage.writing()

    def _check_sight(self, uow, number: str, reveal: str | None, via: str, case: Case | None = None) -> None:
        """The reader is a known, enabled user; one who reveals personal data may, and is logged."""
        actor = self._context.actor(uow)
        if reveal is None:
            return
        case = case if case is not None else self._context.load(uow, number)
        if not may_reveal(actor, case.handler):
            raise RuleViolation(
                t("seeing case {number}'s personal data needs the role registrar, head or auditor, "
                  "or handling the case; {name} has neither", number=case.number, name=actor.name)
            )
        self._context.log(uow, actor, "personal-data-viewed", case.number, {"reason": reveal.strip(), "via": via})

    def cases(
        self, *, state: str | None = None, overdue: bool = False, due_within: int | None = None, on: date | None = None,
        kind: str | None = None, handler: str | None = None, channel: str | None = None,
        received_from: date | str | None = None, received_to: date | str | None = None, limit: int | None = None,
        after: str | None = None,
    ) -> list[CaseView]:
        """Every filter given holds (case_finder.py reads their codes and labels); no state: every case but the
        voided. By number: at most ``limit`` (None: all), after the number ``after`` (the page that follows)."""
        context = self._context
        today = context.today() if on is None else parse_date(on, "--on")
        due_by = None
        if due_within is not None:
            if isinstance(due_within, int) and due_within < 0:
                raise InvalidInput(t("--due-within must not be negative (got {due_within})", due_within=due_within))
            due_within = check_count(due_within, "--due-within")
            due_by = context.calendar.add_working_days(today, due_within).on
        if limit is not None:
            limit = check_count(limit, "--limit", least=1, most=MOST_LISTED)
        with context.storage.reading() as uow:
            context.actor(uow)
            filters = CaseFinder(context).codes(
                uow, kind=kind, state=state, handler=handler, channel=channel, received_from=received_from, received_to=received_to,
            )
            views: list[CaseView] = []
            while True:  # a page at a time: the views may judge out some of the cases the columns chose
                wanted = None if limit is None else limit - len(views)
                found = uow.cases.find_cases(**filters, due_by=due_by, due_before=today if overdue else None,
                                             limit=wanted, after=after)
                views.extend(self._judged(found, today, overdue, due_within))
                if wanted is None or len(found) < wanted or len(views) >= limit:
                    return views
                after = found[-1].number

    def _judged(self, found, today: date, overdue: bool, due_within: int | None) -> list[CaseView]:
        # The columns chose the cases; their views judge them, on the Office's calendar, as `show` does.
        views = [self._context.view(case, today) for case in found]
        if overdue:
            views = [view for view in views if view.overdue]
        if due_within is not None:
            views = [view for view in views if view.due is not None and view.case.clock_open()]
        return views

    def actions(self, number: str, user: str | None = None, *, on: date | None = None) -> list[str]:
        context = self._context
        with context.storage.reading() as uow:
            acting = context.acting(uow, user, on)
            case = context.load(uow, number)
        return available_actions(context.kinds.kind(case.kind), context.kinds.machine(case.kind), case, acting)

    def history(
        self, number: str, *, as_of: date | str | None = None, version: int | None = None, reveal: str | None = None,
    ) -> list[Event]:
        """The events, their applicant's personal data masked unless revealed (``reveal``: the reason)."""
        _one_point(as_of, version)
        with self._reader(reveal) as uow:
            events = self._events(uow, number, as_of, version)
            self._check_sight(uow, number, reveal, "history")
        if reveal is not None:
            return events
        return [replace(event, data=masked_event_data(event.data)) for event in events]

    @staticmethod
    def _events(uow, number: str, as_of: date | str | None, version: int | None) -> list[Event]:
        events = uow.cases.events(number)
        if not events:
            raise NotFound(t("no case {number}", number=number))
        if version is not None:
            if version < 1 or version > events[-1].version:
                raise InvalidInput(t("case {number} has versions 1 to {last}, not {version}", number=number, last=events[-1].version, version=version))
            events = events[:version]
        if as_of is not None:
            day = parse_date(as_of, "--as-of")
            # The history up to its first event effective after the day: a reinstate may be dated before
            # the lapse it undoes, and the case as of a day between them is the case before the lapse.
            events = list(takewhile(lambda event: event.on <= day, events))
            if not events:
                raise NotFound(t("case {number} was not registered yet on {day}", number=number, day=day.isoformat()))
        return events

    def explain(self, number: str, clock: str | None = None) -> Explanation:
        """How the clock's due date was reached, from the rule that fixed the receipt date when the
        period counts from it."""
        context = self._context
        with context.storage.reading() as uow:
            context.actor(uow)
            case = context.load(uow, number)
            registration = effective_events(uow.cases.events(number))[:1]  # as amended, if it was
        clock = self._clock_code(case, clock) if clock else case.due_clock
        found = case.clocks.get(clock)
        if found is None:
            raise NotFound(t("case {number} has no {clock} clock", number=number, clock=clock))
        explanation = found.explain(context.calendar)
        registered = replay(context.kinds.kind(case.kind), context.kinds.machine(case.kind), registration)
        receipt = described_receipt(case.receipt, case.channel)
        if receipt is None or not _counts_from_registration(found, registered.clocks.get(clock)):
            return explanation
        step = ExplainStep(case.received_on, "receipt", name=receipt["rule"])
        return replace(explanation, steps=(step, *explanation.steps), receipt={**receipt, "on": case.received_on.isoformat()})

    def _clock_code(self, case: Case, given: str) -> str:
        """The name of one of the case's clocks, given as its name or its Chinese label (答复期限 is reply)."""
        if given in case.clocks:
            return given
        kind = self._context.kinds.get(case.kind)
        names = dict.fromkeys([*(kind.clock_specs if kind is not None else CLOCK_LABELS), *case.clocks])
        labelled = [(name, kind.clock_label(name) if kind is not None else CLOCK_LABELS.get(name, name)) for name in names]
        return code_named(given, labelled) or given


def _one_point(as_of: date | str | None, version: int | None) -> None:
    """A case as it stood is taken at one point: a day or a version, not both (the one would silently win)."""
    if as_of is not None and version is not None:
        raise InvalidInput(t("--as-of and --version each name a point in the case's history: give one of them, not both"))


def _history_of(uow, number: str):
    """The case's recorded events as the corrections read them (workflow/corrections.py): each one's
    recording time in the office's time zone, since a step is undone only on the day it was recorded."""
    def history() -> list[Event]:
        return [replace(event, recorded_at=in_office_time(event.recorded_at)) if event.recorded_at else event
                for event in uow.cases.events(number)]

    return history


def _counts_from_registration(clock: Clock, at_registration: Clock | None) -> bool:
    """The clock's period is the one its registration started: started then, never started again or restarted."""
    starts = [entry for entry in clock.ledger if entry.action in ("start", "restart")]
    return at_registration is not None and len(starts) == 1 and clock.ledger[:1] == at_registration.ledger[:1]
