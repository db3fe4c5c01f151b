"""The board election's pages on a real server: votes, refusals, the projector, a run-off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.classroom.ballot_pages import BALLOT_PAGE, BALLOT_SCREEN
from kit.classroom.routing import Area, classify
from kit.community import ballot_service, service
from tests.classroom.ballot_harness import (
    FACILITATOR,
    MEMBERS,
    OUTSIDER,
    Room,
    ballot_room,
    nominate,
    receipt_of,
)
from tests.survey.page_harness import text_of

pytestmark = pytest.mark.slow

IDS = [pid for pid, _name in MEMBERS]


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    """A served community of twelve with its ballot pages."""
    with ballot_room(tmp_path) as opened:
        yield opened


def open_members_ballot(room: Room, role: str, *candidates: str,
                        tie_rule: str = "runoff") -> str:
    """Nominate ``candidates`` for ``role`` and open its ballot of signed-in members."""
    nominate(room.ws, room.community_id, role, *candidates)
    return ballot_service.open_election(
        room.ws, room.community_id, role, list(candidates), present=len(IDS),
        tie_rule=tie_rule, voters="members", members=IDS).id


def tally_of(room: Room, election_id: str) -> dict[str, int]:
    """The closed ballot's votes per candidate."""
    return dict(ballot_service.result(room.ws, election_id).tally.counts)


def test_the_ballot_addresses_are_routed_as_intended() -> None:
    """``/kelas/pilih`` checks inside (public); the projector's page is the facilitator's."""
    assert classify(BALLOT_PAGE).area is Area.PUBLIC
    assert classify(BALLOT_SCREEN).area is Area.FACILITATOR
    assert classify(BALLOT_PAGE + "/x").area is Area.FACILITATOR
    assert classify("/kelas/pilih/../layar/pilih").area is Area.BLOCKED


def test_members_vote_change_once_with_the_receipt_and_the_winner_is_seated(room: Room) -> None:
    """Twelve phones vote; a change needs the receipt; after closing the tally and board agree."""
    election = open_members_ballot(room, "ketua", "m01", "m02")
    page = room.open_page(room.phone("m03"))
    assert page.status_code == 200
    words = text_of(page.text)
    assert "Ani Lestari" in words and "Budi Santoso" in words and "Program m01" in words
    receipts = {}
    for n, pid in enumerate(IDS):
        phone = room.phone(pid)
        sent = room.post(phone, {"election": election, "candidate": "m01" if n < 7 else "m02"})
        assert sent.status_code == 200, text_of(sent.text)
        receipts[pid] = (phone, receipt_of(sent.text))
    phone, first = receipts["m12"]
    again = room.post(phone, {"election": election, "candidate": "m01"})
    assert again.status_code == 400 and "tanda terima" in text_of(again.text)
    changed = room.post(phone, {"election": election, "candidate": "m01", "receipt": first})
    assert changed.status_code == 200
    replayed = room.post(phone, {"election": election, "candidate": "m02", "receipt": first})
    assert replayed.status_code == 400
    assert ballot_service.voted_count(room.ws, election) == 12
    facilitator = room.phone(None, role=FACILITATOR)
    screen = text_of(room.open_page(facilitator, BALLOT_SCREEN).text)
    assert "12 dari 12" in screen
    confirm = room.post(facilitator, {"action": "tutup", "election": election},
                        path=BALLOT_SCREEN)
    assert "Ya, tutup pemungutan suara" in text_of(confirm.text)
    assert ballot_service.get_election(room.ws, election).status == "open"
    closed = room.post(facilitator, {"action": "tutup", "election": election, "confirm": "ya"},
                       path=BALLOT_SCREEN)
    words = text_of(closed.text)
    assert closed.status_code == 200
    assert tally_of(room, election) == {"m01": 8, "m02": 4}
    assert "Terpilih: Ani Lestari" in words and "✓" in words
    assert receipt_of(changed.text) in words and first not in words
    board = service.show(room.ws, room.community_id).board
    assert [(s.role, s.participant_id, s.method) for s in board] == [("ketua", "m01", "ballot")]
    late = room.post(room.phone("m05"), {"election": election, "candidate": "m02"})
    assert late.status_code == 410
    assert tally_of(room, election) == {"m01": 8, "m02": 4}


def test_the_projector_shows_no_count_per_candidate_before_closing(room: Room) -> None:
    """While open, the screen says how many voted and nothing about whom they chose."""
    election = open_members_ballot(room, "sekretaris", "m04", "m05")
    for pid, choice in (("m01", "m04"), ("m02", "m04"), ("m03", "m05")):
        assert room.post(room.phone(pid), {"election": election, "candidate": choice}
                         ).status_code == 200
    screen = room.open_page(room.phone(None, role=FACILITATOR), BALLOT_SCREEN).text
    assert "3 dari 12" in text_of(screen)
    assert 'class="ballot-tally"' not in screen and 'class="ballot-votes"' not in screen
    assert 'http-equiv="refresh"' in screen


def test_a_participant_cannot_open_or_act_on_the_projector_page(room: Room) -> None:
    """The projector's page and its close action are refused to a participant's phone."""
    election = open_members_ballot(room, "ketua", "m01", "m02")
    phone = room.phone("m01")
    assert room.open_page(phone, BALLOT_SCREEN).status_code == 403
    refused = phone.post(room.base + BALLOT_SCREEN, data={
        "action": "tutup", "election": election, "confirm": "ya"}, timeout=30,
        allow_redirects=False)
    assert refused.status_code == 403
    assert ballot_service.get_election(room.ws, election).status == "open"


