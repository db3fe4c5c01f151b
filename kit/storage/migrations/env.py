"""Alembic environment for the kit's tables (run through :mod:`kit.storage.migrate`)."""

from __future__ import annotations

from alembic import context

from kit.storage.migrate import VERSION_TABLE
from kit.storage.schema import metadata

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
