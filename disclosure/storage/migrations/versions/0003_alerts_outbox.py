"""The sweep's alerts, the outbox of their deliveries, and users' mobile numbers.

Revision ID: 0003
"""

from __future__ import annotations

from alembic import op

from disclosure.storage.tables import metadata

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The tables as this revision brought them: unchanged since, so today's definitions are theirs.
_TABLES = ("user_contacts", "alerts", "deliveries")


def upgrade() -> None:
    connection = op.get_bind()
    for name in _TABLES:
        metadata.tables[name].create(connection, checkfirst=True)


def downgrade() -> None:
    raise NotImplementedError("a case book is never downgraded: restore the backup taken before the upgrade")
