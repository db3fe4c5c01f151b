"""Table of a session's rundown (``kit_session_segment``), created by ``0007_session_day``.

One row per rundown line of one session: which framework rundown entry it is (``segment_id``),
when it is planned (``planned_start`` ``HH:MM`` and ``planned_minutes``), who speaks, and when it
actually started and ended (set while the session runs).
"""

from __future__ import annotations

import sqlalchemy as sa

from kit.storage.schema import metadata

_TS = sa.DateTime(timezone=True)

segment = sa.Table(
    "kit_session_segment",
    metadata,
    sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("segment_id", sa.String(64), nullable=False),
    sa.Column("planned_start", sa.String(5), nullable=False),
    sa.Column("planned_minutes", sa.Integer, nullable=False),
    sa.Column("speaker", sa.Text),
    sa.Column("started_at", _TS),
    sa.Column("ended_at", _TS),
)
