"""The information-processing fee ([FEE]; STATUTE.md §4): the two progressive scales, and who counts as
the same applicant when the per-item scale counts their applications in a calendar month.

An office charges an application on one scale, never both: by the pages it provides, or by the item,
the applicant's applications received in the calendar month counted in order. Both are progressive:
each page or item is charged at the rate of its band, so the first pages and items are free.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, Iterable, Mapping

__all__ = ["SCALES", "MOST_PAGES", "page_fee", "item_fee", "same_applicant", "month_position"]

SCALES = {"page": "按量计收", "item": "按件计收"}

MOST_PAGES = 100_000
"""More pages than one application can lawfully be answered with; a larger number is a slip."""

# (first page of the band, yuan a page): pages 1–30 free, 31–100 ¥10, 101–200 ¥20, 201 on ¥40.
_PAGE_BANDS = ((31, 10), (101, 20), (201, 40))


def page_fee(pages: int) -> Decimal:
    """The fee for an answer of ``pages`` pages, each page at its band's rate."""
    total = 0
    for index, (first, rate) in enumerate(_PAGE_BANDS):
        after = _PAGE_BANDS[index + 1][0] if index + 1 < len(_PAGE_BANDS) else None
        last = pages if after is None else min(pages, after - 1)
        if last >= first:
            total += (last - first + 1) * rate
    return Decimal(total).quantize(Decimal("0.01"))


def item_fee(position: int) -> Decimal:
    """The fee for the applicant's ``position``-th application of the calendar month: 1–10 free,
    11–30 ¥100, then ¥100 more for each band of ten (31–40 ¥200, 41–50 ¥300, …)."""
    if position <= 10:
        yuan = 0
    elif position <= 30:
        yuan = 100
    else:
        yuan = 100 * (2 + (position - 31) // 10)
    return Decimal(yuan).quantize(Decimal("0.01"))


def _digits(text: Any) -> str:
    return re.sub(r"\D", "", str(text or ""))


def _plain(text: Any) -> str:
    return re.sub(r"\s", "", str(text or "")).upper()


def same_applicant(one: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Whether two applications' applicants are the same person or organisation.

    An identity number on both decides alone (two people may share a name and a phone). Otherwise the
    name must match and a contact too: the phone (its digits) or the address; a name alone does not.
    """
    ids = _plain(one.get("id_number")), _plain(other.get("id_number"))
    if all(ids):
        return ids[0] == ids[1]
    if not _plain(one.get("name")) or _plain(one.get("name")) != _plain(other.get("name")):
        return False
    phones = _digits(one.get("phone")), _digits(other.get("phone"))
    addresses = _plain(one.get("address")), _plain(other.get("address"))
    return (all(phones) and phones[0] == phones[1]) or (all(addresses) and addresses[0] == addresses[1])


def month_position(number: str, applicant: Mapping[str, Any], applications: Iterable[tuple[str, date, Mapping[str, Any]]]) -> int:
    """Where case ``number`` stands among its applicant's applications of its calendar month:
    ``applications`` are (number, received on, applicant) of that month, the case among them;
    they are counted in the order received, the case number ordering a day's."""
    mine = sorted((received, found) for found, received, other in applications
                  if found == number or same_applicant(applicant, other))
    return next(index for index, (_, found) in enumerate(mine, start=1) if found == number)
