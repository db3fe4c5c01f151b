"""Random questions (*pertanyaan acak*, Table 3.3): who is drawn and which question (pure rules).

:func:`pick_participant` draws one of the people PRESENT (checked in), never the person drawn
last (unless they are the only one present), preferring those drawn the fewest times so far —
so everyone present is asked once before anyone is asked twice. :func:`pick_question` takes the
items of the running segment's materi (all of the activity's items when the segment has none,
e.g. a break) and a question of the bank about one of them, preferring questions not yet asked
in the session. The bank is passed in (anything with ``for_item(item_id)`` returning questions
with an ``id``, such as :class:`kit.modules.quiz.QuestionBank`).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from kit.framework import Activity, Item
from kit.i18n import _


class DrawError(ValueError):
    """A draw that cannot be made (one translated line)."""


class BankQuestion(Protocol):
    """What a draw needs of a question: its id."""

    @property
    def id(self) -> str:
        """The question's id in its bank."""
        ...


class QuestionSource(Protocol):
    """What a draw needs of a question bank: the questions about one item."""

    def for_item(self, item_id: str) -> Sequence[BankQuestion]:
        """The questions about ``item_id``."""
        ...


def pick_participant(present: Sequence[str], drawn: Sequence[str], rng: random.Random) -> str:
    """One of ``present``: not the last of ``drawn`` (the draws so far, in order), least drawn.

    Raises :class:`DrawError` when nobody is present.
    """
    if not present:
        raise DrawError(_("nobody is checked in to this session yet: check participants in "
                          "first"))
    pool = sorted(set(present))
    if drawn and len(pool) > 1:
        pool = [p for p in pool if p != drawn[-1]]
    times = Counter(drawn)
    fewest = min(times[p] for p in pool)
    return rng.choice([p for p in pool if times[p] == fewest])


def segment_items(activity: Activity, materi_ids: Sequence[str]) -> tuple[Item, ...]:
    """The items of the given materi of ``activity`` (all its items when none are given)."""
    if not materi_ids:
        return activity.items
    wanted = set(materi_ids)
    return tuple(item for m in activity.materi if m.id in wanted for item in m.items)


def pick_question(items: Sequence[Item], bank: QuestionSource, asked: Sequence[str],
                  rng: random.Random) -> tuple[str, str]:
    """``(item id, question id)``: a question about one of ``items``, preferring unasked ones.

    Raises :class:`DrawError` when the bank has no question about any of the items.
    """
    candidates = [(item.id, q.id) for item in items for q in bank.for_item(item.id)]
    if not candidates:
        raise DrawError(_("the question bank has no question for this segment's materi"))
    seen = set(asked)
    fresh = [c for c in candidates if c[1] not in seen]
    return rng.choice(fresh or candidates)
