"""The members' own listings read from the workspace: a community's, a district's, then matched."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from kit.community import service
from kit.network.match import match
from kit.network.stored import community_network, district_network
from kit.problems import InputError
from kit.workspace import Workspace
from tests.community.conftest import populate


def test_a_communitys_members_latest_listings(
        district: tuple[Workspace, dict[str, str]]) -> None:
    """Members with a listing are read with their latest save; others are simply absent."""
    ws, ids = district
    found = community_network(ws, ids["pangan"])
    assert [c.id for c in found.communities] == [ids["pangan"]]
    assert [(m.id, m.name, m.sells, m.needs) for m in found.members] == [
        ("pani", "Ani Lestari", ("keripik singkong",), ("singkong", "label kemasan")),
        ("pbudi", "Budi Santoso", ("ubi kayu", "sayur"), ("jasa angkut",))]
    ani = found.members[0]
    assert (ani.community, ani.district, ani.district_code, ani.village) == (
        "Komunitas Olahan Pangan", "Kabupaten Sragen", "33.14", "Kroyo")
    [pair] = match(found.members)
    assert (pair.supplier.id, pair.buyer.id, pair.reasons.product) == ("pbudi", "pani",
                                                                        "singkong")
    assert pair.reasons.same_community and pair.reasons.synonym == ("ubi kayu", "singkong")


def test_the_village_comes_from_the_participant_when_the_entry_has_none(
        district: tuple[Workspace, dict[str, str]]) -> None:
    """Joko wrote no village; his roster record's village and business name are used."""
    ws, ids = district
    [joko] = community_network(ws, ids["kriya"]).members
    assert (joko.village, joko.business, joko.label) == (
        "Plumbungan", "Cetak Kemasan Jaya", "Cetak Kemasan Jaya (Joko Prasetyo)")


def test_a_districts_communities_are_matched_across_but_not_beyond(
        district: tuple[Workspace, dict[str, str]]) -> None:
    """Every Sragen community's members are read; Karanganyar's supplier is not among them."""
    ws, ids = district
    found = district_network(ws, "kab sragen")
    assert found.district == "Kabupaten Sragen"
    # Communities by the day formed, then name: Kriya before Olahan Pangan.
    assert [c.id for c in found.communities] == [ids["kriya"], ids["pangan"]]
    assert [m.id for m in found.members] == ["pjoko", "pani", "pbudi"]
    pairs = {(m.supplier.id, m.buyer.id, m.reasons.product): m for m in match(found.members)}
    assert set(pairs) == {("pbudi", "pani", "singkong"), ("pjoko", "pani", "label kemasan")}
    across = pairs[("pjoko", "pani", "label kemasan")].reasons
    assert across.same_district and not across.same_community


def test_no_listing_no_community_and_a_wrong_district(
        district: tuple[Workspace, dict[str, str]],
        make_workspace: Callable[..., Workspace]) -> None:
    """An unknown community or district is refused by its field; no listing gives no member."""
    ws, _ids = district
    with pytest.raises(InputError) as unknown:
        community_network(ws, "km-tidak-ada")
    assert unknown.value.field == "id"
    with pytest.raises(InputError) as wrong:
        district_network(ws, "Atlantis")
    assert wrong.value.field == "district"
    assert district_network(ws, "Kabupaten Klaten").communities == ()
    empty = populate(make_workspace(name="kosong"))
    made = service.create(empty, "Komunitas Baru", "Sragen", "Aula", date(2026, 12, 4))
    service.add_member(empty, made.id, "pani", None)
    found = community_network(empty, made.id)
    assert found.members == () and [c.id for c in found.communities] == [made.id]
