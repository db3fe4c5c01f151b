"""The invite list of a session on real SQLite and PostgreSQL workspaces."""

from __future__ import annotations

from collections.abc import Callable

from kit.records import session_service as service
from kit.records.participants import Participant, add_participant
from kit.workspace import Workspace, writing


def test_the_four_groups_with_what_is_missing_and_why_admitted(
        make_workspace: Callable[..., Workspace]) -> None:
    """Eligible, not yet eligible (missing advokasi), admitted (reason), present (eligible)."""
    ws = make_workspace()
    with writing(ws) as conn:
        for pid, name in (("p1", "Ani"), ("p2", "Budi"), ("p3", "Citra"), ("p4", "Dedi")):
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen"))
    advokasi, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    bimtek, _w = service.create(ws, "bimtek", "2026-12-17", "Sragen")
    for pid in ("p1", "p2"):
        service.checkin(ws, advokasi.id, pid)
    service.checkin(ws, bimtek.id, "p2")
    service.checkin(ws, bimtek.id, "p3", admit_reason="pemilik toko online")
    groups = service.invite_list(ws, bimtek.id)
    assert [i.candidate.name for i in groups.eligible] == ["Ani"]
    assert [(i.candidate.name, i.candidate.missing) for i in groups.not_eligible] == [
        ("Dedi", ("advokasi",))]
    assert [(i.candidate.name, i.admit_reason) for i in groups.admitted] == [
        ("Citra", "pemilik toko online")]
    assert [i.candidate.name for i in groups.present] == ["Budi"]
    assert [i.as_dict()["group"] for i in groups.all()] == [
        "eligible", "not_eligible", "admitted", "present"]
    assert [i.group for i in service.invite_list(ws, advokasi.id).all()] == [
        "eligible", "eligible", "present", "present"]
