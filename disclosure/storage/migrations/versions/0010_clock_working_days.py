"""A stopped clock's working days run (``clocks.working_days``): the statistics' time to reply read from a column,
not worked out again from each reply clock's ledger on every report.

The column is filled for every stopped clock as the write path would have filled it when the clock stopped: on
the calendar in force at the event that stopped it (the book's recorded calendar loads, as `audit verify` judges
it), so a book upgraded verifies as it did.

Revision ID: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from disclosure.storage.calendar_store import CalendarStore
from disclosure.storage.database import session_on
from disclosure.storage.projection import clock_state_columns
from disclosure.storage.snapshots import ledger_from_json

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_BATCH = 10_000


def upgrade() -> None:
    connection = op.get_bind()
    op.add_column("clocks", sa.Column("working_days", sa.Integer(), nullable=True))
    history = CalendarStore(session_on(connection)).recorded_history()  # as `audit verify` judges the book
    update = sa.text("UPDATE clocks SET working_days = :days WHERE case_number = :number AND name = :name")
    after = ("", "")
    while True:  # a batch at a time, in key order: a book of a million cases has millions of stopped clocks
        # Read in the primary key's order (a filter on the status would take its index and sort every batch).
        batch = connection.execute(sa.text(
            "SELECT case_number, name, status, ledger, changed_at_position FROM clocks "
            "WHERE case_number > :number OR (case_number = :number AND name > :name) ORDER BY case_number, name LIMIT :limit"
        ), {"number": after[0], "name": after[1], "limit": _BATCH}).all()
        if not batch:
            break
        rows = []
        for number, name, status, ledger, position in batch:
            if status != "stopped":
                continue
            clock = ledger_from_json(name, ledger)
            days = clock_state_columns(clock, history.for_clock(clock, position))["working_days"]
            rows.append({"days": days, "number": number, "name": name})
        if rows:
            connection.execute(update, rows)
        after = (batch[-1][0], batch[-1][1])


def downgrade() -> None:
    raise NotImplementedError("a case book is never downgraded: restore the backup taken before the upgrade")
