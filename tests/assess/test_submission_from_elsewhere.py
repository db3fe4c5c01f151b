"""A module worked on another machine (Binder) gives a file whose import scores the right person."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from kit.assess.submissions import import_submission
from kit.modules.advokasi import build_advokasi
from kit.modules.submission import submission_file
from kit.modules.widgets import KnowledgeCheck
from kit.records.participants import list_participants
from kit.records.scores import latest_scores
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace, init_workspace

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
    return init_workspace(tmp_path / "fasilitator", demo=True)


def test_known_person_by_phone_gets_the_scores(facilitator: Workspace, tmp_path: Path) -> None:
    """A file from Binder whose phone matches a roster participant scores that participant."""
    with read_tx(facilitator.engine) as conn:
        person = next(p for p in list_participants(conn) if p.phone)
        judged = {e.item_id for e in latest_scores(conn, person.id) if e.source == "observation"}
    local_phone = "0" + person.phone.removeprefix("+62")  # typed the way people write it
    path = _binder_file(tmp_path / "binder", tmp_path, person.name, person.district, local_phone)
    result = import_submission(facilitator, path)
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


def test_new_person_is_registered_with_their_scores(facilitator: Workspace,
                                                   tmp_path: Path) -> None:
    """A file from someone not on the roster registers them, then records their scores."""
    path = _binder_file(tmp_path / "binder", tmp_path, "Ibu Ratih Wulandari", "Kota Pontianak")
    result = import_submission(facilitator, path)
    assert result.status == "imported", result.reason
    with read_tx(facilitator.engine) as conn:
        people = {p.id: p for p in list_participants(conn)}
        scores = {e.item_id: e for e in latest_scores(conn, result.participant_id)}
    assert people[result.participant_id].name == "Ibu Ratih Wulandari"
    assert scores["adv_cara_mudah"].source == "autograde" and scores["adv_cara_mudah"].level == 2
    again = import_submission(facilitator, path)
    assert again.status == "unchanged"


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
