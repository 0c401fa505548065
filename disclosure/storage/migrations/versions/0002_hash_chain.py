"""The hash chain: every event gets the hash of the snapshot it left and a hash chained to the one before.

Events recorded before this revision are chained as they stand, in their order of position: each
case is folded again through the domain, event by event, to obtain the snapshot each event left; the
events' data is put in its canonical form, the recording time in UTC. The cases' snapshots are
rewritten in the current form (the snapshot of each case's newest event). From here on an anchor
taken after the upgrade proves the history; nothing before the upgrade could be proved anyway.

Revision ID: 0002
"""

from __future__ import annotations

import json
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

from disclosure.storage.snapshots import case_to_json
from disclosure.workflow.case import apply
from disclosure.workflow.chain import GENESIS, as_utc, canonical_data, canonical_time, chain_hash, snapshot_hash
from disclosure.workflow.events import Event
from disclosure.workflow.kinds import BUILT_IN_KINDS

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _moment(value) -> datetime:
    return as_utc(value if isinstance(value, datetime) else datetime.fromisoformat(value))


def upgrade() -> None:
    connection = op.get_bind()
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("snapshot_hash", sa.String(), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(), nullable=True))
    if connection.dialect.name == "postgresql":
        op.execute("ALTER TABLE events ALTER COLUMN position DROP DEFAULT")
        op.execute("ALTER TABLE events ALTER COLUMN recorded_at TYPE TIMESTAMP WITH TIME ZONE USING recorded_at AT TIME ZONE 'UTC'")
    kinds = {row[0]: row[1] for row in connection.execute(sa.text("SELECT number, kind FROM cases"))}
    rows = connection.execute(sa.text(
        "SELECT position, case_number, version, type, data, user_name, role, effective_on, recorded_at, schema_version "
        "FROM events ORDER BY position"
    )).all()
    folded, previous = {}, GENESIS
    for position, number, version, event_type, data, user, role, on, recorded_at, schema in rows:
        code = kinds.get(number, "disclosure")
        on = on if isinstance(on, date) else date.fromisoformat(on)
        event = Event(case=number, version=version, type=event_type, on=on, user=user, role=role,
                      data=json.loads(data), schema=schema)
        folded[number] = apply(BUILT_IN_KINDS.kind(code), BUILT_IN_KINDS.machine(code), folded.get(number), event)
        state = snapshot_hash(case_to_json(folded[number]))
        text, moment = canonical_data(json.loads(data)), _moment(recorded_at)
        digest = chain_hash(previous, number, version, event_type, text, user, role, on, moment, schema, state)
        connection.execute(
            sa.text("UPDATE events SET data = :data, recorded_at = :moment, snapshot_hash = :state, hash = :digest "
                    "WHERE position = :position"),
            {"data": text, "moment": canonical_time(moment) if connection.dialect.name == "sqlite" else moment,
             "state": state, "digest": digest, "position": position},
        )
        previous = digest
    for number, case in folded.items():
        connection.execute(sa.text("UPDATE cases SET snapshot = :snapshot WHERE number = :number"),
                           {"snapshot": case_to_json(case), "number": number})
    with op.batch_alter_table("events") as batch:
        batch.alter_column("snapshot_hash", existing_type=sa.String(), nullable=False)
        batch.alter_column("hash", existing_type=sa.String(), nullable=False)


def downgrade() -> None:
    raise NotImplementedError("a case book is never downgraded: restore the backup taken before the upgrade")