def test_a_non_member_and_a_phone_not_signed_in_cannot_vote_as_members(room: Room) -> None:
    """The outsider sees why and is refused; a phone without sign-in is sent to sign in."""
    election = open_members_ballot(room, "ketua", "m01", "m02")
    outsider = room.phone(OUTSIDER[0])
    page = text_of(room.open_page(outsider).text)
    assert "tidak terdaftar sebagai anggota" in page
    refused = room.post(outsider, {"election": election, "candidate": "m01"})
    assert refused.status_code == 403
    anonymous = room.phone()
    assert "Masuk dengan nama dan PIN" in text_of(room.open_page(anonymous).text)
    assert room.post(anonymous, {"election": election, "candidate": "m01"}).status_code == 403
    forged = room.post(room.phone("m03"), {"election": election, "candidate": "pluar"})
    assert forged.status_code == 400
    assert ballot_service.voted_count(room.ws, election) == 0


def test_a_form_without_the_xsrf_token_is_refused(room: Room) -> None:
    """A vote posted from another site (no XSRF token) counts nothing."""
    election = open_members_ballot(room, "ketua", "m01", "m02")
    phone = room.phone("m03")
    sent = room.post(phone, {"election": election, "candidate": "m01"}, xsrf=False)
    assert sent.status_code == 403
    assert ballot_service.voted_count(room.ws, election) == 0


def test_codes_vote_once_and_wrong_codes_are_limited_per_phone(room: Room) -> None:
    """A slip's code votes once; a used code or a guessed one counts nothing; guessing stops."""
    nominate(room.ws, room.community_id, "bendahara", "m07", "m08")
    election = ballot_service.open_election(room.ws, room.community_id, "bendahara",
                                            ["m07", "m08"], present=12, tie_rule="musyawarah"
                                            ).id
    codes = ballot_service.issue_codes(room.ws, election, 12)
    voter = room.phone()  # no sign-in: the code is the voter's credential
    words = text_of(room.open_page(voter).text)
    assert "Kode pada kertas suara Anda" in words
    first = room.post(voter, {"election": election, "candidate": "m07", "code": codes[0]})
    assert first.status_code == 200
    reused = room.post(room.phone(), {"election": election, "candidate": "m08",
                                      "code": codes[0].lower().replace("-", " ")})
    assert reused.status_code == 400
    guesser = room.phone()
    statuses = [room.post(guesser, {"election": election, "candidate": "m08",
                                    "code": f"ZZZZ-ZZ{n:02d}"}).status_code for n in range(12)]
    # The reused code was this address's first wrong code (every test phone is 127.0.0.1): nine
    # more are answered, then the address waits.
    assert statuses[:9] == [400] * 9 and set(statuses[9:]) == {429}
    blocked = room.post(guesser, {"election": election, "candidate": "m08", "code": codes[1]})
    assert blocked.status_code == 429
    assert ballot_service.voted_count(room.ws, election) == 1


def test_a_tie_goes_to_a_run_off_opened_from_the_projector(room: Room) -> None:
    """Two candidates tied 6–6: the projector opens the run-off; its winner takes the role."""
    election = open_members_ballot(room, "wakil_ketua", "m09", "m10")
    for n, pid in enumerate(IDS):
        assert room.post(room.phone(pid), {"election": election,
                                           "candidate": "m09" if n % 2 else "m10"}
                         ).status_code == 200
    facilitator = room.phone(None, role=FACILITATOR)
    closed = room.post(facilitator, {"action": "tutup", "election": election, "confirm": "ya"},
                       path=BALLOT_SCREEN)
    assert "Seri antara" in text_of(closed.text) and "Buka putaran kedua" in text_of(closed.text)
    assert service.show(room.ws, room.community_id).board == ()
    room.post(facilitator, {"action": "putaran", "election": election}, path=BALLOT_SCREEN)
    runoff = [e for e in ballot_service.list_elections(room.ws, room.community_id)
              if e.parent_id == election]
    assert len(runoff) == 1 and runoff[0].status == "open"
    for n, pid in enumerate(IDS):
        assert room.post(room.phone(pid), {"election": runoff[0].id,
                                           "candidate": "m09" if n < 5 else "m10"}
                         ).status_code == 200
    room.post(facilitator, {"action": "tutup", "election": runoff[0].id, "confirm": "ya"},
              path=BALLOT_SCREEN)
    board = service.show(room.ws, room.community_id).board
    assert [(s.role, s.participant_id) for s in board] == [("wakil_ketua", "m10")]
    assert ballot_service.result(room.ws, election).decided_by == "runoff"


def test_names_and_programmes_are_shown_as_text(room: Room) -> None:
    """A candidate's programme holding markup is escaped on the phone's ballot."""
    nominated = service.nominate(room.ws, room.community_id, "ketua", "m01", "m02",
                                 "<script>alert(1)</script> pameran")
    service.accept(room.ws, room.community_id, nominated.id)
    nominate(room.ws, room.community_id, "ketua", "m03")
    ballot_service.open_election(room.ws, room.community_id, "ketua", ["m01", "m03"], present=12,
                                 tie_rule="runoff", voters="members", members=IDS)
    page = room.open_page(room.phone("m03")).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; pameran" in page
