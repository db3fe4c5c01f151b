"""Attacks on the ballot: each is refused with one clear message and changes nothing stored.

Every test takes a snapshot of every ``kit_ballot_*`` row in the SQLite file before the attack
and checks it is identical after: nothing counted twice, the tally and counts unchanged.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import pytest

from kit.community import ballot_service as bs
from kit.community.tables import community
from kit.i18n import set_language
from kit.problems import InputError
from kit.workspace import Workspace, init_workspace

MEMBERS = tuple(f"p{n:02d}" for n in range(1, 13))
TABLES = ("kit_ballot_election", "kit_ballot_candidate", "kit_ballot_member", "kit_ballot_code",
          "kit_ballot_voted", "kit_ballot_ballot")
Snapshot = dict[str, list[tuple[object, ...]]]


@attrs.frozen
class Room:
    """An open code election with 4 codes issued: two used (with receipts), two not."""

    ws: Workspace
    election_id: str
    codes: tuple[str, ...]
    receipts: tuple[str, ...]


def _snapshot(ws: Workspace) -> Snapshot:
    raw = sqlite3.connect(Path(ws.db_url.removeprefix("sqlite:///")))
    try:
        return {t: sorted(raw.execute(f"SELECT * FROM {t}").fetchall(), key=repr)  # noqa: S608
                for t in TABLES}
    finally:
        raw.close()


def _refused(ws: Workspace, field: str, attack: Callable[[], object]) -> str:
    """Run ``attack``: it must raise an InputError on ``field`` and change no stored row."""
    before = _snapshot(ws)
    with pytest.raises(InputError) as caught:
        attack()
    assert caught.value.field == field
    message = caught.value.message
    assert message and "\n" not in message and "Traceback" not in message
    assert _snapshot(ws) == before
    return message


@pytest.fixture
def room(tmp_path: Path) -> Room:
    """A community, an open ``ketua`` election for p01/p02 with 4 members present, 2 voted."""
    ws = init_workspace(tmp_path / "ws")
    with ws.engine.begin() as conn:
        conn.execute(community.insert().values(
            id="cm1", name="Komunitas UMKM Sukamaju", district="Kabupaten Sragen",
            district_code="33.14", formed_on=date(2026, 12, 4), place="Balai Desa",
            created_at=datetime(2026, 12, 4, 9, tzinfo=UTC)))
    e = bs.open_election(ws, "cm1", "ketua", ["p01", "p02"], present=4, tie_rule="runoff")
    codes = tuple(bs.issue_codes(ws, e.id, 4))
    receipts = (bs.vote_with_code(ws, e.id, codes[0], "p01"),
                bs.vote_with_code(ws, e.id, codes[1], "p02"))
    return Room(ws, e.id, codes, receipts)


def _unissued(room: Room) -> str:
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    plain = {c.replace("-", "") for c in room.codes}
    for ch in alphabet:
        guess = ch * 8
        if guess not in plain:
            return guess
    raise AssertionError("no unissued code")  # pragma: no cover


def test_a_code_never_issued_is_refused(room: Room) -> None:
    """A well-formed code that was never printed counts nothing."""
    message = _refused(room.ws, "code",
                       lambda: bs.vote_with_code(room.ws, room.election_id, _unissued(room), "p01"))
    assert "kode" in message


def test_a_malformed_or_injected_code_is_refused(room: Room) -> None:
    """A code with characters outside the alphabet (an SQL fragment) is refused as not a code."""
    _refused(room.ws, "code", lambda: bs.vote_with_code(room.ws, room.election_id,
                                                        "' OR 1=1 --", "p01"))


def test_a_bare_second_use_of_a_used_code_is_refused(room: Room) -> None:
    """Voting again with a used code and no receipt is refused; the first ballot stays."""
    message = _refused(room.ws, "code",
                       lambda: bs.vote_with_code(room.ws, room.election_id, room.codes[0], "p02"))
    assert "tanda terima" in message
    assert bs.voted_count(room.ws, room.election_id) == 2


def test_a_replayed_change_is_refused(room: Room) -> None:
    """The same code and receipt sent twice: the second is refused (the receipt is spent)."""
    bs.vote_with_code(room.ws, room.election_id, room.codes[0], "p02", receipt=room.receipts[0])
    _refused(room.ws, "receipt", lambda: bs.vote_with_code(
        room.ws, room.election_id, room.codes[0], "p02", receipt=room.receipts[0]))


def test_another_voters_receipt_does_not_change_my_or_their_ballot(room: Room) -> None:
    """A code with someone else's receipt, or a made-up receipt, is refused."""
    _refused(room.ws, "receipt", lambda: bs.vote_with_code(
        room.ws, room.election_id, room.codes[0], "p02", receipt=room.receipts[1]))
    _refused(room.ws, "receipt", lambda: bs.vote_with_code(
        room.ws, room.election_id, room.codes[0], "p02", receipt="2222-3333-4444"))
    _refused(room.ws, "receipt", lambda: bs.vote_with_code(
        room.ws, room.election_id, room.codes[0], "p02", receipt="not a receipt"))


