"""The demo workspace holds Puskom Kreatif classes that reach the demo coordinator store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.assess.demo import _demo_classes, init_demo_workspace
from kit.coordinator.class_counts import class_counts
from kit.coordinator.demo_store import build_demo_store
from kit.coordinator.queries import connect
from kit.coordinator.store import STORE_FILE
from kit.puskom import class_service as classes

pytestmark = pytest.mark.slow


def test_demo_classes_are_scheduled_enrolled_attended_and_in_the_demo_store(
        tmp_path: Path) -> None:
    """Three demo classes (two held), marked as demo; the demo store counts exactly them."""
    ws = init_demo_workspace(tmp_path / "ws")
    _demo_classes(ws)  # a second call (an existing demo) adds nothing
    found = classes.list_classes(ws)
    assert [c.kind for c in found] == ["kelas_tik_dasar", "kelas_desain_produk",
                                       "kelas_administrasi"]
    assert all("DATA DEMO" in c.place and c.district_code == "33.14" for c in found)
    assert all(c.enrolled for c in found)
    assert [c.attended > 0 for c in found] == [True, True, False]
    assert all(c.attended < len(c.enrolled) for c in found[:2])  # somebody missed each
    counted = classes.counts(ws)
    totals = (sum(c.scheduled for c in counted), sum(c.enrolled for c in counted),
              sum(c.attended for c in counted))
    assert totals == (3, sum(len(c.enrolled) for c in found), sum(c.attended for c in found))

    build_demo_store(ws, score_rows=5_000)
    frame = class_counts(connect(ws.root / STORE_FILE))
    assert not frame.empty
    assert set(frame["district_code"]) == {"33.14"}
    assert (int(frame["classes_scheduled"].sum()), int(frame["enrolled"].sum()),
            int(frame["attended"].sum())) == totals
    assert int(frame["classes_held"].sum()) == 2
