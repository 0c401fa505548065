"""The audit on a real database: each kind of tampering made through plain SQL, and verify catching it."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import text

from disclosure.audit.export import read_export, to_csv, verify_export
from disclosure.audit.verify import verify
from disclosure.audit.verify_calendar import recorded_history
from disclosure.workflow.chain import GENESIS, Anchor, chain_hash
from disclosure.workflow.errors import InvalidInput, NotFound, RuleViolation, StorageError

from tests.integration.conftest import run_sql






def _verified_here(office, anchor=None, progress=None):
    """verify with the chain walked in this process (Office.verify walks it in a second one)."""
    with office.engine.connect() as connection:
        return verify(connection, recorded_history(connection), anchor, progress)


def _finding(office, anchor=None):
    result = office.verify(anchor)
    assert not result.intact
    assert _verified_here(office, anchor) == result  # the same answer wherever the chain is walked
    finding = result.finding
    return finding.problem, finding.position, finding.case


def test_an_untouched_book_is_intact_and_replays_without_difference(book):
    result = book.verify()
    assert result.intact and result.events == 12 and result.cases == 3
    assert result.head == book.anchor() and result.head.position == 12
    assert book.verify(book.anchor()).intact
    assert book.replay() == []


def test_progress_counts_each_event_twice_walked_and_checked_in_either_process(book):
    told_here, told_there = [], []
    assert _verified_here(book, progress=told_here.append) == book.verify(progress=told_there.append)
    assert sum(told_here) == sum(told_there) == 2 * 12


def test_progress_is_the_same_when_the_walk_is_looked_at_after_every_case(book, monkeypatch):
    # An office's book has thousands of cases; here the look at the second process's progress comes after
    # each of the three, in either process, without touching a walk that is not there.
    import disclosure.audit.verify as verify_module

    monkeypatch.setattr(verify_module, "_FORWARD_EVERY", 1)
    told_here, told_there = [], []
    assert _verified_here(book, progress=told_here.append) == book.verify(progress=told_there.append)
    assert sum(told_here) == sum(told_there) == 2 * 12


def _sha256_of_fields(*fields: str) -> str:
    """The chain's hash as workflow/chain.py's docstring defines it, computed here without chain_hash:
    SHA-256 over the fields joined by the ASCII record separator (\\x1e), as UTF-8, in hex."""
    return hashlib.sha256("\x1e".join(fields).encode("utf-8")).hexdigest()


def _utc_text(moment: datetime) -> str:
    """The recording time in UTC as YYYY-MM-DD HH:MM:SS.ffffff (SQLite gives it back without a zone, in UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def test_every_event_links_to_the_one_before(book):
    events = [
        event for number in ("2025-0001", "2025-0002", "2025-0003") for event in book.history(number, reveal="hash check")
    ]
    assert all(event.by == "admin" and event.user != "admin" or event.by is None for event in events)
    assert sorted(event.position for event in events) == list(range(1, 13))
    ordered = sorted(events, key=lambda event: event.position)
    previous = GENESIS
    assert previous == "0" * 64
    for event in ordered:
        expected = _sha256_of_fields(
            previous, event.case, str(event.version), event.type,
            json.dumps(event.data, ensure_ascii=False, sort_keys=True),  # the data as stored: sorted keys, UTF-8
            event.user, event.role, event.on.isoformat(), _utc_text(event.recorded_at), str(event.schema),
            event.snapshot_hash,
            # Hashed only where an admin recorded the event for its user, so older events keep their hashes.
            *([event.by] if event.by is not None else []),
        )
        assert event.hash == expected, event.position
        previous = event.hash
    assert [event.schema for event in ordered if event.type == "consult"] == [3, 3]

    # One event's fields written out by hand: position 2, 2025-0001's assignment to han by the registrar,
    # recorded for reg by the admin (the login these tests run as).
    first, assign = ordered[0], ordered[1]
    assert assign.hash == _sha256_of_fields(
        first.hash, "2025-0001", "2", "assign", '{"to": "han"}', "reg", "registrar", "2025-09-29",
        _utc_text(assign.recorded_at), "1", assign.snapshot_hash, "admin",
    )
    # Each case's newest event vouches for the snapshot the case keeps: its hash is that text's SHA-256.
    with book.engine.connect() as connection:
        snapshots = dict(connection.execute(text("SELECT number, snapshot FROM cases")).all())
    newest = {event.case: event for event in ordered}
    assert {number: event.position for number, event in newest.items()} == {"2025-0001": 9, "2025-0002": 10, "2025-0003": 12}
    for number, event in newest.items():
        assert event.snapshot_hash == hashlib.sha256(snapshots[number].encode("utf-8")).hexdigest(), number


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("type", "'withdraw'"),
        ("data", "'{\"to\": \"rev\"}'"),
        ("user_name", "'boss'"),
        ("role", "'head'"),
        ("effective_on", "'2025-09-30'"),
        ("recorded_at", "'2025-09-29 01:00:00'"),
        ("schema_version", "2"),
        ("snapshot_hash", f"'{'0' * 64}'"),
    ],
)
def test_any_field_edited_is_a_change_at_that_position(book, column, value):
    run_sql(book, f"UPDATE events SET {column} = {value} WHERE position = 2")
    assert _finding(book) == ("changed", 2, "2025-0001")


