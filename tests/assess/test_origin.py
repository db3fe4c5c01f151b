"""The rules of a submission file's origin: the workspace key, the signature, the masked phone."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from kit.assess.origin import (
    SIGNED_FIELDS,
    FileOrigin,
    canonical,
    sign,
    verify,
    workspace_origin,
)
from kit.assess.submission_format import (
    MAX_DEPTH,
    SubmissionRejected,
    json_depth,
    parse_submission,
)
from kit.assess.submissions import mask_phone
from kit.storage import schema
from kit.storage.db import read_tx
from kit.workspace import Workspace

DATA = {"format": "umkm-submission", "version": 1, "participant_id": "p1",
        "activity_id": "bimtek", "created_at": "2026-08-20T10:15:00+00:00",
        "profile": {"name": "Siti Rahayu", "district": "Kabupaten Sragen"},
        "answers": {"email_tulis": {"answer": "Saya menulis email.", "evidence": []}}}


def _rows(ws: Workspace) -> int:
    """Rows of ``kit_workspace_origin``."""
    with read_tx(ws.engine) as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(
            schema.workspace_origin)).scalar() or 0)


def test_workspace_identity_is_made_once_on_first_need(
        make_workspace: Callable[..., Workspace]) -> None:
    """A new workspace has no key until needed; eight threads asking at once get the same one."""
    ws = make_workspace()
    assert _rows(ws) == 0
    got: list[object] = []

    def ask() -> None:
        got.append(workspace_origin(ws))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 8 and len(set(got)) == 1
    assert _rows(ws) == 1
    assert workspace_origin(ws) == got[0]


def test_signature_covers_every_signed_field(make_workspace: Callable[..., Workspace]) -> None:
    """Changing any signed field breaks the signature; key order and the origin entry do not."""
    ws = make_workspace()
    mine = workspace_origin(ws)
    origin = sign(ws, DATA)
    assert origin["workspace_id"] == mine.workspace_id
    file_origin = FileOrigin(**origin)
    reordered = dict(reversed(list(DATA.items())))
    assert verify(mine, file_origin, canonical({**reordered, "origin": origin}))
    for field in SIGNED_FIELDS:
        changed = dict(DATA)
        changed[field] = "p2" if isinstance(DATA[field], str) else {"x": 1}
        assert not verify(mine, file_origin, canonical(changed)), field
    assert not verify(mine, file_origin, canonical({k: v for k, v in DATA.items()
                                                    if k != "created_at"}))


def test_another_workspace_cannot_sign_for_this_one(
        make_workspace: Callable[..., Workspace]) -> None:
    """A signature made with another workspace's key does not verify here."""
    here, there = make_workspace(name="sini"), make_workspace(name="sana")
    forged = FileOrigin(workspace_id=workspace_origin(here).workspace_id,
                        signature=sign(there, DATA)["signature"])
    assert workspace_origin(here) != workspace_origin(there)
    assert not verify(workspace_origin(here), forged, canonical(DATA))


@pytest.mark.parametrize(("phone", "shown"), [
    ("+6281234567890", "0812****7890"), ("081234567890", "0812****7890"),
    ("+628813998698", "0881***8698"), ("12345", "*****"), (None, None), ("", None)])
def test_phone_is_masked_for_listing(phone: str | None, shown: str | None) -> None:
    """Only the first four and last four digits of a phone are shown in a held file's listing."""
    assert mask_phone(phone) == shown


def test_depth_is_measured_without_recursion() -> None:
    """A list nested 200,000 deep is measured (and stopped past the limit) without recursing."""
    deep: list[object] = []
    for _ in range(200_000):
        deep = [deep]
    assert json_depth(deep) == MAX_DEPTH + 1
    assert json_depth({"cells": [{"outputs": [{"data": {"text/plain": "x"}}]}]}) == 6


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("payload", [b"[" * 200_000 + b"]" * 200_000,
                                     b'{"a":' * 500 + b"1" + b"}" * 500])
def test_deep_json_is_refused_as_corrupt(make_workspace: Callable[..., Workspace],
                                         payload: bytes) -> None:
    """JSON nested past any notebook is a SubmissionRejected (corrupt), never a RecursionError."""
    with pytest.raises(SubmissionRejected, match="64") as info:
        parse_submission(payload, make_workspace(), filename="dalam.ipynb")
    assert info.value.kind == "corrupt"
