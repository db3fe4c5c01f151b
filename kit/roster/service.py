"""The roster's services for the commands: each takes a Workspace and owns its transaction.

``kit/cli/roster_cmd.py`` calls these; it never opens a transaction or imports SQLAlchemy. The
connection- and engine-level functions stay in :mod:`kit.roster.merge`,
:mod:`kit.roster.export` and :mod:`kit.roster.districts`; a database that cannot be used
becomes the kit's one error type, :class:`kit.workspace.DatabaseUnavailable` (one line).
"""

from __future__ import annotations

from typing import Any

from kit.problems import Problem
from kit.records.sessions import get_session
from kit.roster.districts import DistrictChange, normalise_stored_districts
from kit.roster.export import participant_records
from kit.roster.merge import RosterImport, import_roster, unknown_session
from kit.roster.validate import ValidatedRoster
from kit.workspace import Workspace, reading, with_database_errors


def session_problem(ws: Workspace, label: str, session_id: str) -> Problem | None:
    """The problem to report when ``session_id`` (given as ``label``) is not a session."""
    with reading(ws) as conn:
        found = get_session(conn, session_id)
    return unknown_session(label, session_id) if found is None else None


def import_into(ws: Workspace, roster: ValidatedRoster,
                session_id: str | None = None, recorded_by: str | None = None) -> RosterImport:
    """Import a validated roster in one write transaction (all or nothing).

    ``recorded_by`` is who imports: the consent column is recorded in their name.
    """
    return with_database_errors(ws, import_roster, ws.engine, roster, session_id, recorded_by)


def normalise_districts(ws: Workspace, dry_run: bool = False) -> list[DistrictChange]:
    """Map every stored district text to its official name, in one transaction."""
    return with_database_errors(ws, normalise_stored_districts, ws.engine, dry_run)


def participant_table(ws: Workspace) -> list[dict[str, Any]]:
    """Every participant as a dict (stable ``id`` first), read in one transaction."""
    with reading(ws) as conn:
        return participant_records(conn)
