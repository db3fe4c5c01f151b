"""The ballot service on a real SQLite workspace: a full election, re-votes, closing, ties."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from kit.community import ballot_service as bs
from kit.community.ballot import CountsCheck, ballot_key, code_key
from kit.community.tables import community
from kit.i18n import set_language
from kit.problems import InputError
from kit.workspace import Workspace, init_workspace

CANDIDATES = ("p01", "p02", "p03")
MEMBERS = tuple(f"p{n:02d}" for n in range(1, 13))


def _community(ws: Workspace, cid: str = "cm1") -> str:
    """Insert a community row (the ballot only needs its id to exist)."""
    with ws.engine.begin() as conn:
        conn.execute(community.insert().values(
            id=cid, name="Komunitas UMKM Sukamaju", district="Kabupaten Sragen",
            district_code="33.14", formed_on=date(2026, 12, 4), place="Balai Desa",
            created_at=datetime(2026, 12, 4, 9, tzinfo=UTC)))
    return cid


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A fresh SQLite workspace with one community ``cm1``."""
    made = init_workspace(tmp_path / "ws")
    _community(made)
    return made


def _db_file(ws: Workspace) -> Path:
    return Path(ws.db_url.removeprefix("sqlite:///"))


def _raw(ws: Workspace) -> sqlite3.Connection:
    return sqlite3.connect(_db_file(ws))


def test_a_full_election_with_twelve_code_voters_and_one_changed_vote(ws: Workspace) -> None:
    """12 codes, 12 votes, one re-vote with its receipt: the last counts, old receipt gone."""
    e = bs.open_election(ws, "cm1", "Ketua", list(CANDIDATES), present=12, tie_rule="runoff")
    assert (e.role, e.status, e.voters, e.candidates) == ("ketua", "open", "codes", CANDIDATES)
    codes = bs.issue_codes(ws, e.id, 12)
    assert len(set(codes)) == 12
    choices = ["p01"] * 5 + ["p02"] * 4 + ["p03"] * 3
    receipts = [bs.vote_with_code(ws, e.id, c, who) for c, who in zip(codes, choices, strict=True)]
    assert bs.voted_count(ws, e.id) == 12
    # The twelfth voter (p03) changes their mind: p01 now has 6, p03 has 2.
    changed = bs.vote_with_code(ws, e.id, codes[11].lower().replace("-", " "), "p01",
                                receipt=receipts[11])
    assert changed != receipts[11]
    assert bs.voted_count(ws, e.id) == 12
    with pytest.raises(InputError) as caught:
        bs.result(ws, e.id)
    assert caught.value.field == "election_id" and "12" in caught.value.message
    closed = bs.close(ws, e.id)
    assert closed.tally.counts == (("p01", 6), ("p02", 4), ("p03", 2))
    assert closed.tally.winner == "p01" and closed.decided_by == "ballot"
    assert closed.winner_id == "p01"
    assert closed.receipts == tuple(sorted([*receipts[:11], changed]))
    assert receipts[11] not in closed.receipts
    assert closed.counts == CountsCheck(ok=True, ballots=12, codes_used=12, present=12)
    assert bs.result(ws, e.id) == closed
    assert bs.get_election(ws, e.id).status == "closed"


