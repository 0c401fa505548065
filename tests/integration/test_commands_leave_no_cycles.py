"""A command's objects are freed when it returns, by reference counting: none is left in a reference cycle for
Python's garbage collector, whose passes would then cost every command of a long-running process (the
scheduler, an embedding office system) the time to find and free them. On PostgreSQL the pipeline keeps what an
integrity error means (a closure over the case book, which holds the pipeline) only until the command ends."""

from __future__ import annotations

import gc

from tests.integration.conftest import register


def _left_in_cycles(commands) -> list:
    """The objects ``commands`` left unreachable only through reference cycles."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        commands()
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def _a_case_through_its_steps(office) -> None:
    number = register(office, received="2025-09-26").number
    office.act(number, "assign", user="reg", on="2025-09-29", to="han")
    office.act(number, "submit-review", user="han", on="2025-10-09")
    office.act(number, "approve-review", user="rev", on="2025-10-10")
    office.act(number, "reply", user="han", on="2025-10-13", outcome="granted")
    office.case(number)
    office.cases(state="replied")


def test_registering_stepping_and_reading_leave_nothing_in_cycles(office):
    _a_case_through_its_steps(office)  # the first commands fill the Office's caches and prepare the statements
    left = _left_in_cycles(lambda: _a_case_through_its_steps(office))
    assert [type(thing).__name__ for thing in left] == []
