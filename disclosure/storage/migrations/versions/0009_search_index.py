"""The search index (``case_search``, a projection of each case: storage/case_search.py) and its indexes,
the index of the applicants' ID numbers (`search` finds one exactly) and of the handlers (`list --handler`).

On SQLite the table's FTS5 indexes and their triggers come with it; on PostgreSQL the pg_trgm extension
(created if missing: the owner needs the right to create it, docs/operations.md). Every case's row is
worked out from its stored snapshot, in number order.

Revision ID: 0009
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import select

from disclosure.storage.case_search import search_row_values
from disclosure.storage.statements import INSERT_SEARCH
from disclosure.storage.snapshots import case_from_json
from disclosure.storage.tables import metadata
from disclosure.workflow.kinds import BUILT_IN_KINDS

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_NEW_INDEXES = ("ix_cases_id_number", "ix_cases_handler")
_BATCH = 1000


def upgrade() -> None:
    connection = op.get_bind()
    cases = metadata.tables["cases"]
    for index in cases.indexes:
        if index.name in _NEW_INDEXES:
            index.create(connection)
    metadata.tables["case_search"].create(connection)
    # The office's kinds, when the upgrade was given them (`disclosure db upgrade` is); the built-in ones otherwise.
    due_clocks_of = op.get_context().config.attributes.get("due_clocks_of") or BUILT_IN_KINDS.due_clocks
    batch = []
    for snapshot in connection.execute(select(cases.c.snapshot).order_by(cases.c.number)).scalars().all():
        batch.append(search_row_values(case_from_json(snapshot, due_clocks_of)))
        if len(batch) == _BATCH:
            connection.execute(INSERT_SEARCH, batch)
            batch = []
    if batch:
        connection.execute(INSERT_SEARCH, batch)


def downgrade() -> None:
    raise NotImplementedError("a case book is never downgraded: restore the backup taken before the upgrade")
