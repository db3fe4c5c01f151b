"""The demo workspace's community has members' listings that give real matches (make start)."""

from __future__ import annotations

import json

import pytest

from kit.assess.demo import init_demo_workspace
from kit.cli import main
from kit.community import service
from kit.network.match import match
from kit.network.stored import community_network
from kit.workspace import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A fresh demo workspace (SQLite), as ``make start`` creates it."""
    return init_demo_workspace(tmp_path_factory.mktemp("demo-network") / "ws")


def test_the_demo_community_has_listings_and_matches(demo: Workspace) -> None:
    """Several members listed what they sell and need; suppliers and buyers are matched."""
    [community] = service.list_communities(demo)
    found = community_network(demo, community.id)
    members = {m.id for m in service.show(demo, community.id).members}
    assert len(found.members) >= 6 and {m.id for m in found.members} <= members
    assert all(m.village and m.business for m in found.members)
    matches = match(found.members)
    assert len(matches) >= 3
    assert all(m.reasons.same_community for m in matches)
    assert len({m.supplier.id for m in matches}) >= 2
    # One need with several suppliers: the one of the buyer's village ranks first.
    ranked = [m for m in matches if m.rank == 2]
    assert ranked
    best = next(m for m in matches if m.buyer.id == ranked[0].buyer.id and m.rank == 1
                and m.reasons.product == ranked[0].reasons.product)
    assert best.reasons.same_village or not ranked[0].reasons.same_village


def test_the_command_shows_the_demo_matches(demo: Workspace,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """``network match --community <demo id>`` prints the matches in text and JSON."""
    [community] = service.list_communities(demo)
    assert main(["network", "match", "--community", community.id, "--workspace",
                 str(demo.root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Jaringan usaha {community.name} (Kabupaten Sragen)\n")
    assert "Keduanya anggota " + community.name in out
    assert main(["network", "match", "--community", community.id, "--workspace",
                 str(demo.root), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) >= 3
