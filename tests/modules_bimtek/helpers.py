"""Helpers of the bimtek/komunitas page tests: register through the form, read levels."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from kit.modules.frame import ModuleFrame
from kit.records.scores import latest_scores
from kit.storage.db import read_tx


def register(frame: ModuleFrame, name: str, district: str = "Kabupaten Sragen") -> str:
    """Register a new participant through "not on the list" and the form; return the id."""
    picker = frame.picker
    assert picker is not None
    picker.new.click()
    form = frame.register_form
    assert form is not None
    form.name.value, form.district.value = name, district
    form.save.click()
    assert frame.participant is not None, form.errors.value
    return frame.participant.id


def pick(frame: ModuleFrame, pid: str) -> None:
    """Choose the participant ``pid`` with the roster picker (search by their name)."""
    picker = frame.picker
    assert picker is not None
    person = next(p for p in picker.people if p.id == pid)
    picker.query.value = person.name
    picker.matches.value = pid
    picker.pick.click()
    assert frame.participant_id == pid


def levels(frame: ModuleFrame, pid: str) -> dict[str, tuple[int, str]]:
    """Item id → (latest level, source) of ``pid`` in the frame's workspace."""
    with read_tx(frame.ctx.ws.engine) as conn:
        return {e.item_id: (e.level, e.source) for e in latest_scores(conn, pid)}


def upload_value(name: str, content: bytes, mime: str) -> tuple[dict[str, object], ...]:
    """What ``FileUpload.value`` holds after choosing one file."""
    return ({"name": name, "type": mime, "size": len(content), "content": memoryview(content),
             "last_modified": datetime(2026, 8, 3, tzinfo=UTC)},)


def png() -> bytes:
    """A small valid PNG picture."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buf, format="PNG")
    return buf.getvalue()
