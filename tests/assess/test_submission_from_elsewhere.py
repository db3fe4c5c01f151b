"""A module worked on another machine (Binder) gives a file that waits for the facilitator.

Its workspace (Binder's) signed it, so the facilitator's workspace cannot verify it: the file is
held, listed with the roster participant its profile matches, and scores that person only once
confirmed. The matching rules (phone, or name and place) are checked on that confirm path.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import sqlalchemy as sa

from kit.assess.demo import init_demo_workspace
from kit.assess.submissions import confirm_submission, import_submission, pending_submissions
from kit.modules.advokasi import build_advokasi
from kit.modules.submission import submission_file
from kit.modules.widgets import KnowledgeCheck
from kit.records.participants import Participant, add_participant, list_participants
from kit.records.scores import latest_scores
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace

pytestmark = pytest.mark.slow


def _answer_all_right(check: KnowledgeCheck) -> None:
    for qid, field in check.inputs.items():
        q = check.bank.get(qid)
        field.value = q.correct_index if q.kind == "choice" else q.accept[0]
    check.submit_button.click()


def _binder_file(home: Path, out: Path, name: str, district: str, phone: str = "") -> Path:
    """Work the advokasi module in local (Binder) mode and save its submission file."""
    page = build_advokasi(local_home=home)
    page.opening()
    form = page.frame.register_form
    assert form is not None
    form.name.value, form.district.value, form.phone.value = name, district, phone
    form.save.click()
    assert page.frame.participant_id is not None, form.errors.value
    _answer_all_right(page.checks["adv_cara_mudah"])
    filename, data = submission_file(page.frame)
    path = out / filename
    path.write_bytes(data)
    return path


@pytest.fixture
def facilitator(tmp_path: Path) -> Workspace:
    """The facilitator's workspace with the demo roster."""
    return init_demo_workspace(tmp_path / "fasilitator")


def _score_rows(ws: Workspace) -> int:
    """Number of rows in the score log."""
    with read_tx(ws.engine) as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM kit_score")).scalar() or 0)


def test_known_person_by_phone_is_held_then_scored_on_confirm(facilitator: Workspace,
                                                              tmp_path: Path) -> None:
    """A Binder file whose phone matches a roster participant is held; confirmed, it scores them."""
    with read_tx(facilitator.engine) as conn:
        person = next(p for p in list_participants(conn) if p.phone)
        judged = {e.item_id for e in latest_scores(conn, person.id) if e.source == "observation"}
    local_phone = "0" + person.phone.removeprefix("+62")  # typed the way people write it
    path = _binder_file(tmp_path / "binder", tmp_path, person.name, person.district, local_phone)
    before = _score_rows(facilitator)
    held = import_submission(facilitator, path)
    assert (held.status, held.kind) == ("held", "other_workspace"), held.reason
    assert held.match is not None and held.match.participant_id == person.id
    assert held.match.phone == local_phone[:4] + "*" * (len(local_phone) - 8) + local_phone[-4:]
    assert _score_rows(facilitator) == before  # nothing scored before the facilitator confirms
    assert [p.id for p in pending_submissions(facilitator)] == [held.pending_id]
    result = confirm_submission(facilitator, str(held.pending_id), imported_by="Bu Retno")
    assert result.status == "imported", result.reason
    assert result.participant_id == person.id
    with read_tx(facilitator.engine) as conn:
        scores = {e.item_id: e for e in latest_scores(conn, person.id)}
        count = conn.execute(sa.text("SELECT count(*) FROM kit_participant")).scalar()
    assert count == 36  # matched, not added
    if "adv_cara_mudah" in judged:  # the facilitator's observation stands over the file
        assert "adv_cara_mudah" in result.kept
        assert scores["adv_cara_mudah"].source == "observation"
    else:
        assert (scores["adv_cara_mudah"].source, scores["adv_cara_mudah"].level) == (
            "autograde", 2)
    assert result.levels["adv_cara_mudah"] == 2
    assert pending_submissions(facilitator) == []
    assert import_submission(facilitator, path).status == "unchanged"


