"""What an auditor asks of the book: its anchor, the verification, the replay (and its repair), and exports."""

from __future__ import annotations

import time
from collections import deque
from datetime import date
from typing import Any, Callable, Iterable

from disclosure.audit.export import CASE_FIELDS, build_export, claimed_cases, masked_events
from disclosure.audit.export_files import papers_named
from disclosure.audit.replay import Difference, compare, differences, replayed_case, replayed_cases
from disclosure.audit.verify import Verification, corrupt, verify
from disclosure.audit.verify_calendar import recorded_history
from disclosure.audit.verify_tallies import TALLIES, repair_tallies, tally_differences
from disclosure.office_context import OfficeContext
from disclosure.storage.audit_rows import case_claim_rows, events_by_position
from disclosure.storage.casebook_core import damage as file_damage
from disclosure.storage.documents import document_store
from disclosure.workflow.calendar import check_year
from disclosure.workflow.calendar_history import CalendarHistory
from disclosure.workflow.chain import Anchor
from disclosure.workflow.errors import InvalidInput, NotFound, RuleViolation, StorageError
from disclosure.workflow.identity import may_reveal
from disclosure.workflow.office_log import ACCESS_ENTRIES, EVERYONE
from disclosure.workflow.messages import t

__all__ = ["Auditing"]

# A repair writes in batches, each its own transaction, so a clerk's command waits at most about
# this long for the write lock however many cases are repaired (measured: 2 to 5 ms a case, so the
# time limit ends a batch first on a slow machine).
REPAIR_BATCH_CASES = 100
REPAIR_BATCH_SECONDS = 0.5


def _history(uow) -> CalendarHistory:
    return recorded_history(uow.connection)


