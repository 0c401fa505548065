"""Appeals as a projection table (the annual report's table 四 counts them), filled from each case's snapshot.

Revision ID: 0004
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from disclosure.storage.projection import appeal_table_rows
from disclosure.storage.tables import metadata

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    table = metadata.tables["appeals"]
    table.create(connection, checkfirst=True)
    for number, snapshot in connection.execute(sa.text("SELECT number, snapshot FROM cases ORDER BY number")):
        rows = appeal_table_rows(number, json.loads(snapshot).get("appeals", []))
        if rows:
            connection.execute(table.insert(), rows)


def downgrade() -> None:
    raise NotImplementedError("a case book is never downgraded: restore the backup taken before the upgrade")
