"""The facilitator's "Minta bantuan" queue: who asked, where in the module, how long they wait.

One line per open request of the session, longest waiting first, each with "Selesai" (resolved:
recorded with who resolved it, :func:`kit.room.help_service.resolve`). The panel looks at the
database every :data:`LIVE_INTERVAL` seconds (like the checklist's ``start_live``): new requests
appear, cancelled or resolved ones go, waiting times grow. Its CLI twin is ``python -m kit help
list|resolve``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kit.i18n import gettext_, ngettext_
from kit.room import help_service
from kit.room.help_queue import RoomInputError
from kit.session_app.panels import PanelContext
from kit.ui import render, style_html
from kit.ui.live import Repeating
from kit.ui.widgets import box, button, close_tree, html
from kit.workspace import WorkspaceError

LIVE_INTERVAL = 5.0
LONG_WAIT_MINUTES = 5  # a wait this long is shown in red


def build(ctx: PanelContext) -> Any:
    """The help queue of ``ctx``'s session, refreshing itself."""
    panel = HelpPanel(ctx)
    panel.start_live()
    return panel.widget


class HelpPanel:
    """The queue's widgets: a count, one line per open request with its "Selesai" button."""

    def __init__(self, ctx: PanelContext):
        self.ctx = ctx
        self.head = html()
        self.status = html()
        self.rows = box([], ("kit-room-rows",))
        self.lines: dict[int, tuple[Any, Any, Any]] = {}  # request id → (row, text, button)
        # Stops by itself once the widget was closed; an error is logged and the timer goes on.
        self.live = Repeating(self.refresh, alive=lambda: self.widget.comm is not None,
                              name="help queue refresh")
        self.widget = box([html(style_html("room")), self.head, self.status, self.rows],
                          ("kit-room-panel",))
        self.refresh()

    def refresh(self) -> None:
        """Read the queue; add new lines, drop closed ones, update the waiting times."""
        try:
            queue = help_service.queue(self.ctx.workspace, self.ctx.session_id,
                                       lang=self.ctx.lang)
        except (RoomInputError, WorkspaceError) as exc:
            self._error(exc.message if isinstance(exc, RoomInputError) else str(exc))
            return
        n = len(queue)
        note = gettext_("Nobody is waiting.", self.ctx.lang) if n == 0 else ""
        self.head.value = render("heading.html.j2", self.ctx.lang, level=2, note=note, title=(
            ngettext_("{n} participant asks for help", "{n} participants ask for help", n,
                      self.ctx.lang).format(n=n)))
        wanted = {entry.request.id: entry for entry in queue}
        for request_id in [r for r in self.lines if r not in wanted]:
            close_tree(self.lines.pop(request_id)[0])
        for request_id, entry in wanted.items():
            if request_id not in self.lines:
                text = html()
                done = button(gettext_("Done, helped", self.ctx.lang), primary=True,
                              max_width="180px")
                done.on_click(lambda _b, rid=request_id: self.resolve(rid))
                row = w.HBox([text, done], layout=w.Layout(width="100%"))
                row.add_class("kit-room-row")
                self.lines[request_id] = (row, text, done)
            text = self.lines[request_id][1]
            text.value = render(
                "room_help_line.html.j2", self.ctx.lang, name=entry.request.name,
                place=entry.place, long=entry.waiting_minutes >= LONG_WAIT_MINUTES,
                waiting=ngettext_("waiting {n} minute", "waiting {n} minutes",
                                  entry.waiting_minutes, self.ctx.lang).format(
                    n=entry.waiting_minutes))
        self.rows.children = [self.lines[r][0] for r in wanted]

    def resolve(self, request_id: int) -> None:
        """Mark the request done (by the panel's actor) and refresh the queue."""
        try:
            help_service.resolve(self.ctx.workspace, self.ctx.session_id, request_id,
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
