"""The room's questions for the Q&A segment, big enough for the projector, "Sudah dijawab".

What participants typed into the modules' "Tanya" boxes (and advokasi's Q&A tool) during the
session, oldest first, with who asked and where in the module; each unanswered one has "Sudah
dijawab" (recorded with who marked it, :func:`kit.room.question_service.answer`); answered ones
stay below, greyed. New questions appear by themselves (a look at the database every
:data:`LIVE_INTERVAL` seconds). Its CLI twin is ``python -m kit questions list|answer``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kit.i18n import gettext_, ngettext_
from kit.room import question_service
from kit.room.help_queue import RoomInputError, place_title
from kit.room.questions import RoomQuestion
from kit.session_app.panels import PanelContext
from kit.ui import render, style_html
from kit.ui.live import Repeating
from kit.ui.widgets import box, button, close_tree, html
from kit.workspace import WorkspaceError

LIVE_INTERVAL = 5.0


def build(ctx: PanelContext) -> Any:
    """The room's questions of ``ctx``'s session, refreshing themselves."""
    panel = QuestionsPanel(ctx)
    panel.start_live()
    return panel.widget


class QuestionsPanel:
    """The questions' widgets: a count, the open questions (big), then the answered ones."""

    def __init__(self, ctx: PanelContext):
        self.ctx = ctx
        self.head = html()
        self.status = html()
        self.rows = box([], ("kit-room-rows", "kit-room-questions"))
        self.lines: dict[int, tuple[Any, Any, bool]] = {}  # question id → (row, text, answered)
        # Stops by itself once the widget was closed; an error is logged and the timer goes on.
        self.live = Repeating(self.refresh, alive=lambda: self.widget.comm is not None,
                              name="room questions refresh")
        self.widget = box([html(style_html("room")), self.head, self.status, self.rows],
                          ("kit-room-panel",))
        self.refresh()

    def _who(self, q: RoomQuestion) -> str:
        place = place_title(q.activity_id, q.place, self.ctx.lang)
        who = gettext_("{name} · {place}", self.ctx.lang).format(name=q.name, place=place)
        if q.answered:
            who += " · " + gettext_("answered in the room", self.ctx.lang)
        return who

    def refresh(self) -> None:
        """Read the session's questions; add new ones, move answered ones below."""
        try:
            found = question_service.for_session(self.ctx.workspace, self.ctx.session_id)
        except (RoomInputError, WorkspaceError) as exc:
            self._error(exc.message if isinstance(exc, RoomInputError) else str(exc))
            return
        waiting = [q for q in found if not q.answered]
        done = len(found) - len(waiting)
        note = gettext_("No questions yet: participants type them in the modules "
                        "(\"Ask a question\").", self.ctx.lang) if not found else ""
        if done:
            note = ngettext_("{n} already answered", "{n} already answered", done,
                             self.ctx.lang).format(n=done)
        self.head.value = render(
            "heading.html.j2", self.ctx.lang, level=2, note=note, title=ngettext_(
                "{n} question from the room", "{n} questions from the room", len(waiting),
                self.ctx.lang).format(n=len(waiting)))
        ordered = waiting + [q for q in found if q.answered]
        for q in ordered:
            known = self.lines.get(q.id)
            if known is not None and known[2] == q.answered:
                continue
            if known is not None:
                close_tree(known[0])
            text = html(render("room_question_line.html.j2", self.ctx.lang, text=q.text,
                               who=self._who(q), answered=q.answered))
            parts: list[Any] = [text]
            if not q.answered:
                done = button(gettext_("Mark answered", self.ctx.lang), primary=True,
                              max_width="200px")
                done.on_click(lambda _b, qid=q.id: self.answer(qid))
                parts.append(done)
            row = w.HBox(parts, layout=w.Layout(width="100%"))
            row.add_class("kit-room-row")
            self.lines[q.id] = (row, text, q.answered)
        self.rows.children = [self.lines[q.id][0] for q in ordered]

    def answer(self, question_id: int) -> None:
        """Mark the question answered (by the panel's actor) and refresh."""
        try:
            question_service.answer(self.ctx.workspace, self.ctx.session_id, question_id,
                                    self.ctx.actor)
        except (RoomInputError, WorkspaceError) as exc:
            self._error(exc.message if isinstance(exc, RoomInputError) else str(exc))
            return
        self.status.value = ""
        self.refresh()

    def _error(self, message: str) -> None:
        self.status.value = render("message.html.j2", self.ctx.lang, kind="kit-error",
                                   prefix="⚠ ", text=message)

    # ---------------------------------------------------------------- live

    def start_live(self, interval: float = LIVE_INTERVAL) -> None:
        """Refresh every ``interval`` seconds on the kernel's event loop."""
        self.live.start(interval)

    def stop_live(self) -> None:
        """Stop refreshing (also when the panel's widget was closed)."""
        self.live.stop()
