"""The community panel on a real SQLite workspace: widgets set and clicked, then read back.

Every assertion reads the workspace through the community services (or the files written), never
the panel's own state alone.
"""

from __future__ import annotations

import base64
import re
import subprocess
from pathlib import Path

import pytest

from kit.community import ballot_board, ballot_service, service
from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.session_app import community_panel
from kit.session_app.panels import PANELS, PanelContext
from kit.workspace import Workspace, init_workspace, writing
from tests.community.conftest import PEOPLE, populate
from tests.community.test_programme import save_proposals

VENUE = "Balai Desa Karangmalang"
BIMTEK = [pid for pid, _name, done in PEOPLE if done]


def _day(tmp_path: Path) -> tuple[Workspace, str]:
    """A komunitas session in Sragen at which all of PEOPLE are checked in (two with a reason)."""
    ws = populate(init_workspace(tmp_path / "ws"))
    session, _warnings = session_service.create(ws, "komunitas", "2026-12-05", "Sragen",
                                                venue=VENUE, facilitator="Rina Hapsari")
    for pid, _name, done in PEOPLE:
        session_service.checkin(ws, session.id, pid,
                                admit_reason=None if done else "pengurus paguyuban pasar")
    return ws, session.id


def _panel(ws: Workspace, sid: str, lang: str = "id") -> community_panel.CommunityPanel:
    return community_panel.CommunityPanel(PanelContext(ws, sid, lang=lang))


def _formed(tmp_path: Path, lang: str = "id") -> tuple[Workspace, community_panel.CommunityPanel]:
    """A panel whose community was created from its form and whose bimtek people were added."""
    ws, sid = _day(tmp_path)
    panel = _panel(ws, sid, lang)
    panel.name.value = "Komunitas e-UMKM Sragen Maju"
    panel.create_button.click()
    panel.members.add_button.click()
    return ws, panel


def _cid(panel: community_panel.CommunityPanel) -> str:
    cid = panel.community_id
    assert cid is not None
    return cid


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _link_data(link_html: str) -> bytes:
    found = re.search(r"base64,([A-Za-z0-9+/=]+)", link_html)
    assert found, link_html
    return base64.b64decode(found.group(1))


def _nominate(panel: community_panel.CommunityPanel, role: str, nominee: str, by: str) -> None:
    board = panel.board
    board.role.value = role
    board.nominee.value = nominee
    board.nominated_by.value = by
    board.programme.value = "Pelatihan foto produk tiap bulan"
    board.nominate_button.click()
    assert "kit-error" not in board.nominate_status.value, board.nominate_status.value
    board.proposed.value = board.proposed.options[-1][1]
    board.accept_button.click()
    assert "kit-error" not in board.nominate_status.value, board.nominate_status.value


def test_the_tab_creates_the_community_with_the_sessions_place_and_day(tmp_path: Path) -> None:
    """No community in the district: the form (venue and date filled in) creates one, then shown."""
    ws, sid = _day(tmp_path)
    panel = _panel(ws, sid)
    assert panel.place.value == VENUE and panel.day.value == "2026-12-05"
    labels = " ".join(part.children[0].value for part in panel.form.children[:3])
    # The venue is a place, not a region (the dashboard's "Place" is "Wilayah").
    assert "Tempat pembentukan" in labels and "Wilayah" not in labels
    panel.create_button.click()
    assert "kit-error" in panel.community_status.value and service.list_communities(ws) == []
    panel.name.value = "Komunitas e-UMKM Sragen Maju"
    panel.create_button.click()
    [made] = service.list_communities(ws)
    assert (made.name, made.district, made.place, made.formed_on.isoformat()) == (
        "Komunitas e-UMKM Sragen Maju", "Kabupaten Sragen", VENUE, "2026-12-05")
    assert panel.community_id == made.id and "Sragen Maju" in panel.info.value
    again = _panel(ws, sid)
    assert again.community_id == made.id and again.picker.value == made.id
    assert "community_panel" in [spec.module for spec in PANELS]


