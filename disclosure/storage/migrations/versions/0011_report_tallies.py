"""The reports' tallies (``report_tallies``, storage/tallies.py): what the annual report and the statistics count,
kept per day as the cases change, so that a report reads a few rows a day instead of every case of its period;
the handlers' index in number order within each handler (a page of `list --handler` reads that page); and the
conclusion dates' index with the receipt date (the statistics of a past period find the cases open at its end in it).

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

# Indexes given another column: the handlers' (a page of a handler's cases in number order) and the conclusion
# dates' (with the receipt date, the cases open at the end of a past day).
_REBUILT = ("ix_cases_handler", "ix_cases_concluded")


def upgrade() -> None:
    connection = op.get_bind()
    for name in _REBUILT:
        op.drop_index(name, table_name="cases")
        next(index for index in metadata.tables["cases"].indexes if index.name == name).create(connection)
    metadata.tables["report_tallies"].create(connection)
    rewrite_tallies(connection, recount(connection))


def downgrade() -> None:
    raise NotImplementedError("a case book is never downgraded: restore the backup taken before the upgrade")
