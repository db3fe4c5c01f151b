"""The community service on a real workspace: create/list/show, members, nominations, board."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
import sqlalchemy as sa

from kit.community import service
from kit.community.tables import board, community, member, nomination
from kit.problems import InputError
from kit.workspace import Workspace

TABLES = (community, member, nomination, board)


def _counts(ws: Workspace) -> tuple[int, ...]:
    with ws.engine.connect() as conn:
        return tuple(int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
                     for t in TABLES)


@pytest.fixture
def formed(town: Workspace) -> Iterator[tuple[Workspace, str]]:
    """The town with one community whose members are Ani, Budi, Citra and Dedi."""
    made = service.create(town, "Komunitas e-UMKM Sragen", "sragen", "Aula Dinas",
                          date(2026, 12, 4))
    for pid in ("pani", "pbudi", "pcitra", "pdedi"):
        service.add_member(town, made.id, pid)
    yield town, made.id


def test_create_list_and_show(town: Workspace) -> None:
    """A community is stored with its official district and code, listed and shown back."""
    made = service.create(town, "  Komunitas  e-UMKM Sragen ", "Kabupaten Sragen",
                          "Aula Dinas Koperasi", date(2026, 12, 4))
    assert (made.name, made.district, made.district_code) == (
        "Komunitas e-UMKM Sragen", "Kabupaten Sragen", "33.14")
    assert service.list_communities(town) == [made]
    shown = service.show(town, made.id)
    assert shown.community == made
    assert (shown.members, shown.nominations, shown.board) == ((), (), ())
    assert shown.as_dict()["id"] == made.id


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"name": "  "}, "name"), ({"place": ""}, "place"), ({"district": "Kabupaten Atlantis"},
                                                         "district"),
])
def test_create_refusals_write_nothing(town: Workspace, kwargs: dict[str, str],
                                       field: str) -> None:
    """An empty name or place or an unknown district is refused on its field; no row."""
    call = {"name": "Komunitas", "district": "Kabupaten Sragen", "place": "Aula"} | kwargs
    with pytest.raises(InputError) as err:
        service.create(town, call["name"], call["district"], call["place"], date(2026, 12, 4))
    assert err.value.field == field
    assert _counts(town) == (0, 0, 0, 0)


def test_members_by_bimtek_by_reason_and_refused(town: Workspace) -> None:
    """Bimtek graduates join as such; others only with a reason; unknown and twice refused."""
    cid = service.create(town, "Komunitas", "Kabupaten Sragen", "Aula", date(2026, 12, 4)).id
    assert service.add_member(town, cid, "pani").admitted_by == "bimtek"
    before = _counts(town)
    with pytest.raises(InputError) as err:
        service.add_member(town, cid, "peka")
    assert err.value.field == "reason" and "alasan" in err.value.message
    with pytest.raises(InputError) as err:
        service.add_member(town, cid, "pani")
    assert err.value.field == "participant"
    with pytest.raises(InputError) as err:
        service.add_member(town, cid, "pzzz")
    assert err.value.field == "participant"
    with pytest.raises(InputError) as err:
        service.add_member(town, "km-none", "pbudi")
    assert err.value.field == "id"
    assert _counts(town) == before
    eka = service.add_member(town, cid, "peka", reason="pengurus paguyuban batik desa")
    assert (eka.admitted_by, eka.reason) == ("reason", "pengurus paguyuban batik desa")
    shown = service.show(town, cid).members
    assert [(m.id, m.name, m.admitted_by) for m in shown] == [
        ("pani", "Ani Lestari", "bimtek"), ("peka", "Eka Putri", "reason")]


def test_participant_by_exact_name_and_ambiguous_name(town: Workspace) -> None:
    """A unique exact name finds the person; a shared name is refused listing both ids."""
    cid = service.create(town, "Komunitas", "Kabupaten Sragen", "Aula", date(2026, 12, 4)).id
    assert service.add_member(town, cid, "budi santoso").id == "pbudi"
    with pytest.raises(InputError) as err:
        service.add_member(town, cid, "Sri Wahyuni")
    assert err.value.field == "participant"
    assert "psri1" in err.value.message and "psri2" in err.value.message


def test_nomination_and_acceptance(formed: tuple[Workspace, str]) -> None:
    """A member nominates another; the nomination counts once accepted; show lists it."""
    ws, cid = formed
    made = service.nominate(ws, cid, "Ketua", "pbudi", "pani", "Memperluas pasar daring")
    assert (made.role, made.status, made.nominee_name) == ("ketua", "proposed", "Budi Santoso")
    accepted = service.accept(ws, cid, str(made.id))
    assert accepted.status == "accepted" and accepted.accepted_at is not None
    [listed] = service.show(ws, cid).nominations
    assert listed == accepted
    with pytest.raises(InputError) as err:
        service.accept(ws, cid, made.id)
    assert err.value.field == "nomination"


@pytest.mark.parametrize(("role", "nominee", "by", "field"), [
    ("bendahara", "pbudi", "pani", "nominee"),    # Budi already stands for ketua
    ("ketua", "peka", "pani", "nominee"),         # Eka is not a member
    ("sekretaris", "pcitra", "peka", "by"),       # nor may she nominate
    ("presiden", "pcitra", "pani", "role"),       # no such role
    ("sekretaris", "pcitra", "pani", "programme"),  # empty programme (below)
])
def test_nomination_refusals_write_nothing(formed: tuple[Workspace, str], role: str,
                                           nominee: str, by: str, field: str) -> None:
    """A second role, a non-member, an unknown role or no programme: refused, nothing written."""
    ws, cid = formed
    service.nominate(ws, cid, "ketua", "pbudi", "pbudi", "Pelatihan foto produk")
    before = _counts(ws)
    programme = "" if field == "programme" else "Program kerja"
    with pytest.raises(InputError) as err:
        service.nominate(ws, cid, role, nominee, by, programme)
    assert err.value.field == field
    assert _counts(ws) == before


def test_consensus_seats_an_accepted_candidate(formed: tuple[Workspace, str]) -> None:
    """Musyawarah seats the accepted candidate with who agreed; show gives the board in order."""
    ws, cid = formed
    n = service.nominate(ws, cid, "ketua", "pbudi", "pani", "Memperluas pasar daring")
    service.accept(ws, cid, n.id)
    before = _counts(ws)
    with pytest.raises(InputError) as err:  # Citra did not stand for ketua
        service.consensus(ws, cid, "ketua", "pcitra", ["pani"])
    assert err.value.field == "person"
    with pytest.raises(InputError) as err:  # Eka is not a member
        service.consensus(ws, cid, "ketua", "pbudi", ["pani", "peka"])
    assert err.value.field == "agreed_by"
    assert _counts(ws) == before
    seat = service.consensus(ws, cid, "ketua", "pbudi", ["pani", "pcitra", "pdedi"])
    assert (seat.method, seat.agreed_by) == ("musyawarah", ("pani", "pcitra", "pdedi"))
    service.consensus(ws, cid, "bendahara", "Citra Dewi", ["pani"])  # nobody stood: any member
    shown = service.show(ws, cid)
    assert [(s.role, s.name, s.method) for s in shown.board] == [
        ("ketua", "Budi Santoso", "musyawarah"), ("bendahara", "Citra Dewi", "musyawarah")]
    assert shown.board[0].agreed_by == ("pani", "pcitra", "pdedi")
    assert shown.as_dict()["board"][0]["id"] == "ketua"


def test_one_person_one_role_via_consensus_and_via_seat(formed: tuple[Workspace, str]) -> None:
    """Budi holds ketua: neither musyawarah nor the ballot's seat() gives him a second role."""
    ws, cid = formed
    service.consensus(ws, cid, "ketua", "pbudi", ["pani"])
    before = _counts(ws)
    with pytest.raises(InputError) as err:
        service.consensus(ws, cid, "sekretaris", "pbudi", ["pani"])
    assert err.value.field == "person"
    with pytest.raises(InputError) as err:
        service.seat(ws, cid, "bendahara", "pbudi", "ballot", election_id="el1")
    assert err.value.field == "person"
    with pytest.raises(InputError) as err:  # the role is filled
        service.seat(ws, cid, "ketua", "pcitra", "ballot", election_id="el1")
    assert err.value.field == "role"
    with pytest.raises(InputError) as err:  # not a member
        service.seat(ws, cid, "bendahara", "peka", "ballot", election_id="el1")
    assert err.value.field == "person"
    with pytest.raises(InputError) as err:
        service.nominate(ws, cid, "sekretaris", "pbudi", "pani", "Program")
    assert err.value.field == "nominee"
    assert _counts(ws) == before
    seated = service.seat(ws, cid, "bendahara", "pdedi", "ballot", election_id="el1")
    assert (seated.method, seated.election_id) == ("ballot", "el1")
    assert service.show(ws, cid).board[-1].election_id == "el1"