def test_members_bimtek_preselected_others_only_with_a_reason(tmp_path: Path) -> None:
    """Bimtek people are ticked; a ticked non-bimtek person without a reason stops the click."""
    ws, sid = _day(tmp_path)
    panel = _panel(ws, sid)
    panel.name.value = "Komunitas Sragen"
    panel.create_button.click()
    rows = panel.members.rows
    assert {pid for pid, row in rows.items() if row.tick.value} == set(BIMTEK)
    assert rows["peka"].reason is not None and rows["pani"].reason is None
    rows["peka"].tick.value = True
    panel.members.add_button.click()
    assert "Eka Putri" in panel.members.status.value and "alasan" in panel.members.status.value
    assert service.show(ws, _cid(panel)).members == ()
    reason = rows["peka"].reason
    assert reason is not None
    reason.value = "ketua paguyuban pedagang pasar"
    panel.members.add_button.click()
    members = {m.id: m for m in service.show(ws, _cid(panel)).members}
    assert set(members) == {*BIMTEK, "peka"}
    assert members["peka"].admitted_by == "reason" and members["pani"].admitted_by == "bimtek"
    assert "(6)" in panel.members.listing.value and "Eka Putri" in panel.members.listing.value
    assert "peka" not in panel.members.rows


def test_nomination_accepted_and_a_musyawarah_seat(tmp_path: Path) -> None:
    """A nomination recorded and accepted, then the role seated by musyawarah with who agreed."""
    ws, panel = _formed(tmp_path)
    _nominate(panel, "ketua", "pani", "pbudi")
    [nominated] = service.show(ws, _cid(panel)).nominations
    assert (nominated.nominee_id, nominated.nominated_by, nominated.status) == (
        "pani", "pbudi", "accepted")
    board = panel.board
    board.role.value = "ketua"
    board.chosen.value = "pani"
    board.consensus_button.click()
    assert "kit-error" in board.consensus_status.value
    board.agreed["pbudi"].value = True
    board.agreed["pcitra"].value = True
    board.consensus_button.click()
    [seat] = service.show(ws, _cid(panel)).board
    assert (seat.role, seat.participant_id, seat.method, set(seat.agreed_by)) == (
        "ketua", "pani", "musyawarah", {"pbudi", "pcitra"})
    assert "Ani Lestari" in board.table.value and "ketua" not in [v for _l, v in
                                                                  board.role.options]


def test_a_ballot_by_codes_opens_with_its_tie_rule_and_prints_slips(tmp_path: Path) -> None:
    """Two accepted nominees, tie rule chosen, ballot opened; the slips PDF is saved and linked."""
    ws, panel = _formed(tmp_path)
    _nominate(panel, "wakil_ketua", "pcitra", "pani")
    _nominate(panel, "wakil_ketua", "pdedi", "pani")
    board = panel.board
    board.role.value = "wakil_ketua"
    board.tie_rule.value = "musyawarah"
    board.voters.value = "codes"
    board.present.value = 5
    board.open_button.click()
    assert "kit-error" not in board.ballot_status.value, board.ballot_status.value
    [opened] = ballot_service.list_elections(ws, _cid(panel))
    assert (opened.role, opened.tie_rule, opened.voters, opened.members_present,
            set(opened.candidates)) == ("wakil_ketua", "musyawarah", "codes", 5,
                                        {"pcitra", "pdedi"})
    assert "/kelas/layar/pilih" in board.projector.value
    assert board.consensus_form.layout.display == "none" and "dibuka" in board.busy_note.value
    board.slips_ballot.value = opened.id
    board.slips_count.value = 5
    board.slips_button.click()
    saved = ws.root / "reports" / f"kertas-suara-{opened.id}.pdf"
    assert saved.read_bytes()[:4] == b"%PDF" and _link_data(board.slips_link.value) == \
        saved.read_bytes()
    assert "Kertas suara" in _pdf_text(saved)
    assert ballot_service.get_election(ws, opened.id).codes_issued == 5
    board.slips_button.click()  # 5 more would exceed the 5 present: refused, nothing issued
    assert "kit-error" in board.slips_status.value
    assert ballot_service.get_election(ws, opened.id).codes_issued == 5