def test_after_closing_the_file_links_nothing_and_keeps_no_secret(ws: Workspace) -> None:
    """In the file: no ballot key, no secret, no code hash; the tables share only election_id."""
    e = bs.open_election(ws, "cm1", "sekretaris", list(CANDIDATES), present=4,
                         tie_rule="musyawarah")
    with _raw(ws) as raw:
        secret = raw.execute("SELECT secret FROM kit_ballot_election").fetchone()[0]
    assert secret and len(secret) == 64
    codes = bs.issue_codes(ws, e.id, 4)
    first = bs.vote_with_code(ws, e.id, codes[0], "p02")
    bs.vote_with_code(ws, e.id, codes[0], "p01", receipt=first)
    for code in codes[1:]:
        bs.vote_with_code(ws, e.id, code, "p02")
    bs.close(ws, e.id)
    raw = _raw(ws)
    try:
        assert raw.execute("SELECT count(*) FROM kit_ballot_ballot WHERE ballot_key IS NOT NULL"
                           ).fetchone() == (0,)
        assert raw.execute("SELECT count(*) FROM kit_ballot_ballot").fetchone() == (4,)
        assert raw.execute("SELECT count(*) FROM kit_ballot_election WHERE secret IS NOT NULL"
                           ).fetchone() == (0,)
        assert raw.execute("SELECT count(*) FROM kit_ballot_code").fetchone() == (0,)
        ballot_cols = {r[1] for r in raw.execute("PRAGMA table_info(kit_ballot_ballot)")}
        voted_cols = {r[1] for r in raw.execute("PRAGMA table_info(kit_ballot_voted)")}
        assert ballot_cols & voted_cols == {"election_id"}
        assert not any(("_at" in c or "time" in c) for c in ballot_cols | voted_cols)
        for table in ("kit_ballot_ballot", "kit_ballot_voted"):
            sql = raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)
                              ).fetchone()[0]
            assert "WITHOUT ROWID" in sql
        stored = dict(raw.execute("SELECT participant_id, votes FROM kit_ballot_candidate"))
        assert stored == {"p01": 1, "p02": 3, "p03": 0}
    finally:
        raw.close()
    # The deleted secret and the ballot keys (the only link from a ballot to a voter, and to the
    # ballot a changed vote replaced) are not left in the file's free space nor in its journal.
    links = [ballot_key(secret, code_key(secret, c.replace("-", ""))) for c in codes]
    for path in _db_file(ws).parent.glob(_db_file(ws).name + "*"):
        data = path.read_bytes()
        assert secret.encode() not in data, path.name
        assert bytes.fromhex(secret) not in data, path.name
        for link in links:
            assert link.encode() not in data, path.name


def test_signed_in_members_vote_change_and_close(ws: Workspace) -> None:
    """Members vote by participant id; a change needs the receipt; only the last ballot counts."""
    e = bs.open_election(ws, "cm1", "bendahara", ["p01", "p02"], present=3, tie_rule="runoff",
                         voters="members", members=MEMBERS)
    r1 = bs.vote_as_member(ws, e.id, "p05", "p01")
    bs.vote_as_member(ws, e.id, "p06", "p02")
    bs.vote_as_member(ws, e.id, "p05", "p02", receipt=r1)
    bs.vote_as_member(ws, e.id, "p07", "p02")
    result = bs.close(ws, e.id)
    assert result.tally.counts == (("p01", 0), ("p02", 3))
    assert result.counts.ok and result.counts.codes_used == 3
    with _raw(ws) as raw:
        keys = [r[0] for r in raw.execute("SELECT voter_key FROM kit_ballot_voted")]
    assert len(keys) == 3 and not any(k in MEMBERS for k in keys)


def test_codes_for_several_roles_come_as_slips_one_code_per_role(ws: Workspace) -> None:
    """One slip per person holds one code for each election, all different, each usable once."""
    ketua = bs.open_election(ws, "cm1", "ketua", ["p01", "p02"], present=3, tie_rule="runoff")
    wakil = bs.open_election(ws, "cm1", "wakil_ketua", ["p03", "p04"], present=3,
                             tie_rule="runoff")
    slips = bs.issue_slips(ws, [ketua.id, wakil.id], 3)
    assert len(slips) == 3 and all(set(s) == {ketua.id, wakil.id} for s in slips)
    bs.vote_with_code(ws, ketua.id, slips[0][ketua.id], "p02")
    bs.vote_with_code(ws, wakil.id, slips[0][wakil.id], "p03")
    assert (bs.voted_count(ws, ketua.id), bs.voted_count(ws, wakil.id)) == (1, 1)
    assert bs.get_election(ws, ketua.id).codes_issued == 3


