"""The sweep: every threshold crossed, once; the applicant's periods that lapsed, ended; in one transaction.

What each kind's clocks warn of, and which of its periods end a case when they lapse, the kind says
(Kind.alert_policy, Kind.lapses); this module names no kind. Rendering is notifications/sweep.py's.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from disclosure.cases import Cases
from disclosure.notifications.sweep import alert_json, case_alert, horizon, lapse_alert, office_reminders
from disclosure.office_context import OfficeContext
from disclosure.timekeeping import OFFICE_TIMEZONE
from disclosure.storage.snapshots import ledger_from_json
from disclosure.workflow.alerts import HEADS, AlertPolicy, crossings, last_start
from disclosure.workflow.calendar import parse_date
from disclosure.workflow.case import Acting
from disclosure.workflow.errors import ConcurrentChange, InvalidInput, RuleViolation
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import SYSTEM_ROLE, SYSTEM_USER

__all__ = ["Sweeper", "UNCONFIRMED_LAPSE_DAYS"]

_log = logging.getLogger("disclosure.sweep")

# A sweep ends cases by lapse unasked only within this many days after the newest event a person
# recorded: a date further on is more likely a wrong system clock than days nobody worked (a weekend
# is two), and a lapse cannot be taken back but by a head. Beyond it the sweep needs ``confirm``.
UNCONFIRMED_LAPSE_DAYS = 3


def _holding(roles_by_user: dict[str, frozenset[str]], *roles: str) -> list[str]:
    return [name for name, held in roles_by_user.items() if held & set(roles)]


class Sweeper:
    def __init__(self, context: OfficeContext, cases: Cases) -> None:
        self._context = context
        self._cases = cases

    def sweep(self, on: date | str | None = None, *, confirm: bool = False) -> list[dict[str, Any]]:
        context = self._context
        today = context.today()
        swept_on = today if on is None else parse_date(on, "--on")
        if swept_on > today:
            raise InvalidInput(t("a sweep cannot run ahead of today ({today}): {swept_on}",
                                 today=today.isoformat(), swept_on=swept_on.isoformat()))
        policies = self._alert_policies()
        calendar = context.calendar
        with context.storage.writing() as uow:
            if confirm:  # ending cases the newest work does not bear out is a head's decision (docs/operations.md)
                context.require_role(uow, None, ["head", "admin"], t("confirming a sweep"))
            roles_by_user = uow.users.all_roles()
            if SYSTEM_USER not in roles_by_user:  # a case book made before the sweep existed
                uow.users.add_user(SYSTEM_USER, [SYSTEM_ROLE], None, context.now())
            heads = _holding(roles_by_user, "head") or _holding(roles_by_user, "admin")
            registrars = _holding(roles_by_user, "registrar")
            found = self._lapses(uow, swept_on, registrars, confirm)
            names = sorted({name for (_, name), policy in policies.items() if policy})
            for due in uow.outbox.running_clocks_due_by(names, horizon(policies, swept_on, calendar)):
                policy = policies.get((due.kind, due.clock))
                clock = ledger_from_json(due.clock, due.ledger)
                for crossing in crossings(clock, policy, calendar, swept_on):
                    recipients = heads if crossing.audience == HEADS else [due.handler] if due.handler else registrars
                    found.append(case_alert(due, crossing, swept_on, calendar, recipients, context.kinds))
            found.extend(office_reminders(swept_on, calendar, _holding(roles_by_user, "admin", "head")))
            created = uow.outbox.record_alerts(found, swept_on, context.settings.channels_for_alerts(), context.now())
        return [alert_json(alert) for alert in created]

    def _alert_policies(self) -> dict[tuple[str, str], AlertPolicy | None]:
        """(kind, clock) → thresholds, as each kind says."""
        office = self._context.settings.policies
        return {(kind.code, name): kind.alert_policy(name, office) for kind in self._context.kinds for name in kind.clock_specs}

    def _lapses(self, uow, swept_on: date, registrars: list[str], confirm: bool) -> list:
        """Close the cases whose applicant's period ran out before ``swept_on`` (as the user system)."""
        context = self._context
        lapsing = {(kind.code, clock): ending for kind in context.kinds for clock, ending in kind.lapses.items()}
        found = []
        last_day = swept_on - timedelta(days=1)
        lapsed = [
            (due, lapsing[(due.kind, due.clock)][1])
            for due in uow.outbox.running_clocks_due_by(sorted({clock for _, clock in lapsing}), last_day)
            # only a period of this kind that ends the case, and in the state it ends from
            if (due.kind, due.clock) in lapsing and due.state == lapsing[(due.kind, due.clock)][0]
        ]
        if lapsed and not confirm:
            self._refuse_if_unwitnessed(uow, swept_on, len(lapsed))
        for due, outcome in lapsed:
            case = context.load(uow, due.case_number)
            # Effective the day after the last day of the period, or the case's last event if later.
            lapsed_on = max(due.due_on + timedelta(days=1), case.last_on or due.due_on)
            acting = Acting(SYSTEM_USER, frozenset({SYSTEM_ROLE}), lapsed_on, context.today(), context.calendar,
                            context.office_row(uow)[1])
            try:
                self._cases.act_on(uow, due.case_number, "lapse", acting, {"clock": due.clock}, case=case)
            except RuleViolation as refused:
                if isinstance(refused, ConcurrentChange):
                    raise  # a failed write: the whole sweep is rolled back and tried again later
                # Refused before anything was written for this case; the others go on.
                _log.warning("case %s: the %s period was not ended: %s", due.case_number, due.clock, refused)
                continue
            started = last_start(case.clocks[due.clock])
            reinstated = sum(event.type == "reinstate" for event in uow.cases.events(due.case_number))
            found.append(lapse_alert(due, started, outcome, lapsed_on, [due.handler] if due.handler else registrars,
                                     context.kinds, reinstated))
        return found

    def _refuse_if_unwitnessed(self, uow, swept_on: date, lapsing: int) -> None:
        """Refuse the sweep (nothing is written) when its date is more than UNCONFIRMED_LAPSE_DAYS after
        the newest event a person recorded: its effective date, or the day it was recorded if later (a
        clerk entering last week's mail today was at work today)."""
        newest = uow.cases.newest_event_not_by(SYSTEM_USER)
        if newest is None:
            return
        seen = newest.on
        if newest.recorded_at is not None:
            seen = max(seen, newest.recorded_at.astimezone(OFFICE_TIMEZONE).date())
        if (swept_on - seen).days > UNCONFIRMED_LAPSE_DAYS:
            raise RuleViolation(
                t("the sweep of {swept_on} would end {lapsing} case(s) by lapse, but the newest event a person recorded "
                  "is of {seen}, {days} days before: if the system clock is right, sweep with --confirm; nothing was "
                  "changed",
                  swept_on=swept_on.isoformat(), lapsing=lapsing, seen=seen.isoformat(), days=(swept_on - seen).days)
            )
