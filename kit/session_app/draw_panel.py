"""Random questions (*pertanyaan acak*, Table 3.3): draw a present participant and a question.

"Draw a participant" picks a present UMKM owner (never the one drawn last) and a question of the
activity's bank for the running rundown segment's materi, shown large for the room; one button
per level of the rubric (its labels from the framework) records the answer as evidence for the
item; the list shows the draws so far. Every rule is in :mod:`kit.room.random_draw`, every write
in :mod:`kit.room.draw_service`; this module only wires widgets.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kit.framework import framework
from kit.i18n import gettext_
from kit.modules.quiz import QuestionBank, question_bank
from kit.room import draw_service
from kit.session_app.panels import PanelContext
from kit.ui import render, style_html
from kit.ui.widgets import box, button, html
from kit.workspace import WorkspaceError


class DrawPanel:
    """The random-question panel of one session (``.widget`` is what the app shows)."""

    def __init__(self, ctx: PanelContext) -> None:
        self.ctx = ctx
        self.lang = ctx.lang
        fw = framework()
        self.labels = {lv.level: lv.title.get(self.lang) for lv in fw.rubric.levels}
        self.draw_button = button(gettext_("Draw a participant", self.lang), primary=True,
                                  max_width="100%", classes=("kit-draw-go",))
        self.draw_button.on_click(lambda _b: self.draw())
        self.card = html(classes=("kit-draw-now",))
        self.status = html()
        self.level_buttons: dict[int, Any] = {}
        for level in sorted(self.labels, reverse=True):
            b = button(f"{level} · {self.labels[level]}")
            b.on_click(lambda _b, lv=level: self.answer(lv))
            b.disabled = True
            self.level_buttons[level] = b
        levels = w.HBox(list(self.level_buttons.values()), layout=w.Layout(width="100%"))
        levels.add_class("kit-draw-levels")
        self.history = html()
        heading = html(render("label.html.j2", self.lang,
                              label=gettext_("Random questions so far", self.lang)))
        self.widget = box([html(style_html("session_rundown")), self.draw_button, self.card,
                           levels, self.status, heading, self.history], classes=("kit-draw",))
        self.current: draw_service.Draw | None = None
        self._bank: QuestionBank | None = None
        self.refresh()

    def _question_bank(self) -> QuestionBank:
        if self._bank is None:
            activity_id = draw_service.activity_of(self.ctx.workspace, self.ctx.session_id)
            self._bank = question_bank(activity_id)
        return self._bank

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.value = render("message.html.j2", self.lang,
                                   kind="kit-error" if error else "kit-ok",
                                   prefix="⚠ " if error else "", text=text)

    def _show_card(self) -> None:
        made = self.current
        if made is None:
            self.card.value = ""
            return
        fw = framework()
        try:
            question = self._question_bank().get(made.question_id).prompt.get(self.lang)
        except KeyError:
            question = made.question_id
        self.card.value = render(
            "session_draw.html.j2", self.lang, name=made.participant_name,
            item=fw.item(made.item_id).title.get(self.lang), question=question,
            level_label=None if made.level is None else
            f"{made.level} · {self.labels.get(made.level, '')}")
        for b in self.level_buttons.values():
            b.disabled = False

    def refresh(self) -> None:
        """Read the session's draws again and show them (the newest first)."""
        try:
            made = draw_service.draws(self.ctx.workspace, self.ctx.session_id)
        except (draw_service.DrawServiceError, WorkspaceError) as exc:
            self._say(getattr(exc, "message", str(exc)), error=True)
            return
        fw = framework()
        rows = [{"name": d.participant_name, "item": fw.item(d.item_id).title.get(self.lang),
                 "level_label": None if d.level is None else
                 f"{d.level} · {self.labels.get(d.level, '')}"} for d in reversed(made)]
        self.history.value = render("session_draw_list.html.j2", self.lang, rows=rows)

    def draw(self) -> None:
        """Draw a participant and a question, show them large and save the draw."""
        try:
            self.current = draw_service.draw(self.ctx.workspace, self.ctx.session_id,
                                             self._question_bank())
        except (draw_service.DrawServiceError, WorkspaceError) as exc:
            self._say(getattr(exc, "message", str(exc)), error=True)
            return
        self.status.value = ""
        self._show_card()
        self.refresh()

    def answer(self, level: int) -> None:
        """Record the level of the shown draw's answer (as evidence for its item)."""
        made = self.current
        if made is None:
            return
        try:
            self.current = draw_service.answer(self.ctx.workspace, self.ctx.session_id, made.id,
                                               level, facilitator=self.ctx.actor)
        except (draw_service.DrawServiceError, WorkspaceError) as exc:
            self._say(getattr(exc, "message", str(exc)), error=True)
            return
        self._say(gettext_("Recorded: {name}, level {level} ({label})", self.lang).format(
            name=made.participant_name, level=level, label=self.labels.get(level, "")))
        self._show_card()
        self.refresh()


def build(ctx: PanelContext) -> Any:
    """The random-question panel of ``ctx``'s session."""
    panel = DrawPanel(ctx)
    panel.widget.panel = panel
    return panel.widget
