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

from sqlalchemy import bindparam, insert, literal_column, select, text, update
from sqlalchemy.engine import Connection

from disclosure.storage.projection import search_columns, search_text
from disclosure.storage.snapshots import case_from_json
from disclosure.storage.tables import CaseRow, CaseSearchRow
from disclosure.workflow.case import Case
from disclosure.workflow.corrections import VOIDED

__all__ = ["INSERT_SEARCH", "UPDATE_SEARCH", "search_row_values", "write_search", "id_number_shaped", "find_by_text"]

cases = CaseRow.__table__
case_search = CaseSearchRow.__table__

INSERT_SEARCH = insert(case_search).values(
    case_number=bindparam("search_case"), body=bindparam("body"), grams=bindparam("grams"),
)
UPDATE_SEARCH = (
    update(case_search).where(case_search.c.case_number == bindparam("search_case"))
    .values(body=bindparam("body"), grams=bindparam("grams"))
)

# A resident identity card's number: 18 characters (17 digits and a check digit, 0–9 or X), or the old 15 digits.
_ID_NUMBER = re.compile(r"\d{17}[\dXx]|\d{15}")


def search_row_values(case: Case) -> dict[str, Any]:
    """The bound values of INSERT_SEARCH and UPDATE_SEARCH for the case."""
    return {"search_case": case.number, **search_columns(case)}


def write_search(connection: Connection, case: Case) -> None:
    """Insert or rewrite the case's search row (a repair, an upgrade)."""
    columns = search_row_values(case)
    moved = connection.execute(UPDATE_SEARCH, columns)
    if moved.rowcount == 0:
        connection.execute(INSERT_SEARCH, columns)


def id_number_shaped(query: str) -> bool:
    return _ID_NUMBER.fullmatch(query) is not None


def _like_pattern(query: str) -> str:
    return "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fts_phrase(query: str) -> str:
    return '"' + query.replace('"', '""') + '"'


def _text_match(dialect: str, query: str):
    """The case_search rows whose body holds ``query``: a select of their case numbers."""
    number = case_search.c.case_number
    short = len(query) < 3
    if short and not query.isalnum():
        # Punctuation is no gram: the body itself, read whole (a rare query; correct, not fast).
        return select(number).where(case_search.c.body.like(_like_pattern(query), escape="\\"))
    if dialect == "sqlite":
        index = "case_search_grams" if short else "case_search_trigrams"
        return (
            select(number)
            .select_from(case_search.join(text(index), literal_column(f"{index}.rowid") == case_search.c.id))
            .where(text(f"{index} MATCH :phrase").bindparams(phrase=_fts_phrase(query)))
        )
    if short:
        # The same expression as the index ix_case_search_grams, so PostgreSQL reads that index.
        return select(number).where(
            text("string_to_array(case_search.grams, ' ') @> ARRAY[CAST(:gram AS text)]").bindparams(gram=query)
        )
    return select(number).where(case_search.c.body.like(_like_pattern(query), escape="\\"))


def find_by_text(
    connection: Connection, query: str, *, kind: str | None, state: str | None, limit: int,
    due_clocks_of: Callable[[str], tuple[str, ...]],
) -> list[Case]:
    """The cases ``query`` finds, by number, at most ``limit``; a voided case only when its state is asked for."""
    if id_number_shaped(query):
        found = select(cases.c.snapshot).where(cases.c.id_number.in_(sorted({query, query.upper()})))
    else:
        matched = _text_match(connection.dialect.name, search_text(query))
        if connection.dialect.name == "postgresql":
            # Found first, through the text's index: PostgreSQL otherwise guesses a rare text common and walks
            # the whole book in number order to fill the limit (1.8 s for a name in a million cases).
            matched = matched.cte("matched").prefix_with("MATERIALIZED")
        else:
            matched = matched.subquery()
        found = select(cases.c.snapshot).join_from(cases, matched, matched.c.case_number == cases.c.number)
    found = found.where(cases.c.state == state if state is not None else cases.c.state != VOIDED)
    if kind is not None:
        found = found.where(cases.c.kind == kind)
    rows = connection.execute(found.order_by(cases.c.number).limit(limit)).scalars()
    return [case_from_json(snapshot, due_clocks_of) for snapshot in rows]

