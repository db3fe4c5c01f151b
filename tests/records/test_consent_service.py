"""The consent service: give, withdraw, one person's history, everyone's state (SQLite and PG)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kit.records import consent_service as consent
from kit.records.participants import Participant, add_participant
from kit.workspace import Workspace, writing


def _people(ws: Workspace) -> None:
    """Ani, Budi and Citra on the roster, nobody asked yet."""
    with writing(ws) as conn:
        for pid, name in (("pani", "Ani"), ("pbudi", "Budi"), ("pcitra", "Citra")):
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen"))


def test_give_withdraw_history_and_states(make_workspace: Callable[..., Workspace]) -> None:
    """Given then withdrawn is 'no' now, both events kept; someone never asked is 'unasked'."""
    ws = make_workspace()
    _people(ws)
    consent.give(ws, ["pani", "pbudi"], by="Bu Rina")
    consent.withdraw(ws, ["pbudi"], by="Pak Joko")
    states = {s.participant_id: s for s in consent.states(ws)}
    assert [states[p].answer for p in ("pani", "pbudi", "pcitra")] == ["yes", "no", "unasked"]
    assert states["pani"].name == "Ani" and states["pcitra"].latest is None
    history = consent.history(ws, "pbudi")
    assert [(e.given, e.context, e.recorded_by) for e in history] == [
        (True, "registration", "Bu Rina"), (False, "withdrawal", "Pak Joko")]
    assert [s.participant_id for s in consent.states(ws, missing=True)] == ["pcitra"]


def test_unknown_participant_or_no_name_is_one_error_and_writes_nothing(
        make_workspace: Callable[..., Workspace]) -> None:
    """An unknown id among several refuses them all, naming the field; so does an empty --by."""
    ws = make_workspace()
    _people(ws)
    with pytest.raises(consent.ConsentInputError) as unknown:
        consent.give(ws, ["pani", "nobody"], by="Bu Rina")
    assert unknown.value.field == "participant_id" and "nobody" in unknown.value.message
    with pytest.raises(consent.ConsentInputError) as nameless:
        consent.withdraw(ws, ["pani"], by="  ")
    assert nameless.value.field == "by"
    with pytest.raises(consent.ConsentInputError):
        consent.history(ws, "nobody")
    assert all(s.answer == "unasked" for s in consent.states(ws))


@pytest.mark.parametrize(("typed", "meaning"), [
    ("ya", True), ("Y", True), ("yes", True), ("1", True), ("✓", True), ("setuju", True),
    ("tidak", False), ("N", False), ("no", False), ("0", False), ("", None), (None, None),
    ("belum ditanya", None)])
def test_answers_as_written_in_rosters(typed: str | None, meaning: bool | None) -> None:
    """Yes/no in the spellings of district rosters; blank or 'belum ditanya' is not recorded."""
    assert consent.parse_answer(typed) is meaning


def test_an_unclear_answer_is_refused_with_a_reason() -> None:
    """'mungkin' is neither yes nor no: a ValueError saying which values are understood."""
    with pytest.raises(ValueError, match="mungkin"):
        consent.parse_answer("mungkin")
