"""Who chose themselves last on this workspace's own machine (roster mode, no classroom).

Without classroom mode the kit runs on one person's own machine (Binder, or a laptop used
self-paced): the participant picked from the roster is remembered in a small file under the
workspace (:data:`MEMORY_NAME`), so a reload greets them with "Lanjutkan sebagai <nama>"
instead of asking "Siapa Anda?" again. The file holds a participant id only.

In classroom mode nothing here is used: identity comes only from the signed token
(:mod:`kit.classroom.identity`), so :func:`remembered_choice` answers ``None`` and
:func:`remember_choice` writes nothing there, whatever file a previous use left behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from kit.classroom.identity import in_classroom
from kit.records.participants import Participant, get_participant
from kit.storage.db import read_tx
from kit.workspace import Workspace

MEMORY_NAME = "last-participant.json"


def memory_path(ws: Workspace) -> Path:
    """The file that remembers the last participant chosen on this workspace."""
    return ws.root / MEMORY_NAME


def remember_choice(ws: Workspace, participant_id: str) -> None:
    """Remember ``participant_id`` as the one who chose themselves last (never in a classroom).

    Written to a temporary file and renamed, so a reader never sees half a file.
    """
    if in_classroom():
        return
    path = memory_path(ws)
    fd, tmp = tempfile.mkstemp(prefix=".last-participant-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps({"participant_id": participant_id}) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remembered_choice(ws: Workspace) -> Participant | None:
    """The participant remembered on this workspace, if still on the roster; never in a classroom.

    A missing, unreadable or damaged file, or a participant no longer on the roster, is ``None``.
    """
    if in_classroom():
        return None
    try:
        data = json.loads(memory_path(ws).read_text(encoding="utf-8"))
        pid = str(data["participant_id"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    with read_tx(ws.engine) as conn:
        return get_participant(conn, pid)


def forget_choice(ws: Workspace) -> None:
    """Forget the remembered participant ("Not you?"); their records stay."""
    memory_path(ws).unlink(missing_ok=True)
