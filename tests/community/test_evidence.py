"""Table 5.3 evidence from the community's actions, in kit_score and nbgrader's gradebook."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from nbgrader.api import Gradebook, MissingEntry

from kit.assess import dual_write
from kit.assess.observe import record_evidence_score, record_observation
from kit.community import ballot_service as bs
from kit.community import ballot_tables as t
from kit.community import evidence
from kit.community import service as svc
from kit.i18n import set_language
from kit.storage import schema
from kit.workspace import Workspace, init_workspace

from .conftest import populate

pytestmark = pytest.mark.slow

ELECT = "kom_pemilihan_pengurus"
SEAT = "kom_pelantikan"
MEMBERS = ("pani", "pbudi", "pcitra", "pdedi")


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A real SQLite workspace whose roster did bimtek, Bahasa Indonesia as the language."""
    set_language("id")
    return populate(init_workspace(tmp_path / "ws"))


@pytest.fixture
def cid(ws: Workspace) -> str:
    """A community with the four bimtek participants as members."""
    made = svc.create(ws, "Komunitas UMKM Sragen Maju", "Kabupaten Sragen", "Balai Desa",
                      date(2026, 12, 4))
    for pid in MEMBERS:
        svc.add_member(ws, made.id, pid)
    return made.id


def _scores(ws: Workspace, item: str | None = None) -> list[dict[str, Any]]:
    """Every kit_score row (of one item), oldest first, as dicts."""
    s = schema.score
    query = sa.select(s).order_by(s.c.id)
    if item is not None:
        query = query.where(s.c.item_id == item)
    with ws.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def _auto(ws: Workspace, item: str, pid: str) -> float | None:
    """The item's auto score in nbgrader's gradebook (None when it has no grade row)."""
    with Gradebook(ws.db_url, ws.course_id) as gb:
        try:
            return gb.find_grade(item, "komunitas", "komunitas", pid).auto_score
        except MissingEntry:
            return None


def _who(rows: list[dict[str, Any]]) -> list[tuple[str, int, str]]:
    return [(r["participant_id"], r["level"], r["source"]) for r in rows]


def test_evidence_for_maps_each_action_to_its_item_at_the_achieved_level() -> None:
    """Nominate/accept/agree/vote → the election item, seated → inauguration; level 1."""
    assert {a: evidence.evidence_for(a) for a in evidence.ITEMS} == {
        "nominate": (ELECT, 1), "accept": (ELECT, 1), "agree": (ELECT, 1), "vote": (ELECT, 1),
        "seated": (SEAT, 1)}
    with pytest.raises(ValueError, match="unknown community action"):
        evidence.evidence_for("bribe")
    assert evidence.needs_record(None, 1) and evidence.needs_record(0, 1)
    assert not evidence.needs_record(1, 1) and not evidence.needs_record(2, 1)


def test_nominating_and_accepting_record_the_election_item_in_both_stores(
        ws: Workspace, cid: str) -> None:
    """The nominator and the nominee who accepts get level 1, with a note naming the action."""
    made = svc.nominate(ws, cid, "ketua", "pbudi", by="pani", programme="Pasar daring bersama")
    assert _who(_scores(ws)) == [("pani", 1, "autograde")]
    assert _scores(ws)[0]["note"] == "komunitas: mengusulkan calon ketua"
    assert _scores(ws)[0]["session_id"] is None and _scores(ws)[0]["recorded_by"] is None
    assert _auto(ws, ELECT, "pani") == 1.0 and _auto(ws, ELECT, "pbudi") is None
    svc.accept(ws, cid, made.id)
    assert _who(_scores(ws)) == [("pani", 1, "autograde"), ("pbudi", 1, "autograde")]
    assert _scores(ws)[1]["note"] == "komunitas: menerima pencalonan sebagai ketua"
    assert _auto(ws, ELECT, "pbudi") == 1.0
    # A second nomination by the same member records nothing twice; a self-nomination counts.
    svc.nominate(ws, cid, "sekretaris", "pcitra", by="pani", programme="Notulen rapat rapi")
    svc.nominate(ws, cid, "bendahara", "pdedi", by="pdedi", programme="Kas yang terbuka")
    assert _who(_scores(ws)) == [("pani", 1, "autograde"), ("pbudi", 1, "autograde"),
                                 ("pdedi", 1, "autograde")]


def test_a_musyawarah_seat_records_inauguration_and_who_agreed(ws: Workspace, cid: str) -> None:
    """The seated member gets kom_pelantikan; each member who agreed the election item."""
    svc.consensus(ws, cid, "wakil_ketua", "pcitra", agreed_by=["pani", "pdedi"])
    assert _who(_scores(ws, SEAT)) == [("pcitra", 1, "autograde")]
    assert _scores(ws, SEAT)[0]["note"] == "komunitas: dilantik sebagai wakil ketua dalam " \
                                           "kepengurusan"
    assert sorted(_who(_scores(ws, ELECT))) == [("pani", 1, "autograde"),
                                                ("pdedi", 1, "autograde")]
    assert _auto(ws, SEAT, "pcitra") == 1.0 and _auto(ws, ELECT, "pdedi") == 1.0


