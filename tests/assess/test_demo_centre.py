"""The demo workspace holds one assessed Puskom Kreatif candidate (issue 15), added once."""

from __future__ import annotations

from pathlib import Path

from kit.assess.demo import DEMO_CENTRE, add_demo_centre, init_demo_workspace
from kit.framework import framework
from kit.puskom import service


def test_demo_has_one_assessed_centre_with_a_gap_and_an_open_question(tmp_path: Path) -> None:
    """One assessment: a regulation criterion answered no with a note, one left unanswered."""
    ws = init_demo_workspace(tmp_path / "ws")
    add_demo_centre(ws)  # a second call (an existing demo) adds nothing
    [made] = service.list_assessments(ws)
    assert (made.name, made.district, made.district_code) == (
        DEMO_CENTRE[0], "Kabupaten Sragen", "33.14")
    readiness = made.readiness
    regulation = [c.id for c in framework().puskom.readiness if c.aspect == "regulasi"]
    assert readiness.missing == (regulation[0],) and len(readiness.unanswered) == 1
    assert "DATA DEMO" in made.notes[regulation[0]]
