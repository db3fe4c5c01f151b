"""The demo cohort's consent: most gave it at the roster import, two never asked, one withdrew."""

from __future__ import annotations

from pathlib import Path

from kit.assess.demo import init_demo_workspace
from kit.records import consent_service


def test_demo_has_every_consent_case(tmp_path: Path) -> None:
    """A coordinator export of the demo meets consented, never asked and withdrawn people."""
    ws = init_demo_workspace(tmp_path / "ws")
    people = consent_service.states(ws)
    answers = [p.answer for p in people]
    assert answers.count("unasked") == 2 and answers.count("no") == 1
    assert answers.count("yes") == len(people) - 3 > 20
    [withdrawn] = [p for p in people if p.answer == "no"]
    events = consent_service.history(ws, withdrawn.participant_id)
    assert [(e.given, e.context) for e in events] == [(True, "roster"), (False, "withdrawal")]
    assert all(p.latest is not None and p.latest.context == "roster"
               for p in people if p.answer == "yes")
