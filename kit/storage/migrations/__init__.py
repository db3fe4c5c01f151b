"""Alembic migrations of the kit's tables."""
