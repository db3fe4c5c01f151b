"""The rundown on the projector: what runs now, its speaker, a big countdown, what comes next.

Under it the buttons Start / Next / +5 minutes / Finish and the editable plan (start, minutes
and speaker of every line; the speaker field shows the role the guide's strategy table proposes).
Every rule lives in :mod:`kit.rundown` (``plan``, ``live``) and every write in
:mod:`kit.rundown.service`; this module only wires widgets. The countdown updates itself once a
second on the kernel's event loop (as the checklist's live refresh does,
:meth:`kit.checklist.widget.ChecklistWidget.start_live`) and re-reads the table every
:data:`REREAD_EVERY` ticks, so a change made from the command line shows too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import ipywidgets as w

from kit.i18n import gettext_
from kit.records.clock import now
from kit.rundown import plan
from kit.rundown import service as rundown
from kit.rundown.live import countdown
from kit.session_app.panels import PanelContext
from kit.ui import render, style_html
from kit.ui.live import Repeating
from kit.ui.widgets import box, button, html
from kit.workspace import WorkspaceError

TICK_SECONDS = 1.0
REREAD_EVERY = 10
EXTEND_MINUTES = 5


class RundownPanel:
    """The rundown panel of one session (``.widget`` is what the app shows)."""

    def __init__(self, ctx: PanelContext) -> None:
        self.ctx = ctx
        self.lang = ctx.lang
        self.projector = html(classes=("kit-rd-projector",))
        self.status = html()
        self.start_button = button(gettext_("Start", self.lang), primary=True)
        self.next_button = button(gettext_("Next", self.lang), primary=True)
        self.extend_button = button(gettext_("+{n} minutes", self.lang).format(n=EXTEND_MINUTES))
        self.finish_button = button(gettext_("Finish", self.lang))
        self.save_button = button(gettext_("Save the plan", self.lang), primary=True)
        self.start_button.on_click(lambda _b: self._act(rundown.start))
        self.next_button.on_click(lambda _b: self._act(rundown.advance))
        self.extend_button.on_click(
            lambda _b: self._act(lambda ws, sid: rundown.extend(ws, sid, EXTEND_MINUTES)))
        self.finish_button.on_click(lambda _b: self._act(rundown.finish))
        self.save_button.on_click(lambda _b: self.save())
        self.starts: list[Any] = []
        self.minutes: list[Any] = []
        self.speakers: list[Any] = []
        self.rows = box([])
        buttons = w.HBox([self.start_button, self.next_button, self.extend_button,
                          self.finish_button], layout=w.Layout(width="100%"))
        buttons.add_class("kit-rd-buttons")
        heading = html(render("label.html.j2", self.lang,
                              label=gettext_("The day's plan", self.lang)))
        self.widget = box([html(style_html("session_rundown")), self.projector, buttons,
                           self.status, heading, self.rows, self.save_button],
                          classes=("kit-rundown",))
        # Stops by itself once the app closed the panel (another session was chosen).
        self.live = Repeating(self._countdown_tick, alive=lambda: self.widget.comm is not None,
                              name="rundown countdown")
        self._ticks = 0
        self.current: rundown.Rundown | None = None
        self.reload()

    # -- reading and showing ---------------------------------------------------------------

    def reload(self) -> None:
        """Read the rundown from the workspace (made from the framework the first time)."""
        try:
            self.current = rundown.load(self.ctx.workspace, self.ctx.session_id)
        except (rundown.RundownError, WorkspaceError) as exc:
            self._say(getattr(exc, "message", str(exc)), error=True)
            return
        self._build_rows()
        self.show()

    def _build_rows(self) -> None:
        found = self.current
        if found is None:
            return
        self.starts, self.minutes, self.speakers = [], [], []
        rows = []
        for s in found.segments:
            line = html(render("label.html.j2", self.lang,
                               label=plan.title(found.activity, s.segment_id, self.lang)),
                        classes=("kit-rd-line",))
            start = w.Text(value=s.planned_start, placeholder="HH:MM",
                           description_allow_html=False, layout=w.Layout(width="auto"))
            start.add_class("kit-rd-start-in")
            minutes = w.Text(value=str(s.planned_minutes), layout=w.Layout(width="auto"))
            minutes.add_class("kit-rd-minutes-in")
            speaker = w.Text(value=s.speaker or "",
                             placeholder=plan.speaker_hint(found.activity, s.segment_id,
                                                           self.lang)
                             or gettext_("Speaker's name", self.lang),
                             layout=w.Layout(width="auto"))
            speaker.add_class("kit-rd-speaker-in")
            self.starts.append(start)
            self.minutes.append(minutes)
            self.speakers.append(speaker)
            row = w.HBox([line, start, minutes, speaker], layout=w.Layout(width="100%"))
            row.add_class("kit-rd-row")
            rows.append(row)
        head = w.HBox([html(render("label.html.j2", self.lang, label=text), classes=classes)
                       for text, classes in (
                           (gettext_("Rundown line", self.lang), ("kit-rd-line",)),
                           (gettext_("Starts at (HH:MM)", self.lang), ("kit-rd-col",)),
                           (gettext_("Length (minutes)", self.lang), ("kit-rd-col",)),
                           (gettext_("Speaker's name", self.lang),
                            ("kit-rd-col", "kit-rd-col-speaker")))],
                      layout=w.Layout(width="100%"))
        head.add_class("kit-rd-row")
        head.add_class("kit-rd-head")
        self.rows.children = [head, *rows]

    def _fill_rows(self) -> None:
        """Show the stored plan in the table's fields (an extension moves later starts)."""
        found = self.current
        if found is None or len(found.segments) != len(self.starts):
            self._build_rows()
            return
        for s, start, minutes, speaker in zip(found.segments, self.starts, self.minutes,
                                              self.speakers, strict=True):
            start.value = s.planned_start
            minutes.value = str(s.planned_minutes)
            speaker.value = s.speaker or ""

    def show(self, clock: datetime | None = None) -> None:
        """Draw the projector view for ``clock`` (default now) from the rundown read last."""
        found = self.current
        if found is None:
            return
        view = found.view(clock or now())
        activity, lang = found.activity, self.lang
        closed = found.session.status != "open"
        upcoming = view.next
        context: dict[str, Any] = {
            "title": None, "state": "", "next_title": None, "next_speaker": None,
            "next_start": upcoming.planned_start if upcoming else "",
        }
        if upcoming is not None:
            context["next_title"] = plan.title(activity, upcoming.segment_id, lang)
            context["next_speaker"] = upcoming.speaker
        if view.current is not None and view.seconds_left is not None:
            context.update(
                title=plan.title(activity, view.current.segment_id, lang),
                speaker=view.current.speaker, left=countdown(view.seconds_left),
                over=view.over_time,
                planned=gettext_("{start}–{end}, {n} minutes", lang).format(
                    start=view.current.planned_start, end=view.current.planned_end,
                    n=view.current.planned_minutes))
        elif view.state == "finished":
            context["state"] = gettext_("No segment is running now.", lang)
        else:
            context["state"] = gettext_("The session has not started yet.", lang)
        self.projector.value = render("session_rundown_now.html.j2", lang, **context)
        running = view.state == "running"
        self.start_button.disabled = closed or running or upcoming is None
        self.next_button.disabled = closed or not running
        self.extend_button.disabled = closed or not running
        self.finish_button.disabled = closed or not running
        self.save_button.disabled = closed
        for field in (*self.starts, *self.minutes, *self.speakers):
            field.disabled = closed

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.value = render("message.html.j2", self.lang,
                                   kind="kit-error" if error else "kit-ok",
                                   prefix="⚠ " if error else "", text=text)

    # -- actions ---------------------------------------------------------------------------

    def _act(self, action: Any) -> None:
        try:
            self.current = action(self.ctx.workspace, self.ctx.session_id)
        except (rundown.RundownError, WorkspaceError) as exc:
            self._say(getattr(exc, "message", str(exc)), error=True)
            return
        self.status.value = ""
        self._fill_rows()
        self.show()

    def save(self) -> None:
        """Save the plan as typed (an overlap or a bad time: one line, nothing saved)."""
        found = self.current
        if found is None:
            return
        edits = []
        for s, start, minutes, speaker in zip(found.segments, self.starts, self.minutes,
                                              self.speakers, strict=True):
            text = minutes.value.strip()
            if not text.lstrip("-").isdigit():
                self._say("{line}: {why}".format(
                    line=plan.title(found.activity, s.segment_id, self.lang),
                    why=gettext_("write the minutes as a whole number, not {given!r}",
                                 self.lang).format(given=text)), error=True)
                return
            edits.append((s.segment_id, start.value, int(text), speaker.value))
        try:
            self.current = rundown.save_plan(self.ctx.workspace, self.ctx.session_id, edits)
        except (rundown.RundownError, WorkspaceError) as exc:
            self._say(getattr(exc, "message", str(exc)), error=True)
            return
        self._say(gettext_("Plan saved.", self.lang))
        self._fill_rows()
        self.show()

    # -- the countdown ---------------------------------------------------------------------

    def start_live(self) -> None:
        """Update the countdown every second on the kernel's event loop."""
        self.live.start(TICK_SECONDS)

    def stop_live(self) -> None:
        """Stop updating the countdown."""
        self.live.stop()

    def _countdown_tick(self) -> None:
        self._ticks += 1
        try:
            if self._ticks % REREAD_EVERY == 0:
                self.current = rundown.load(self.ctx.workspace, self.ctx.session_id)
            self.show()
        except (rundown.RundownError, WorkspaceError) as exc:
            self._say(getattr(exc, "message", str(exc)), error=True)


def build(ctx: PanelContext) -> Any:
    """The rundown panel of ``ctx``'s session, its countdown running."""
    panel = RundownPanel(ctx)
    panel.start_live()
    panel.widget.panel = panel
    return panel.widget

