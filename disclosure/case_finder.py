"""Finding cases: `search` by what a clerk remembers of one, and the filters `list` takes.

A filter's value is a code or its Chinese label; one the office does not know is refused in one line
naming the accepted ones, before anything is read, so a typing slip never looks like an empty result.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from disclosure.office_context import OfficeContext
from disclosure.views import CaseView
from disclosure.workflow.calendar import check_count, parse_date
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.input_bounds import SEARCH_LIMIT
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import CHANNELS, code_named

__all__ = ["CaseFinder"]


class CaseFinder:
    def __init__(self, context: OfficeContext) -> None:
        self._context = context

    def search(
        self, text: str, *, kind: str | None = None, state: str | None = None, limit: int = SEARCH_LIMIT,
        on: date | None = None,
    ) -> list[CaseView]:
        """The cases whose number, applicant's name, request or notes hold ``text`` (an ID number: the cases
        of that applicant), by number, at most ``limit``; a voided case only when ``state`` asks for it.
        The applicant's name is masked (张*) beside the ID number, phone and address: a search by a name
        finds every case of anyone so named."""
        context = self._context
        query = " ".join(str(text or "").split())
        if not query:
            raise InvalidInput(t("search needs a text: a case number, a name, words of the request or of a note, or an ID number"))
        limit = check_count(limit, "--limit", least=1)
        today = context.today() if on is None else parse_date(on, "--on")
        filters = self.codes(kind=kind, state=state)
        with context.storage.reading() as uow:
            context.actor(uow)
            found = uow.cases.search(query, kind=filters.get("kind"), state=filters.get("state"), limit=limit)
        return [replace(context.view(case, today), name_masked=True) for case in found]

    def codes(
        self, uow=None, *, kind: str | None = None, state: str | None = None, handler: str | None = None,
        channel: str | None = None, received_from: date | str | None = None, received_to: date | str | None = None,
    ) -> dict[str, Any]:
        """The filters given, as the columns hold them (codes, dates); ``uow`` checks that a handler is a user."""
        filters: dict[str, Any] = {}
        if kind is not None:
            filters["kind"] = self._kind_code(kind)
        if state is not None:
            filters["state"] = self.state_code(state)
        if channel is not None:
            filters["channel"] = _channel_code(channel)
        if handler is not None:
            if uow is None or not uow.users.has_user(handler):
                raise InvalidInput(t("no user {name}", name=handler))
            filters["handler"] = handler
        for name, value, option in (("received_from", received_from, "--received-from"), ("received_to", received_to, "--received-to")):
            if value is not None:
                filters[name] = parse_date(value, option)
        if filters.get("received_from") and filters.get("received_to") and filters["received_from"] > filters["received_to"]:
            raise InvalidInput(t(
                "--received-from {first} is after --received-to {last}",
                first=filters["received_from"].isoformat(), last=filters["received_to"].isoformat(),
            ))
        return filters

    def _kind_code(self, given: str) -> str:
        kinds = [(kind.code, kind.label) for kind in self._context.kinds]
        code = code_named(given, kinds)
        if code is None:
            raise InvalidInput(t("unknown kind {given!r}; expected one of {accepted}", given=given, accepted=_accepted(kinds)))
        return code

    def state_code(self, given: str) -> str:
        """A state's code, given as its code or its Chinese label in any kind the office knows (办理中 is processing)."""
        # A code may have a label per kind (closed: 已终止 for an application, 已终结 for a petition).
        states = list(dict.fromkeys((state.code, state.label) for kind in self._context.kinds for state in kind.states))
        code = code_named(given, states)
        if code is None:
            raise InvalidInput(t("unknown state {given!r}; expected one of {accepted}", given=given, accepted=_accepted(states)))
        return code


def _channel_code(given: str) -> str:
    code = code_named(given, CHANNELS.items())
    if code is None:
        raise InvalidInput(t("unknown channel {given!r}; expected one of {accepted}", given=given, accepted=_accepted(CHANNELS.items())))
    return code


def _accepted(pairs) -> str:
    return ", ".join(f"{code} {label}" for code, label in pairs)
