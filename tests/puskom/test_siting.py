"""Siting a Puskom Kreatif (6.2): UMKM counted per district and village, small counts hidden."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.problems import InputError
from kit.puskom.siting import Owner, rank, shown
from kit.puskom.siting_service import siting
from kit.workspace import Workspace, init_workspace
from tests.puskom.people import add_owner

SRAGEN = ("Kabupaten Sragen", "33.14")
BOYOLALI = ("Kabupaten Boyolali", "33.09")


def _owner(district: tuple[str, str], village: str | None, *reached: str) -> Owner:
    return Owner(district=district[0], district_code=district[1], village=village,
                 reached=frozenset(reached))


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """An empty workspace on SQLite."""
    return init_workspace(tmp_path / "ws")


def test_counts_of_one_or_two_are_shown_as_fewer_than_three() -> None:
    """0 and 3 upwards are shown as they are; 1 and 2 as ``< 3``."""
    assert [shown(n) for n in (0, 1, 2, 3, 10)] == [0, "< 3", "< 3", 3, 10]


def test_districts_and_villages_are_ranked_by_umkm() -> None:
    """The district with more UMKM ranks first; inside it, the village with more UMKM."""
    owners = [_owner(BOYOLALI, "Cepogo", "preparatory")] * 3 + [
        _owner(SRAGEN, "Karangmalang", "preparatory", "presence", "portal")] * 4 + [
        _owner(SRAGEN, "karang  malang", "preparatory", "presence")] + [
        _owner(SRAGEN, "Sine")] * 3 + [_owner(SRAGEN, None)]
    ranked = rank(owners)
    assert [(d.rank, d.name, d.tally.umkm) for d in ranked] == [
        (1, "Kabupaten Sragen", 9), (2, "Kabupaten Boyolali", 3)]
    sragen = ranked[0]
    assert (sragen.tally.presence, sragen.tally.portal) == (5, 4)
    # "karang  malang" is the same village as "Karangmalang" (spacing and case ignored).
    assert [(v.rank, v.name, v.tally.umkm, v.tally.presence, v.tally.portal)
            for v in sragen.villages] == [(1, "Karangmalang", 5, 5, 4), (2, "Sine", 3, 0, 0),
                                          (3, None, 1, 0, 0)]


def test_the_output_has_counts_only_and_hides_small_ones() -> None:
    """As a dict a district holds counts (small ones ``< 3``), no names or ids of people."""
    owners = [_owner(SRAGEN, "Sine", "preparatory", "presence")] * 2 + [
        _owner(SRAGEN, "Karangmalang")] * 3
    out = rank(owners)[0].as_dict()
    assert out["umkm"] == 5 and out["presence"] == "< 3" and out["portal"] == 0
    assert out["villages"] == [
        {"rank": 1, "village": "Karangmalang", "umkm": 3, "presence": 0, "portal": 0},
        {"rank": 2, "village": "Sine", "umkm": "< 3", "presence": "< 3", "portal": 0}]


def test_ranking_does_not_tell_one_from_two() -> None:
    """A village with 1 UMKM and one with 2 are ordered by name, not by which has more."""
    owners = [_owner(SRAGEN, "Bandung")] + [_owner(SRAGEN, "Tangen")] * 2
    assert [v.name for v in rank(owners)[0].villages] == ["Bandung", "Tangen"]


def test_one_district_only() -> None:
    """With a district code only that district's villages are ranked."""
    owners = [_owner(BOYOLALI, "Cepogo")] * 5 + [_owner(SRAGEN, "Sine")] * 3
    assert [d.name for d in rank(owners, district_code="33.14")] == ["Kabupaten Sragen"]
    assert rank(owners, district_code="31.71") == ()


def test_siting_reads_the_workspace_participants_and_their_stages(ws: Workspace) -> None:
    """Participants' districts are made official, their stages come from their scores."""
    add_owner(ws, "p1", "Kabupaten Sragen", "Karangmalang", "portal")
    add_owner(ws, "p2", "sragen", "Karangmalang", "presence")
    add_owner(ws, "p3", "Kab. Sragen", "karangmalang", "presence")
    add_owner(ws, "p4", "Kabupaten Sragen", "Sine", "preparatory")
    add_owner(ws, "p5", "Kabupaten Boyolali", "Cepogo")
    add_owner(ws, "n1", "Kabupaten Boyolali", "Cepogo", participant_type="government")
    ranked = siting(ws)
    assert [(d.name, d.code, d.tally.umkm) for d in ranked] == [
        ("Kabupaten Sragen", "33.14", 4), ("Kabupaten Boyolali", "33.09", 1)]
    village = ranked[0].villages[0]
    assert (village.name, village.tally.umkm, village.tally.presence,
            village.tally.portal) == ("Karangmalang", 3, 3, 1)
    text = json.dumps([d.as_dict() for d in ranked])
    assert "Nama" not in text and "p1" not in text


def test_siting_of_one_district_and_a_bad_district(ws: Workspace) -> None:
    """``district`` keeps one district; an unknown or ambiguous one is refused naming it."""
    add_owner(ws, "p1", "Kabupaten Sragen", "Sine")
    add_owner(ws, "p2", "Kabupaten Boyolali", "Cepogo")
    assert [d.name for d in siting(ws, "Sragen")] == ["Kabupaten Sragen"]
    assert siting(ws, "Kabupaten Klaten") == ()
    with pytest.raises(InputError) as err:
        siting(ws, "Negeri Antah")
    assert err.value.field == "district" and "Negeri Antah" in err.value.message
    with pytest.raises(InputError) as err:
        siting(ws, "Bogor")
    assert err.value.field == "district" and "Kota Bogor" in err.value.message
