"""The search index's rows (case_search, a projection of each case) and the query `search` runs on them.

A query of three characters or more is a substring of the body: FTS5's trigram index on SQLite, pg_trgm's
GIN index on PostgreSQL. One or two characters are too short for a trigram, so they are looked up as a
token among the case's grams (storage/projection.py ``search_columns``): FTS5 on SQLite, an array's GIN
index on PostgreSQL. A text shaped like an ID number is looked up in ``cases.id_number``, exactly.
docs/benchmarks.md has the figures that chose this.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from disclosure.storage.projection import search_columns, search_text
from disclosure.storage.snapshots import case_from_json
from disclosure.workflow.case import Case
from disclosure.workflow.corrections import VOIDED

__all__ = ["search_row_values", "id_number_shaped", "find_by_text"]

# A resident identity card's number: 18 characters (17 digits and a check digit, 0–9 or X), or the old 15 digits.
_ID_NUMBER = re.compile(r"\d{17}[\dXx]|\d{15}")


def search_row_values(case: Case) -> dict[str, Any]:
    """The bound values of the search row's insert and update (storage/statements.py) for the case."""
    return {"search_case": case.number, **search_columns(case)}


def id_number_shaped(query: str) -> bool:
    return _ID_NUMBER.fullmatch(query) is not None


def _like_pattern(query: str) -> str:
    return "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fts_phrase(query: str) -> str:
    return '"' + query.replace('"', '""') + '"'


def _text_match(query: str) -> tuple[str, dict[str, Any]]:
    """Which of storage/statements.py's search queries finds ``query``, with its values."""
    if len(query) < 3:
        if not query.isalnum():
            # Punctuation is no gram: the body itself, read whole (a rare query; correct, not fast).
            return "search_like", {"pattern": _like_pattern(query)}
        return "search_short", {"phrase": _fts_phrase(query), "gram": query}
    return "search_long", {"phrase": _fts_phrase(query), "pattern": _like_pattern(query)}


def find_by_text(
    sql, query: str, *, kind: str | None, state: str | None, limit: int, due_clocks_of: Callable[[str], tuple[str, ...]],
) -> list[Case]:
    """The cases ``query`` finds, by number, at most ``limit``; a voided case only when its state is asked for
    (``sql``: the unit's SqlRunner)."""
    if id_number_shaped(query):
        name, values = "search_id_number", {"id_number": query, "id_number_upper": query.upper()}
    else:
        name, values = _text_match(search_text(query))
    conditions = ["state"] if state is not None else ["not_voided"]
    values.update(limit=limit, state=state, voided=VOIDED)
    if kind is not None:
        conditions.append("kind")
        values["kind"] = kind
    return [case_from_json(snapshot, due_clocks_of) for (snapshot,) in sql.filtered(name, conditions, values)]
