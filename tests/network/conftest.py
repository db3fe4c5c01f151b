"""Fixtures of the network tests: a workspace whose members saved their own listings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import pytest

from kit.community import service
from kit.modules.store import save_evidence
from kit.records.participants import Participant, add_participant
from kit.workspace import Workspace, writing
from tests.community.conftest import populate


def save_listing(ws: Workspace, pid: str, sells: Sequence[str], needs: Sequence[str],
                 village: str = "") -> None:
    """Save a listing as the komunitas module's "Jaringan usaha" tool does (the whole state)."""
    save_evidence(ws, pid, "kom_usulan_program", "tool", {
        "module": "komunitas", "tool": "jaringan_usaha",
        "state": {"sells": list(sells), "needs": list(needs), "village": village}})


@pytest.fixture
def district(make_workspace: Callable[..., Workspace]) -> tuple[Workspace, dict[str, str]]:
    """Two communities in Sragen and one in Karanganyar, with members' listings saved."""
    ws = populate(make_workspace())
    with writing(ws) as conn:
        add_participant(conn, Participant(id="pjoko", name="Joko Prasetyo",
                                          district="Kabupaten Sragen", village="Plumbungan",
                                          business_name="Cetak Kemasan Jaya"))
        add_participant(conn, Participant(id="pkar", name="Karno", district="Kabupaten "
                                          "Karanganyar"))
    day = date(2026, 12, 4)
    pangan = service.create(ws, "Komunitas Olahan Pangan", "Sragen", "Aula", day)
    kriya = service.create(ws, "Komunitas Kriya", "Kabupaten Sragen", "Balai desa", day)
    lain = service.create(ws, "Komunitas Karanganyar", "Karanganyar", "Aula", day)
    for pid in ("pani", "pbudi", "pcitra"):
        service.add_member(ws, pangan.id, pid, None)
    service.add_member(ws, kriya.id, "pdedi", None)
    service.add_member(ws, kriya.id, "pjoko", "pemilik percetakan kemasan")
    service.add_member(ws, lain.id, "pkar", "pemasok dari kabupaten tetangga")
    save_listing(ws, "pani", ["keripik singkong"], ["singkong", "label kemasan"], "Kroyo")
    save_listing(ws, "pbudi", ["jagung"], [])
    save_listing(ws, "pbudi", ["ubi kayu", "sayur"], ["jasa angkut"])  # the latest counts
    save_listing(ws, "pdedi", [], [])  # an empty state: absent
    save_listing(ws, "pjoko", ["label kemasan"], ["kertas stiker"])
    save_listing(ws, "pkar", ["label kemasan", "jasa angkut"], [])
    save_listing(ws, "psri1", ["singkong"], [])  # not a member of any community
    return ws, {"pangan": pangan.id, "kriya": kriya.id, "lain": lain.id}