def test_a_receipt_with_an_unused_code_is_refused(room: Room) -> None:
    """A stolen receipt with a fresh code does not turn the fresh code into a change of vote."""
    _refused(room.ws, "receipt", lambda: bs.vote_with_code(
        room.ws, room.election_id, room.codes[2], "p02", receipt=room.receipts[0]))


def test_a_candidate_not_on_the_ballot_is_refused(room: Room) -> None:
    """A vote for p09 (not a candidate) counts nothing and does not use the code."""
    _refused(room.ws, "candidate",
             lambda: bs.vote_with_code(room.ws, room.election_id, room.codes[2], "p09"))
    bs.vote_with_code(room.ws, room.election_id, room.codes[2], "p01")


def test_a_vote_for_an_unknown_election_is_refused(room: Room) -> None:
    """An election id that does not exist is refused naming ``election_id``."""
    _refused(room.ws, "election_id",
             lambda: bs.vote_with_code(room.ws, "bl000000000000", room.codes[2], "p01"))
    _refused(room.ws, "election_id", lambda: bs.voted_count(room.ws, "nope"))
    _refused(room.ws, "election_id", lambda: bs.close(room.ws, "nope"))


def test_a_code_of_another_election_is_refused(room: Room) -> None:
    """A code issued for the ketua election does not vote in the sekretaris election."""
    other = bs.open_election(room.ws, "cm1", "sekretaris", ["p03", "p04"], present=4,
                             tie_rule="runoff")
    bs.issue_codes(room.ws, other.id, 1)
    _refused(room.ws, "code", lambda: bs.vote_with_code(room.ws, other.id, room.codes[2], "p03"))


def test_votes_after_closing_are_refused_and_the_result_stays(room: Room) -> None:
    """After closing: a new vote, a change with a receipt, and closing again are all refused."""
    result = bs.close(room.ws, room.election_id)
    _refused(room.ws, "election_id",
             lambda: bs.vote_with_code(room.ws, room.election_id, room.codes[2], "p01"))
    _refused(room.ws, "election_id", lambda: bs.vote_with_code(
        room.ws, room.election_id, room.codes[0], "p02", receipt=room.receipts[0]))
    _refused(room.ws, "election_id", lambda: bs.close(room.ws, room.election_id))
    _refused(room.ws, "election_id", lambda: bs.issue_codes(room.ws, room.election_id, 1))
    assert bs.result(room.ws, room.election_id) == result


def test_the_tally_is_refused_while_open_and_only_the_count_is_shown(room: Room) -> None:
    """Before closing the result is refused; the number who voted is all there is."""
    message = _refused(room.ws, "election_id", lambda: bs.result(room.ws, room.election_id))
    assert "2" in message
    assert bs.voted_count(room.ws, room.election_id) == 2


