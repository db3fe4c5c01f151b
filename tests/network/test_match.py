"""The matching rule on the example listing: pairs, ranks, reasons, and what is never matched."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.network.listing import read_listing
from kit.network.match import Match, explain, match, thing_key, unmet_needs

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "network" / "jaringan_contoh.csv"
HEAD = "kode,nama,komunitas,kabupaten/kota,desa,menjual,membutuhkan\n"
# (supplier, buyer, product, rank) of every match of the example, in the rule's order.
EXPECTED = [
    ("A02", "A01", "singkong", 1),
    ("A04", "A01", "label kemasan", 1), ("A10", "A01", "label kemasan", 2),
    ("A06", "A02", "jasa angkut", 1), ("A12", "A02", "jasa angkut", 2),
    ("A02", "A03", "gula merah", 1),
    ("A04", "A03", "label kemasan", 1), ("A10", "A03", "label kemasan", 2),
    ("A04", "A03", "kemasan plastik", 1),
    ("A02", "A05", "gula merah", 1),
    ("A02", "A06", "sayur", 1), ("A01", "A06", "keripik singkong", 1),
    ("A08", "A07", "kain mori", 1), ("A11", "A07", "malam batik", 1),
    ("A12", "A08", "jasa angkut", 1), ("A06", "A08", "jasa angkut", 2),
    ("A07", "A09", "kain batik", 1), ("A10", "A09", "foto produk", 1),
]


@pytest.fixture(scope="module")
def found() -> list[Match]:
    """The matches of the example listing."""
    return match(read_listing(EXAMPLE))


def _one(found: list[Match], supplier: str, buyer: str, product: str) -> Match:
    [m] = [m for m in found if (m.supplier.id, m.buyer.id, m.reasons.product) ==
           (supplier, buyer, product)]
    return m


def test_the_example_gives_the_expected_pairs_in_rank_order(found: list[Match]) -> None:
    """Every expected supplier–buyer pair is found, with its rank, and nothing else."""
    assert [(m.supplier.id, m.buyer.id, m.reasons.product, m.rank) for m in found] == EXPECTED
    assert len({m.id for m in found}) == len(found)
    assert _one(found, "A02", "A01", "singkong").id == "A02-A01-singkong"


def test_the_own_community_ranks_before_another_community(found: list[Match]) -> None:
    """For Toko Kain Agus's transport, Angkut Rudi (same community) ranks before Warung Bu Tini."""
    first = _one(found, "A12", "A08", "jasa angkut")
    second = _one(found, "A06", "A08", "jasa angkut")
    assert (first.rank, second.rank) == (1, 2)
    assert first.reasons.same_community and not second.reasons.same_community
    assert second.reasons.same_district


def test_the_same_village_breaks_a_tie_between_communities(found: list[Match]) -> None:
    """Both label printers are of the other community; the one in Dodol Bu Yuni's village wins."""
    near = _one(found, "A04", "A03", "label kemasan")
    far = _one(found, "A10", "A03", "label kemasan")
    assert near.reasons.same_village and not far.reasons.same_village
    assert (near.rank, far.rank) == (1, 2)
    assert near.reasons.same_district and not near.reasons.same_community


def test_a_synonym_match_is_explained_as_such(found: list[Match]) -> None:
    """"ubi kayu" offered meets "singkong" needed, and the reasons and sentence say so."""
    m = _one(found, "A02", "A01", "singkong")
    r = m.reasons
    assert (r.offered, r.needed, r.synonym) == ("ubi kayu", "singkong", ("ubi kayu", "singkong"))
    assert r.same_community and r.same_village
    assert explain(m, "id") == (
        "Tani Makmur (Bambang Susilo) menawarkan \"ubi kayu\"; Keripik Sri (Sri Lestari) "
        "membutuhkan \"singkong\". \"ubi kayu\" dan \"singkong\" adalah dua nama untuk barang "
        "yang sama. Keduanya anggota Komunitas Olahan Pangan Sragen. Satu desa: Kroyo.")
    assert explain(m, "en") == (
        "Tani Makmur (Bambang Susilo) sells \"ubi kayu\"; Keripik Sri (Sri Lestari) needs "
        "\"singkong\". \"ubi kayu\" and \"singkong\" are two names for the same thing. Both are "
        "members of Komunitas Olahan Pangan Sragen. Same village: Kroyo.")


def test_a_reduplicated_word_matches_its_base_without_being_a_synonym(
        found: list[Match]) -> None:
    """"sayur" offered meets "sayur-sayuran" needed: the same thing written differently."""
    m = _one(found, "A02", "A06", "sayur")
    assert m.reasons.synonym is None
    assert "written differently" in explain(m, "en")
    assert thing_key("Kue-Kue") == "kue" and thing_key("Gula  JAWA") == "gula merah"
    assert thing_key("tepung terigu") != thing_key("tepung")


def test_a_cross_community_match_names_both_communities(found: list[Match]) -> None:
    """A match across communities says which two communities of which district."""
    text = explain(_one(found, "A04", "A03", "kemasan plastik"), "id")
    assert "Kabupaten Sragen" in text and "Komunitas Kriya Sragen" in text
    assert text.endswith("Satu desa: Plumbungan.")


def test_needs_nobody_supplies_are_listed(found: list[Match]) -> None:
    """Kertas stiker, botol kaca and parafin have no supplier in the example."""
    members = read_listing(EXAMPLE)
    assert [(m.id, item) for m, item in unmet_needs(members, found)] == [
        ("A04", "kertas stiker"), ("A05", "botol kaca"), ("A11", "parafin")]


def test_a_member_never_supplies_themself(tmp_path: Path) -> None:
    """A reseller who sells and needs kain mori is matched to the other seller only."""
    path = tmp_path / "l.csv"
    path.write_text(HEAD + "K1,Agus,A,Sragen,,kain mori,kain mori\n"
                           "K2,Dewi,A,Sragen,,kain mori,\n", encoding="utf-8")
    assert [(m.supplier.id, m.buyer.id) for m in match(read_listing(path))] == [("K2", "K1")]


def test_no_match_across_districts_unless_asked(tmp_path: Path) -> None:
    """A supplier in Karanganyar is matched to a Sragen buyer only with ``across_districts``."""
    path = tmp_path / "l.csv"
    path.write_text(HEAD + "K1,Sri,A,Sragen,Kroyo,,singkong\n"
                           "K2,Budi,A,Karanganyar,Kroyo,ubi kayu,\n", encoding="utf-8")
    members = read_listing(path)
    assert match(members) == []
    [m] = match(members, across_districts=True)
    assert not (m.reasons.same_district or m.reasons.same_community or m.reasons.same_village)
    assert explain(m, "en").endswith(
        "Different districts: Kabupaten Karanganyar and Kabupaten Sragen.")


def test_two_names_of_one_need_give_one_match_per_supplier(tmp_path: Path) -> None:
    """A buyer needing "gula aren; gula jawa" gets one match per supplier, under one id."""
    path = tmp_path / "l.csv"
    path.write_text(HEAD + "K1,Sri,A,Sragen,,,gula aren; gula jawa\n"
                           "K2,Budi,A,Sragen,,gula merah; gula aren,\n", encoding="utf-8")
    members = read_listing(path)
    found = match(members)
    assert [(m.id, m.reasons.offered, m.reasons.needed) for m in found] == [
        ("K2-K1-gula-merah", "gula aren", "gula aren")]
    assert unmet_needs(members, found) == []