class Auditing:
    def __init__(self, context: OfficeContext) -> None:
        self._context = context

    def anchor(self) -> Anchor:
        with self._context.storage.reading() as uow:
            return uow.cases.chain_head()

    def event_count(self) -> int:
        with self._context.storage.reading() as uow:
            return uow.cases.event_count()

    def log_anchor(self) -> Anchor:
        with self._context.storage.reading() as uow:
            return uow.log.head()

    def verify(
        self, anchor: Anchor | None = None, *, progress: Callable[[int], None] | None = None, log_anchor: Anchor | None = None,
    ) -> Verification:
        context = self._context
        url = context.storage.engine.url.render_as_string(hide_password=False)
        with context.storage.reading() as uow:
            try:
                context.actor(uow)  # reads need a known, enabled user
                papers = context.settings.papers
                return verify(
                    uow.connection, _history(uow), anchor, progress, url=url, due_clocks_of=context.kinds.due_clocks,
                    log_anchor=log_anchor, documents=document_store(uow.connection, papers.store, papers.folder, context.settings.files),
                    damage=file_damage, rated_kinds=context.kinds.rated_kinds(),
                )
            except StorageError:
                # A damaged page read on the way (the users', the events') is reported as the file's damage.
                damage = uow.cases.damage()
                if damage is not None:
                    return corrupt(damage)
                raise

    def replay(self, *, progress: Callable[[int], None] | None = None) -> list[Difference]:
        context = self._context
        url = context.storage.engine.url.render_as_string(hide_password=False)
        with context.storage.reading() as uow:
            context.actor(uow)
            found = list(differences(uow.connection, _history(uow), context.kinds, progress, url=url))
            if found:  # the tallies are counted again from the case rows, which must first agree with the events
                return found
            return tally_differences(uow.connection, context.kinds.rated_kinds())

    def repair(self, *, user: str | None = None, progress: Callable[[int], None] | None = None) -> list[str]:
        """Rewrite the projections of the cases whose events replay to something else; their numbers, and
        ``report_tallies`` (audit/verify_tallies.py TALLIES) when the reports' tallies were rewritten too.

        The book is replayed without the write lock; then the disagreeing cases are re-read, compared
        again and rewritten under it, in short batches. Killed midway, the batches committed stay
        repaired and running it again repairs the rest.
        """
        context = self._context
        with context.storage.reading() as uow:
            context.require_role(uow, user, ["admin"], t("repairing projections"))
            pending = deque()
            history = _history(uow)
            for replayed in replayed_cases(uow.connection, context.kinds):
                if progress is not None:
                    progress(replayed.events)
                if next(compare(replayed, history), None) is None:
                    continue
                if replayed.case is None:
                    raise RuleViolation(
                        t("case {number} cannot be rebuilt from its events ({error}); nothing was repaired",
                          number=replayed.number, error=replayed.error)
                    )
                pending.append(replayed.number)
        repaired: list[str] = []
        while pending:
            with context.storage.writing() as uow:
                repaired.extend(self._repair_batch(uow, pending))
        rated = context.kinds.rated_kinds()
        with context.storage.reading() as uow:  # counted again from the case rows as repaired
            wrong = tally_differences(uow.connection, rated) != []
        if wrong:
            with context.storage.writing() as uow:  # and again under the lock: a clerk may have written since
                if repair_tallies(uow.connection, rated):
                    repaired.append(TALLIES)
        return repaired

    def _repair_batch(self, uow, pending: deque) -> list[str]:
        """Take cases off ``pending`` while the batch is small and short; those rewritten."""
        context = self._context
        started, rewritten = time.monotonic(), []
        history = _history(uow)  # as of this batch: a calendar load meanwhile counts
        for _ in range(REPAIR_BATCH_CASES):
            if not pending or time.monotonic() - started > REPAIR_BATCH_SECONDS:
                break
            # Read again under the lock: a clerk's command may have changed the case since the replay.
            replayed = replayed_case(uow.connection, context.kinds, pending.popleft())
            if next(compare(replayed, history), None) is None:
                continue
            if replayed.case is None:
                raise RuleViolation(
                    t("case {number} cannot be rebuilt from its events ({error}); "
                      "the cases repaired before it stay repaired", number=replayed.number, error=replayed.error)
                )
            uow.cases.rewrite_projection(replayed.case, history, replayed.clock_positions)
            rewritten.append(replayed.number)
        return rewritten

    def export(
        self, numbers: Iterable[str] = (), *, everything: bool = False, year: int | None = None,
        progress: Callable[[int], None] | None = None, with_personal_data: str | None = None,
    ) -> dict[str, Any]:
        """``with_personal_data``: the reason a permitted user exports the applicants' personal data
        unmasked (recorded in the office log); without it the names, ID numbers, phones and addresses are masked."""
        numbers = list(dict.fromkeys(numbers))
        if sum((bool(numbers), everything, year is not None)) != 1:
            raise InvalidInput(t("export needs case numbers, --all or --year (one of them)"))
        if with_personal_data is not None and not with_personal_data.strip():
            raise InvalidInput(t("exporting personal data needs a reason (--reason)"))
        received = (date(check_year(year, "--year"), 1, 1), date(year, 12, 31)) if year is not None else None
        storage = self._context.storage
        with storage.reading() if with_personal_data is None else storage.writing() as uow:
            actor = self._context.actor(uow)
            cases = list(claimed_cases(case_claim_rows(uow.connection, CASE_FIELDS, numbers, received)))
            found = {case["number"] for case in cases}
            unknown = [number for number in numbers if number not in found]
            if unknown:
                raise NotFound(t("no case {number}", number=unknown[0]))
            if with_personal_data is not None:
                refused = next((case["number"] for case in cases if not may_reveal(actor, case["handler"])), None)
                if refused is not None:
                    raise RuleViolation(
                        t("exporting case {number}'s personal data needs the role registrar, head or auditor, "
                          "or handling the case; {name} has neither", number=refused, name=actor.name)
                    )
                selection = {"all": True} if everything else {"year": year} if year is not None else {"cases": numbers}
                # An export of every case names no case: its subject says every case (OfficeLog.entries finds it for each).
                subject = EVERYONE if everything else sorted(found)[0] if len(found) == 1 else f"{len(found)} cases"
                listed = {} if everything else {"cases": sorted(found)}
                self._context.log(uow, actor, "personal-data-exported", subject, {
                    "reason": with_personal_data.strip(), "selection": selection, **listed,
                })
            office = uow.users.office()
            return build_export(
                events_by_position(uow.connection),
                (lambda number: True) if everything else found.__contains__,
                cases,
                office=office.name if office else "",
                exported_at=self._context.now().isoformat(timespec="seconds"),
                selection={"all": True} if everything else {"year": year} if year is not None else {"cases": numbers},
                progress=progress, personal_data=with_personal_data is not None,
            )

    def export_documents(self, document: dict[str, Any]) -> dict[str, bytes]:
        """The letters and files an export's events name, by SHA-256, from the document store. They hold the
        applicants' personal data, so they go only with an export of it (made with ``with_personal_data``)."""
        if masked_events(document):
            raise RuleViolation(t("the documents hold the applicants' personal data: export them with it (--with-personal-data)"))
        wanted = papers_named(document)
        with self._context.storage.reading() as uow:
            self._context.require_role(uow, None, ["registrar", "head", "auditor"], t("exporting a case's documents"))
            papers = self._context.settings.papers
            store = document_store(uow.connection, papers.store, papers.folder, self._context.settings.files)
            found = {sha256: store.get(sha256) for sha256 in wanted}
        lost = [f"{wanted[sha256]} ({sha256[:12]}…)" for sha256, content in found.items() if content is None]
        if lost:
            if len(lost) == 1:
                raise RuleViolation(t("the document store has lost {document}; nothing was exported", document=lost[0]))
            raise RuleViolation(t("the document store has lost {document} and {more} more; nothing was exported", document=lost[0], more=len(lost) - 1))
        return found

    def access_log(self, *, case: str | None = None, user: str | None = None) -> list[dict[str, Any]]:
        """Who saw whose personal data, when and why, oldest first (auditors, heads and admins)."""
        with self._context.storage.reading() as uow:
            self._context.require_role(uow, None, ["auditor", "head", "admin"], t("reading the access log"))
            # A name or number the book does not know is a typo, not a clean record of "no sight".
            if user is not None and not uow.users.has_user(user):
                raise NotFound(t("no user {name}", name=user))
            if case is not None and case != EVERYONE and uow.cases.snapshot(case) is None:
                raise NotFound(t("no case {number}", number=case))
            return [
                {
                    "position": entry.position, "recorded_at": entry.recorded_at.isoformat(), "type": entry.type,
                    "label": ACCESS_ENTRIES[entry.type], "user": entry.user, "acted_by": entry.by,
                    "cases": list(entry.data.get("cases") or ([] if entry.subject == EVERYONE else [entry.subject])),
                    "all_cases": entry.subject == EVERYONE, "reason": entry.data.get("reason"), "via": entry.data.get("via", "export"),
                }
                for entry in uow.log.entries(ACCESS_ENTRIES, subject=case, user=user)
            ]
