"""`audit verify`'s look at the document store: every letter and file an event names is there, unaltered."""

from __future__ import annotations

import json

from disclosure.audit.verify_chain import Finding
from disclosure.storage.documents import INTACT, papers_recorded
from disclosure.storage.database import Connection

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
        what = f"letter {paper['number']}" if "number" in paper else f"file {paper['name']}"
        first = (position, case_number, f"the {what} ({paper['sha256'][:12]}…) is {status} {'from' if status == 'missing' else 'in'} the document store")
    if first is None:
        return None
    position, case_number, detail = first
    if more:
        detail += f"; {more} more {'is' if more == 1 else 'are'} missing or altered"
    return Finding("document", position, case_number, detail)
