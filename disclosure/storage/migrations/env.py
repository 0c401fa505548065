"""Alembic's environment: the book's connection is handed in by disclosure/storage/schema.py."""

from __future__ import annotations

from alembic import context

from disclosure.storage.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
