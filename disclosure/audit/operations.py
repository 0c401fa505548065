"""What an auditor asks of the book: its anchor, the verification, the replay (and its repair), and exports."""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Iterable

from disclosure.audit.export import CASE_FIELDS, build_export, claimed_cases
from disclosure.audit.replay import Difference, compare, differences, replayed_cases
from disclosure.audit.verify import Verification, verify
from disclosure.office_context import OfficeContext
from disclosure.storage.audit_rows import case_claim_rows, events_by_position
from disclosure.workflow.chain import Anchor
from disclosure.workflow.calendar import check_year
from disclosure.workflow.errors import InvalidInput, NotFound, RuleViolation

__all__ = ["Auditing"]


class Auditing:
    def __init__(self, context: OfficeContext) -> None:
        self._context = context

    def anchor(self) -> Anchor:
        with self._context.storage.reading() as uow:
            return uow.cases.chain_head()

    def event_count(self) -> int:
        with self._context.storage.reading() as uow:
            return uow.cases.event_count()

    def verify(self, anchor: Anchor | None = None, *, progress: Callable[[int], None] | None = None) -> Verification:
        context = self._context
        url = context.storage.engine.url.render_as_string(hide_password=False)
        with context.storage.reading() as uow:
            return verify(uow.connection, context.calendar, anchor, progress, url=url, due_clocks_of=context.kinds.due_clocks)

    def replay(self, *, progress: Callable[[int], None] | None = None) -> list[Difference]:
        with self._context.storage.reading() as uow:
            return list(differences(uow.connection, self._context.calendar, self._context.kinds, progress))

    def repair(self, *, user: str) -> list[str]:
        context = self._context
        with context.storage.writing() as uow:
            context.require_role(uow, user, ["admin"], "repairing projections")
            disagreeing = [
                replayed for replayed in replayed_cases(uow.connection, context.kinds)
                if next(compare(replayed, context.calendar), None)
            ]
            for replayed in disagreeing:
                if replayed.case is None:
                    raise RuleViolation(
                        f"case {replayed.number} cannot be rebuilt from its events ({replayed.error}); nothing was repaired"
                    )
                uow.cases.rewrite_projection(replayed.case, context.calendar)
        return [replayed.number for replayed in disagreeing]

    def export(
        self, numbers: Iterable[str] = (), *, everything: bool = False, year: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> dict[str, Any]:
        numbers = list(dict.fromkeys(numbers))
        if sum((bool(numbers), everything, year is not None)) != 1:
            raise InvalidInput("export needs case numbers, --all or --year (one of them)")
        received = (date(check_year(year, "--year"), 1, 1), date(year, 12, 31)) if year is not None else None
        with self._context.storage.reading() as uow:
            cases = list(claimed_cases(case_claim_rows(uow.connection, CASE_FIELDS, numbers, received)))
            found = {case["number"] for case in cases}
            unknown = [number for number in numbers if number not in found]
            if unknown:
                raise NotFound(f"no case {unknown[0]}")
            office = uow.users.office()
            return build_export(
                events_by_position(uow.connection),
                (lambda number: True) if everything else found.__contains__,
                cases,
                office=office.name if office else "",
                exported_at=self._context.now().isoformat(timespec="seconds"),
                selection={"all": True} if everything else {"year": year} if year is not None else {"cases": numbers},
                progress=progress,
            )
