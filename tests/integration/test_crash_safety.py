"""Crash safety: real CLI and embedder processes killed (SIGKILL) at random moments of register, advance,
sweep, calendar load, repair and notify; after each kill the book has no partial case, verify and
replay are clean (after running an interrupted batch command again), no alert is lost, and an alert
is delivered twice only where docs/operations.md says "at least once". The rounds and the checks are
in crash_rounds.py; this is the short run (one round of each operation and way in, per backend).
The long run: scripts/crash_test.py --rounds N.

The seed is DISCLOSURE_CRASH_SEED when set, else drawn at random; a failure names it (and its round's).
"""

from __future__ import annotations

import os
import random
from collections import Counter

import pytest
from sqlalchemy import text

from disclosure.service import Office
from tests.integration import crash_rounds
from tests.integration.crash_rounds import (
    OPERATIONS, SWEPT_ON, CrashFailure, _check_after_notify, _check_after_sweep, assert_no_partial_case, build_book,
    play, reference_sweep, rounds,
)

SEED = int(os.environ.get("DISCLOSURE_CRASH_SEED") or random.SystemRandom().randrange(2**32))
ROUNDS = 2 * len(OPERATIONS) - 1  # each operation through the CLI and an embedder (notify: the embedder only)


def test_killed_processes_leave_no_partial_case_and_lose_no_alert(database_url, tmp_path):
    try:
        tally = play(database_url, tmp_path, rounds(SEED, ROUNDS))
    except CrashFailure as failure:
        pytest.fail(f"crash test, seed {SEED} (DISCLOSURE_CRASH_SEED={SEED} to run it again): {failure}")
    assert sum(tally.values()) == ROUNDS


# -- the checks fail where they should: what a crash could leave behind, made by hand ------------------


@pytest.fixture
def built(tmp_path):
    url = str(tmp_path / "built.db")
    numbers = build_book(url)
    office = Office.open(url, create=False)
    yield office, numbers
    office.close()


def test_a_case_without_its_last_event_is_a_partial_case(built):
    office, numbers = built
    with office.engine.begin() as connection:
        connection.execute(text(f"DELETE FROM events WHERE case_number = '{numbers['lapsing']}' AND version = 3"))
    with pytest.raises(CrashFailure, match=f"case {numbers['lapsing']} at version 3 has events"):
        assert_no_partial_case(office)


def test_a_cases_row_without_events_is_a_partial_case(built):
    office, numbers = built
    with office.engine.begin() as connection:
        connection.execute(text(f"DELETE FROM events WHERE case_number = '{numbers['unassigned']}'"))
    with pytest.raises(CrashFailure, match="cases rows"):
        assert_no_partial_case(office)


def test_a_lapse_whose_alert_was_lost_is_found_by_the_sweep_comparison(built, tmp_path):
    """As if a sweep had committed the lapse and lost its alert: the next sweep cannot raise it again."""
    office, numbers = built
    reference = reference_sweep(tmp_path)
    office.sweep(SWEPT_ON)
    with office.engine.begin() as connection:
        connection.execute(text("DELETE FROM deliveries"))
        connection.execute(text("DELETE FROM alerts WHERE threshold = 'lapsed'"))
    with pytest.raises(CrashFailure, match="the alerts differ"):
        _check_after_sweep(office, reference)


def test_a_second_delivery_of_an_alert_nobody_had_claimed_is_found(built, tmp_path):
    office, _ = built
    office.sweep(SWEPT_ON)
    sent = tmp_path / "sent.txt"
    office.notify({"console": crash_rounds._Appending(sent)})
    first_key = sent.read_text(encoding="utf-8").split()[0]
    with sent.open("a", encoding="utf-8") as again:
        again.write(first_key + "\n")
    with pytest.raises(CrashFailure, match="delivered more than once"):
        _check_after_notify(office, sent)


def test_rounds_take_every_operation_through_both_ways_in():
    plan = rounds(7, ROUNDS)
    assert Counter(crash.operation for crash in plan) == Counter(
        {operation: 1 if operation == "notify" else 2 for operation in OPERATIONS}
    )
    assert {crash.via for crash in plan if crash.operation != "notify"} == {"cli", "embedder"}
    assert plan == rounds(7, ROUNDS)  # the same seed, the same rounds
