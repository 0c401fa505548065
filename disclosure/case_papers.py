"""A case's papers: issuing its letters and keeping its files, each recorded in the case's chain.

The content goes to the office's document store (storage/documents.py) before the event that names
its hash is appended, in the same unit of work as the event and the document number: a refusal
leaves no event and no number used (a file already written to a folder stays there, named by no
event, and is kept again by its hash if the same content comes back).

A paper that holds the applicant's personal data (workflow/papers.py holds_personal_data: a letter whose
template prints their address, every kept file) is a sight of it, as `show --reveal` is: issuing such a
letter or fetching such a paper needs a user who may see the case's personal data (identity.py may_reveal),
and is an entry of the office log (via ``letter`` or ``file``, its reason naming the paper) written in the
same transaction. Someone else is refused in one line, and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from disclosure.cases import Cases
from disclosure.office_context import OfficeContext
from disclosure.storage.documents import document_store, sha256_of
from disclosure.views import CaseView
from disclosure.workflow.case import Acting, Case, replay, try_apply
from disclosure.workflow.corrected_history import effective_events
from disclosure.workflow.errors import InvalidInput, RuleViolation
from disclosure.workflow.events import Event
from disclosure.workflow.identity import PERSONAL_DATA_ROLES, Actor, may_reveal
from disclosure.workflow.messages import t
from disclosure.workflow.papers import (
    FILE_ATTACHED, FILE_KINDS, LETTER_ISSUED, PAPER_ROLES, file_kind_code, find_file, holds_personal_data, paper_event,
)
from disclosure.workflow.vocabulary import any_of_roles

__all__ = ["CasePapers", "IssuedLetter"]


@dataclass(frozen=True)
class IssuedLetter:
    """A letter as issued: its record in the case (number, kind, template, hash) and its bytes."""

    record: dict[str, Any]
    content: bytes


class CasePapers:
    def __init__(self, context: OfficeContext, cases: Cases) -> None:
        self._context = context
        self._cases = cases

    def _store(self, uow):
        papers = self._context.settings.papers
        return document_store(uow.connection, papers.store, papers.folder, self._context.settings.files)

    def _append_paper(self, uow, case: Case, acting: Acting, event_type: str, data: dict[str, Any]) -> Case:
        context = self._context
        event = paper_event(case, acting, event_type, data)
        updated = try_apply(context.kinds.kind(case.kind), context.kinds.machine(case.kind), case, event)
        uow.cases.append(case, updated, event, context.calendar, context.now())
        return updated

    # -- files ----------------------------------------------------------------------------------

    def attach(
        self, number: str, content: bytes, name: str, *, kind: str = "other", note: str | None = None,
        user: str | None = None, on: date | str | None = None,
    ) -> dict[str, Any]:
        """Keep ``content`` (a file called ``name``) with the case; returns the file's record."""
        kind = file_kind_code(kind)
        name = Path(name).name.strip()
        if not name:
            raise InvalidInput(t("a kept file needs a name"))
        self._context.settings.papers.check_size(name, len(content))
        with self._context.storage.writing() as uow:
            acting = self._context.acting(uow, user, on)
            case = self._context.load(uow, number)
            data = {"kind": kind, "name": name, "sha256": sha256_of(content), "size": len(content)}
            if note is not None and note.strip():
                data["note"] = note.strip()
            paper_event(case, acting, FILE_ATTACHED, data)  # refused before anything is kept
            self._store(uow).put(content, self._context.now())
            updated = self._append_paper(uow, case, acting, FILE_ATTACHED, data)
        return updated.files[-1]

    def files(self, number: str) -> list[dict[str, Any]]:
        with self._context.storage.reading() as uow:
            self._context.actor(uow)
            return list(self._context.load(uow, number).files)

    def file(self, number: str, given: str) -> tuple[dict[str, Any], bytes]:
        """A case's file or letter (by id, letter number or hash prefix) and its content, checked against its hash.

        A paper that holds the applicant's personal data (every kept file; a letter that carries some) is given
        only to a user who may see the case's personal data, and the sight is an entry of the office log."""
        context = self._context
        with context.storage.reading() as uow:
            context.actor(uow)
            record = find_file(context.load(uow, number), given)
            if not holds_personal_data(record):
                return record, self._content(uow, record)
        with context.storage.writing() as uow:  # the sight is logged in the transaction that reads the paper
            actor = context.actor(uow)
            case = context.load(uow, number)
            record = find_file(case, given)
            if not may_reveal(actor, case.handler):
                raise RuleViolation(t(
                    "{paper} of case {number} holds the applicant's personal data: fetching it needs the role registrar, "
                    "head or auditor, or handling the case; {name} has neither", paper=_paper(record), number=case.number,
                    name=actor.name,
                ))
            content = self._content(uow, record)
            if "letter" in record:
                sight = {"reason": f"调取{_letter_label(record['letter'])} {record['number']}", "via": "file", "letter": record["number"]}
            else:
                sight = {"reason": f"调取{FILE_KINDS.get(record['kind'], '')} {record['name']}（文件{record['id']}）", "via": "file",
                         "file": record["id"]}
            context.log(uow, actor, "personal-data-viewed", case.number, sight)
        return record, content

    def _content(self, uow, record: dict[str, Any]) -> bytes:
        """The paper's content from the document store, checked against its recorded hash."""
        content = self._store(uow).get(record["sha256"])
        if content is None:
            raise RuleViolation(t("the document store has lost {paper} ({hash_start}…)",
                                  paper=record.get("name") or record["number"], hash_start=record["sha256"][:12]))
        if sha256_of(content) != record["sha256"]:
            raise RuleViolation(
                t("the document store's copy of {paper} was altered: its hash is not the recorded one",
                  paper=record.get("name") or record["number"])
            )
        return content

    # -- letters --------------------------------------------------------------------------------

    def issue_letter(self, number: str, letter_kind: str, *, user: str | None = None, on: date | str | None = None) -> IssuedLetter:
        with self._context.storage.writing() as uow:
            acting = self._context.acting(uow, user, on)
            _, issued = self.issue_on(uow, self._context.load(uow, number), letter_kind, acting)
        return issued

    def act_with_letter(
        self, number: str, action: str, *, user: str | None = None, on: date | str | None = None,
        expected_version: int | None = None, **params: Any,
    ) -> tuple[CaseView, IssuedLetter]:
        """The action and the letter that goes with it, in one transaction: both or neither."""
        from disclosure.workflow.letters import letter_for_action

        with self._context.storage.writing() as uow:
            acting = self._context.acting(uow, user, on)
            case = self._context.load(uow, number)
            # The action named by its code or its label: the letter is its code's.
            letter_kind = letter_for_action(self._context.kinds.kind(case.kind).action(action).name)
            updated = self._cases.act_on(uow, number, action, acting, params, expected_version, case=case)
            updated, issued = self.issue_on(uow, updated, letter_kind, acting)
        return self._context.view(updated, acting.today), issued

    def register_with_letter(self, *, user: str | None = None, on: date | str | None = None, kind: str = "disclosure", **params: Any):
        """Register and issue the acknowledgement (收到申请告知书) in one transaction."""
        with self._context.storage.writing() as uow:
            acting = self._context.acting(uow, user, on)
            case = self._cases.register_on(uow, kind, acting, params)
            case, issued = self.issue_on(uow, case, "acknowledgement", acting)
        return self._context.view(case, acting.today), issued

    def issue_on(self, uow, case: Case, letter_kind: str, acting: Acting) -> tuple[Case, IssuedLetter]:
        """Within the caller's unit of work: the letter checked, numbered, rendered from ``case``, kept, recorded."""
        from disclosure.workflow.letters import check_letter, letter_kind_code

        letter_kind = letter_kind_code(letter_kind)
        history = effective_events(uow.cases.events(case.number))  # an undone step was never taken; an amended one says so
        check_letter(letter_kind, case, history)
        paper_event(case, acting, LETTER_ISSUED, {})  # the date and the role, before a number is taken
        document_number = self._context.settings.papers.letter_number(
            acting.on.year, uow.cases.next_in_series(f"letters {acting.on.year}"),
        )
        composed = self._compose(uow, letter_kind, case, history, document_number, acting.on)
        actor = Actor(acting.user, acting.roles, acting.by)
        if composed.personal_data and not may_reveal(actor, case.handler):  # refused before the letter is kept
            may_issue = [role for role in PAPER_ROLES if role in PERSONAL_DATA_ROLES]
            raise RuleViolation(t(
                "the {kind} letter ({label}) of case {number} carries {what}: issuing it needs the role {roles}, or handling "
                "the case; {name} has neither", kind=letter_kind, label=_letter_label(letter_kind), number=case.number,
                what=_carried(composed.personal_data), roles=any_of_roles(may_issue), name=actor.name,
            ))
        self._store(uow).put(composed.content, self._context.now())
        data = {
            "letter": letter_kind, "number": document_number, "template": composed.template,
            "template_source": composed.template_source, "template_sha256": composed.template_sha256,
            "sha256": composed.sha256, "size": len(composed.content), "fields_sha256": composed.fields_sha256,
            "office": dict(composed.office), "personal_data": list(composed.personal_data),
        }
        updated = self._append_paper(uow, case, acting, LETTER_ISSUED, data)
        if composed.personal_data:  # the issuer has the letter, and with it the applicant's data: a sight
            self._context.log(uow, actor, "personal-data-viewed", case.number, {
                "reason": f"出具{_letter_label(letter_kind)} {document_number}", "via": "letter", "letter": document_number,
            })
        return updated, IssuedLetter(updated.letters[-1], composed.content)

    def _office(self, uow) -> dict[str, str]:
        """The office's details for letters: the settings' [office], its name defaulting to the book's."""
        details = dict(self._context.settings.papers.office)
        if "name" not in details:
            office = uow.users.office()
            if office is not None:
                details["name"] = office.name
        return details

    def _compose(self, uow, letter_kind: str, case: Case, history: list[Event], document_number: str, issued_on: date):
        from disclosure.letters import compose_letter

        templates = self._context.settings.papers.templates
        return compose_letter(
            letter_kind, case, history, number=document_number, issued_on=issued_on, office=self._office(uow),
            templates_folder=Path(templates) if templates else None, calendar=self._context.calendar,
            labels=self._context.kinds.kind(case.kind),
        )

    def letters(self, number: str) -> list[dict[str, Any]]:
        with self._context.storage.reading() as uow:
            self._context.actor(uow)
            return list(self._context.load(uow, number).letters)

    def recheck_letters(self, number: str) -> list[tuple[dict[str, Any], str | None]]:
        """Each issued letter rendered again from the case as it stood: None where the bytes are the same, else why not."""
        from disclosure.letters import explain_rerender

        context = self._context
        with context.storage.reading() as uow:
            context.actor(uow)
            case = context.load(uow, number)
            history = uow.cases.events(number)
            kind, machine = context.kinds.kind(case.kind), context.kinds.machine(case.kind)
            results = []
            for event in history:
                if event.type != LETTER_ISSUED:
                    continue
                before = history[: event.version - 1]
                composed = self._compose(
                    uow, event.data["letter"], replay(kind, machine, before), effective_events(before), event.data["number"], event.on,
                )
                record = next(letter for letter in case.letters if letter["version"] == event.version)
                results.append((record, explain_rerender(dict(event.data), composed)))
        return results


def _letter_label(kind: str) -> str:
    from disclosure.workflow.letters import LETTER_KINDS

    return LETTER_KINDS.get(kind, kind)


def _paper(record: dict[str, Any]) -> str:
    """A case's paper, named in a sentence: its letter's kind, number and label, or its file's id and name."""
    if "letter" in record:
        return t("the {kind} letter {letter} ({label})", kind=record["letter"], letter=record["number"],
                 label=_letter_label(record["letter"]))
    return t("file {id} {name}", id=record["id"], name=record["name"])


def _carried(fields: tuple[str, ...]) -> str:
    """What of the applicant's personal data a letter's fields (letters/fields.py PERSONAL_LETTER_FIELDS) are."""
    from disclosure.letters.fields import PERSONAL_LETTER_FIELDS

    if {PERSONAL_LETTER_FIELDS.get(field) for field in fields} == {"address"}:
        return t("the applicant's address")
    return t("the applicant's personal data")