def test_a_tie_with_runoff_opens_a_runoff_among_the_tied(ws: Workspace) -> None:
    """2-2-1: tie between the two at the top; the run-off has them only and decides the role."""
    e = bs.open_election(ws, "cm1", "ketua", list(CANDIDATES), present=5, tie_rule="runoff")
    codes = bs.issue_codes(ws, e.id, 5)
    for code, who in zip(codes, ["p01", "p03", "p01", "p03", "p02"], strict=True):
        bs.vote_with_code(ws, e.id, code, who)
    first = bs.close(ws, e.id)
    assert first.tally.tie and first.tally.tied == ("p01", "p03")
    assert first.winner_id is None and first.decided_by is None
    runoff = bs.open_runoff(ws, e.id)
    assert runoff.candidates == ("p01", "p03") and runoff.parent_id == e.id
    assert (runoff.role, runoff.tie_rule, runoff.members_present) == ("ketua", "runoff", 5)
    new_codes = bs.issue_codes(ws, runoff.id, 5)
    with pytest.raises(InputError):
        bs.vote_with_code(ws, runoff.id, codes[0], "p01")  # the first round's code is not valid
    for code, who in zip(new_codes, ["p03", "p03", "p01", "p03", "p01"], strict=True):
        bs.vote_with_code(ws, runoff.id, code, who)
    second = bs.close(ws, runoff.id)
    assert second.winner_id == "p03" and second.decided_by == "runoff"
    parent = bs.result(ws, e.id)
    assert (parent.winner_id, parent.decided_by, parent.runoff_id) == ("p03", "runoff", runoff.id)
    assert parent.tally == first.tally


def test_a_tie_with_musyawarah_records_the_choice_and_who_agreed(ws: Workspace) -> None:
    """With musyawarah the facilitator records one of the tied; the record says musyawarah."""
    e = bs.open_election(ws, "cm1", "ketua", ["p01", "p02"], present=2, tie_rule="musyawarah",
                         voters="members", members=MEMBERS)
    bs.vote_as_member(ws, e.id, "p03", "p01")
    bs.vote_as_member(ws, e.id, "p04", "p02")
    assert bs.close(ws, e.id).tally.tied == ("p01", "p02")
    with pytest.raises(InputError) as caught:
        bs.open_runoff(ws, e.id)
    assert caught.value.field == "election_id"
    with pytest.raises(InputError) as caught:
        bs.decide_by_musyawarah(ws, e.id, "p03", ["p01", "p02"])
    assert caught.value.field == "chosen"
    decided = bs.decide_by_musyawarah(ws, e.id, "p02", ["p01", " p02", "p05"])
    assert (decided.winner_id, decided.decided_by) == ("p02", "musyawarah")
    assert decided.agreed_by == ("p01", "p02", "p05")
    assert bs.result(ws, e.id) == decided
    with pytest.raises(InputError):
        bs.decide_by_musyawarah(ws, e.id, "p01", ["p01"])


def test_opening_checks_its_input_and_writes_nothing_when_refused(ws: Workspace) -> None:
    """Unknown community or role, bad tie rule, present < 1, candidate not a member: refused."""
    bad: list[tuple[dict[str, object], str]] = [
        ({"community_id": "nope"}, "community_id"),
        ({"role": "raja"}, "role"),
        ({"tie_rule": "undian"}, "tie_rule"),
        ({"present": 0}, "present"),
        ({"candidates": ["p01", "p01"]}, "candidates"),
        ({"voters": "phones"}, "voters"),
        ({"voters": "members"}, "members"),
        ({"members": ["p01", "p02"]}, "candidates"),
        ({"members": MEMBERS, "present": 13}, "present"),
    ]
    for change, field in bad:
        call: dict[str, object] = {"community_id": "cm1", "role": "ketua",
                                   "candidates": list(CANDIDATES), "present": 5,
                                   "tie_rule": "runoff"}
        call.update(change)
        with pytest.raises(InputError) as caught:
            bs.open_election(ws, **call)  # type: ignore[arg-type]
        assert caught.value.field == field, change
    assert bs.list_elections(ws, "cm1") == []


