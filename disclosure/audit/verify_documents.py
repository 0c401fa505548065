"""`audit verify`'s look at the document store: every letter and file an event names is there, unaltered."""

from __future__ import annotations

import json

from disclosure.audit.verify_chain import Finding
from disclosure.storage.documents import INTACT, MISSING, papers_recorded
from disclosure.storage.database import Connection
from disclosure.workflow.messages import t

__all__ = ["documents_finding"]


def documents_finding(connection: Connection, store) -> Finding | None:
    """The first letter or file missing from ``store`` or altered there, and how many more are."""
    first, more = None, 0
    for position, case_number, data in papers_recorded(connection):
        paper = json.loads(data)
        status = store.check(paper["sha256"])
        if status == INTACT:
            continue
        if first is not None:
            more += 1
            continue
        what = t("letter {number}", number=paper["number"]) if "number" in paper else t("file {name}", name=paper["name"])
        sha256 = paper["sha256"][:12]
        if status == MISSING:  # each message written out whole, so the catalog has it
            detail = t("the {what} ({sha256}…) is missing from the document store", what=what, sha256=sha256)
        else:
            detail = t("the {what} ({sha256}…) is altered in the document store", what=what, sha256=sha256)
        first = (position, case_number, detail)
    if first is None:
        return None
    position, case_number, detail = first
    if more == 1:
        detail = t("{first}; 1 more is missing or altered", first=detail)
    elif more:
        detail = t("{first}; {more} more are missing or altered", first=detail, more=more)
    return Finding("document", position, case_number, detail)
