"""The information-processing fees charged in a year, for part 六 of the annual report ([NB] 六; [FEE]).

One function, so that when the recording of fees changes only this needs adjusting. A payment counts
at the amount of the fee notice before it (storage/statistics_queries.py `fees_paid`, the figure
`report stats` sums too), in the year the payment was received: payments recorded before the fee
rules of issue 16 kept no amount of their own, and the notice's is the same sum for later ones.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from disclosure.storage.database import Connection
from disclosure.storage.statistics_queries import fees_paid

__all__ = ["fees_charged"]


def fees_charged(connection: Connection, first: date, last: date) -> dict[str, object]:
    """{"amount": yuan as a string with two decimals, "payments": how many} received ``first``–``last``."""
    amounts = [Decimal(str(amount)) for _, amount in fees_paid(connection, first, last)]
    return {"amount": str(sum(amounts, Decimal("0")).quantize(Decimal("0.01"))), "payments": len(amounts)}
