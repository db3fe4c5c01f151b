"""The score log: every level recorded for a participant × item, newest row wins."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

import attrs
import sqlalchemy as sa

from kit.framework import Framework
from kit.records.clock import now
from kit.storage import schema

SOURCES = ("observation", "autograde", "override")


class ScoreError(ValueError):
    """A score that cannot be recorded (unknown item, level out of range, bad source)."""


@attrs.frozen
class ScoreEntry:
    """One recorded level."""

    participant_id: str
    item_id: str
    level: int
    source: str
    session_id: str | None = None
    note: str | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None
    details: dict[str, Any] | None = None


def validate_score(fw: Framework, entry: ScoreEntry) -> None:
    """Raise :class:`ScoreError` if the entry does not fit the framework and rubric."""
    from kit.i18n import _

    try:
        fw.item(entry.item_id)
    except KeyError:
        raise ScoreError(_("unknown item id {item!r}").format(item=entry.item_id)) from None
    if entry.level not in fw.rubric.valid_levels:
        raise ScoreError(_("level must be one of {levels}, not {level!r}").format(
            levels=", ".join(str(v) for v in fw.rubric.valid_levels), level=entry.level))
    if entry.source not in SOURCES:
        raise ScoreError(_("unknown score source {source!r}").format(source=entry.source))


def record_score(conn: sa.Connection, fw: Framework, entry: ScoreEntry) -> int:
    """Append a score (inside the caller's write transaction); returns its row id."""
    validate_score(fw, entry)
    item = fw.item(entry.item_id)
    result = conn.execute(
        schema.score.insert().values(
            participant_id=entry.participant_id,
            item_id=entry.item_id,
            activity_id=item.activity_id,
            session_id=entry.session_id,
            level=entry.level,
            note=entry.note,
            source=entry.source,
            recorded_by=entry.recorded_by,
            recorded_at=entry.recorded_at or now(),
            details=entry.details,
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None  # noqa: S101 - an insert always has a key
    return int(pk[0])


def latest_scores(conn: sa.Connection, participant_id: str | None = None) -> list[ScoreEntry]:
    """The newest score of every participant × item (optionally of one participant)."""
    s = schema.score
    newest = sa.select(sa.func.max(s.c.id).label("id")).group_by(s.c.participant_id, s.c.item_id)
    if participant_id is not None:
        newest = newest.where(s.c.participant_id == participant_id)
    rows = conn.execute(
        sa.select(s).where(s.c.id.in_(newest.scalar_subquery())).order_by(s.c.id)
    ).mappings()
    return [
        ScoreEntry(
            participant_id=r["participant_id"], item_id=r["item_id"], level=r["level"],
            source=r["source"], session_id=r["session_id"], note=r["note"],
            recorded_by=r["recorded_by"], recorded_at=r["recorded_at"], details=r["details"],
        )
        for r in rows
    ]


def latest_levels(conn: sa.Connection) -> dict[str, dict[str, int]]:
    """Participant id → item id → latest level, for every participant with a score."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for entry in latest_scores(conn):
        out[entry.participant_id][entry.item_id] = entry.level
    return dict(out)
