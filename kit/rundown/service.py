"""A session's rundown in the workspace (``kit_session_segment``): services for the panel and CLI.

Each function takes a :class:`~kit.workspace.Workspace` and owns its transaction. The plan is
created from the framework the first time it is asked for (:func:`kit.rundown.plan.prefill`, from
08:00); edits are checked by :func:`kit.rundown.plan.check_plan`; the live actions
(:mod:`kit.rundown.live`) record the actual start and end times. Everything is read back from the
table, so a restarted app resumes where the session was. A closed or unknown session, a bad time
or an overlap raises :class:`RundownError` (field, one translated line) and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

import attrs
import sqlalchemy as sa

from kit.framework import Activity, framework
from kit.i18n import _
from kit.problems import InputError
from kit.records.clock import now
from kit.records.sessions import Session, get_session
from kit.rundown import live, plan
from kit.rundown.live import LiveView
from kit.rundown.plan import Segment
from kit.rundown.tables import segment as segment_table
from kit.storage import schema
from kit.workspace import Workspace, reading, writing


class RundownError(InputError):
    """Input or an action the rundown refuses: ``field`` names it, ``message`` says why."""


@attrs.frozen
class Rundown:
    """A session's rundown: the session, its activity and its segments in order."""

    session: Session
    activity: Activity
    segments: tuple[Segment, ...]

    def view(self, clock: datetime | None = None) -> LiveView:
        """What runs now, its time left and what comes next."""
        return live.view(self.segments, clock or now())


def _session(conn: sa.Connection, session_id: str, *, open_only: bool) -> Session:
    session = get_session(conn, session_id)
    if session is None:
        raise RundownError("session_id", _("unknown session {session!r}").format(
            session=session_id))
    if open_only and session.status != "open":
        raise RundownError("session_id", _("session {session!r} is closed: its rundown can no "
                                           "longer be changed").format(session=session_id))
    return session


def lock_session(conn: sa.Connection, session_id: str) -> None:
    """Take the session's row lock (PostgreSQL ``FOR UPDATE``; SQLite holds its write lock).

    Two facilitators pressing Next at once are then applied one after the other.
    """
    conn.execute(sa.select(schema.session.c.id).where(schema.session.c.id == session_id)
                 .with_for_update())


def read_segments(conn: sa.Connection, session_id: str) -> tuple[Segment, ...]:
    """The stored segments of a session, in order (empty when its plan was never made)."""
    t = segment_table
    rows = conn.execute(sa.select(t).where(t.c.session_id == session_id)
                        .order_by(t.c.position)).mappings()
    return tuple(Segment(position=r["position"], segment_id=r["segment_id"],
                         planned_start=r["planned_start"], planned_minutes=r["planned_minutes"],
                         speaker=r["speaker"],
                         started_at=live.aware(r["started_at"]) if r["started_at"] else None,
                         ended_at=live.aware(r["ended_at"]) if r["ended_at"] else None)
                 for r in rows)


def _values(s: Segment) -> dict[str, object]:
    return {"segment_id": s.segment_id, "planned_start": s.planned_start,
            "planned_minutes": s.planned_minutes, "speaker": s.speaker,
            "started_at": s.started_at, "ended_at": s.ended_at}


def _write(conn: sa.Connection, session_id: str, old: Sequence[Segment],
           new: Sequence[Segment]) -> None:
    """Store ``new`` over ``old`` (only the changed rows are written)."""
    t = segment_table
    before = {s.position: s for s in old}
    for s in new:
        if s.position not in before:
            conn.execute(t.insert().values(session_id=session_id, position=s.position,
                                           **_values(s)))
        elif before[s.position] != s:
            conn.execute(t.update().where(t.c.session_id == session_id,
                                          t.c.position == s.position).values(**_values(s)))


def _activity(session: Session) -> Activity:
    return framework().activity(session.activity_id)


def load(ws: Workspace, session_id: str) -> Rundown:
    """The session's rundown; made from the framework (from 08:00) the first time it is asked.

    A closed session's rundown is read as it stands (never created for it).
    """
    with reading(ws) as conn:
        session = _session(conn, session_id, open_only=False)
        segments = read_segments(conn, session_id)
    if segments or session.status != "open":
        return Rundown(session, _activity(session), segments)
    return _change(ws, session_id, lambda _a, segs: segs)


