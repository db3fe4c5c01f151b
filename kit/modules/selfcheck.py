"""The stage self-check: a few yes / partly / not-yet answers mapped to the five stages.

Each stage of chapter II has one question (``assessments/selfchecks/<module>.yaml``). Only a clear
"yes" counts. The stage *reached* is the last one in an unbroken run of "yes" from the first
stage (the stages build on each other, as in the framework's stage rule); the stage *to work on*
is the next one. A "yes" further on, after a gap, is reported as a *head start* so the answer is
not lost, but it does not skip the gap. This is a self-assessment to guide the participant; it is
stored as evidence, never as a score.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from kit.modules.content import SelfCheck

YES, PARTLY, NOT_YET = "yes", "partly", "not_yet"
ANSWERS = (YES, PARTLY, NOT_YET)


@attrs.frozen
class SelfCheckResult:
    """Where the business stands: stage reached, stage to work on, and stages already started."""

    reached: str | None
    working_on: str | None
    head_start: tuple[str, ...]
    unanswered: tuple[str, ...]


def assess(check: SelfCheck, answers: Mapping[str, str]) -> SelfCheckResult:
    """Map answers (question id → ``yes``/``partly``/``not_yet``) to stages.

    Raises ``ValueError`` for an answer outside :data:`ANSWERS`.
    """
    for qid, value in answers.items():
        if value not in ANSWERS:
            raise ValueError(f"{qid}: {value!r} is not one of {ANSWERS}")
    reached: str | None = None
    working_on: str | None = None
    head_start: list[str] = []
    unanswered = tuple(q.id for q in check.questions if q.id not in answers)
    broken = False
    for q in check.questions:
        yes = answers.get(q.id) == YES
        if not broken and yes:
            reached = q.stage
        elif not broken:
            broken = True
            working_on = q.stage
        elif answers.get(q.id) in (YES, PARTLY):
            head_start.append(q.stage)
    return SelfCheckResult(reached=reached, working_on=working_on,
                           head_start=tuple(head_start), unanswered=unanswered)
