"""Where a submission file comes from: the workspace's id and key, and the file's signature.

Every workspace has an id and a secret signing key (one row of ``kit_workspace_origin``, made on
first need, so older workspaces get them the first time a file is signed or imported). A module
signs the file it issues::

    metadata.umkm.origin = {"workspace_id": "w3f9a0c1e…",
                            "signature": HMAC-SHA256(key, canonical JSON of the signed fields)}

The signed fields are ``format``, ``version``, ``participant_id``, ``activity_id``,
``created_at``, ``profile`` and ``answers`` — those present in the file; their canonical JSON
has sorted keys, no spaces and UTF-8 text (:func:`canonical`). The cells need no signature: the
importer requires them to be exactly the release's. Only the workspace holding the key can check
a signature: a file signed by another workspace (Binder, another laptop) is of unknown origin to
this one. The key is as secret as the workspace database itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping
from typing import Any

import attrs
import sqlalchemy as sa

from kit.records.clock import now
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace

SIGNED_FIELDS = ("format", "version", "participant_id", "activity_id", "created_at", "profile",
                 "answers")
WORKSPACE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
SIGNATURE_RE = re.compile(r"^[0-9a-f]{64}$")


@attrs.frozen
class WorkspaceOrigin:
    """A workspace's identity for submission files: its id and its secret key (hex)."""

    workspace_id: str
    signing_key: str = attrs.field(repr=False)


@attrs.frozen
class FileOrigin:
    """The ``origin`` a submission file claims: the workspace that made it and its signature."""

    workspace_id: str
    signature: str


def _row(conn: sa.Connection) -> WorkspaceOrigin | None:
    t = schema.workspace_origin
    row = conn.execute(sa.select(t.c.workspace_id, t.c.signing_key).where(t.c.id == 1)).first()
    return None if row is None else WorkspaceOrigin(str(row[0]), str(row[1]))


def workspace_origin(ws: Workspace) -> WorkspaceOrigin:
    """The workspace's id and signing key, created (once, race-free) on first need."""
    with read_tx(ws.engine) as conn:
        found = _row(conn)
    if found is not None:
        return found
    try:
        with write_tx(ws.engine) as conn:
            found = _row(conn)
            if found is None:
                found = WorkspaceOrigin("w" + secrets.token_hex(8), secrets.token_hex(32))
                conn.execute(schema.workspace_origin.insert().values(
                    id=1, workspace_id=found.workspace_id, signing_key=found.signing_key,
                    created_at=now()))
            return found
    except sa.exc.IntegrityError:
        # Another process created it at the same moment (PostgreSQL): use theirs.
        with read_tx(ws.engine) as conn:
            found = _row(conn)
        if found is None:
            raise
        return found


def canonical(data: Mapping[str, Any]) -> bytes:
    """The bytes that are signed: the signed fields present in ``data``, as canonical JSON."""
    signed = {k: data[k] for k in SIGNED_FIELDS if k in data}
    return json.dumps(signed, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def signature(signing_key: str, signed_bytes: bytes) -> str:
    """HMAC-SHA256 of ``signed_bytes`` with the (hex) key, as 64 lowercase hex digits."""
    return hmac.new(bytes.fromhex(signing_key), signed_bytes, hashlib.sha256).hexdigest()


def sign(ws: Workspace, data: Mapping[str, Any]) -> dict[str, str]:
    """The ``origin`` entry for submission data issued by ``ws`` (creates the key if needed)."""
    mine = workspace_origin(ws)
    return {"workspace_id": mine.workspace_id,
            "signature": signature(mine.signing_key, canonical(data))}


def verify(origin: WorkspaceOrigin, file_origin: FileOrigin, signed_bytes: bytes) -> bool:
    """Whether the file's signature is ``origin``'s signature of ``signed_bytes``."""
    expected = signature(origin.signing_key, signed_bytes)
    return hmac.compare_digest(expected, file_origin.signature)
