"""The MoU's agreement and the berita acara built from a community's records."""

from __future__ import annotations

from datetime import date

import pytest

from kit.community import ballot_board, ballot_service, paperwork, service
from kit.community.documents import minutes_document, mou_document
from kit.problems import InputError
from kit.workspace import Workspace

from .test_programme import save_proposals

MEMBERS = ("pani", "pbudi", "pcitra", "pdedi", "psri1")


def started(ws: Workspace) -> str:
    """A community of six members (Eka admitted with a reason) with saved proposals; its id."""
    made = service.create(ws, "Komunitas e-UMKM Sragen", "sragen", "Aula Dinas",
                          date(2026, 12, 4))
    for pid in MEMBERS:
        service.add_member(ws, made.id, pid, None)
    service.add_member(ws, made.id, "peka", "pengurus paguyuban batik")
    save_proposals(ws, "pani", [("pemasaran", "Toko daring bersama"),
                                ("pelatihan", "Kelas foto produk")])
    save_proposals(ws, "pbudi", [("pelatihan", "Kelas foto produk")])
    save_proposals(ws, "pcitra", [("berbagi", "Temu anggota bulanan")])
    return made.id


def nominated(ws: Workspace, cid: str, role: str, *people: str) -> None:
    """Nominate (by Ani) and accept each person for ``role``."""
    for person in people:
        made = service.nominate(ws, cid, role, person, "pani", "Program singkat " + person)
        service.accept(ws, cid, made.id)


def formed(ws: Workspace) -> str:
    """A community whose board is complete: two roles by musyawarah, two by ballot.

    Sekretaris: a ballot by codes, Citra 3, Dedi 1. Bendahara: a ballot of members, Sri and Eka
    tied 3-3, then a run-off Sri 4, Eka 2.
    """
    cid = started(ws)
    nominated(ws, cid, "ketua", "pani")
    service.consensus(ws, cid, "ketua", "pani", ["pbudi", "pcitra"])
    service.consensus(ws, cid, "wakil_ketua", "pbudi", ["pani"])
    nominated(ws, cid, "sekretaris", "pcitra", "pdedi")
    first = ballot_service.open_election(ws, cid, "sekretaris", ["pcitra", "pdedi"], present=5,
                                         tie_rule="runoff")
    codes = ballot_service.issue_codes(ws, first.id, 5)
    for code, choice in zip(codes, ("pcitra", "pcitra", "pcitra", "pdedi"), strict=False):
        ballot_service.vote_with_code(ws, first.id, code, choice)
    ballot_board.close_and_seat(ws, first.id)
    nominated(ws, cid, "bendahara", "psri1", "peka")
    roll = list(service.show(ws, cid).members)
    tied = ballot_service.open_election(ws, cid, "bendahara", ["psri1", "peka"], present=6,
                                        tie_rule="runoff", voters="members",
                                        members=[m.id for m in roll])
    voters = [m.id for m in roll]
    for voter, choice in zip(voters, ["psri1"] * 3 + ["peka"] * 3, strict=True):
        ballot_service.vote_as_member(ws, tied.id, voter, choice)
    ballot_board.close_and_seat(ws, tied.id)
    runoff = ballot_service.open_runoff(ws, tied.id)
    for voter, choice in zip(voters, ["psri1"] * 4 + ["peka"] * 2, strict=True):
        ballot_service.vote_as_member(ws, runoff.id, voter, choice)
    ballot_board.close_and_seat(ws, runoff.id)
    return cid


def test_agreement_has_the_board_members_villages_and_programme(town: Workspace) -> None:
    """The agreement lists the four holders in order, the members and the ranked programme."""
    cid = formed(town)
    made = paperwork.agreement(town, cid, lang="id", official_name="Drs. Sutrisno")
    assert [(s.role, s.name) for s in made.board] == [
        ("ketua", "Ani Lestari"), ("wakil_ketua", "Budi Santoso"), ("sekretaris", "Citra Dewi"),
        ("bendahara", "Sri Wahyuni")]
    assert len(made.members) == 6 and made.members[0].name == "Ani Lestari"
    assert made.priority[0] == "Kelas foto produk"
    assert set(made.priority) | set(made.non_priority) == {
        "Kelas foto produk", "Toko daring bersama", "Temu anggota bulanan"}
    assert made.office == "Dinas Koperasi dan UMKM Kabupaten Sragen"
    assert made.official.name == "Drs. Sutrisno" and "Dinas Koperasi" in made.official.title
    assert (made.place, made.signed_on) == ("Aula Dinas", date(2026, 12, 4))
    assert mou_document(made, "id").blocks  # the documents accept it
    chosen = paperwork.agreement(town, cid, lang="en", chosen=[3])
    assert len(chosen.priority) == 1 and chosen.official.title.startswith("Head of")