def test_seating_ends_the_persons_other_nomination(formed: tuple[Workspace, str]) -> None:
    """A person seated in one role no longer stands for another."""
    ws, cid = formed
    n = service.nominate(ws, cid, "ketua", "pcitra", "pcitra", "Kelas pemasaran daring")
    service.seat(ws, cid, "sekretaris", "pcitra", "ballot", election_id="el2")
    [shown] = service.show(ws, cid).nominations
    assert (shown.id, shown.status) == (n.id, "withdrawn")
    with pytest.raises(InputError) as err:
        service.accept(ws, cid, n.id)
    assert err.value.field == "nomination" and "ditarik" in err.value.message


def test_a_nomination_for_a_filled_role_cannot_be_accepted(
        formed: tuple[Workspace, str]) -> None:
    """Once ketua is seated, a still-proposed nomination for ketua is refused on acceptance."""
    ws, cid = formed
    n = service.nominate(ws, cid, "ketua", "pcitra", "pani", "Kelas pemasaran daring")
    service.consensus(ws, cid, "ketua", "pdedi", ["pani"])  # nobody had accepted: any member
    with pytest.raises(InputError) as err:
        service.accept(ws, cid, n.id)
    assert err.value.field == "nomination"
    with pytest.raises(InputError) as err:
        service.accept(ws, cid, 99)
    assert err.value.field == "nomination"
    assert service.show(ws, cid).nominations[0].status == "proposed"


def test_unknown_community_is_refused(make_workspace: Callable[..., Workspace]) -> None:
    """Show of an unknown id is refused on ``id``."""
    with pytest.raises(InputError) as err:
        service.show(make_workspace(), "km0000")
    assert err.value.field == "id"