def test_an_edited_hash_is_a_change(book):
    run_sql(book, f"UPDATE events SET hash = '{'f' * 64}' WHERE position = 7")
    assert _finding(book) == ("changed", 7, "2025-0001")


def test_an_event_deleted_from_the_middle_is_missing(book):
    run_sql(book, "DELETE FROM events WHERE position = 6")
    assert _finding(book) == ("missing", 6, None)


def test_an_event_deleted_and_the_chain_rewritten_to_fit_is_missing_by_its_cases_versions(book):
    # A forger with the chain function: position 6 (2025-0001's version 3, the consult) deleted, the
    # later events moved down one position and every later hash recomputed from the new previous one.
    # The hashes and positions then agree; only 2025-0001 jumping from version 2 to 4 tells.
    columns = ("position, case_number, version, type, data, user_name, role, effective_on, recorded_at,"
               " schema_version, snapshot_hash, hash, acted_by")
    with book.engine.begin() as connection:
        connection.execute(text("DELETE FROM events WHERE position = 6"))
        previous = connection.execute(text("SELECT hash FROM events WHERE position = 5")).scalar_one()
        later = connection.execute(text(f"SELECT {columns} FROM events WHERE position > 6 ORDER BY position")).all()
        for position, number, version, type_, data, user, role, on, recorded_at, schema, snapshot, _, by in later:
            forged = chain_hash(previous, number, version, type_, data, user, role, on, recorded_at, schema, snapshot, by)
            connection.execute(
                text("UPDATE events SET position = :new, hash = :hash WHERE position = :old"),
                {"new": position - 1, "hash": forged, "old": position},
            )
            previous = forged
    assert book.event_count() == 11 and book.anchor().position == 11
    assert _finding(book) == ("missing", 6, "2025-0001")
    assert "jumps from version 2 to 4" in book.verify().finding.detail


def test_the_newest_event_deleted_is_caught_with_an_anchor(book):
    anchor = book.anchor()
    run_sql(book, "DELETE FROM events WHERE position = 12")
    assert _finding(book, anchor) == ("missing", 12, None)
    # Without the anchor the chain looks whole, but the case's projection no longer matches its events.
    problem, _, case = _finding(book)
    assert (problem, case) == ("projection", "2025-0003")


def test_an_anchor_from_another_chain_is_refused(book):
    assert _finding(book, Anchor(5, "a" * 64)) == ("changed", 5, None)


def test_two_events_swapped_are_out_of_order(book):
    run_sql(
        book,
        "UPDATE events SET position = -1 WHERE position = 9",
        "UPDATE events SET position = 9 WHERE position = 10",
        "UPDATE events SET position = 10 WHERE position = -1",
    )
    assert _finding(book) == ("out of order", 9, "2025-0002")


def test_a_forged_event_inserted_in_the_middle(book):
    run_sql(
        book,
        "UPDATE events SET position = position + 100 WHERE position >= 8",
        "UPDATE events SET position = position - 99 WHERE position >= 108",
        "INSERT INTO events (position, case_number, version, type, data, user_name, role, effective_on, recorded_at,"
        " schema_version, snapshot_hash, hash) VALUES (8, '2025-0003', 9, 'withdraw', '{}', 'reg', 'registrar',"
        f" '2025-10-14', '2025-10-14 02:00:00', 1, '{'e' * 64}', '{'b' * 64}')",
    )
    assert _finding(book) == ("forged", 8, "2025-0003")


def test_a_forged_event_appended(book):
    run_sql(
        book,
        "INSERT INTO events (position, case_number, version, type, data, user_name, role, effective_on, recorded_at,"
        " schema_version, snapshot_hash, hash) VALUES (13, '2025-0002', 4, 'withdraw', '{}', 'reg', 'registrar',"
        f" '2025-10-16', '2025-10-16 02:00:00', 1, '{'e' * 64}', '{'c' * 64}')",
    )
    assert _finding(book) == ("forged", 13, "2025-0002")


@pytest.mark.parametrize(
    ("statement", "case"),
    [
        ("UPDATE cases SET state = 'archived' WHERE number = '2025-0002'", "2025-0002"),
        ("UPDATE cases SET due_on = '2025-12-31' WHERE number = '2025-0001'", "2025-0001"),
        ("UPDATE cases SET handler = 'rev' WHERE number = '2025-0003'", "2025-0003"),
        ("UPDATE clocks SET status = 'stopped' WHERE case_number = '2025-0003' AND name = 'reply'", "2025-0003"),
        ("UPDATE clocks SET due_on = '2025-11-30' WHERE case_number = '2025-0002' AND name = 'reply'", "2025-0002"),
        ("DELETE FROM clocks WHERE case_number = '2025-0001' AND name = 'correction_notice'", "2025-0001"),
        ("UPDATE cases SET snapshot = replace(snapshot, '\"han\"', '\"rev\"') WHERE number = '2025-0001'", "2025-0001"),
    ],
)
def test_projections_that_disagree_with_the_events(book, statement, case):
    run_sql(book, statement)
    assert _finding(book)[0::2] == ("projection", case)
    assert {difference.case for difference in book.replay()} == {case}


