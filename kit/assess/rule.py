"""The autograde rule: the level an item gets from a participant's self-paced answers.

The rule is one small, self-contained function. Its source text is copied verbatim into the
locked setup cell of every generated assignment, so ``nbgrader autograde`` (which runs the
release's cells) and the kit (which explains a score in the feedback) apply exactly the same
rule. It only *reads* data: the answers are JSON, never code.

Level per item (0/1/2, the rubric's levels, so points = level):

* +1 when the participant wrote an answer of at least ``min_chars`` characters;
* +1 when the participant gave at least one piece of practice evidence (a non-empty value,
  e.g. the address of an email sent, the link of a blog post or of a shop product).

A facilitator can always override the result (``python -m kit assess override``).
"""

from __future__ import annotations

import inspect
from typing import Any

MIN_ANSWER_CHARS = 20
ANSWERS_FILE = "umkm_answers.json"


def umkm_item_level(entry: Any, min_chars: int = MIN_ANSWER_CHARS) -> int:
    """Level 0/1/2 of one item from its answer entry (a dict from the answers JSON)."""
    if not isinstance(entry, dict):
        return 0
    answer = entry.get("answer")
    answered = isinstance(answer, str) and len(answer.strip()) >= min_chars
    evidence = entry.get("evidence")
    evidenced = isinstance(evidence, list) and any(
        isinstance(e, dict) and isinstance(e.get("value"), str) and bool(e["value"].strip())
        for e in evidence
    )
    return int(answered) + int(evidenced)


def rule_source() -> str:
    """The source text of :func:`umkm_item_level`, as pasted into the generated notebooks."""
    return inspect.getsource(umkm_item_level)
