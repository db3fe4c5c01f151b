"""Apply the kit's Alembic migrations to a database (its own version table: kit_alembic_version)."""

from __future__ import annotations

import functools
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from kit.storage.db import engine_for, write_tx

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSION_TABLE = "kit_alembic_version"
# Key of the PostgreSQL advisory lock held while migrating (any constant shared by all kits).
MIGRATION_LOCK = 0x554D4B4D  # "UMKM"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the kit's migrations and ``url``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["kit_url"] = url
    return cfg


@functools.cache
def head_revision() -> str:
    """The newest migration's revision id."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None  # noqa: S101 - the package always ships migrations
    return head


def current_revision(engine: sa.Engine) -> str | None:
    """The revision the database is at (``None`` for a database the kit never touched)."""
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        return ctx.get_current_revision()


def upgrade(url: str) -> None:
    """Bring the kit's tables in the database at ``url`` up to the newest migration.

    Safe when several processes open an old workspace at once (kernels after an upgrade of the
    kit): the migration runs inside one write transaction that first takes the database's write
    lock (SQLite ``BEGIN IMMEDIATE``, PostgreSQL advisory lock), and the revision is checked again
    under that lock, so exactly one process migrates and the others then see the new head.
    """
    engine = engine_for(url)
    head = head_revision()
    if current_revision(engine) == head:
        return
    cfg = alembic_config(url)
    with write_tx(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        if ctx.get_current_revision() == head:
            return
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
