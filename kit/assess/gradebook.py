"""nbgrader's gradebook, opened on the kit's own database connection.

The workspace keeps nbgrader's gradebook tables and the kit's ``kit_*`` tables in ONE database
(``nbgrader_config.py`` and ``kit-workspace.json`` carry the same URL). :class:`SharedGradebook`
is :class:`nbgrader.api.Gradebook` whose ORM session is bound to a connection the kit already
holds inside :func:`kit.storage.db.write_tx`. Every gradebook method (``add_student``,
``add_submission``, ``find_grade`` …) then runs in the kit's transaction: its internal
``commit()`` only flushes (SQLAlchemy's ``join_transaction_mode="rollback_only"`` never
commits a transaction it did not begin), and its ``rollback()`` on error rolls the whole
transaction back. A score therefore lands in ``kit_score`` and in nbgrader's ``grade`` table
together or not at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import attrs
import sqlalchemy as sa
from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.orm import Session

from kit.workspace import Workspace


class SharedGradebook(Gradebook):  # type: ignore[misc]
    """An nbgrader :class:`~nbgrader.api.Gradebook` running inside the caller's transaction."""

    def __init__(self, conn: sa.Connection, course_id: str):
        # Deliberately not calling Gradebook.__init__: it would create its own engine. The tables
        # exist already (``nbgrader generate_assignment`` created them, see ensure_generated).
        self.engine = conn.engine
        # No autoflush: every Gradebook write method ends with commit() (= flush here), and
        # autoflush while add_submission builds its objects only produces SAWarnings.
        self.db = Session(bind=conn, autoflush=False,
                          join_transaction_mode="rollback_only")
        self.course_id = course_id
        self.authenticator = None

    def close(self) -> None:
        """Close the ORM session (the connection and its transaction stay with the caller)."""
        self.db.close()


@contextmanager
def shared_gradebook(conn: sa.Connection, ws: Workspace) -> Iterator[SharedGradebook]:
    """A gradebook bound to ``conn`` (inside the caller's write transaction), closed after use."""
    gb = SharedGradebook(conn, ws.course_id)
    try:
        yield gb
        gb.db.flush()
    finally:
        gb.close()


def notebook_name(activity_id: str) -> str:
    """The single notebook of an activity's assignment (``bimtek`` → ``bimtek.ipynb``)."""
    return activity_id


def _first_write_lock(gb: Gradebook, participant_id: str) -> None:
    """On PostgreSQL, wait for other transactions creating this participant's gradebook rows.

    nbgrader creates a student and a submission by looking up, then inserting. Two checklist
    taps for the same participant at once would both miss and both insert, and one would fail
    on the unique key. A transaction-scoped advisory lock keyed on the course and participant
    makes those first writes take turns; the one that waited then finds the rows the first one
    committed (READ COMMITTED sees them) and inserts nothing. SQLite needs no lock: every write
    transaction starts with ``BEGIN IMMEDIATE`` and so already holds the database's write lock.
    """
    if gb.db.get_bind().dialect.name != "postgresql":
        return
    digest = hashlib.blake2b(f"{gb.course_id}\0{participant_id}".encode(), digest_size=8)
    key = int.from_bytes(digest.digest(), "big", signed=True)
    gb.db.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _has_submission(gb: Gradebook, activity_id: str, participant_id: str) -> bool:
    try:
        gb.find_submission(activity_id, participant_id)
    except MissingEntry:
        return False
    return True


def _has_student(gb: Gradebook, participant_id: str) -> bool:
    try:
        gb.find_student(participant_id)
    except MissingEntry:
        return False
    return True


def ensure_student(gb: Gradebook, participant_id: str) -> None:
    """Create the nbgrader student for a participant (id only: names stay in the kit).

    Safe when several writers do it at once (see :func:`_first_write_lock`).
    """
    if _has_student(gb, participant_id):
        return
    _first_write_lock(gb, participant_id)
    if not _has_student(gb, participant_id):
        gb.add_student(participant_id)


def ensure_submission(gb: Gradebook, activity_id: str, participant_id: str) -> None:
    """Create the participant's submission of the activity (all grade rows) if missing.

    Race-free: concurrent first writes for the same participant take turns (on PostgreSQL an
    advisory lock, on SQLite the write lock every write transaction holds), so exactly one
    creates the student and the submission and the others find them.
    """
    if _has_submission(gb, activity_id, participant_id):
        return
    _first_write_lock(gb, participant_id)
    if _has_submission(gb, activity_id, participant_id):
        return
    ensure_student(gb, participant_id)
    gb.add_submission(activity_id, participant_id)


def set_manual_score(
    gb: Gradebook, activity_id: str, item_id: str, participant_id: str, level: int
) -> None:
    """Set the manual score of one item (= its level, as the formgrader would)."""
    set_manual_scores(gb, activity_id, participant_id, {item_id: level})


def set_manual_scores(
    gb: Gradebook, activity_id: str, participant_id: str, levels: dict[str, int]
) -> None:
    """Set the manual scores of several items of one participant's submission (one flush)."""
    ensure_submission(gb, activity_id, participant_id)
    notebook = gb.find_submission_notebook(notebook_name(activity_id), activity_id,
                                           participant_id)
    grades = {grade.name: grade for grade in notebook.grades}
    for item_id, level in levels.items():
        grade = grades.get(item_id)
        if grade is None:
            raise MissingEntry(f"no grade cell {item_id!r} in {activity_id!r}")
        grade.manual_score = float(level)
        grade.needs_manual_grade = False
    gb.db.commit()


@attrs.frozen
class GradeRow:
    """One grade of the gradebook: participant × item with nbgrader's scores."""

    participant_id: str
    activity_id: str
    item_id: str
    auto_score: float | None
    manual_score: float | None

    @property
    def score(self) -> float | None:
        """The score nbgrader reports: the manual score when set, else the auto score."""
        return self.manual_score if self.manual_score is not None else self.auto_score


def grade_rows(conn: sa.Connection, ws: Workspace, participant_id: str | None = None,
               activity_id: str | None = None) -> list[GradeRow]:
    """Every grade row (optionally of one participant / activity), read on ``conn``."""
    from nbgrader.api import (
        Assignment,
        Grade,
        GradeCell,
        Student,
        SubmittedAssignment,
        SubmittedNotebook,
    )

    with Session(bind=conn, join_transaction_mode="rollback_only") as db:
        query: Any = (
            db.query(Student.id, Assignment.name, GradeCell.name, Grade.auto_score,
                     Grade.manual_score)
            .join(GradeCell, GradeCell.id == Grade.cell_id)
            .join(SubmittedNotebook, SubmittedNotebook.id == Grade.notebook_id)
            .join(SubmittedAssignment, SubmittedAssignment.id == SubmittedNotebook.assignment_id)
            .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
            .join(Student, Student.id == SubmittedAssignment.student_id)
        )
        if participant_id is not None:
            query = query.filter(Student.id == participant_id)
        if activity_id is not None:
            query = query.filter(Assignment.name == activity_id)
        return [GradeRow(*row) for row in query.order_by(Student.id, GradeCell.name).all()]