def _change(ws: Workspace, session_id: str,
            change: Callable[[Activity, tuple[Segment, ...]], tuple[Segment, ...]]) -> Rundown:
    """Apply ``change`` to the stored plan (made first if missing) in one write transaction."""
    with writing(ws) as conn:
        lock_session(conn, session_id)
        session = _session(conn, session_id, open_only=True)
        activity = _activity(session)
        stored = read_segments(conn, session_id)
        current = stored or plan.prefill(activity)
        try:
            changed = change(activity, current)
        except plan.PlanError as exc:
            raise RundownError(exc.field, exc.message) from None
        except live.LiveError as exc:
            raise RundownError(exc.field, exc.message) from None
        _write(conn, session_id, stored, changed)
    return Rundown(session, activity, changed)


def set_segment(ws: Workspace, session_id: str, segment_id: str, *, start: str | None = None,
                minutes: int | None = None, speaker: str | None = None) -> Rundown:
    """Change one line's planned start, minutes or speaker (an overlap is refused)."""
    return _change(ws, session_id, lambda activity, segs: plan.edit(
        activity, segs, segment_id, start=start, minutes=minutes, speaker=speaker))


def save_plan(ws: Workspace, session_id: str,
              edits: Sequence[tuple[str, str, int, str | None]]) -> Rundown:
    """Save a whole edited plan: ``(segment id, start HH:MM, minutes, speaker)`` per line.

    The lines must be the activity's, in order; the actual times already recorded are kept.
    """
    def change(activity: Activity, segs: tuple[Segment, ...]) -> tuple[Segment, ...]:
        if [e[0] for e in edits] != [s.segment_id for s in segs]:
            raise plan.PlanError("segment", _("the rundown must keep the lines of the {activity} "
                                              "rundown in their order: {known}").format(
                activity=activity.id, known=", ".join(s.segment_id for s in segs)))
        out = tuple(attrs.evolve(s, planned_start=start.strip(), planned_minutes=minutes,
                                 speaker=" ".join((speaker or "").split()) or None)
                    for s, (_id, start, minutes, speaker) in zip(segs, edits, strict=True))
        plan.check_plan(activity, out)
        return out

    return _change(ws, session_id, change)


def restart_plan(ws: Workspace, session_id: str, start: str = plan.DEFAULT_START) -> Rundown:
    """Lay the plan out again from the framework from ``start`` (speakers are kept).

    Refused once the session's rundown has started running.
    """
    def change(activity: Activity, segs: tuple[Segment, ...]) -> tuple[Segment, ...]:
        if any(s.started_at is not None for s in segs):
            raise live.LiveError(_("the rundown has already started; change single lines "
                                   "instead"), "start")
        speakers = {s.segment_id: s.speaker for s in segs}
        return tuple(attrs.evolve(s, speaker=speakers.get(s.segment_id))
                     for s in plan.prefill(activity, start))

    return _change(ws, session_id, change)


def start(ws: Workspace, session_id: str, clock: datetime | None = None) -> Rundown:
    """Start the first line not yet run (recording the time)."""
    at = clock or now()
    return _change(ws, session_id, lambda _a, segs: live.start(segs, at))


def advance(ws: Workspace, session_id: str, clock: datetime | None = None) -> Rundown:
    """End the running line and start the next (both times recorded)."""
    at = clock or now()
    return _change(ws, session_id, lambda _a, segs: live.advance(segs, at))


def extend(ws: Workspace, session_id: str, minutes: int) -> Rundown:
    """Give the running line ``minutes`` more; the later lines move."""
    return _change(ws, session_id, lambda _a, segs: live.extend(segs, minutes))


def finish(ws: Workspace, session_id: str, clock: datetime | None = None) -> Rundown:
    """End the running line (the time is recorded)."""
    at = clock or now()
    return _change(ws, session_id, lambda _a, segs: live.finish(segs, at))