def test_one_open_election_per_role(ws: Workspace) -> None:
    """A second election for a role while one is open is refused; other roles are fine."""
    bs.open_election(ws, "cm1", "ketua", ["p01", "p02"], present=3, tie_rule="runoff")
    with pytest.raises(InputError) as caught:
        bs.open_election(ws, "cm1", "ketua", ["p01", "p03"], present=3, tie_rule="runoff")
    assert caught.value.field == "role"
    bs.open_election(ws, "cm1", "sekretaris", ["p01", "p03"], present=3, tie_rule="runoff")
    assert len(bs.list_elections(ws, "cm1")) == 2


def test_refusals_are_indonesian_and_english_on_request(ws: Workspace) -> None:
    """The refusal of a tally while open reads in Bahasa Indonesia, and in English with en."""
    e = bs.open_election(ws, "cm1", "ketua", ["p01", "p02"], present=3, tie_rule="runoff")
    with pytest.raises(InputError) as caught:
        bs.result(ws, e.id)
    indonesian = caught.value.message
    set_language("en")
    with pytest.raises(InputError) as caught:
        bs.result(ws, e.id)
    assert "masih dibuka" in indonesian
    assert "still open" in caught.value.message


def test_the_election_tables_are_declared_as_migrated(ws: Workspace) -> None:
    """Every declared ballot table and column exists in a freshly migrated workspace."""
    from kit.community import ballot_tables
    inspector = sa.inspect(ws.engine)
    for table in (ballot_tables.election, ballot_tables.candidate, ballot_tables.roll,
                  ballot_tables.code, ballot_tables.voted, ballot_tables.ballot):
        names = {c["name"] for c in inspector.get_columns(table.name)}
        assert names == {c.name for c in table.columns}, table.name


def test_the_decided_winner_is_seated_on_the_board(town: Workspace) -> None:
    """On SQLite and PostgreSQL: a tie, its run-off, and a musyawarah, each seated on the board."""
    from kit.community import service

    cid = service.create(town, "Komunitas e-UMKM Sragen", "sragen", "Aula Dinas",
                         date(2026, 12, 4)).id
    people = ("pani", "pbudi", "pcitra", "pdedi")
    for pid in people:
        service.add_member(town, cid, pid)
    e = bs.open_election(town, cid, "ketua", ["pani", "pbudi"], present=4, tie_rule="runoff",
                         voters="members", members=people)
    for voter, choice in zip(people, ["pani", "pbudi", "pbudi", "pani"], strict=True):
        bs.vote_as_member(town, e.id, voter, choice)
    assert bs.close(town, e.id).tally.tied == ("pani", "pbudi")
    with pytest.raises(InputError) as caught:
        bs.seat_winner(town, e.id)
    assert caught.value.field == "election_id"
    runoff = bs.open_runoff(town, e.id)
    for voter, choice in zip(people, ["pbudi", "pbudi", "pbudi", "pani"], strict=True):
        bs.vote_as_member(town, runoff.id, voter, choice)
    assert bs.close(town, runoff.id).counts.ok
    seat = bs.seat_winner(town, e.id)
    assert (seat.role, seat.participant_id, seat.method, seat.election_id) == (
        "ketua", "pbudi", "ballot", e.id)
    sek = bs.open_election(town, cid, "sekretaris", ["pcitra", "pdedi"], present=2,
                           tie_rule="musyawarah", members=people)
    for code, choice in zip(bs.issue_codes(town, sek.id, 2), ["pcitra", "pdedi"], strict=True):
        bs.vote_with_code(town, sek.id, code, choice)
    bs.close(town, sek.id)
    bs.decide_by_musyawarah(town, sek.id, "pdedi", ["pani", "pbudi"])
    seat = bs.seat_winner(town, sek.id)
    assert (seat.method, seat.agreed_by, seat.election_id) == (
        "musyawarah", ("pani", "pbudi"), sek.id)
    board = {s.role: s.participant_id for s in service.show(town, cid).board}
    assert board == {"ketua": "pbudi", "sekretaris": "pdedi"}


