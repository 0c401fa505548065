"""Calendar loads recorded in the book, and each clock row naming the event that last changed it.

Revision ID: 0005
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

from disclosure.storage.calendar_core import record_load
from disclosure.storage.tables import metadata
from disclosure.workflow.calendar import CalendarOverrides
from disclosure.workflow.chain import GENESIS, Anchor

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    metadata.tables["calendar_loads"].create(connection, checkfirst=True)
    # The days kept so far become loads recorded before every event, one per year (who loaded it
    # last, when, from which file): the book kept no record of when they took effect, and judged
    # every clock on all of them, so its verdicts stay what they were.
    declared = connection.execute(
        sa.text("SELECT year, source, loaded_by, loaded_at FROM calendar_years ORDER BY loaded_at, year")
    ).all()
    for year, source, loaded_by, loaded_at in declared:
        days = connection.execute(sa.text("SELECT day, kind FROM calendar_days WHERE year = :year"), {"year": year}).all()
        overrides = CalendarOverrides.from_days([year], [(_date(day), kind) for day, kind in days], source)
        record_load(connection, overrides, user=loaded_by, now=_moment(loaded_at), head=Anchor(0, GENESIS))
    # A clock row's last change is at or before its case's newest event. With every load before every
    # event, each of a case's positions sees the same calendar, so the newest one judges the clock
    # as the true one would; the book's later writes (and a repair) name the exact event.
    op.add_column("clocks", sa.Column("changed_at_position", sa.Integer(), nullable=False, server_default="0"))
    connection.execute(sa.text(
        "UPDATE clocks SET changed_at_position = "
        "COALESCE((SELECT MAX(position) FROM events WHERE events.case_number = clocks.case_number), 0)"
    ))


def _date(value: date | str) -> date:
    """A day as the driver gives it (SQLite: its text)."""
    return value if isinstance(value, date) else date.fromisoformat(value[:10])


def _moment(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def downgrade() -> None:
    raise NotImplementedError("a case book is never downgraded: restore the backup taken before the upgrade")