def test_a_snapshot_and_its_columns_edited_together_are_caught_by_the_chain(book):
    run_sql(
        book,
        "UPDATE cases SET state = 'archived', snapshot = replace(snapshot, '\"state\": \"processing\"',"
        " '\"state\": \"archived\"') WHERE number = '2025-0002'",
    )
    assert book.case("2025-0002").state == "archived"  # consistent with itself
    problem, position, case = _finding(book)
    assert (problem, position, case) == ("projection", 10, "2025-0002")
    assert "snapshot" in book.verify().finding.detail


def test_repair_rewrites_projections_from_events_and_leaves_events_alone(book):
    anchor = book.anchor()
    run_sql(
        book,
        "UPDATE cases SET state = 'archived', outcome = 'granted' WHERE number = '2025-0002'",
        "DELETE FROM clocks WHERE case_number = '2025-0001'",
    )
    assert {d.case for d in book.replay()} == {"2025-0001", "2025-0002"}
    with pytest.raises(RuleViolation, match="admin"):
        book.repair(user="rev")
    assert sorted(book.repair(user="admin")) == ["2025-0001", "2025-0002"]
    assert book.replay() == []
    assert book.verify(anchor).intact
    assert book.case("2025-0002").state == "processing"


def test_a_case_as_it_stood_on_a_day_and_at_a_version(book):
    on_the_tenth = book.case("2025-0001", as_of="2025-10-10")
    assert (on_the_tenth.state, on_the_tenth.case.version, on_the_tenth.due) == ("consultation", 3, None)
    assert {clock.name: clock.status for clock in on_the_tenth.clocks}["reply"] == "paused"
    assigned = book.case("2025-0001", version=2)
    assert (assigned.state, assigned.case.handler, assigned.due.on, assigned.overdue) == ("processing", "han", date(2025, 10, 30), False)
    assert [event.version for event in book.history("2025-0001", as_of="2025-10-13")] == [1, 2, 3, 4]
    assert [event.type for event in book.history("2025-0001", version=2)] == ["register", "assign"]
    # Judged on the day asked about: the reply clock of 2025-0002 ran out on its extended due date.
    late = book.case("2025-0002", as_of="2026-01-05")
    assert late.overdue and late.state == "processing"


def test_as_of_before_registration_and_unknown_versions_are_refused(book):
    with pytest.raises(NotFound, match="not registered yet"):
        book.case("2025-0001", as_of="2025-09-01")
    with pytest.raises(InvalidInput, match="versions 1 to 6"):
        book.history("2025-0001", version=7)


def test_an_export_verifies_without_the_database_and_catches_edits(book):
    anchor = book.anchor()
    document = book.export(["2025-0001", "2025-0003"])
    assert [event["position"] for event in document["events"]] == [1, 2, 5, 6, 7, 8, 9, 11, 12]
    assert [case["number"] for case in document["cases"]] == ["2025-0001", "2025-0003"]
    assert document["head"] == {"position": 12, "hash": anchor.hash}
    assert verify_export(document, anchor) == (9, None)

    edited = copy.deepcopy(document)
    edited["events"][3]["user"] = "boss"
    assert _export_problem(edited) == ("changed", 6, "2025-0001")
    dropped = copy.deepcopy(document)
    del dropped["events"][3]
    assert _export_problem(dropped) == ("missing", 7, "2025-0001")
    claimed = copy.deepcopy(document)
    claimed["cases"][0]["state"] = "archived"
    assert _export_problem(claimed) == ("projection", None, "2025-0001")
    assert verify_export(document, Anchor(12, "d" * 64))[1].problem == "changed"


def test_the_whole_book_and_a_year_export_as_csv_too(book):
    everything = book.export(everything=True)
    assert len(everything["events"]) == 12 and verify_export(everything, book.anchor()) == (12, None)
    as_csv = read_export(to_csv(book.export(year=2025)))
    assert [event["position"] for event in as_csv["events"]] == list(range(1, 13))
    assert verify_export(as_csv) == (12, None)
    assert book.export(year=2024)["events"] == []


def test_an_export_needs_one_selection_of_known_cases(book):
    with pytest.raises(InvalidInput, match="one of them"):
        book.export(["2025-0001"], everything=True)
    with pytest.raises(NotFound, match="2025-0099"):
        book.export(["2025-0001", "2025-0099"])


def _export_problem(document):
    _, finding = verify_export(document)
    return finding.problem, finding.position, finding.case


def test_a_chain_walk_that_cannot_read_the_book_says_so(tmp_path):
    from disclosure.audit.chain_walk import ChainWalk

    walk = ChainWalk.start(f"sqlite:///{tmp_path / 'no-book.db'}", None)
    if walk is None:
        pytest.skip("no second process on this machine (one core, or no fork)")
    with pytest.raises(StorageError, match="the chain walk failed: StorageError: database: no such table: events"):
        walk.result()
