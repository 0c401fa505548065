"""The reports' tallies (``report_tallies``, storage/tallies.py): what the annual report and the statistics count,
kept per day as the cases change, so that a report reads a few rows a day instead of every case of its period;
and the handlers' index in number order within each handler (a page of `list --handler` reads that page).

Counted from the book as it stands (storage/tally_recount.py, as `audit verify` counts them again), the rating
of every replied case read from its snapshot.

Revision ID: 0011
"""

from __future__ import annotations

from alembic import op

from disclosure.storage.tables import metadata
from disclosure.storage.tally_recount import recount, rewrite_tallies

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    op.drop_index("ix_cases_handler", table_name="cases")
    next(index for index in metadata.tables["cases"].indexes if index.name == "ix_cases_handler").create(connection)
    metadata.tables["report_tallies"].create(connection)
    rewrite_tallies(connection, recount(connection))


def downgrade() -> None:
    raise NotImplementedError("a case book is never downgraded: restore the backup taken before the upgrade")
