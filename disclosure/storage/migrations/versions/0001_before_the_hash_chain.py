"""The schema of the first books: events, cases, clocks, counters, calendar days; no hash chain.

Books of this form are stamped here when first upgraded (disclosure/storage/schema.py detects them);
a new book is created whole at the newest revision, so this revision creates nothing.

Revision ID: 0001
"""

from __future__ import annotations

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    raise NotImplementedError("a case book is never downgraded: restore the backup taken before the upgrade")
