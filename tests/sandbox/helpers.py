"""Helpers of the sandbox tests: pictures, uploads, ready mailboxes and scores."""

from __future__ import annotations

import io

from kit.records.scores import latest_scores
from kit.sandbox.common import Upload
from kit.sandbox.practice import Practice
from kit.storage.db import read_tx


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    """A small valid PNG picture."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buf, format="PNG")
    return buf.getvalue()


def photo(name: str = "keripik.png") -> Upload:
    """A small valid photo upload."""
    return Upload(name=name, content=png(), mime="image/png")


def ready_mailbox(p: Practice, local: str) -> None:
    """Register and activate a practice mailbox for ``p``."""
    _acc, code = p.register_mail(local, local)
    p.activate_mail(code)


def levels(p: Practice) -> dict[str, int]:
    """Item id → latest level of the practice's participant."""
    with read_tx(p.ws.engine) as conn:
        return {e.item_id: e.level for e in latest_scores(conn, p.participant_id)}
