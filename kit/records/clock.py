"""The one clock of the records (timezone-aware UTC), so tests and imports agree on time."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)
