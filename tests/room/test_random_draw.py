"""The random-question rules: only present people, never twice in a row, the segment's materi."""

from __future__ import annotations

import random

import pytest

from kit.framework import framework
from kit.modules.quiz import question_bank
from kit.room.random_draw import DrawError, pick_participant, pick_question, segment_items


def _rng(seed: int) -> random.Random:
    """A seeded generator, so a test's draws repeat."""
    return random.Random(seed)  # noqa: S311 - not security, a repeatable test


def test_only_present_people_are_drawn_and_never_twice_in_a_row() -> None:
    """Over many draws nobody absent is picked and no one follows themself."""
    rng = _rng(7)
    present = ["pa", "pb", "pc"]
    drawn: list[str] = ["pz"]
    for _n in range(60):
        drawn.append(pick_participant(present, drawn, rng))
        assert drawn[-1] in present and drawn[-1] != drawn[-2]


def test_people_not_yet_drawn_come_first() -> None:
    """Everyone present is drawn once before anyone is drawn a second time."""
    rng = _rng(1)
    present = [f"p{n}" for n in range(6)]
    drawn: list[str] = []
    for _n in range(6):
        drawn.append(pick_participant(present, drawn, rng))
    assert sorted(drawn) == sorted(present)


def test_one_person_present_may_be_drawn_again_and_nobody_present_is_refused() -> None:
    """Alone in the room, the same person is drawn; an empty room is one DrawError."""
    rng = _rng(2)
    assert pick_participant(["pa"], ["pa"], rng) == "pa"
    with pytest.raises(DrawError):
        pick_participant([], [], rng)


def test_the_question_is_about_the_segments_materi_and_prefers_unasked_ones() -> None:
    """A Narasumber 2 draw asks about adv_kisah_sukses items; asked questions come last."""
    activity = framework().activity("advokasi")
    items = segment_items(activity, ("adv_kisah_sukses",))
    ids = {item.id for item in items}
    assert ids and ids < {item.id for item in activity.items}
    bank = question_bank("advokasi")
    pool = [q.id for item in items for q in bank.for_item(item.id)]
    rng = _rng(3)
    asked: list[str] = []
    for _n in range(len(pool)):
        item_id, question_id = pick_question(items, bank, asked, rng)
        assert item_id in ids and question_id not in asked
        asked.append(question_id)
    assert sorted(asked) == sorted(pool)
    assert segment_items(activity, ()) == activity.items


def test_every_bimtek_talk_has_questions_for_its_materi_in_the_bimtek_bank() -> None:
    """Each bimtek session segment draws a question about its own materi from bimtek.yaml."""
    activity = framework().activity("bimtek")
    bank = question_bank("bimtek")
    for line in activity.rundown:
        if line.kind != "session":
            continue
        items = segment_items(activity, line.materi)
        item_id, question_id = pick_question(items, bank, [], _rng(4))
        assert framework().item(item_id).materi_id in line.materi
        assert bank.get(question_id).item_id == item_id
