"""The chain walk on hand-built rows: each kind of break named exactly, with its position, case, detail and head.

Rows have the shape the audit reads from the events table (disclosure/storage/audit_rows.py EVENT_COLUMNS):
(position, case, version, type, data, user, role, effective on, recorded at, schema, snapshot hash, hash, acted by),
dates as the canonical text SQLite gives back. Every hash here is computed without chain_hash, from the
definition in workflow/chain.py's docstring, so a test fails if the walk and the definition part ways.
The tampering mirrors tests/integration/test_audit.py (plain SQL on a real book), at unit speed.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from disclosure.audit.verify_chain import ChainResult, Finding, check_chain
from disclosure.workflow.chain import Anchor

GENESIS = "0" * 64  # the "previous hash" of position 1
HASH = 11  # the last column

EDITED = "the event's content was edited after it was recorded (or an event before it deleted and the positions renumbered)"
HASH_EDITED = "the event's stored hash was edited"
SWAPPED = "this event and the next were swapped"
INSERTED = "an event was inserted that the chain does not account for"
MOVED = "the event is not where the chain recorded it (events moved or swapped)"
NEWEST_CHANGED = "the newest event does not match its hash"
APPENDED = "an event was appended that does not follow its case's last version"


def _sha256_of_fields(*fields: str) -> str:
    """SHA-256 over the fields joined by the ASCII record separator, as UTF-8, in hex."""
    return hashlib.sha256("\x1e".join(fields).encode("utf-8")).hexdigest()


def _snapshot_hash(case: str, version: int) -> str:
    return hashlib.sha256(json.dumps({"number": case, "version": version}, sort_keys=True).encode("utf-8")).hexdigest()


# (case, version, type, data, user, role, effective on, recorded at, schema): five events of two cases.
CONTENT = [
    ("2025-0001", 1, "register", '{"applicant": "张三"}', "reg", "registrar", "2025-09-26", "2025-09-26 01:00:00.000000", 1),
    ("2025-0001", 2, "assign", '{"to": "han"}', "reg", "registrar", "2025-09-29", "2025-09-29 01:00:00.000000", 1),
    ("2025-0002", 1, "register", '{"applicant": "李四"}', "reg", "registrar", "2025-09-29", "2025-09-29 02:00:00.000000", 1),
    ("2025-0001", 3, "consult", '{"party": "third_party"}', "han", "handler", "2025-10-09", "2025-10-09 01:00:00.000000", 2),
    ("2025-0002", 2, "assign", '{"to": "han"}', "reg", "registrar", "2025-09-30", "2025-09-30 01:00:00.000000", 1),
]


def _row(position: int, previous: str, content: tuple) -> tuple:
    case, version, type_, data, user, role, on, recorded, schema = content
    snapshot = _snapshot_hash(case, version)
    hash_ = _sha256_of_fields(previous, case, str(version), type_, data, user, role, on, recorded, str(schema), snapshot)
    return (position, case, version, type_, data, user, role, on, recorded, schema, snapshot, hash_, None)  # None: acted by no one for the user


def _chained(contents) -> list[tuple]:
    """Rows at positions 1, 2, … each linked to the hash before it: an intact chain."""
    rows, previous = [], GENESIS
    for position, content in enumerate(contents, start=1):
        rows.append(_row(position, previous, content))
        previous = rows[-1][HASH]
    return rows


def _at(position: int, row: tuple) -> tuple:
    """The row moved to another position (what an UPDATE of the position column does: the hash stays)."""
    return (position, *row[1:])


def _with(row: tuple, **changes) -> tuple:
    columns = ("position", "case", "version", "type", "data", "user", "role", "on", "recorded", "schema", "snapshot", "hash", "acted_by")
    values = dict(zip(columns, row))
    values.update(changes)
    return tuple(values.values())


def _check(rows, anchor=None, progress=None) -> ChainResult:
    return check_chain(iter(rows), anchor, progress)


BOOK = _chained(CONTENT)
H = {row[0]: row[HASH] for row in BOOK}  # each position's hash in the intact book


def test_an_intact_chain_reports_its_count_and_head():
    # Position 2 written out field by field: 2025-0001's assignment to han, linked to position 1.
    assert H[2] == _sha256_of_fields(
        H[1], "2025-0001", "2", "assign", '{"to": "han"}', "reg", "registrar", "2025-09-29",
        "2025-09-29 01:00:00.000000", "1", _snapshot_hash("2025-0001", 2),
    )
    assert _check(BOOK) == ChainResult(5, Anchor(5, H[5]), None)


def test_an_empty_book_is_intact_with_the_genesis_head():
    assert _check([]) == ChainResult(0, Anchor(0, GENESIS), None)


def test_a_field_edited_in_the_middle_is_changed_there():
    rows = [*BOOK[:1], _with(BOOK[1], data='{"to": "rev"}'), *BOOK[2:]]
    assert _check(rows) == ChainResult(2, Anchor(2, H[2]), Finding("changed", 2, "2025-0001", EDITED))


def test_an_event_deleted_and_the_positions_renumbered_is_a_change_where_the_gap_was():
    # Position 2 deleted, 3–5 moved down to 2–4: position 2 now holds 2025-0002's registration, whose
    # hash follows from the deleted event's, not from position 1's; the next event still follows it.
    rows = [BOOK[0], _at(2, BOOK[2]), _at(3, BOOK[3]), _at(4, BOOK[4])]
    assert _check(rows) == ChainResult(2, Anchor(2, H[3]), Finding("changed", 2, "2025-0002", EDITED))


def test_an_edited_hash_is_named_as_such():
    rows = [*BOOK[:2], _with(BOOK[2], hash="f" * 64), *BOOK[3:]]
    assert _check(rows) == ChainResult(3, Anchor(3, "f" * 64), Finding("changed", 3, "2025-0002", HASH_EDITED))


def test_two_neighbours_swapped_are_out_of_order():
    rows = [BOOK[0], _at(2, BOOK[2]), _at(3, BOOK[1]), *BOOK[3:]]
    assert _check(rows) == ChainResult(2, Anchor(2, H[3]), Finding("out of order", 2, "2025-0002", SWAPPED))


def test_two_events_apart_swapped_are_out_of_order_without_being_neighbours():
    # Positions 2 and 4 exchanged: neither the event at 2 nor the one after it follows from position 1.
    rows = [BOOK[0], _at(2, BOOK[3]), BOOK[2], _at(4, BOOK[1]), BOOK[4]]
    assert _check(rows) == ChainResult(2, Anchor(2, H[4]), Finding("out of order", 2, "2025-0001", MOVED))


def test_an_event_inserted_in_the_middle_is_forged():
    forged = (3, "2025-0002", 2, "withdraw", "{}", "reg", "registrar", "2025-09-30", "2025-09-30 03:00:00.000000", 1,
              "e" * 64, "b" * 64, None)
    rows = [*BOOK[:2], forged, *(_at(row[0] + 1, row) for row in BOOK[2:])]
    assert _check(rows) == ChainResult(3, Anchor(3, "b" * 64), Finding("forged", 3, "2025-0002", INSERTED))


def test_the_newest_event_edited_is_changed_and_marked_newest():
    # 2025-0002's version 2 follows its version 1, so it was recorded in sequence and then edited.
    rows = [*BOOK[:4], _with(BOOK[4], user="boss")]
    assert _check(rows) == ChainResult(5, Anchor(5, H[5]), Finding("changed", 5, "2025-0002", NEWEST_CHANGED, newest=True))


@pytest.mark.parametrize("version", [2, 3, 5])  # 2025-0001 stands at version 3: only 4 would follow it
def test_an_event_appended_out_of_its_cases_sequence_is_forged(version):
    appended = (6, "2025-0001", version, "withdraw", "{}", "reg", "registrar", "2025-10-10", "2025-10-10 01:00:00.000000",
                1, "e" * 64, "c" * 64, None)
    assert _check([*BOOK, appended]) == ChainResult(
        6, Anchor(6, "c" * 64), Finding("forged", 6, "2025-0001", APPENDED, newest=True)
    )


def test_an_event_appended_as_its_cases_next_version_but_not_chained_is_a_change_of_the_newest():
    # Version 4 follows 2025-0001's version 3: the walk cannot tell a forged append from an edit here
    # (verify then asks the case's projection, audit/verify.py).
    appended = (6, "2025-0001", 4, "withdraw", "{}", "reg", "registrar", "2025-10-10", "2025-10-10 01:00:00.000000",
                1, "e" * 64, "c" * 64, None)
    assert _check([*BOOK, appended]) == ChainResult(
        6, Anchor(6, "c" * 64), Finding("changed", 6, "2025-0001", NEWEST_CHANGED, newest=True)
    )


@pytest.mark.parametrize(
    ("deleted", "finding", "walked", "head"),
    [
        ({3}, Finding("missing", 3, None, "position 3 is not in the book (deleted events); the chain resumes at 4 with case 2025-0001"), 3, 4),
        ({2, 3}, Finding("missing", 2, None, "position 2–3 is not in the book (deleted events); the chain resumes at 4 with case 2025-0001"), 2, 4),
        ({1}, Finding("missing", 1, None, "position 1 is not in the book (deleted events); the chain resumes at 2 with case 2025-0001"), 1, 2),
        ({1, 2, 3, 4}, Finding("missing", 1, None, "position 1–4 is not in the book (deleted events); the chain resumes at 5 with case 2025-0002"), 1, 5),
    ],
)
def test_deleted_positions_are_missing_and_named_one_or_as_a_range(deleted, finding, walked, head):
    rows = [row for row in BOOK if row[0] not in deleted]
    assert _check(rows) == ChainResult(walked, Anchor(head, H[head]), finding)


@pytest.mark.parametrize(
    ("versions", "finding"),
    [
        # 2025-0001's version 3 gone, and every later hash recomputed: the chain agrees, the versions do not.
        ((1, 2, 1, 4, 2), Finding("missing", 4, "2025-0001", "case 2025-0001 jumps from version 2 to 4: an event of the case is gone")),
        # A case whose first event is gone: it starts at version 2.
        ((1, 2, 2, 3, 3), Finding("missing", 3, "2025-0002", "case 2025-0002 jumps from version 0 to 2: an event of the case is gone")),
        # The same version twice (the boundary: equal is not in sequence either).
        ((1, 2, 1, 2, 2), Finding("out of order", 4, "2025-0001", "case 2025-0001 has version 2 after version 2")),
        # An older version after a newer one.
        ((1, 2, 1, 1, 2), Finding("out of order", 4, "2025-0001", "case 2025-0001 has version 1 after version 2")),
    ],
)
def test_a_chain_rewritten_to_fit_is_still_caught_by_its_cases_versions(versions, finding):
    rows = _chained([(case, version, *rest) for (case, _, *rest), version in zip(CONTENT, versions)])
    position = finding.position
    assert _check(rows) == ChainResult(position, Anchor(position, rows[position - 1][HASH]), finding)


@pytest.mark.parametrize("position", [1, 3, 5])
def test_an_anchor_that_matches_keeps_the_chain_intact(position):
    assert _check(BOOK, Anchor(position, H[position])) == ChainResult(5, Anchor(5, H[5]), None)


def test_an_anchor_with_another_hash_is_a_change_at_its_position():
    assert _check(BOOK, Anchor(3, H[4])) == ChainResult(
        5, Anchor(5, H[5]), Finding("changed", 3, None, "the hash at the anchor's position is not the anchor's")
    )


def test_an_anchor_beyond_the_end_means_the_newest_events_were_removed():
    # The anchor was taken at 7; positions 6 and 7 are gone, which the chain alone cannot show.
    assert _check(BOOK, Anchor(7, "a" * 64)) == ChainResult(
        5, Anchor(5, H[5]),
        Finding("missing", 6, None, "the anchor is at position 7 but the book ends at 5: the newest events were removed"),
    )


def test_a_break_is_reported_before_the_anchor_is_looked_at():
    rows = [*BOOK[:1], _with(BOOK[1], role="head"), *BOOK[2:]]
    assert _check(rows, Anchor(5, H[5])) == ChainResult(2, Anchor(2, H[2]), Finding("changed", 2, "2025-0001", EDITED))


_MANY = _chained(
    ("2025-0001", version, "note", "{}", "han", "handler", "2025-10-09", "2025-10-09 01:00:00.000000", 1)
    for version in range(1, 10_002)
)


@pytest.mark.parametrize(
    ("events", "told"),
    [(5, [5]), (10_000, [10_000]), (10_001, [10_000, 1])],
)
def test_progress_is_told_in_batches_of_ten_thousand_and_the_rest_once_at_the_end(events, told):
    calls: list = []
    result = _check(_MANY[:events], progress=calls.append)
    assert result == ChainResult(events, Anchor(events, _MANY[events - 1][HASH]), None)
    assert calls == told


def test_a_finding_reads_as_one_line_with_its_position_and_case():
    assert str(Finding("changed", 90, "2025-0012", EDITED)) == f"changed at position 90 (case 2025-0012): {EDITED}"
    assert str(Finding("missing", 671, None, "the newest events were removed")) == (
        "missing at position 671: the newest events were removed"
    )
    assert str(Finding("projection", None, "2025-0004", "a cases row without any event")) == (
        "projection at the chain (case 2025-0004): a cases row without any event"
    )
