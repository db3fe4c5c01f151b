"""Tables of Puskom Kreatif readiness assessments, created by migration ``0009_puskom``.

``kit_puskom_assessment`` is one assessment of a place (the centre's name, its district as written
and its Kemendagri code, the day and the assessor); ``kit_puskom_answer`` holds one row per
criterion of the framework at the time, ``answer`` ``True`` (ya), ``False`` (tidak) or ``NULL``
(not answered), with an optional note.
"""

from __future__ import annotations

import sqlalchemy as sa

from kit.storage.schema import metadata

assessment = sa.Table(
    "kit_puskom_assessment",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("centre_name", sa.Text, nullable=False),
    sa.Column("district", sa.Text, nullable=False),
    sa.Column("district_code", sa.String(8)),
    sa.Column("assessed_on", sa.Date, nullable=False),
    sa.Column("assessed_by", sa.Text, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
)

answer = sa.Table(
    "kit_puskom_answer",
    metadata,
    sa.Column("assessment_id", sa.String(32), sa.ForeignKey("kit_puskom_assessment.id"),
              primary_key=True),
    sa.Column("criterion_id", sa.String(64), primary_key=True),
    sa.Column("answer", sa.Boolean),
    sa.Column("note", sa.Text),
)
