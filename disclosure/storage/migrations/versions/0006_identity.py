"""Identity: each user's login and whether they are disabled, the admin who recorded an event for its
user, and the office log (users' changes and sights of personal data), with the users so far in it.

Revision ID: 0006
"""

from __future__ import annotations


import sqlalchemy as sa
from alembic import op

from disclosure.logins import os_login
from disclosure.storage.database import session_on
from disclosure.storage.office_log import OfficeLog
from disclosure.storage.tables import metadata
from disclosure.workflow.office_log import LogEntry
from disclosure.workflow.vocabulary import SYSTEM_USER
from disclosure.timekeeping import now

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("login", sa.String(), nullable=True))
        users.add_column(sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("events", sa.Column("acted_by", sa.String(), nullable=True))
    metadata.tables["office_log"].create(connection, checkfirst=True)

    rows = connection.execute(sa.text(
        "SELECT users.name, users.roles, users.email, user_contacts.mobile FROM users "
        "LEFT JOIN user_contacts ON user_contacts.user_name = users.name ORDER BY users.created_at, users.name"
    )).all()
    # Every person's login is taken to be their name, as users were named after their logins; the login
    # running the upgrade (the book's owner) becomes the first admin's, as `init` maps the login running it.
    logins = {name: (None if name == SYSTEM_USER else name) for name, *_ in rows}
    running = connection.execute(sa.text("SELECT session_user")).scalar_one() if connection.dialect.name == "postgresql" else os_login()
    admins = [name for name, roles, *_ in rows if "admin" in roles.split()]
    if running not in logins.values() and admins:
        logins[admins[0]] = running
    log = OfficeLog(session_on(connection))
    for name, roles, email, mobile in rows:
        connection.execute(sa.text("UPDATE users SET login = :login WHERE name = :name"), {"login": logins[name], "name": name})
        data = {"login": logins[name], "roles": roles.split(), "upgrade": revision}
        data.update({key: value for key, value in (("email", email), ("mobile", mobile)) if value})
        log.append(LogEntry("user-added", SYSTEM_USER, name, data), now())
    op.create_index("ix_users_login", "users", ["login"], unique=True)


def downgrade() -> None:
    raise NotImplementedError("a case book is never downgraded: restore the backup taken before the upgrade")