def test_a_tied_runoff_gets_its_own_runoff_and_the_winner_reaches_the_first_round(
        ws: Workspace) -> None:
    """Tie, tied run-off, decisive second run-off: every round records the winner and 'runoff'."""
    voters = MEMBERS[:4]
    e = bs.open_election(ws, "cm1", "ketua", ["p01", "p02"], present=4, tie_rule="runoff",
                         voters="members", members=MEMBERS)
    rounds = [e.id]
    for choices in (["p01", "p02", "p01", "p02"], ["p02", "p01", "p02", "p01"]):
        for voter, choice in zip(voters, choices, strict=True):
            bs.vote_as_member(ws, rounds[-1], voter, choice)
        assert bs.close(ws, rounds[-1]).tally.tie
        rounds.append(bs.open_runoff(ws, rounds[-1]).id)
    for voter, choice in zip(voters, ["p02", "p02", "p02", "p01"], strict=True):
        bs.vote_as_member(ws, rounds[-1], voter, choice)
    bs.close(ws, rounds[-1])
    for election_id in rounds:
        found = bs.result(ws, election_id)
        assert (found.winner_id, found.decided_by) == ("p02", "runoff")
    assert bs.result(ws, rounds[0]).runoff_id == rounds[1]


def test_a_musyawarah_choice_who_cannot_be_seated_leaves_the_tie_open(town: Workspace) -> None:
    """Choosing a tied person who already holds a role is refused whole: the tie stays open."""
    from kit.community import ballot_board, service

    cid = service.create(town, "Komunitas e-UMKM Sragen", "sragen", "Aula Dinas",
                         date(2026, 12, 4)).id
    people = ("pani", "pbudi", "pcitra", "pdedi")
    for pid in people:
        service.add_member(town, cid, pid)
    service.consensus(town, cid, "ketua", "pani", ["pbudi", "pcitra"])
    e = bs.open_election(town, cid, "sekretaris", ["pani", "pdedi"], present=2,
                         tie_rule="musyawarah", voters="members", members=people)
    bs.vote_as_member(town, e.id, "pbudi", "pani")
    bs.vote_as_member(town, e.id, "pcitra", "pdedi")
    assert bs.close(town, e.id).tally.tied == ("pani", "pdedi")
    with pytest.raises(InputError):
        ballot_board.seat_musyawarah(town, e.id, "pani", ("pbudi", "pcitra"))
    undecided = bs.result(town, e.id)
    assert (undecided.winner_id, undecided.decided_by, undecided.agreed_by) == (None, None, ())
    seat = ballot_board.seat_musyawarah(town, e.id, "pdedi", ("pbudi", "pcitra"))
    assert (seat.winner_id, seat.decided_by) == ("pdedi", "musyawarah")
    board = {s.role: s.participant_id for s in service.show(town, cid).board}
    assert board == {"ketua": "pani", "sekretaris": "pdedi"}


def test_a_role_whose_ballot_is_open_or_tied_cannot_be_filled_another_way(
        town: Workspace) -> None:
    """Consensus on a role with an open ballot, or a tie not settled, is refused; after, allowed."""
    from kit.community import service

    cid = service.create(town, "Komunitas e-UMKM Sragen", "sragen", "Aula Dinas",
                         date(2026, 12, 4)).id
    people = ("pani", "pbudi", "pcitra", "pdedi")
    for pid in people:
        service.add_member(town, cid, pid)
    e = bs.open_election(town, cid, "ketua", ["pani", "pbudi"], present=2, tie_rule="musyawarah",
                         voters="members", members=people)
    with pytest.raises(InputError) as caught:
        service.consensus(town, cid, "ketua", "pcitra", ["pdedi"])
    assert caught.value.field == "role"
    bs.vote_as_member(town, e.id, "pcitra", "pani")
    bs.vote_as_member(town, e.id, "pdedi", "pbudi")
    bs.close(town, e.id)
    with pytest.raises(InputError) as caught:
        service.consensus(town, cid, "ketua", "pcitra", ["pdedi"])
    assert caught.value.field == "role"
    assert service.show(town, cid).board == ()
    service.consensus(town, cid, "wakil_ketua", "pcitra", ["pdedi"])  # another role: free
    decided = bs.seat_by_musyawarah(town, e.id, "pbudi", ["pcitra", "pdedi"])
    assert decided.winner_id == "pbudi"