def test_minutes_record_each_role_and_every_round(town: Workspace) -> None:
    """Consensus roles name who agreed; ballots carry every round, the run-off and the counts."""
    cid = formed(town)
    made = paperwork.election_minutes(town, cid, facilitator="Bu Rina",
                                      witnesses=("Eka Putri", "Dedi Kurniawan"))
    ketua, wakil, sekretaris, bendahara = made.roles
    assert (ketua.method, ketua.elected, ketua.agreed_by) == (
        "consensus", "Ani Lestari", ("Budi Santoso", "Citra Dewi"))
    assert wakil.candidates == ("Budi Santoso",)
    assert sekretaris.method == "ballot" and sekretaris.tie_handling == "none"
    [only] = sekretaris.rounds
    assert (only.votes, only.ballots_counted, only.codes_used) == (
        (("Citra Dewi", 3), ("Dedi Kurniawan", 1)), 4, 4)
    assert bendahara.tie_handling == "runoff" and bendahara.elected == "Sri Wahyuni"
    assert [r.votes for r in bendahara.rounds] == [
        (("Sri Wahyuni", 3), ("Eka Putri", 3)), (("Sri Wahyuni", 4), ("Eka Putri", 2))]
    assert [r.runoff for r in bendahara.rounds] == [False, True]
    assert made.members_present == 6 and made.witnesses == ("Eka Putri", "Dedi Kurniawan")
    assert minutes_document(made, "id").blocks


def test_a_tie_settled_by_musyawarah_is_recorded_as_such(town: Workspace) -> None:
    """A ballot tie decided by musyawarah: tie handling 'consensus' and who agreed."""
    cid = started(town)
    service.consensus(town, cid, "ketua", "pani", ["pbudi"])
    service.consensus(town, cid, "wakil_ketua", "pbudi", ["pani"])
    service.consensus(town, cid, "sekretaris", "pcitra", ["pani"])
    nominated(town, cid, "bendahara", "pdedi", "psri1")
    tied = ballot_service.open_election(town, cid, "bendahara", ["pdedi", "psri1"], present=2,
                                        tie_rule="musyawarah")
    for code, choice in zip(ballot_service.issue_codes(town, tied.id, 2), ("pdedi", "psri1"),
                            strict=True):
        ballot_service.vote_with_code(town, tied.id, code, choice)
    ballot_board.close_and_seat(town, tied.id)
    ballot_board.seat_musyawarah(town, tied.id, "pdedi", ("pani", "pbudi"))
    bendahara = paperwork.election_minutes(town, cid).roles[3]
    assert (bendahara.method, bendahara.tie_handling, bendahara.elected) == (
        "ballot", "consensus", "Dedi Kurniawan")
    assert bendahara.agreed_by == ("Ani Lestari", "Budi Santoso")
    assert paperwork.election_minutes(town, cid).members_present == 2


def test_documents_are_refused_until_the_board_and_programme_exist(town: Workspace) -> None:
    """An incomplete board names the missing roles; no proposals means no programme."""
    cid = started(town)
    service.consensus(town, cid, "ketua", "pani", ["pbudi"])
    for build in (lambda: paperwork.agreement(town, cid, lang="id"),
                  lambda: paperwork.election_minutes(town, cid)):
        with pytest.raises(InputError) as refused:
            build()
        assert refused.value.field == "board" and "bendahara" in refused.value.message
    bare = service.create(town, "Komunitas Kosong", "sragen", "Balai Desa", date(2026, 12, 5))
    for pid, role in zip(("pdedi", "psri1", "peka", "psri2"),  # none saved a proposal
                         ("ketua", "wakil_ketua", "sekretaris", "bendahara"), strict=True):
        service.add_member(town, bare.id, pid, "anggota paguyuban")
        service.consensus(town, bare.id, role, pid, [pid])
    with pytest.raises(InputError) as empty:
        paperwork.agreement(town, bare.id, lang="id")
    assert empty.value.field == "programme"


def test_a_ballot_of_members_counts_members_who_voted_not_codes(town: Workspace) -> None:
    """A members' ballot shows "anggota yang memilih" in the berita acara; codes show "kode"."""
    from kit.community.documents.blocks import document_lines

    cid = formed(town)
    made = paperwork.election_minutes(town, cid, facilitator="Bu Rina",
                                      witnesses=("Eka Putri", "Dedi Kurniawan"))
    _ketua, _wakil, sekretaris, bendahara = made.roles
    assert [r.by_members for r in sekretaris.rounds] == [False]
    assert [r.by_members for r in bendahara.rounds] == [True, True]
    text = "\n".join(document_lines(minutes_document(made, "id")))
    assert text.count("Kode terpakai") == 1
    assert text.count("Anggota yang memilih") == 2
    assert text.count("Surat suara dihitung = anggota yang memilih ≤ anggota hadir") == 2
    english = "\n".join(document_lines(minutes_document(made, "en")))
    assert english.count("Members who voted") == 2 and english.count("Codes used") == 1
