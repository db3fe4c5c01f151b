"""Table definitions of the kit's records (SQLAlchemy Core); changed only through migrations."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

participant = sa.Table(
    "kit_participant",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("business_name", sa.Text),
    sa.Column("sector", sa.Text),
    sa.Column("phone", sa.String(32), index=True),
    sa.Column("village", sa.Text),
    sa.Column("subdistrict", sa.Text),
    sa.Column("district", sa.Text, nullable=False),
    # Kemendagri code of ``district`` when it is an official kabupaten/kota (kit.places).
    sa.Column("district_code", sa.String(8)),
    sa.Column("gender", sa.String(16)),
    sa.Column("age_group", sa.String(16)),
    # The age or age band as the roster wrote it (``age_group`` is its reporting band).
    sa.Column("age_given", sa.String(32)),
    # 3.1.3: umkm (NULL means umkm), ngo, government, community_board; only UMKM owners are
    # staged and counted in stage figures (0007).
    sa.Column("participant_type", sa.String(24)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

session = sa.Table(
    "kit_session",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("activity_id", sa.String(32), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("date", sa.Date),
    sa.Column("venue", sa.Text),
    sa.Column("district", sa.Text),
    sa.Column("facilitator", sa.Text),
    sa.Column("status", sa.String(16), nullable=False, server_default="open"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("target_size", sa.Integer),     # planned participants (0006)
    sa.Column("room_capacity", sa.Integer),   # places in the room (0006)
    # The organising committee (panitia): [{"role": "ketua", "name": "..."}, ...] (0007).
    sa.Column("committee", sa.JSON),
    # The bimtek support team (4.1.8), 2-3 names: ["...", ...] (0007).
    sa.Column("support_team", sa.JSON),
    sa.Column("head_of_office", sa.Text),     # who signs "mengetahui" on the report (0007)
    sa.Column("notes", sa.Text),              # the facilitator's notes for the report (0007)
    sa.Column("closed_at", sa.DateTime(timezone=True)),  # when it was closed (0007)
)

attendance = sa.Table(
    "kit_attendance",
    metadata,
    sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id"), primary_key=True),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              primary_key=True),
    sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
    # Why a facilitator admitted someone the activity's prerequisites did not allow (0006).
    sa.Column("admit_reason", sa.Text),
)

# Append-only log of every level ever recorded. The participant's level for an item is the
# latest row; nothing is updated or deleted, so concurrent writers never lose each other's work.
score = sa.Table(
    "kit_score",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              nullable=False),
    sa.Column("item_id", sa.String(64), nullable=False),
    sa.Column("activity_id", sa.String(32), nullable=False),
    sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id")),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("recorded_by", sa.Text),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("details", sa.JSON),
    sa.CheckConstraint("level IN (0, 1, 2)", name="level_range"),
    sa.CheckConstraint("source IN ('observation', 'autograde', 'override')", name="source_kind"),
    sa.Index("ix_kit_score_participant_item", "participant_id", "item_id", "id"),
)

# Practice actions and answers a participant made in a module (issue: participant modules).
evidence = sa.Table(
    "kit_evidence",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              nullable=False),
    sa.Column("item_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

# Submission files imported by the facilitator (idempotency: same file hash = same import).
submission_import = sa.Table(
    "kit_submission_import",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              nullable=False),
    sa.Column("activity_id", sa.String(32), nullable=False),
    sa.Column("filename", sa.Text),
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
)

# The workspace's identity for submission files (one row, created with the workspace or on first
# need): the module signs the files it issues with ``signing_key`` (HMAC-SHA256, kit.assess.origin).
workspace_origin = sa.Table(
    "kit_workspace_origin",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workspace_id", sa.String(64), nullable=False),
    sa.Column("signing_key", sa.String(128), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("id = 1", name="single_row"),
)

# Submission files W cannot vouch for (made elsewhere, or unsigned for an unknown id): held, with
# their content, until the facilitator confirms them; nothing is scored before that.
submission_pending = sa.Table(
    "kit_submission_pending",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("filename", sa.Text),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("file_participant_id", sa.String(32), nullable=False),
    sa.Column("activity_id", sa.String(32), nullable=False),
    sa.Column("origin_workspace", sa.String(64)),
    sa.Column("reason", sa.String(32), nullable=False),
    sa.Column("matched_participant_id", sa.String(32), sa.ForeignKey("kit_participant.id")),
    sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("held_by", sa.Text),
    sa.Column("confirmed_at", sa.DateTime(timezone=True)),
    sa.Column("confirmed_by", sa.Text),
    sa.Column("confirmed_participant_id", sa.String(32)),
)