def test_a_higher_level_or_a_facilitator_judgement_is_never_lowered(
        ws: Workspace, cid: str) -> None:
    """A level 2 already there stands (nothing written); a facilitator's level 0 stands too."""
    record_evidence_score(ws, "pani", ELECT, 2)
    record_observation(ws, "pbudi", ELECT, 0, facilitator="Bu Retno")
    before = len(_scores(ws))
    svc.nominate(ws, cid, "ketua", "pbudi", by="pani", programme="Pasar daring bersama")
    assert len(_scores(ws)) == before and _auto(ws, ELECT, "pani") == 2.0
    svc.accept(ws, cid, 1)
    assert len(_scores(ws)) == before  # the facilitator's 0 decides; the action is kept aside
    with Gradebook(ws.db_url, ws.course_id) as gb:
        grade = gb.find_grade(ELECT, "komunitas", "komunitas", "pbudi")
        assert (grade.manual_score, grade.auto_score, grade.score) == (0.0, 1.0, 0.0)


def _member_ballot(ws: Workspace, cid: str) -> bs.Election:
    return bs.open_election(ws, cid, "ketua", ["pani", "pbudi"], present=4, tie_rule="runoff",
                            voters="members", members=MEMBERS)


def test_a_members_first_vote_records_participation_once_and_never_the_choice(
        ws: Workspace, cid: str) -> None:
    """Voting records the election item once; a changed vote nothing; no candidate/receipt."""
    e = _member_ballot(ws, cid)
    receipt = bs.vote_as_member(ws, e.id, "pcitra", "pani")
    assert _who(_scores(ws)) == [("pcitra", 1, "autograde")]
    assert _auto(ws, ELECT, "pcitra") == 1.0
    changed = bs.vote_as_member(ws, e.id, "pcitra", "pbudi", receipt=receipt)
    bs.vote_as_member(ws, e.id, "pdedi", "pbudi")
    assert _who(_scores(ws)) == [("pcitra", 1, "autograde"), ("pdedi", 1, "autograde")]
    assert bs.voted_count(ws, e.id) == 2
    closed = bs.close(ws, e.id)
    assert dict(closed.tally.counts) == {"pani": 0, "pbudi": 2}
    # Secrecy: the score rows say "took part in the ballot for ketua", nothing more.
    rows = _scores(ws)
    stored = json.dumps(rows, default=str)
    for secret in ("pani", "pbudi", e.id, receipt, changed,
                   receipt.replace("-", ""), changed.replace("-", "")):
        assert secret not in stored
    assert rows[0]["details"] == {"community": {"action": "vote", "community_id": cid,
                                                "role": "ketua"}}
    assert rows[0]["note"] == "komunitas: memberikan suara dalam pemilihan ketua"
    with ws.engine.connect() as conn:
        # Nothing kept aside as evidence, and no time shared with the ballot's tables.
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.evidence)
                            ).scalar_one() == 0
        times = set(conn.execute(sa.select(t.election.c.opened_at, t.election.c.closed_at)
                                 ).one())
        assert not times & {r["recorded_at"] for r in rows}
        for table in (t.ballot, t.voted):
            assert not any(isinstance(c.type, sa.DateTime) for c in table.columns)
            assert "participant_id" not in table.c


def test_a_code_vote_records_nothing(ws: Workspace, cid: str) -> None:
    """A code voter is anonymous: the vote counts and no score is written for anyone."""
    e = bs.open_election(ws, cid, "ketua", ["pani", "pbudi"], present=4, tie_rule="runoff")
    code = bs.issue_codes(ws, e.id, 1)[0]
    bs.vote_with_code(ws, e.id, code, "pani")
    assert bs.voted_count(ws, e.id) == 1
    assert _scores(ws) == []


def test_seating_a_ballot_winner_records_inauguration(ws: Workspace, cid: str) -> None:
    """Seating the winner of a closed members' ballot gives the winner kom_pelantikan."""
    e = _member_ballot(ws, cid)
    for voter in ("pani", "pbudi", "pcitra"):
        bs.vote_as_member(ws, e.id, voter, "pbudi")
    bs.close(ws, e.id)
    bs.seat_winner(ws, e.id)
    assert _who(_scores(ws, SEAT)) == [("pbudi", 1, "autograde")]
    assert _auto(ws, SEAT, "pbudi") == 1.0


def test_failing_evidence_never_loses_the_vote(ws: Workspace, cid: str,
                                               monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    """When the gradebook write fails the vote still counts and the failure is logged."""
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("gradebook unavailable")

    monkeypatch.setattr(dual_write, "record_module_score", broken)
    e = _member_ballot(ws, cid)
    with caplog.at_level(logging.ERROR, logger="kit.community.evidence"):
        receipt = bs.vote_as_member(ws, e.id, "pcitra", "pani")
    assert receipt and bs.voted_count(ws, e.id) == 1
    assert "could not record the vote evidence of pcitra" in caplog.text
    assert _scores(ws) == []


def test_a_voter_who_is_not_a_participant_gets_nothing_and_the_vote_stands(
        ws: Workspace, cid: str, caplog: pytest.LogCaptureFixture) -> None:
    """A roll typed by hand may name someone outside the roster: vote counted, no score."""
    e = bs.open_election(ws, cid, "ketua", ["pani", "pbudi"], present=2, tie_rule="runoff",
                         voters="members", members=["pani", "pbudi", "tamu"])
    with caplog.at_level(logging.WARNING, logger="kit.community.evidence"):
        bs.vote_as_member(ws, e.id, "tamu", "pani")
    assert bs.voted_count(ws, e.id) == 1 and _scores(ws) == []
    assert "'tamu' is not a participant" in caplog.text
