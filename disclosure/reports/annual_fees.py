"""The information-processing fees charged in a year, for part 六 of the annual report ([NB] 六; [FEE]).

One function, so that when the recording of fees changes only this needs adjusting. A payment counts
at the amount of the fee notice before it (storage/tallies.py's ``fee`` tally, the figure `report
stats` sums too), in the year the payment was received: payments recorded before the fee rules of
issue 16 kept no amount of their own, and the notice's is the same sum for later ones.
"""

from __future__ import annotations

from datetime import date
from disclosure.storage.tallies import yuan
from disclosure.storage.tally_queries import tallied

__all__ = ["fees_charged"]


def fees_charged(sql, first: date, last: date) -> dict[str, object]:
    """{"amount": yuan as a string with two decimals, "payments": how many} received ``first``–``last``
    (``sql``: the unit's SqlRunner)."""
    rows = tallied(sql, "fee", first, last)
    return {"amount": str(yuan(sum(row[4] for row in rows))), "payments": sum(row[3] for row in rows)}
