"""The reports' tallies against a count made again from the book (storage/tallies.py, storage/tally_recount.py):
`audit verify`'s finding, `audit replay`'s differences, `audit repair`'s rewrite."""

from __future__ import annotations

from typing import Iterable

from disclosure.audit.replay import Difference
from disclosure.audit.verify_chain import Finding
from disclosure.storage.database import Connection
from disclosure.storage.tally_recount import differing_keys, first_difference, recount, rewrite_tallies, stored_tallies
from disclosure.workflow.messages import t

__all__ = ["TALLIES", "tallies_finding", "tally_differences", "repair_tallies"]

TALLIES = "report_tallies"  # what a difference in the tallies is said to be of, in place of a case number


def _named(key: tuple) -> str:
    measure, day, kind, handler, detail = key
    return " ".join((measure, day.isoformat(), kind, handler or "-", detail or "-"))


def tallies_finding(connection: Connection, rated_kinds: Iterable[str] | None) -> Finding | None:
    """The first tally whose kept count or amount is not the one counted again."""
    found = first_difference(stored_tallies(connection), recount(connection, rated_kinds))
    if found is None:
        return None
    key, kept, counted = found
    return Finding("tallies", None, None, t("{tally}: kept {kept}, counted again {counted}",
                                            tally=_named(key), kept=kept or [0, 0], counted=counted or [0, 0]))


def tally_differences(connection: Connection, rated_kinds: Iterable[str] | None) -> list[Difference]:
    stored, counted = stored_tallies(connection), recount(connection, rated_kinds)
    return [Difference(TALLIES, _named(key), stored.get(key, [0, 0]), counted.get(key, [0, 0]))
            for key in differing_keys(stored, counted)]


def repair_tallies(connection: Connection, rated_kinds: Iterable[str] | None) -> bool:
    """Rewrite the tallies from the count when they differ (in the caller's writing transaction); whether they did."""
    counted = recount(connection, rated_kinds)
    if first_difference(stored_tallies(connection), counted) is None:
        return False
    rewrite_tallies(connection, counted)
    return True
