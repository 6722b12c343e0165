"""Alembic environment: always run programmatically on a connection the vault opened."""

from __future__ import annotations

from alembic import context

from uncounted.vault import domain_tables  # noqa: F401 - registers the domain tables
from uncounted.vault.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