def test_known_person_by_name_and_village_is_matched_on_confirm(facilitator: Workspace,
                                                                tmp_path: Path) -> None:
    """Without a phone, the same name and village designate the roster participant on confirm."""
    from kit.assess.generate import ensure_generated
    from kit.assess.submission_format import build_submission, submission_bytes

    with write_tx(facilitator.engine) as conn:
        add_participant(conn, Participant(id="wulan01", name="Wulan Sari", village="Sukamaju",
                                          district="Kabupaten Garut"))
    ensure_generated(facilitator, "advokasi")
    nb = build_submission(facilitator.folder("release"), "laptop0001", "advokasi",
                          {"adv_cara_mudah": "Saya bisa menjelaskan cara mudah berjualan online."},
                          profile={"name": "wulan  sari", "village": "Sukamaju",
                                   "district": "Garut"})
    path = tmp_path / "laptop-lain.ipynb"
    path.write_bytes(submission_bytes(nb))
    held = import_submission(facilitator, path)
    assert (held.status, held.kind) == ("held", "unsigned"), held.reason
    assert held.match is not None and held.match.participant_id == "wulan01"
    result = confirm_submission(facilitator, path)
    assert (result.status, result.participant_id) == ("imported", "wulan01"), result.reason


def test_new_person_is_held_then_registered_on_confirm(facilitator: Workspace,
                                                       tmp_path: Path) -> None:
    """A file from someone not on the roster is held; confirmed, it registers them with scores."""
    path = _binder_file(tmp_path / "binder", tmp_path, "Ibu Ratih Wulandari", "Kota Pontianak")
    held = import_submission(facilitator, path)
    assert held.status == "held" and held.match is not None and held.match.is_new
    assert held.match.name == "Ibu Ratih Wulandari"
    with read_tx(facilitator.engine) as conn:
        assert len(list_participants(conn)) == 36  # nobody registered before confirmation
    result = confirm_submission(facilitator, str(held.pending_id))
    assert result.status == "imported", result.reason
    with read_tx(facilitator.engine) as conn:
        people = {p.id: p for p in list_participants(conn)}
        scores = {e.item_id: e for e in latest_scores(conn, result.participant_id)}
    assert people[result.participant_id].name == "Ibu Ratih Wulandari"
    assert result.participant_id != held.participant_id  # a new id here, not Binder's
    assert scores["adv_cara_mudah"].source == "autograde" and scores["adv_cara_mudah"].level == 2
    again = import_submission(facilitator, path)
    assert again.status == "unchanged"
    nb = nbformat.read(path, as_version=4)  # her next file from Binder: held for her, not forged
    nb.metadata.umkm.answers["adv_cara_mudah"]["answer"] += " Dan saya sudah mencobanya."
    later = tmp_path / "berikutnya.ipynb"
    nbformat.write(nb, later)
    next_file = import_submission(facilitator, later)
    assert next_file.status == "held", next_file.reason
    assert next_file.match is not None and next_file.match.participant_id == result.participant_id


def test_file_without_a_profile_for_an_unknown_id_is_refused(
    facilitator: Workspace, tmp_path: Path
) -> None:
    """An unknown participant id with no profile is refused, and nobody is added."""
    from kit.assess.submission_format import build_submission, submission_bytes

    nb = build_submission(facilitator, "pasing0001", "advokasi",
                          {"adv_cara_mudah": "Saya bisa menjelaskan cara mudah berjualan online."})
    path = tmp_path / "tanpa-profil.ipynb"
    path.write_bytes(submission_bytes(nb))
    result = import_submission(facilitator, path)
    assert result.status == "refused" and result.kind == "unknown_participant"
    with write_tx(facilitator.engine) as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM kit_participant")).scalar() == 36
