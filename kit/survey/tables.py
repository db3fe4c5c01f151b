"""Table of reaction-survey answers (``kit_survey_answer``), created by ``0007_session_day``.

``respondent`` is not the participant's id but a keyed hash of it (one answer per person and
question, which a person may change until the session closes), so the answers cannot be read back
to a name.
"""

from __future__ import annotations

import sqlalchemy as sa

from kit.storage.schema import metadata

survey_answer = sa.Table(
    "kit_survey_answer",
    metadata,
    sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id"), primary_key=True),
    sa.Column("respondent", sa.String(64), primary_key=True),
    sa.Column("question_id", sa.String(64), primary_key=True),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
)
