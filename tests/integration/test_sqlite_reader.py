"""The quick read path of `disclosure show` (storage/sqlite_reader.py) against the full path, field by field.

The quick path reads a SQLite file with the standard library alone, so these tests run on SQLite only.
Each case is compared three ways: the quick read, the Office's read through the database layer, and
the case replayed from its events (which does not read the stored snapshot at all).
"""

from __future__ import annotations

import dataclasses

import pytest

from disclosure.storage.sqlite_reader import read_case
from disclosure.views import case_view
from disclosure.workflow.case import Case, replay
from disclosure.workflow.errors import NotFound
from disclosure.logins import os_login
from disclosure.workflow.identity import Identity
from disclosure.workflow.kinds import BUILT_IN_KINDS

from tests.integration.conftest import TODAY, register

ME = Identity(login=os_login())  # the login these tests run as: the books' first admin


@pytest.fixture
def database_url(tmp_path) -> str:
    """SQLite only (overrides the two-backend fixture): the quick path reads nothing else."""
    return str(tmp_path / "book.db")


@pytest.fixture
def cases_in_many_states(office):
    """number → what the case is meant to show, one case per situation the quick path must read alike."""
    built = {}

    processing = register(office).number
    office.act(processing, "assign", user="reg", on="2025-09-29", to="han")
    built[processing] = "open, reply running, not extended"

    correction = register(office, received="2025-09-29").number
    office.act(correction, "assign", user="reg", on="2025-09-30", to="han")
    office.act(correction, "request-correction", user="han", on="2025-10-09", period=10)
    built[correction] = "waiting for a correction: reply stopped, correction period running"

    consulting = register(office, received="2025-09-30").number
    office.act(consulting, "assign", user="reg", on="2025-10-09", to="han2")
    office.act(consulting, "consult", user="han2", on="2025-10-10", party="third_party", name="某公司")
    office.act(consulting, "extend", user="boss", on="2025-10-13", days=10)
    built[consulting] = "consulting: reply paused, extended"

    replied = register(office, received="2025-10-09").number
    office.act(replied, "assign", user="reg", on="2025-10-10", to="han")
    office.act(replied, "extend", user="boss", on="2025-10-13", days=5)
    office.act(replied, "submit-review", user="han", on="2025-10-20")
    office.act(replied, "approve-review", user="rev", on="2025-10-21")
    office.act(replied, "reply", user="han", on="2025-10-22", outcome="granted")
    built[replied] = "replied on time, extended"

    reopened = register(office, received="2025-10-13", applicant_type="enterprise", phone="13912345678").number
    office.act(reopened, "assign", user="reg", on="2025-10-14", to="han")
    office.act(reopened, "reply", user="han", on="2025-10-20", outcome="declined.duplicate")
    office.act(reopened, "deliver", user="reg", on="2025-10-21", method="post")
    office.act(reopened, "record-appeal", user="reg", on="2025-11-03", type="reconsideration", result="corrected")
    office.act(reopened, "reopen", user="boss", on="2025-11-04", due="2025-12-04")
    built[reopened] = "reopened after an appeal, with a new due date"
    return office, built


def test_the_quick_read_is_the_case_field_by_field_in_every_state(cases_in_many_states, database_url):
    office, built = cases_in_many_states
    states = set()
    for number, situation in built.items():
        quick = read_case(database_url, number, BUILT_IN_KINDS.due_clocks, ME, None)
        assert quick is not None, f"{number} ({situation}): the quick path gave up on a readable book"
        full = office.case(number).case
        kind_code = full.kind
        replayed = replay(BUILT_IN_KINDS.kind(kind_code), BUILT_IN_KINDS.machine(kind_code), office.history(number, reveal="read check"))
        for field in dataclasses.fields(Case):
            name = field.name
            assert getattr(quick, name) == getattr(replayed, name), f"{number} ({situation}): {name}"
            assert getattr(full, name) == getattr(replayed, name), f"{number} ({situation}): {name}"
        # What `show` prints is built from it: the same view, judged on the same day.
        assert case_view(quick, BUILT_IN_KINDS.kind(quick.kind), office.calendar, TODAY).to_dict() == office.case(number).to_dict()
        states.add(quick.state)
    assert states == {"processing", "correction", "consultation", "replied"}


def test_the_cases_read_quickly_differ_where_their_histories_do(cases_in_many_states, database_url):
    # Not every case reads back as the same thing: the facts each situation is about are there.
    office, built = cases_in_many_states
    processing, correction, consulting, replied, reopened = (read_case(database_url, number, BUILT_IN_KINDS.due_clocks, ME, None) for number in built)
    assert (processing.state, processing.extended, processing.clocks["reply"].status.value) == ("processing", False, "running")
    assert (correction.clocks["reply"].status.value, correction.clocks["correction"].status.value) == ("stopped", "running")
    assert (consulting.clocks["reply"].status.value, consulting.extended) == ("paused", True)
    assert (replied.outcome, replied.reply_on_time, replied.extended) == ("granted", True, True)
    assert (reopened.state, reopened.reopened, reopened.outcome, reopened.appeals[0]["result"]) == (
        "processing", 1, None, "corrected",
    )
    assert reopened.applicant["phone"] == "13912345678"  # the stored case is unmasked; `show` masks it


def test_an_unknown_case_is_not_found_and_no_book_is_left_to_the_full_path(office, database_url, tmp_path):
    with pytest.raises(NotFound, match="no case 2025-0099"):
        read_case(database_url, "2025-0099", BUILT_IN_KINDS.due_clocks, ME, None)
    assert read_case(str(tmp_path / "no-such-book.db"), "2025-0001", BUILT_IN_KINDS.due_clocks, ME, None) is None
