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

_BATCH = 10_000  # rows per executemany: a book of a million cases has millions of stopped clocks


def upgrade() -> None:
    connection = op.get_bind()
    op.add_column("clocks", sa.Column("working_days", sa.Integer(), nullable=True))
    history = CalendarStore(session_on(connection)).recorded_history()  # as `audit verify` judges the book
    stopped = connection.execute(sa.text(
        "SELECT case_number, name, ledger, changed_at_position FROM clocks WHERE status = 'stopped'"
    )).all()
    update = sa.text("UPDATE clocks SET working_days = :days WHERE case_number = :number AND name = :name")
    for first in range(0, len(stopped), _BATCH):
        rows = []
        for number, name, ledger, position in stopped[first:first + _BATCH]:
            clock = ledger_from_json(name, ledger)
            days = clock_state_columns(clock, history.for_clock(clock, position))["working_days"]
            rows.append({"days": days, "number": number, "name": name})
        connection.execute(update, rows)


def downgrade() -> None:
    raise NotImplementedError("a case book is never downgraded: restore the backup taken before the upgrade")
