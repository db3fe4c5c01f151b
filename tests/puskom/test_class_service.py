"""Puskom classes in a real workspace: schedule, enrol with stage prerequisites, attendance."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
import sqlalchemy as sa

from kit.community import service as community
from kit.problems import InputError
from kit.puskom import class_service as classes
from kit.puskom.class_tables import enrolment, puskom_class
from kit.workspace import Workspace
from tests.puskom.people import add_owner

DAY = date(2026, 12, 10)


def _rows(ws: Workspace) -> tuple[int, int]:
    with ws.engine.connect() as conn:
        return (int(conn.execute(sa.select(sa.func.count()).select_from(puskom_class))
                    .scalar_one()),
                int(conn.execute(sa.select(sa.func.count()).select_from(enrolment))
                    .scalar_one()))


@pytest.fixture
def ws(make_workspace: Callable[..., Workspace]) -> Workspace:
    """A workspace with four UMKM owners at different stages."""
    made = make_workspace()
    add_owner(made, "pAni", "Kabupaten Sragen", "Sine", "portal")
    add_owner(made, "pBudi", "Kabupaten Sragen", "Sine", "presence")
    add_owner(made, "pCitra", "Kabupaten Sragen", "Tangen", "preparatory")
    add_owner(made, "pDewi", "Kabupaten Sragen", "Tangen")
    return made


def test_the_migration_creates_every_declared_column(ws: Workspace) -> None:
    """A new workspace has the class tables with exactly the columns ``class_tables`` declares."""
    inspector = sa.inspect(ws.engine)
    for table in (puskom_class, enrolment):
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert {c.name for c in table.columns} == columns


def test_a_class_is_scheduled_and_read_back(ws: Workspace) -> None:
    """Schedule stores kind, place, official district, day and time; show and list give it."""
    made = classes.schedule(ws, "kelas_tik_dasar", "  Balai  Desa Sine ", "sragen", DAY, "9:00")
    assert (made.place, made.district, made.district_code, made.starts_at) == (
        "Balai Desa Sine", "Kabupaten Sragen", "33.14", "09:00")
    assert classes.show(ws, made.id) == made
    assert classes.list_classes(ws) == [made]


@pytest.mark.parametrize(("kind", "place", "district", "at", "field"), [
    ("kelas_menari", "Balai", "Sragen", "09:00", "kind"),
    ("kelas_tik_dasar", "  ", "Sragen", "09:00", "place"),
    ("kelas_tik_dasar", "Balai", "Bogor", "09:00", "district"),
    ("kelas_tik_dasar", "Balai", "Sragen", "pagi", "at"),
])
def test_bad_schedule_input_names_the_field_and_writes_nothing(
        ws: Workspace, kind: str, place: str, district: str, at: str, field: str) -> None:
    """Each bad value is one error naming its field; no class is written."""
    with pytest.raises(InputError) as err:
        classes.schedule(ws, kind, place, district, DAY, at)
    assert err.value.field == field
    assert _rows(ws) == (0, 0)


def test_enrolment_follows_the_kinds_stage(ws: Workspace) -> None:
    """Open kinds take anyone; the online-sales class takes Portal only and names the stage."""
    basic = classes.schedule(ws, "kelas_tik_dasar", "Balai Desa Sine", "Sragen", DAY, "09:00")
    got = classes.enrol(ws, basic.id, ["pDewi", "pCitra", "pDewi"])
    assert [e.participant_id for e in got.enrolled] == ["pCitra", "pDewi"]
    online = classes.schedule(ws, "kelas_jualan_online", "Balai Desa Sine", "Sragen", DAY,
                              "13:00")
    with pytest.raises(InputError) as err:
        classes.enrol(ws, online.id, ["pAni", "pBudi"])
    assert err.value.field == "participant"
    assert err.value.message.startswith("pBudi: ") and "Portal" in err.value.message
    assert classes.show(ws, online.id).enrolled == ()  # Ani was not enrolled either
    assert [e.name for e in classes.enrol(ws, online.id, ["pAni"]).enrolled] == ["Nama pAni"]


def test_enrolling_twice_or_an_unknown_person_is_refused(ws: Workspace) -> None:
    """An unknown id, someone already enrolled, an unknown class: each refused, nothing added."""
    basic = classes.schedule(ws, "kelas_tik_dasar", "Balai Desa Sine", "Sragen", DAY, "09:00")
    classes.enrol(ws, basic.id, ["pAni"])
    for ids in (["pBudi", "pZaki"], ["pBudi", "pAni"]):
        with pytest.raises(InputError) as err:
            classes.enrol(ws, basic.id, ids)
        assert err.value.field == "participant" and ids[1] in err.value.message
    with pytest.raises(InputError) as err:
        classes.enrol(ws, "kl00000000", ["pBudi"])
    assert err.value.field == "id"
    assert _rows(ws) == (1, 1)


def test_community_members_are_enrolled_when_they_may(ws: Workspace) -> None:
    """Members who reached Presence are enrolled; the others are listed with the stage missing."""
    made = community.create(ws, "Komunitas e-UMKM Sine", "Sragen", "Balai Desa Sine", DAY)
    for pid in ("pAni", "pBudi", "pCitra"):
        community.add_member(ws, made.id, pid, reason="pengurus sementara")
    design = classes.schedule(ws, "kelas_desain_produk", "Balai Desa Sine", "Sragen", DAY,
                              "09:00")
    got, refused = classes.enrol_community(ws, design.id, made.id)
    assert [e.participant_id for e in got.enrolled] == ["pAni", "pBudi"]
    assert [(r.participant_id, r.name) for r in refused] == [("pCitra", "Nama pCitra")]
    assert "Kehadiran" in refused[0].reason or "Presence" in refused[0].reason
    again, refused_again = classes.enrol_community(ws, design.id, made.id)
    assert len(again.enrolled) == 2 and len(refused_again) == 1
    with pytest.raises(InputError) as err:
        classes.enrol_community(ws, design.id, "km_tidak_ada")
    assert err.value.field == "community"


def test_attendance_is_recorded_for_the_enrolled_on_or_after_the_day(ws: Workspace) -> None:
    """Attendance of the enrolled counts once; not enrolled or too early is refused."""
    basic = classes.schedule(ws, "kelas_tik_dasar", "Balai Desa Sine", "Sragen", DAY, "09:00")
    classes.enrol(ws, basic.id, ["pAni", "pBudi", "pCitra"])
    with pytest.raises(InputError) as err:
        classes.attend(ws, basic.id, ["pAni"], date(2026, 12, 9))
    assert err.value.field == "id" and "2026-12-10" in err.value.message
    with pytest.raises(InputError) as err:
        classes.attend(ws, basic.id, ["pAni", "pDewi"], DAY)
    assert err.value.field == "participant" and err.value.message.startswith("pDewi: ")
    assert classes.show(ws, basic.id).attended == 0
    got = classes.attend(ws, basic.id, ["pAni", "pBudi"], DAY)
    assert got.attended == 2
    assert classes.attend(ws, basic.id, ["pAni"], date(2026, 12, 11)).attended == 2


def test_counts_per_kind_district_and_month(ws: Workspace) -> None:
    """The workspace's classes add up per kind × district code × month, without names."""
    one = classes.schedule(ws, "kelas_tik_dasar", "Balai Desa Sine", "Sragen", DAY, "09:00")
    two = classes.schedule(ws, "kelas_tik_dasar", "Balai Desa Tangen", "Sragen",
                           date(2026, 12, 20), "09:00")
    classes.schedule(ws, "kelas_administrasi", "Balai Desa Sine", "Sragen", date(2027, 1, 4),
                     "09:00")
    classes.enrol(ws, one.id, ["pAni", "pBudi"])
    classes.enrol(ws, two.id, ["pCitra"])
    classes.attend(ws, one.id, ["pAni"], DAY)
    got = [c.as_dict() for c in classes.counts(ws)]
    assert got == [
        {"kind": "kelas_tik_dasar", "district": "33.14", "month": "2026-12", "scheduled": 2,
         "enrolled": 3, "attended": 1},
        {"kind": "kelas_administrasi", "district": "33.14", "month": "2027-01", "scheduled": 1,
         "enrolled": 0, "attended": 0}]