def test_more_codes_than_members_present_are_refused(room: Room) -> None:
    """4 present and 4 codes issued: a fifth code is refused."""
    _refused(room.ws, "count", lambda: bs.issue_codes(room.ws, room.election_id, 1))
    _refused(room.ws, "count", lambda: bs.issue_codes(room.ws, room.election_id, 0))


def test_a_member_vote_in_a_code_election_is_refused(room: Room) -> None:
    """An election by codes takes no signed-in vote (no one can vote both ways)."""
    _refused(room.ws, "election_id",
             lambda: bs.vote_as_member(room.ws, room.election_id, "p05", "p01"))


def test_a_non_member_and_a_code_in_a_member_election_are_refused(room: Room) -> None:
    """In a members' election, a participant not on the roll and any code are refused."""
    e = bs.open_election(room.ws, "cm1", "bendahara", ["p01", "p02"], present=3,
                         tie_rule="runoff", voters="members", members=MEMBERS)
    bs.vote_as_member(room.ws, e.id, "p03", "p01")
    message = _refused(room.ws, "participant_id",
                       lambda: bs.vote_as_member(room.ws, e.id, "p99", "p01"))
    assert "anggota" in message
    _refused(room.ws, "election_id", lambda: bs.issue_codes(room.ws, e.id, 1))
    _refused(room.ws, "election_id",
             lambda: bs.vote_with_code(room.ws, e.id, room.codes[2], "p01"))
    _refused(room.ws, "participant_id", lambda: bs.vote_as_member(room.ws, e.id, "p03", "p02"))


def test_signed_in_votes_beyond_the_members_present_are_refused(room: Room) -> None:
    """With 2 present, a third member's vote is refused (ballots never exceed those present)."""
    e = bs.open_election(room.ws, "cm1", "bendahara", ["p01", "p02"], present=2,
                         tie_rule="runoff", voters="members", members=MEMBERS)
    bs.vote_as_member(room.ws, e.id, "p03", "p01")
    bs.vote_as_member(room.ws, e.id, "p04", "p01")
    _refused(room.ws, "participant_id", lambda: bs.vote_as_member(room.ws, e.id, "p05", "p02"))


def test_the_same_code_sent_at_once_from_two_phones_counts_once(room: Room) -> None:
    """Eight threads vote with one fresh code at the same moment: exactly one is accepted."""
    results: list[str] = []
    errors: list[str] = []
    start = threading.Barrier(8)

    def attempt() -> None:
        start.wait()
        try:
            results.append(bs.vote_with_code(room.ws, room.election_id, room.codes[3], "p02"))
        except InputError as exc:
            errors.append(exc.field)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 1 and errors == ["code"] * 7
    assert bs.voted_count(room.ws, room.election_id) == 3
    counted = bs.close(room.ws, room.election_id)
    assert counted.tally.counts == (("p01", 1), ("p02", 2))
    assert counted.counts.ok and counted.counts.ballots == 3


def test_a_refusal_is_english_with_en(room: Room) -> None:
    """The refusal of a used code reads in English when the language is English."""
    set_language("en")
    message = _refused(room.ws, "code",
                       lambda: bs.vote_with_code(room.ws, room.election_id, room.codes[0], "p02"))
    assert "receipt" in message


def test_the_tie_rule_cannot_be_changed_or_used_twice_after_voting(room: Room) -> None:
    """A run-off of an open ballot, musyawarah under the run-off rule, a second run-off: refused."""
    _refused(room.ws, "election_id", lambda: bs.open_runoff(room.ws, room.election_id))
    bs.close(room.ws, room.election_id)  # 1-1: a tie, the rule is runoff
    _refused(room.ws, "election_id",
             lambda: bs.decide_by_musyawarah(room.ws, room.election_id, "p01", ["p03"]))
    _refused(room.ws, "election_id", lambda: bs.seat_winner(room.ws, room.election_id))
    bs.open_runoff(room.ws, room.election_id)
    _refused(room.ws, "election_id", lambda: bs.open_runoff(room.ws, room.election_id))
