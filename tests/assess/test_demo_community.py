"""The demo workspace holds one formed community whose MoU can be written (issue 15)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import kit.cli
from kit.assess.demo import DEMO_COMMUNITY, add_demo_community, init_demo_workspace
from kit.cli import main
from kit.community import ballot_service, service


@pytest.fixture(autouse=True)
def _registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the command as the lead's line in kit/cli/__init__.py does."""
    monkeypatch.setitem(kit.cli.COMMANDS, "community", "kit.cli.community_cmd")


def test_demo_has_a_formed_community_and_its_mou(tmp_path: Path) -> None:
    """A board of four (two by musyawarah, two by closed ballots); `community mou` writes it."""
    ws = init_demo_workspace(tmp_path / "ws")
    add_demo_community(ws)  # a second call (an existing demo) adds nothing
    [made] = service.list_communities(ws)
    assert (made.name, made.district) == DEMO_COMMUNITY[:2]
    found = service.show(ws, made.id)
    assert len(found.members) >= 6 and all(m.admitted_by == "bimtek" for m in found.members)
    assert [(s.role, s.method) for s in found.board] == [
        ("ketua", "musyawarah"), ("wakil_ketua", "musyawarah"), ("sekretaris", "ballot"),
        ("bendahara", "ballot")]
    elections = ballot_service.list_elections(ws, made.id)
    assert [e.status for e in elections] == ["closed", "closed"]
    for election in elections:
        counted = ballot_service.result(ws, election.id)
        assert counted.counts.ok and counted.counts.ballots == len(found.members)
    out = tmp_path / "mou.pdf"
    assert main(["community", "mou", made.id, "--out", str(out), "--workspace",
                 str(ws.root)]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert all(seat.name in text for seat in found.board)
    assert "Katalog daring bersama produk anggota" in text