def test_a_members_ballot_closed_on_the_projector_is_seated_after_refresh(tmp_path: Path) -> None:
    """Members vote signed in, the projector closes; refreshing shows the winner seated."""
    ws, panel = _formed(tmp_path)
    _nominate(panel, "sekretaris", "pcitra", "pani")
    _nominate(panel, "sekretaris", "pdedi", "pani")
    board = panel.board
    board.role.value = "sekretaris"
    board.tie_rule.value = "runoff"
    board.voters.value = "members"
    board.present.value = 5
    board.open_button.click()
    [opened] = ballot_service.list_elections(ws, _cid(panel))
    assert (opened.voters, opened.tie_rule) == ("members", "runoff")
    for voter, choice in (("pani", "pcitra"), ("pbudi", "pcitra"), ("pdedi", "pdedi")):
        ballot_service.vote_as_member(ws, opened.id, voter, choice)
    ballot_board.close_and_seat(ws, opened.id)
    assert "Citra Dewi" not in board.table.value
    board.refresh_button.click()
    [seat] = service.show(ws, _cid(panel)).board
    assert (seat.participant_id, seat.method) == ("pcitra", "ballot")
    assert "Citra Dewi" in board.table.value and "pemungutan suara" in board.table.value


def test_a_tie_with_the_musyawarah_rule_is_settled_in_the_panel(tmp_path: Path) -> None:
    """A closed tied ballot (musyawarah rule): one of the tied chosen with who agreed is seated."""
    ws, panel = _formed(tmp_path)
    _nominate(panel, "bendahara", "pcitra", "pani")
    _nominate(panel, "bendahara", "pdedi", "pani")
    board = panel.board
    board.role.value = "bendahara"
    board.tie_rule.value = "musyawarah"
    board.voters.value = "members"
    board.present.value = 4
    board.open_button.click()
    [opened] = ballot_service.list_elections(ws, _cid(panel))
    ballot_service.vote_as_member(ws, opened.id, "pani", "pcitra")
    ballot_service.vote_as_member(ws, opened.id, "pbudi", "pdedi")
    ballot_board.close_and_seat(ws, opened.id)
    board.refresh_button.click()
    assert board.tie_ballot.value == opened.id
    board.tie_chosen.value = "pdedi"
    board.tie_agreed["pani"].value = True
    board.tie_button.click()
    assert "kit-error" not in board.tie_status.value, board.tie_status.value
    [seat] = service.show(ws, _cid(panel)).board
    assert (seat.role, seat.participant_id, seat.method, seat.election_id) == (
        "bendahara", "pdedi", "musyawarah", opened.id)


def _complete_board(ws: Workspace, panel: community_panel.CommunityPanel) -> None:
    """Seat the four roles by musyawarah through the panel."""
    for role, person in (("ketua", "pani"), ("wakil_ketua", "pbudi"), ("sekretaris", "pcitra"),
                         ("bendahara", "pdedi")):
        panel.board.role.value = role
        panel.board.chosen.value = person
        panel.board.agreed["psri1"].value = True
        panel.board.consensus_button.click()
    assert len(service.show(ws, _cid(panel)).board) == 4


