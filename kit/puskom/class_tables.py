"""Tables of Puskom Kreatif classes, created by migration ``0012_puskom_classes``.

``kit_puskom_class`` is one scheduled class: its kind (a class kind id of the framework), the
centre or place, its district and Kemendagri code, the day and the starting time (``HH:MM``).
``kit_puskom_enrolment`` is one participant enrolled in a class, with ``attended_at`` set once
their attendance is recorded.
"""

from __future__ import annotations

import sqlalchemy as sa

from kit.storage.schema import metadata

puskom_class = sa.Table(
    "kit_puskom_class",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("place", sa.Text, nullable=False),
    sa.Column("district", sa.Text, nullable=False),
    sa.Column("district_code", sa.String(8)),
    sa.Column("held_on", sa.Date, nullable=False),
    sa.Column("starts_at", sa.String(5), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
)

enrolment = sa.Table(
    "kit_puskom_enrolment",
    metadata,
    sa.Column("class_id", sa.String(32), sa.ForeignKey("kit_puskom_class.id"), primary_key=True),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              primary_key=True),
    sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("attended_at", sa.DateTime(timezone=True)),
)
