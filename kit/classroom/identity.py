"""Who the participant of this kernel is, for module pages served by the classroom server.

The classroom server starts every participant's kernel with ``UMKM_KIT_PARTICIPANT_TOKEN`` in
its environment: a token naming the participant and the classroom, signed (HMAC-SHA256) with the
classroom's key, which only the workspace database holds. Participants cannot change a kernel's
environment (the server drops ``execute_request``), and a token is refused once the classroom is
closed. Module code calls :func:`current_participant`; see ``kit/classroom/README.md``.

The classroom server also puts ``UMKM_KIT_CLASSROOM=1`` in the environment of everything it
starts (kernels and the pages built once in the fork server, which never see a token): a page
built there knows it is for participants' phones and never builds the roster picker.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from pathlib import Path

import attrs

from kit import settings
from kit.records.participants import Participant

VERSION = "v1"


@attrs.frozen
class ClassroomIdentity:
    """The participant of this kernel and the classroom session they joined."""

    participant: Participant
    classroom_id: int
    session_id: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_token(signing_key: str, participant_id: str, classroom_id: int,
               issued_at: float | None = None) -> str:
    """A token for a participant's kernel: ``v1.<payload>.<signature>`` (URL-safe base64)."""
    payload = json.dumps({"p": participant_id, "c": classroom_id,
                          "t": int(issued_at if issued_at is not None else time.time())},
                         separators=(",", ":"), sort_keys=True).encode("utf-8")
    body = f"{VERSION}.{_b64(payload)}"
    mac = hmac.new(bytes.fromhex(signing_key), body.encode("ascii"), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def token_classroom(token: str) -> int | None:
    """The classroom id a token claims (unverified: only to find the key that checks it)."""
    try:
        version, payload, _mac = token.split(".")
        data = json.loads(_unb64(payload))
        return int(data["c"]) if version == VERSION else None
    except (ValueError, KeyError, TypeError):
        return None


def verify_token(signing_key: str, token: str) -> tuple[str, int] | None:
    """``(participant_id, classroom_id)`` when the token's signature is valid, else ``None``."""
    try:
        version, payload, mac = token.split(".")
        if version != VERSION:
            return None
        body = f"{version}.{payload}"
        expected = hmac.new(bytes.fromhex(signing_key), body.encode("ascii"),
                            hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(mac)):
            return None
        data = json.loads(_unb64(payload))
        return str(data["p"]), int(data["c"])
    except (ValueError, KeyError, TypeError):
        return None


def classroom_server(env: Mapping[str, str] | None = None) -> bool:
    """Whether this process was started by the classroom server (``UMKM_KIT_CLASSROOM``)."""
    return settings.started_by_classroom(env)


def in_classroom(env: Mapping[str, str] | None = None) -> bool:
    """Whether this kernel (or page build) serves the classroom's participants.

    True for a kernel with a participant token and for anything the classroom server started
    (:func:`classroom_server`), a page built once without a token included. When true, a module
    must never offer the roster picker or registration: the participant is
    :func:`current_participant`, or nobody (no token, a closed session or a damaged token).
    """
    return settings.participant_token(env) is not None or classroom_server(env)


def current_identity(env: Mapping[str, str] | None = None,
                     workspace: Path | None = None) -> ClassroomIdentity | None:
    """The verified participant and classroom of this kernel, or ``None``.

    ``None`` when the kernel has no token (not a classroom participant), the token's signature
    is wrong, its classroom is closed, or the participant no longer exists.
    """
    from kit.classroom.store import get_classroom
    from kit.records.participants import get_participant
    from kit.storage.db import read_tx
    from kit.workspace import WorkspaceError, open_workspace

    token = settings.participant_token(env)
    if not token:
        return None
    classroom_id = token_classroom(token)
    root = workspace or settings.workspace_root(env)
    if classroom_id is None or root is None:
        return None
    try:
        ws = open_workspace(root)
    except WorkspaceError:
        return None
    classroom = get_classroom(ws.engine, classroom_id)
    if classroom is None or not classroom.is_open:
        return None
    verified = verify_token(classroom.signing_key, token)
    if verified is None or verified[1] != classroom.id:
        return None
    with read_tx(ws.engine) as conn:
        person = get_participant(conn, verified[0])
    if person is None:
        return None
    return ClassroomIdentity(person, classroom.id, classroom.session_id)


def current_participant(env: Mapping[str, str] | None = None,
                        workspace: Path | None = None) -> Participant | None:
    """The participant this kernel serves (see :func:`current_identity`), or ``None``."""
    identity = current_identity(env, workspace)
    return identity.participant if identity else None
