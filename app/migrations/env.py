"""Alembic environment: migrates the connection app.migrate hands over, in one transaction."""
from __future__ import annotations

from alembic import context

from models import all_metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Common Ground runs its migrations through app.migrate, which supplies the connection.")

context.configure(
    connection=connection,
    target_metadata=all_metadata(),
    render_as_batch=True,
    # With the BEGIN recipe in app.database, SQLite's DDL is transactional: a failing revision rolls back whole.
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
