"""The room bar of every module page: "Minta bantuan" and "Tanya" (issue 13, the room).

A bar fixed at the bottom of the phone's screen (always reachable, thumb-sized, never over the
last lines: the page ends with a spacer as high as the bar) with two buttons:

* **Minta bantuan** records a help request for the participant, the activity and the section
  the page has open (:mod:`kit.room.help_service`); the bar then says "Bantuan sudah diminta —
  fasilitator akan datang" with "Batalkan". A second tap never queues twice. While a request is
  open the bar looks again every :data:`LIVE_INTERVAL` seconds, so it clears once the
  facilitator marked it done.
* **Tanya** opens a small box: a question for the room's Q&A (:mod:`kit.room.question_service`),
  trimmed, at most 300 characters, an empty one refused; the participant sees their own
  questions only.

Security (issue 10): the bar acts ONLY as the frame's current participant (in a classroom fixed by
the kernel's signed token), takes no participant or session id from the browser, and shows
nobody else's data. The session is the classroom's (the token's), else the open session of the
activity the participant is checked in to, else none (self-paced). The bar is built once with the
page; everything per-participant is read in :meth:`RoomBar.refresh`, which the frame calls after a
forked kernel learnt its participant (:mod:`kit.modules.page_rebind`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kit.i18n import _
from kit.modules.frame import ModuleFrame, box, button, html
from kit.room import help_service, question_service
from kit.room.help_queue import RoomInputError
from kit.room.questions import QUESTION_MAX, RoomQuestion
from kit.ui import render
from kit.ui.live import Repeating
from kit.workspace import WorkspaceError

LIVE_INTERVAL = 15.0  # seconds between two looks at an open request
Place = Callable[[], str | None]


def page_session(frame: ModuleFrame) -> str | None:
    """The session the frame's participant's requests and questions belong to (or ``None``).

    ``frame.session_id`` is the classroom's session from the kernel's signed token (or what the
    page's code gave); never anything the browser sent.
    """
    pid = frame.participant_id
    if pid is None:
        return None
    return help_service.session_of(frame.ctx.ws, pid, frame.activity.id, frame.session_id)


def ask_question(frame: ModuleFrame, text: str, place: str | None) -> RoomQuestion:
    """Record ``text`` as the frame's participant's question for the room's Q&A.

    Raises :class:`RoomInputError` (empty or too long) or ``RuntimeError`` when nobody is chosen.
    """
    pid = frame.session.require()
    return question_service.ask(frame.ctx.ws, pid, frame.activity.id, text, place,
                                page_session(frame))


class RoomBar:
    """The fixed bar: "Minta bantuan" (with its status and "Batalkan") and the "Tanya" box."""

    def __init__(self, frame: ModuleFrame, place: Place):
        self.frame = frame
        self.place = place
        self.help_button = button(_("Ask for help"), primary=True,
                                  classes=("kit-primary", "kit-help-ask"))
        self.help_button.on_click(lambda _b: self.ask_help())
        self.ask_button = button(_("Ask a question"), classes=("kit-secondary", "kit-help-q"))
        self.ask_button.on_click(lambda _b: self.toggle_question())
        self.cancel_button = button(_("Cancel the request"), classes=("kit-secondary",))
        self.cancel_button.on_click(lambda _b: self.cancel_help())
        self.status = html()
        self.text = w.Textarea(placeholder=_("Your question (at most {n} characters)").format(
            n=QUESTION_MAX), rows=3, layout=w.Layout(width="100%"))
        self.send_button = button(_("Send my question"), primary=True)
        self.send_button.on_click(lambda _b: self.send_question())
        self.close_button = button(_("Close the question box"), classes=("kit-secondary",))
        self.close_button.on_click(lambda _b: self.toggle_question(False))
        self.feedback = html()
        self.mine = html()
        self.question_box = box([self.text, w.HBox([self.send_button, self.close_button],
                                                   layout=w.Layout(width="100%")),
                                 self.feedback, self.mine], ("kit-help-question",))
        self.buttons = w.HBox([self.help_button, self.ask_button], layout=w.Layout(width="100%"))
        self.buttons.add_class("kit-help-buttons")
        self.requested = False
        self.in_session = True  # the open request belongs to a session (a facilitator sees it)
        self.asking = False
        # While a request is open the bar looks again every LIVE_INTERVAL s (it clears once done).
        self.live = Repeating(self.refresh, name="room bar refresh")
        self.widget = frame.root([self.status, self.buttons], ("kit-help-bar",))
        frame.on_participant(lambda _f: self.refresh())

    # ---------------------------------------------------------------- state

    def refresh(self) -> None:
        """Show the participant's open request (if any); nobody chosen: the buttons are off."""
        pid = self.frame.participant_id
        self.help_button.disabled = self.ask_button.disabled = pid is None
        if pid is None:
            self.requested = self.asking = False
            self.text.value = ""
            self.feedback.value = self.mine.value = ""
            self.status.value = ""
            self._show()
            return
        try:
            request = help_service.open_request(self.frame.ctx.ws, pid)
        except WorkspaceError as exc:
            self._error(str(exc))
            return
        self.requested = request is not None
        self.in_session = request is None or request.session_id is not None
        self.status.value = ""
        self._show()

    def _show(self) -> None:
        """Arrange the bar: the request's status or the two buttons, the question box if open."""
        parts: list[Any] = [self.status]
        if self.requested and self.in_session:
            self.status.value = render("message.html.j2", self.frame.lang, kind="kit-ok",
                                       prefix="✓ ", text=_(
                                           "Help requested — the facilitator will come"))
        elif self.requested:  # no session to show it in: nobody sees the queue
            self.status.value = render("message.html.j2", self.frame.lang, kind="kit-muted",
                                       text=_("Noted, but you are not checked in to a session "
                                              "today, so no facilitator sees it: raise your "
                                              "hand or ask the person next to you."))
        if self.requested:
            parts.append(self.cancel_button)
            if not self.live.running:
                self.live.start(LIVE_INTERVAL)
        else:
            parts.append(self.buttons)
            self.live.stop()
        if self.asking:
            parts.append(self.question_box)
        self.widget.children = parts

    def _error(self, message: str) -> None:
        self.status.value = render("message.html.j2", self.frame.lang, kind="kit-error",
                                   prefix="⚠ ", text=message)

    def _need_name(self) -> bool:
        if self.frame.participant_id is None:
            self._error(_("Choose your name at the top so that your progress is saved."))
            return True
        return False

    # ---------------------------------------------------------------- help

    def ask_help(self) -> None:
        """Record a help request at the open section (a second tap changes nothing)."""
        if self._need_name():
            return
        pid = self.frame.session.require()
        try:
            request, _new = help_service.request_help(
                self.frame.ctx.ws, pid, self.frame.activity.id, self.place(),
                page_session(self.frame))
        except (RoomInputError, WorkspaceError) as exc:
            self._error(exc.message if isinstance(exc, RoomInputError) else str(exc))
            return
        self.requested = True
        self.in_session = request.session_id is not None
        self._show()

    def cancel_help(self) -> None:
        """Cancel the participant's own open request."""
        if self._need_name():
            return
        try:
            help_service.cancel_help(self.frame.ctx.ws, self.frame.session.require())
        except WorkspaceError as exc:
            self._error(str(exc))
            return
        self.requested = False
        self.status.value = ""
        self._show()

    # ---------------------------------------------------------------- questions

    def toggle_question(self, show: bool | None = None) -> None:
        """Open or close the question box (it lists the participant's own questions)."""
        if self._need_name():
            return
        self.asking = not self.asking if show is None else show
        if self.asking:
            self.feedback.value = ""
            self._list_mine()
        self._show()

    def send_question(self) -> None:
        """Send the typed question; an empty or too long one is refused in one line."""
        if self._need_name():
            return
        try:
            asked = ask_question(self.frame, self.text.value, self.place())
        except RoomInputError as exc:
            self.feedback.value = render("message.html.j2", self.frame.lang, kind="kit-error",
                                         prefix="⚠ ", text=exc.message)
            return
        except WorkspaceError as exc:
            self.feedback.value = render("message.html.j2", self.frame.lang, kind="kit-error",
                                         prefix="⚠ ", text=str(exc))
            return
        self.text.value = ""
        self.feedback.value = render("message.html.j2", self.frame.lang, kind="kit-ok",
                                     prefix="✓ ", text=_(
                                         "Question sent. The facilitator will read it out in "
                                         "the question time.") if asked.session_id else _(
                                         "Question saved. You are not checked in to a session "
                                         "today, so it is not shown in a question time."))
        self._list_mine()

    def _list_mine(self) -> None:
        pid = self.frame.participant_id
        if pid is None:
            self.mine.value = ""
            return
        try:
            mine = question_service.own_questions(self.frame.ctx.ws, pid,
                                                  page_session(self.frame))
        except WorkspaceError as exc:
            self.mine.value = render("message.html.j2", self.frame.lang, kind="kit-error",
                                     text=str(exc))
            return
        self.mine.value = render("room_own_questions.html.j2", self.frame.lang,
                                 head=_("Your questions"), answered_label=_("answered in the room"),
                                 questions=[(q.text, q.answered) for q in mine[-5:]])

    # ---------------------------------------------------------------- live

