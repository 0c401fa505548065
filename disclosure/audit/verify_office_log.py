"""The office log: each entry's hash, the place in the events' chain it names, and the users table
being what the log's user entries leave.

An entry edited or deleted from the middle, the newest entries deleted (against the log's own anchor,
`audit anchor --log`: an anchor of the events' chain cannot tell, as entries name the events' head but
no event names an entry), or a user's row changed without an entry (a role granted by hand, a login
remapped) are each named.
"""

from __future__ import annotations

import json

from disclosure.storage.database import Connection, session_on

from disclosure.audit.verify_chain import Finding
from disclosure.storage.audit_rows import event_hashes_at, plain
from disclosure.storage.office_log import OfficeLog
from disclosure.storage.users import UserBook
from disclosure.workflow.chain import GENESIS, Anchor, office_log_hash
from disclosure.workflow.office_log import LogEntry, UserRecord, users_from_log
from disclosure.workflow.messages import t

__all__ = ["office_log_finding"]

PROBLEM = "office log"


def office_log_finding(connection: Connection, head: Anchor, log_anchor: Anchor | None = None) -> Finding | None:
    """The first problem in the office log's chain or in the users table (``head``: the events' chain head;
    ``log_anchor``: the log's own head as an auditor kept it)."""
    rows = OfficeLog(session_on(connection)).rows()
    hashes = event_hashes_at(connection, [row[7] for row in rows])
    previous, expected_position, last_head, entries = GENESIS, 1, 0, []
    for position, recorded_at, user, by, entry_type, subject, data, head_position, head_hash, stored_hash in rows:
        if position != expected_position:
            return Finding(PROBLEM, expected_position, None, t("an entry of the office log is missing"))
        moment = recorded_at if isinstance(recorded_at, str) else plain(recorded_at)
        anchor = Anchor(head_position, head_hash)
        if office_log_hash(previous, position, moment, user, by, entry_type, subject, data, anchor) != stored_hash:
            return Finding(PROBLEM, position, None, t("the entry does not match its hash (it was edited after it was recorded)"))
        if head_position < last_head or head_position > head.position:
            return Finding(PROBLEM, position, None, t("it names event position {position}, out of the order of the events' chain", position=head_position))
        if (GENESIS if head_position == 0 else hashes.get(head_position)) != head_hash:
            return Finding(PROBLEM, position, None, t("it names event position {position} with a hash the events' chain does not have there", position=head_position))
        if log_anchor is not None and position == log_anchor.position and stored_hash != log_anchor.hash:
            return Finding(PROBLEM, position, None, t("the entry at the anchor's position does not have the anchor's hash"))
        entries.append(LogEntry(entry_type, user, subject, json.loads(data), by))
        previous, expected_position, last_head = stored_hash, position + 1, head_position
    if log_anchor is not None and log_anchor.position >= expected_position:
        return Finding(
            PROBLEM, expected_position, None,
            t("the log ends at entry {last}, but the anchor kept names entry {anchor}: its newest entries were removed",
              last=expected_position - 1, anchor=log_anchor.position),
        )
    return _users_finding(UserBook(session_on(connection)), users_from_log(entries), len(rows))


def _users_finding(book: UserBook, logged: dict[str, UserRecord], count: int) -> Finding | None:
    """The users table (and the mobiles kept for the robots) hold what the user entries, folded, leave."""
    where = count or None
    mobiles = book.mobiles()
    stored = {
        row.name: UserRecord(row.login, row.roles.split(), row.email, mobiles.get(row.name), bool(row.disabled))
        for row in book.users()
    }
    for name in sorted(stored.keys() | logged.keys()):
        if name not in logged:
            return Finding(PROBLEM, where, None, t("the users table has {name}, whom no entry of the office log added", name=name))
        if name not in stored:
            return Finding(PROBLEM, where, None, t("the office log added {name}, whom the users table lacks", name=name))
        kept, record = stored[name], logged[name]
        for field in ("login", "roles", "email", "mobile", "disabled"):
            if _comparable(field, getattr(kept, field)) != _comparable(field, getattr(record, field)):
                return Finding(
                    PROBLEM, where, None,
                    t("the users table gives {name} {field} {kept!r}, the office log {logged!r}",
                      name=name, field=field, kept=getattr(kept, field), logged=getattr(record, field)),
                )
    return None


def _comparable(field: str, value):
    """A user's field as compared: roles in any order (a grant appends, the table keeps the order given)."""
    return sorted(value) if field == "roles" else value
