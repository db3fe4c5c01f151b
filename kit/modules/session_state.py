"""A module's state and rules, apart from its widgets: who is served, what they achieved.

:class:`ModuleSession` holds the participant, their saved state and item levels, the sections
of the page and the classroom identity lock; it records scores and evidence and does the
progress arithmetic. It uses no ipywidgets, so it is tested alone
(``tests/modules/test_session_state.py``); :class:`kit.modules.frame.ModuleFrame` is its view.

Where a module's quiz is scored: :func:`kit.modules.quiz.grade` turns answers into a level and
:meth:`ModuleSession.record_score` records it (the facilitator's level stands).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.framework import Item, framework
from kit.modules.content import ModuleContent, module_content
from kit.modules.identity import (
    CLASSROOM,
    LOCAL,
    ROSTER,
    Context,
    classroom_identity,
    forget_profile,
    load_profile,
    resolve_context,
    save_profile,
)
from kit.modules.identity_memory import forget_choice, remember_choice, remembered_choice
from kit.modules.store import ModuleState, item_levels, load_state, save_evidence
from kit.records.participants import Participant

log = logging.getLogger(__name__)


class IdentityLocked(PermissionError):
    """In a classroom kernel, an attempt to serve anyone but the participant of its token."""


@dataclass(frozen=True)
class Progress:
    """Where the participant stands: items achieved, sections finished, where to continue."""

    achieved: int
    total: int
    done: int
    sections: int
    next_id: str | None
    next_title: str | None


@dataclass(frozen=True)
class ItemStanding:
    """One item of the summary: its level (``None``: not yet checked) and whether it counts."""

    item: Item
    level: int | None
    achieved: bool


class ModuleSession:
    """The state and rules of one participant module page (no widgets)."""

    def __init__(self, module_id: str, *, workspace: Path | None = None,
                 local_home: Path | None = None, content: ModuleContent | None = None,
                 session_id: str | None = None):
        self.fw = framework()
        self.content = content or module_content(module_id)
        self.module_id = module_id
        self.activity = self.fw.activity(self.content.activity_id)
        self.items: tuple[Item, ...] = self.activity.items
        self.ctx: Context = resolve_context(workspace, local_home)
        self.session_id = session_id
        self.participant: Participant | None = None
        self.state = ModuleState()
        self.levels: dict[str, int] = {}
        self.section_ids: list[str] = []
        self.section_titles: dict[str, str] = {}
        # In a classroom kernel: the participant its signed token names (nobody else is served).
        self.token_participant: str | None = None
        self._where = (workspace, local_home, session_id)

    # ---------------------------------------------------------------- who is served

    def visitor(self) -> Participant | None:
        """Who this kernel serves without asking: the local profile, or the classroom's token."""
        if self.ctx.mode == LOCAL:
            return load_profile(self.ctx)
        if self.ctx.mode == CLASSROOM:  # the classroom server knows who this kernel serves
            known = classroom_identity(self.ctx)
            if known is not None:
                self.session_id = self.session_id or known.session_id
                self.token_participant = known.participant.id
                return known.participant
        return None

    def remembered(self) -> Participant | None:
        """Roster mode on one's own machine: who chose themselves last here (to confirm).

        Never anybody in a classroom (the signed token alone says who is served).
        """
        if self.ctx.mode != ROSTER:
            return None
        return remembered_choice(self.ctx.ws)

    def renew_context(self) -> None:
        """After a fork: resolve the workspace and mode again and forget the build's token."""
        workspace, local_home, session_id = self._where
        self.ctx = resolve_context(workspace, local_home)
        self.session_id = session_id
        self.token_participant = None

    @property
    def participant_id(self) -> str | None:
        """The current participant's id, or ``None`` before anyone is chosen."""
        return self.participant.id if self.participant else None

    def check_allowed(self, participant: Participant | None) -> None:
        """Raise :class:`IdentityLocked` for anyone a classroom kernel's token does not name."""
        if self.ctx.mode != CLASSROOM or participant is None:
            return
        if participant.id != self.token_participant:
            log.warning("classroom kernel: refused to switch to participant %s", participant.id)
            raise IdentityLocked(participant.id)

    def set_participant(self, participant: Participant | None) -> None:
        """Switch to ``participant`` (``None``: nobody) and load their saved state and levels.

        In a classroom kernel only the participant of its signed token (or nobody) can be set:
        anyone else raises :class:`IdentityLocked`.
        """
        self.check_allowed(participant)
        self.participant = participant
        if participant is None:
            self.state, self.levels = ModuleState(), {}
        else:
            self.state = load_state(self.ctx.ws, participant.id, self.module_id)
            self.levels = item_levels(self.ctx.ws, participant.id, (i.id for i in self.items))

    def remember(self, participant: Participant) -> None:
        """Check ``participant`` is allowed, then keep them for the next visit on this machine.

        The local profile in local mode; in roster mode (no classroom) the remembered choice.
        """
        self.check_allowed(participant)
        if self.ctx.mode == LOCAL:
            save_profile(self.ctx, participant)
        elif self.ctx.mode == ROSTER:
            remember_choice(self.ctx.ws, participant.id)

    def forget(self) -> None:
        """Forget the local profile, or the participant remembered in roster mode."""
        if self.ctx.mode == LOCAL:
            forget_profile(self.ctx)
        elif self.ctx.mode == ROSTER:
            forget_choice(self.ctx.ws)

    def require(self) -> str:
        """The current participant's id; ``RuntimeError`` when nobody is chosen."""
        if self.participant is None:
            raise RuntimeError("no participant chosen")
        return self.participant.id

    # ---------------------------------------------------------------- what is recorded

    def record_score(self, item_id: str, level: int, details: dict[str, Any]) -> int:
        """Record a level the module established (source ``autograde``); return the deciding one.

        If the facilitator already set a level for the item, theirs stands (see
        :func:`kit.assess.observe.record_evidence_score`).
        """
        from kit.assess.observe import record_evidence_score  # heavy (gradebook): load on use

        pid = self.require()
        entry = record_evidence_score(self.ctx.ws, pid, item_id, level, details=details,
                                      session_id=self.session_id)
        self.levels[item_id] = entry.level
        return int(entry.level)

    def save(self, item_id: str, kind: str, payload: dict[str, Any]) -> None:
        """Append evidence (``payload`` gets the module id) and keep the in-memory state in step."""
        pid = self.require()
        data = {"module": self.module_id, **payload}
        save_evidence(self.ctx.ws, pid, item_id, kind, data)
        if kind == "section_done":
            self.state.sections_done.add(str(data.get("section", item_id)))
        elif kind == "quiz":
            self.state.quizzes.setdefault(item_id, []).append(data)
        elif kind == "tool":
            self.state.tools[str(data.get("tool"))] = dict(data.get("state") or {})

    def mark_done(self, section_id: str) -> bool:
        """Record that a section is finished; ``False`` when it already was (nothing saved)."""
        if section_id in self.state.sections_done:
            return False
        self.save(section_id, "section_done", {"section": section_id})
        return True

    # ---------------------------------------------------------------- progress arithmetic

    def is_achieved(self, level: int | None) -> bool:
        """Whether ``level`` counts as achieved on the framework's rubric."""
        return level is not None and self.fw.rubric.is_achieved(level)

    def achieved(self) -> list[Item]:
        """The module's items whose latest level counts as achieved."""
        return [i for i in self.items if self.fw.rubric.is_achieved(self.levels.get(i.id, -1))]

    def register_section(self, section_id: str, title: str) -> bool:
        """Count a section in the progress; ``False`` when it was already counted."""
        if section_id in self.section_ids:
            return False
        self.section_ids.append(section_id)
        self.section_titles[section_id] = title
        return True

    def section_done(self, section_id: str) -> bool:
        """Whether the current participant finished ``section_id``."""
        return section_id in self.state.sections_done

    def progress(self) -> Progress:
        """Items achieved, sections finished and the first unfinished section."""
        todo = [s for s in self.section_ids if s not in self.state.sections_done]
        first = todo[0] if todo else None
        return Progress(achieved=len(self.achieved()), total=len(self.items),
                        done=len(self.section_ids) - len(todo), sections=len(self.section_ids),
                        next_id=first,
                        next_title=self.section_titles.get(first, first) if first else None)

    def standings(self) -> list[ItemStanding]:
        """Every item of the module with its deciding level, in the module's order."""
        return [ItemStanding(item=i, level=self.levels.get(i.id),
                             achieved=self.is_achieved(self.levels.get(i.id)))
                for i in self.items]
