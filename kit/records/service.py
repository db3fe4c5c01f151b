"""The records' services for the commands: each takes a Workspace and owns its transaction.

The CLI commands call these instead of opening a transaction; the connection-level functions
(``get_participant(conn, …)``, ``get_session(conn, …)``) stay in this package. A database that
cannot be used becomes the kit's one error type, :class:`kit.workspace.DatabaseUnavailable`.
"""

from __future__ import annotations

from kit.records.participants import Participant, get_participant
from kit.records.sessions import Session, get_session
from kit.workspace import Workspace, reading


def participant_and_session(ws: Workspace, participant_id: str, session_id: str | None
                            ) -> tuple[Participant | None, Session | None]:
    """The participant and (when ``session_id`` is given) the session, read together.

    ``None`` in place of one that does not exist.
    """
    with reading(ws) as conn:
        participant = get_participant(conn, participant_id)
        session = get_session(conn, session_id) if session_id else None
    return participant, session
