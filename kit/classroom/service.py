"""Classroom services for commands and pages: each takes a Workspace, owns its transaction.

The classroom CLI commands (``kit/cli/classroom_cmd.py``), the terminal session chooser and the
Tornado handlers (``kit/classroom/web.py``) call these functions; they never open a transaction
or import SQLAlchemy themselves. The connection- and engine-level work stays in
:mod:`kit.classroom.store` (which owns the classroom tables); here a database that cannot be
used becomes the kit's one error type, :class:`kit.workspace.DatabaseUnavailable` (one line).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from kit.classroom import store
from kit.classroom.pin_rules import issue_pin
from kit.classroom.routing import FACILITATOR
from kit.classroom.store import Classroom
from kit.framework import framework
from kit.records.participants import Participant
from kit.records.sessions import Session
from kit.reports.progress import Progress, participant_progress
from kit.workspace import Workspace, reading, with_database_errors

T = TypeVar("T")


def run(ws: Workspace, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(ws.engine, *args, **kwargs)`` for a :mod:`kit.classroom.store` function.

    The store function owns its transaction; a database failure becomes
    :class:`~kit.workspace.DatabaseUnavailable`.
    """
    return with_database_errors(ws, lambda: fn(ws.engine, *args, **kwargs))


def set_password(ws: Workspace, password: str) -> None:
    """Save (hashed) the facilitator's password."""
    run(ws, store.set_facilitator_password, password)


def current_classroom(ws: Workspace) -> Classroom | None:
    """The open classroom, if any."""
    return run(ws, store.current_classroom)


def open_classroom(ws: Workspace, session_id: str | None) -> Classroom:
    """Open a classroom for ``session_id`` (or return the open one)."""
    return run(ws, store.open_classroom, session_id)


def close_classroom(ws: Workspace) -> Classroom | None:
    """Close the open classroom (its code expires, phones are signed out); ``None``: none open."""
    return run(ws, store.close_classroom)


@attrs.frozen
class Status:
    """The open classroom and how many of its checked-in participants signed in."""

    classroom: Classroom
    joined: int
    total: int


def status(ws: Workspace) -> Status | None:
    """The open classroom's status, ``None`` when no classroom is open."""
    classroom = current_classroom(ws)
    if classroom is None:
        return None
    people = run(ws, store.checked_in, classroom)
    return Status(classroom, run(ws, store.participant_count, classroom), len(people))


def new_pin(ws: Workspace, participant_id: str) -> tuple[Participant, str] | None:
    """Give a participant a new random PIN (set by the facilitator); ``None``: no such person.

    The PIN is returned once, to be shown to the facilitator; only its hash is kept.
    """
    person = participant(ws, participant_id)
    if person is None:
        return None
    pin = issue_pin()
    run(ws, store.set_pin, person.id, pin, FACILITATOR)
    return person, pin


def unlock(ws: Workspace, participant_id: str, by: str) -> bool:
    """Let a participant locked out by wrong PINs try again; ``False``: no such participant."""
    return run(ws, store.unlock_participant, participant_id, by)


def participant(ws: Workspace, participant_id: str) -> Participant | None:
    """The participant with this id (``None``: no such participant)."""
    return run(ws, store.participant, participant_id)


def progress(ws: Workspace, participant_id: str) -> dict[str, Progress]:
    """The participant's progress per activity id (see :mod:`kit.reports.progress`)."""
    with reading(ws) as conn:
        return dict(participant_progress(conn, framework(), participant_id))


def new_session(ws: Workspace, activity_id: str, title: str, day: str, district: str) -> Session:
    """Create a new open session (``SessionProblems`` by field when a field is wrong)."""
    return run(ws, store.new_session, activity_id, title, day, district)
