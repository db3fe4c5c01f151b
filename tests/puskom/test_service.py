"""Readiness assessments are stored in the workspace (migration 0009) and read back whole."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from kit.framework import framework
from kit.problems import InputError
from kit.puskom import service
from kit.puskom.tables import answer, assessment
from kit.storage.migrate import current_revision, head_revision
from kit.workspace import Workspace, init_workspace

CRITERIA = framework().puskom.readiness


def _count(ws: Workspace, table: str) -> int:
    chosen = {"kit_puskom_assessment": assessment, "kit_puskom_answer": answer}[table]
    with ws.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(chosen)).scalar_one())


def test_an_assessment_is_stored_and_shown_back(make_workspace: Callable[..., Workspace]) -> None:
    """Show and list give back the recorded place, official district, answers, notes, score."""
    ws = make_workspace()
    answers: dict[str, bool | None] = {"siap_internet": True, "siap_lan": False,
                                       "siap_ruang": None}
    made = service.assess(ws, "  Balai  Desa Karangmalang ", "sragen", answers, "Bu Rina",
                          date(2026, 12, 1), notes={"siap_lan": "kabel belum ada"})
    again = service.show(ws, made.id)
    assert again == made
    assert again.name == "Balai Desa Karangmalang"
    assert (again.district, again.district_code) == ("Kabupaten Sragen", "33.14")
    assert again.assessed_on == date(2026, 12, 1)
    assert again.answers["siap_internet"] is True and again.answers["siap_lan"] is False
    assert again.answers["siap_petugas"] is None
    assert set(again.answers) == {c.id for c in CRITERIA}
    assert again.notes == {"siap_lan": "kabel belum ada"}
    assert again.readiness.missing == ("siap_lan",)
    assert [a.id for a in service.list_assessments(ws)] == [made.id]
    assert _count(ws, "kit_puskom_answer") == len(CRITERIA)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"name": " "}, "name"),
    ({"by": ""}, "by"),
    ({"district": "Kabupaten Atlantis"}, "district"),
    ({"answers": {"siap_kolam": True}}, "siap_kolam"),
])
def test_bad_input_names_the_field_and_writes_nothing(
        tmp_path: Path, kwargs: dict[str, object], field: str) -> None:
    """An empty name or assessor, an unknown district or criterion: InputError, no row."""
    ws = init_workspace(tmp_path / "ws")
    call: dict[str, object] = {"name": "Balai Desa", "district": "Kabupaten Sragen",
                               "answers": {}, "by": "Bu Rina", "on": date(2026, 12, 1)}
    call.update(kwargs)
    with pytest.raises(InputError) as err:
        service.assess(ws, **call)  # type: ignore[arg-type]
    assert err.value.field == field
    assert _count(ws, "kit_puskom_assessment") == 0
    assert _count(ws, "kit_puskom_answer") == 0


def test_an_unknown_id_is_refused_naming_id(tmp_path: Path) -> None:
    """show() of an id that was never recorded is an InputError on ``id``."""
    ws = init_workspace(tmp_path / "ws")
    with pytest.raises(InputError) as err:
        service.show(ws, "pk00000000")
    assert err.value.field == "id"


def test_a_new_workspace_has_the_puskom_tables(tmp_path: Path) -> None:
    """init_workspace upgrades to the head, past 0009_puskom: every declared column exists."""
    ws = init_workspace(tmp_path / "ws")
    assert current_revision(ws.engine) == head_revision()
    inspector = sa.inspect(ws.engine)
    for table in (assessment, answer):
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert {c.name for c in table.columns} == columns
