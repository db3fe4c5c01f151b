"""The session services on real SQLite and PostgreSQL workspaces: eligibility and admission."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kit.records import session_service as service
from kit.records.participants import Participant, add_participant
from kit.workspace import Workspace, writing


def _people(ws: Workspace) -> None:
    """Add two participants, Ani and Budi, who took part in nothing yet."""
    with writing(ws) as conn:
        add_participant(conn, Participant(id="pani", name="Ani", district="Kabupaten Sragen"))
        add_participant(conn, Participant(id="pbudi", name="Budi", district="Kabupaten Sragen"))


def test_checkin_follows_prerequisites_and_records_admissions(
        make_workspace: Callable[..., Workspace]) -> None:
    """Advokasi then bimtek is accepted; bimtek first is refused unless admitted with a reason."""
    ws = make_workspace()
    _people(ws)
    advokasi, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    bimtek, _w = service.create(ws, "bimtek", "2026-12-17", "Sragen")
    assert advokasi.district == "Kabupaten Sragen"
    assert service.checkin(ws, advokasi.id, "pani").new
    assert not service.checkin(ws, advokasi.id, "pani").new
    assert not service.checkin(ws, bimtek.id, "pani").admitted
    with pytest.raises(service.SessionInputError) as refused:
        service.checkin(ws, bimtek.id, "pbudi")
    assert refused.value.field == "participant_id" and "advokasi" in refused.value.message
    assert [p.participant_id for p in service.detail(ws, bimtek.id).present] == ["pani"]
    done = service.checkin(ws, bimtek.id, "pbudi", admit_reason="  sudah jualan\x00 online ")
    assert done.admitted
    reasons = {p.participant_id: p.admit_reason for p in service.detail(ws, bimtek.id).present}
    assert reasons == {"pani": None, "pbudi": "sudah jualan online"}


def test_a_closed_session_refuses_edits_and_checkins(
        make_workspace: Callable[..., Workspace]) -> None:
    """After close, edit and check-in are refused and the session is unchanged."""
    ws = make_workspace()
    _people(ws)
    session, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen", venue="Aula")
    assert service.close(ws, session.id).status == "closed"
    with pytest.raises(service.SessionInputError):
        service.edit(ws, session.id, venue="Balai")
    with pytest.raises(service.SessionInputError):
        service.checkin(ws, session.id, "pani")
    found = service.detail(ws, session.id)
    assert found.session.venue == "Aula" and found.present == ()


def test_bad_fields_are_refused_before_anything_is_written(
        make_workspace: Callable[..., Workspace]) -> None:
    """A wrong date, unknown activity or ambiguous district names its field; nothing is saved."""
    ws = make_workspace()
    for kwargs, field in (
        ({"activity_id": "advokasi", "day": "10/12/2026", "district": "Sragen"}, "date"),
        ({"activity_id": "pameran", "day": "2026-12-10", "district": "Sragen"}, "activity_id"),
        ({"activity_id": "advokasi", "day": "2026-12-10", "district": "Bogor"}, "district"),
    ):
        with pytest.raises(service.SessionInputError) as bad:
            service.create(ws, **kwargs)
        assert bad.value.field == field
    assert service.summaries(ws) == []
