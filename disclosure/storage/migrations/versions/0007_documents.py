"""The document store's table: a case's files and letters kept in the book itself, by their SHA-256.

Revision ID: 0007
"""

from __future__ import annotations

from alembic import op

from disclosure.storage.tables import metadata

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nothing to carry over: no earlier version kept files or letters.
    metadata.tables["documents"].create(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    raise NotImplementedError("a case book is never downgraded: restore the backup taken before the upgrade")
