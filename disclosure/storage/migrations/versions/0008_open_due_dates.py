"""The open due date of each case (``cases.open_due_on``) and its partial index: the listings' due filters
read only the cases whose due clock still runs or waits. With it, the index of the cases' states (a listing
by state), and the partial indexes the reports read a period through (the open cases by receipt, the
replies by date, the counted events by type and date).

The column is the due date already stored (``cases.due_on``, kept on the book's calendar by every
command and every calendar load) when one of the case's kind's due clocks runs or waits, else NULL.
Only the cases with such a clock row are read, so the upgrade follows the open work too.

Revision ID: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from disclosure.storage.tables import metadata
from disclosure.workflow.kinds import BUILT_IN_KINDS

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The open due dates; the states (the listings); the open cases by receipt and the replies by date
# (the reports' periods); the events the reports count by type and date.
_NEW_INDEXES = ("ix_cases_open_due", "ix_cases_state", "ix_cases_open", "ix_cases_replied", "ix_events_counted")


def upgrade() -> None:
    connection = op.get_bind()
    cases = metadata.tables["cases"]
    op.add_column("cases", sa.Column("open_due_on", sa.Date(), nullable=True))
    for index in (*cases.indexes, *metadata.tables["events"].indexes):
        if index.name in _NEW_INDEXES:
            index.create(connection)
    # The office's kinds, when the upgrade was given them (`disclosure db upgrade` is); the built-in ones otherwise.
    due_clocks_of = op.get_context().config.attributes.get("due_clocks_of") or BUILT_IN_KINDS.due_clocks
    open_clocks = connection.execute(sa.text(
        "SELECT cases.number, cases.kind, clocks.name FROM clocks JOIN cases ON cases.number = clocks.case_number "
        "WHERE clocks.status IN ('running', 'paused') AND cases.due_on IS NOT NULL ORDER BY cases.number"
    )).all()
    # The case's due clock is the first of its kind's due clocks still open (workflow/case.py due_clock_of):
    # the stored due date is an open one exactly when any of them is open.
    numbers = sorted({row.number for row in open_clocks if row.name in due_clocks_of(row.kind)})
    for number in numbers:
        connection.execute(cases.update().where(cases.c.number == number).values(open_due_on=cases.c.due_on))


def downgrade() -> None:
    raise NotImplementedError("a case book is never downgraded: restore the backup taken before the upgrade")
