"""The kit's own records (participants, sessions, attendance, scores, evidence) in SQL.

The same database holds nbgrader's gradebook: an SQLite file by default, or any SQLAlchemy URL
(PostgreSQL). The kit's tables are prefixed ``kit_`` and migrated by Alembic with their own
version table, so they never collide with nbgrader's tables or migrations.
"""