def test_the_mou_is_refused_while_the_board_is_incomplete_then_written(tmp_path: Path) -> None:
    """An incomplete board: one line, no file; complete: MoU and berita acara with the names."""
    ws, panel = _formed(tmp_path)
    docs = panel.documents
    docs.buttons["mou_pdf"].click()
    assert "kit-error" in docs.result.value and "belum lengkap" in docs.result.value
    assert docs.link.value == "" and not list((ws.root / "reports").glob("*kesepakatan*"))
    _complete_board(ws, panel)
    save_proposals(ws, "pani", [("pelatihan", "Kelas foto produk"), ("pemasaran", "Toko daring")])
    save_proposals(ws, "pbudi", [("pelatihan", "Kelas foto produk")])
    docs.top.value = 1
    docs.programme_button.click()
    shown = docs.programme_html.value
    assert shown.index("Prioritas") < shown.index("Kelas foto produk") < shown.index(
        "Bukan prioritas") < shown.index("Toko daring")
    docs.official.value = "Drs. Bambang Sutrisno"
    docs.witness_one.value = "Sri Wahyuni"
    docs.witness_two.value = "Hadi Prasetyo"
    docs.buttons["mou_pdf"].click()
    cid = _cid(panel)
    mou = ws.root / "reports" / f"kesepakatan-{cid}.pdf"
    words = " ".join(_pdf_text(mou).split())
    for name in ("Ani Lestari", "Budi Santoso", "Citra Dewi", "Dedi Kurniawan",
                 "Drs. Bambang Sutrisno"):
        assert name in words
    assert _link_data(docs.link.value) == mou.read_bytes()
    docs.buttons["mou_docx"].click()
    assert (ws.root / "reports" / f"kesepakatan-{cid}.docx").read_bytes()[:2] == b"PK"
    docs.buttons["minutes_pdf"].click()
    minutes = " ".join(_pdf_text(ws.root / "reports" / f"berita-acara-{cid}.pdf").split())
    assert "Hadi Prasetyo" in minutes and "Dedi Kurniawan" in minutes
    docs.buttons["minutes_docx"].click()
    assert (ws.root / "reports" / f"berita-acara-{cid}.docx").read_bytes()[:2] == b"PK"


def test_the_programme_is_shown_and_refusals_speak_english(tmp_path: Path) -> None:
    """In English: an empty programme says so, and a refused nomination is one English line."""
    ws, panel = _formed(tmp_path, lang="en")
    panel.documents.programme_button.click()
    assert "No member has saved" in panel.documents.programme_html.value
    board = panel.board
    board.role.value = "ketua"
    board.nominee.value = "pani"
    board.nominated_by.value = "pani"
    board.programme.value = ""
    board.nominate_button.click()
    assert "must not be empty" in board.nominate_status.value
    assert service.show(ws, _cid(panel)).nominations == ()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_panel_builds_in_both_languages(tmp_path: Path, lang: str) -> None:
    """``build`` gives a widget whose heading is in the app's language."""
    ws, sid = _day(tmp_path)
    widget = community_panel.build(PanelContext(ws, sid, lang=lang))
    heading = widget.children[1].value
    assert ("Pembentukan komunitas" if lang == "id" else "Community formation") in heading


def test_names_are_shown_escaped(tmp_path: Path) -> None:
    """A name with markup is shown as text in the member list and the board table."""
    ws, sid = _day(tmp_path)
    with writing(ws) as conn:
        add_participant(conn, Participant(id="phack", name="<b>Rudi</b> & co",
                                          district="Kabupaten Sragen"))
    session_service.checkin(ws, sid, "phack", admit_reason="tamu undangan")
    panel = _panel(ws, sid)
    panel.name.value = "Komunitas <i>Sragen</i>"
    panel.create_button.click()
    reason = panel.members.rows["phack"].reason
    assert reason is not None
    panel.members.rows["phack"].tick.value = True
    reason.value = "tamu undangan"
    panel.members.add_button.click()
    panel.board.role.value = "ketua"
    panel.board.chosen.value = "phack"
    panel.board.agreed["pani"].value = True
    panel.board.consensus_button.click()
    for shown in (panel.members.listing.value, panel.board.table.value, panel.info.value):
        assert "<b>Rudi" not in shown and "<i>Sragen" not in shown
    assert "&lt;b&gt;Rudi&lt;/b&gt; &amp; co" in panel.members.listing.value
    assert "&lt;b&gt;Rudi&lt;/b&gt; &amp; co" in panel.board.table.value
    assert "Komunitas &lt;i&gt;Sragen&lt;/i&gt;" in panel.info.value
