"""Apply the kit's Alembic migrations to a database (its own version table: kit_alembic_version)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from kit.storage.db import engine_for

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSION_TABLE = "kit_alembic_version"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the kit's migrations and ``url``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["kit_url"] = url
    return cfg


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
    """Bring the kit's tables in the database at ``url`` up to the newest migration."""
    engine = engine_for(url)
    if current_revision(engine) == head_revision():
        return
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
