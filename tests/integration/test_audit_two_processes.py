"""verify and replay shared between two processes, range by range of case numbers: the same answers as one process.

The book: eight applications registered 2025-09-26 … 10-09 and assigned the next working day (16 events,
numbers 2025-0001 … 2025-0008). The process that starts the audit is held back on its first range,
so the second process (after its walk) takes the ranges from the top down; the tampered cases lie on
both sides, and the answer must still be the one a single process gives, which names the lowest.
"""

from __future__ import annotations

import os
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from disclosure.audit import replay as replay_module
from disclosure.audit import verify as verify_module
from disclosure.audit.replay import Difference, differences
from disclosure.audit.second_process import can_fork
from disclosure.audit.verify import Verification, verify
from disclosure.audit.verify_calendar import recorded_history
from disclosure.audit.verify_chain import Finding
from disclosure.storage.audit_rows import CASE_COLUMNS, NumberRange, cases_by_number, number_ranges
from disclosure.workflow.chain import Anchor
from disclosure.workflow.kinds import BUILT_IN_KINDS

from tests.integration.conftest import register, run_sql

NUMBERS = [f"2025-{index:04d}" for index in range(1, 9)]
NUMBER = CASE_COLUMNS.index("number")


@pytest.fixture
def eight(office):
    received = date(2025, 9, 26)
    for number in NUMBERS:
        assert register(office, received=received.isoformat()).number == number
        office.act(number, "assign", user="reg", on=(received + timedelta(days=3)).isoformat(), to="han")
        received += timedelta(days=1)
    return office


@pytest.fixture
def second_takes_the_top(monkeypatch, tmp_path):
    """The first range this process takes in a shared run waits for the second process to take one above it;
    each range the second one works on is written down in a file (its memory is its own)."""
    if not can_fork("sqlite:///book.db"):
        pytest.skip("no second process on this machine (one core, or no fork)")
    here, taken_there = os.getpid(), tmp_path / "taken-there"
    held = []

    def holding(original):
        def work(*args, **kwargs):
            shared = any(isinstance(argument, NumberRange) for argument in args)  # not the run of one process
            if os.getpid() == here and shared and not held:
                held.append(True)
                # Held until the second process has taken a range (its start, walk and count take longer on a
                # busy machine than any fixed pause), or for long enough that it plainly never will.
                waited_until = time.monotonic() + 30
                while time.monotonic() < waited_until and not (taken_there.exists() and "range" in taken_there.read_text()):
                    time.sleep(0.01)
            elif os.getpid() != here:
                with open(taken_there, "a") as record:
                    record.write("range\n")
            return original(*args, **kwargs)

        return work

    monkeypatch.setattr(verify_module, "check_projections", holding(verify_module.check_projections))
    monkeypatch.setattr(replay_module, "_differences_in", holding(replay_module._differences_in))
    return lambda: taken_there.read_text().count("range") if taken_there.exists() else 0


def _url(office) -> str:
    return office.engine.url.render_as_string(hide_password=False)


def _tamper_states(office, *numbers: str) -> None:
    run_sql(office, *(f"UPDATE cases SET state = 'concluded' WHERE number = '{number}'" for number in numbers))


def test_the_ranges_cover_every_number_once_in_order(eight):
    with eight.engine.connect() as connection:
        for parts in (1, 3, 8, 32):
            ranges = number_ranges(connection, parts)
            assert len(ranges) == min(parts, 8) and ranges[0].start is None and ranges[-1].stop is None
            assert all(earlier.stop == later.start for earlier, later in zip(ranges, ranges[1:]))
            read = [row[NUMBER] for numbers in ranges for row in cases_by_number(connection, numbers)]
            assert read == NUMBERS
        assert [row[NUMBER] for row in cases_by_number(connection, NumberRange("2025-0003", "2025-0006"))] == NUMBERS[2:5]


def test_verify_names_the_lowest_tampered_case_whichever_process_checks_it(eight, second_takes_the_top):
    _tamper_states(eight, "2025-0007", "2025-0003")
    with eight.engine.connect() as connection:
        history = recorded_history(connection)
        alone = verify(connection, history)
        shared = verify(connection, history, url=_url(eight))
    assert second_takes_the_top() >= 1
    # 2025-0003's newest event is the assignment at position 6; the cases 0001–0003 were checked.
    assert alone.finding == shared.finding == Finding(
        "projection", 6, "2025-0003", "state is stored as 'concluded' but the events give 'processing'"
    )
    assert alone.cases == shared.cases == 3 and alone.events == shared.events == 16


def test_verify_of_an_intact_book_counts_every_case_once(eight, second_takes_the_top):
    told = []
    with eight.engine.connect() as connection:
        result = verify(connection, recorded_history(connection), progress=told.append, url=_url(eight))
    assert second_takes_the_top() >= 1
    assert result.intact and result.cases == 8 and result.events == 16 and sum(told) == 2 * 16


def test_a_tally_edited_is_found_by_either_process_alike(eight, second_takes_the_top):
    # The second process counts the reports' tallies again while the first checks cases: one more application
    # counted received on 2025-09-26 (2025-0001's receipt day, its handler han).
    run_sql(eight, "UPDATE report_tallies SET count = count + 1 WHERE measure = 'received' AND day = '2025-09-26' AND count > 0")
    with eight.engine.connect() as connection:
        history = recorded_history(connection)
        alone = verify(connection, history)
        shared = verify(connection, history, url=_url(eight))
    assert second_takes_the_top() >= 1
    assert alone.finding == shared.finding and alone.finding.problem == "tallies"
    assert str(shared.finding) == "report tallies: received 2025-09-26 disclosure han online|natural: kept [2, 0], counted again [1, 0]"
    assert alone.cases == shared.cases == 8


def test_replay_lists_the_differences_in_the_order_of_one_process(eight, second_takes_the_top):
    _tamper_states(eight, "2025-0008", "2025-0002", "2025-0005")
    with eight.engine.connect() as connection:
        history = recorded_history(connection)
        alone = list(differences(connection, history, BUILT_IN_KINDS))
        told = []
        shared = list(differences(connection, history, BUILT_IN_KINDS, told.append, url=_url(eight)))
    assert second_takes_the_top() >= 1
    newest = {number: 2 * index for index, number in enumerate(NUMBERS, 1)}  # each case's assignment
    assert alone == shared == [
        Difference(number, "state", "concluded", "processing", newest[number]) for number in ("2025-0002", "2025-0005", "2025-0008")
    ]
    assert sum(told) == 16


def test_a_file_found_damaged_is_all_verify_says_whichever_process_checks_it(eight):
    # The file's own check (SQLite's quick check in Office.verify) stands in for a damaged page here.
    def damaged(connection) -> str:
        assert connection.execute(text("SELECT count(*) FROM events")).scalar_one() == 16  # the book, on either connection
        return "*** in database main ***  Page 7: btreeInitPage() returns error code 11"

    with eight.engine.connect() as connection:
        history = recorded_history(connection)
        for url in (None, _url(eight)):
            assert verify(connection, history, url=url, damage=damaged) == Verification(
                0, 0, Anchor(0, "0" * 64), Finding("corrupt", None, None, damaged(connection))
            )
