"""The session app's widgets: a session picker, a "new session" form and one tab per panel.

What ``voila_apps/hari_kegiatan.py`` displays (:func:`session_page`). The rules (which session
opens, creating one, lazy panels) are in :mod:`kit.session_app.app`. The tab bar is a row of
toggle buttons that wraps on a narrow screen (no horizontal scrolling at 360 px); a tab's panel
is built the first time the tab is shown, so the app opens fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import ipywidgets as w

from kit.checklist.state import session_from_query
from kit.i18n import get_language, gettext_
from kit.session_app.app import (
    AppInputError,
    LazyPanels,
    NewSession,
    activity_choices,
    create_session,
    initial_session,
    session_choices,
)
from kit.session_app.panels import PanelContext, PanelSpec, title
from kit.ui import render, style_html
from kit.workspace import Workspace, WorkspaceError, open_workspace

CSS = style_html("session_app")  # kit/ui/css/session_app.css, read once
FULL = {"width": "100%", "max_width": "32em"}


def _message(kind: str, text: str, prefix: str = "") -> str:
    return render("message.html.j2", None, kind=kind, text=text, prefix=prefix)


def _close_tree(widget: Any) -> None:
    """Close ``widget`` and every widget below it (children first)."""
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()


class SessionApp:
    """The facilitator's day for one workspace; ``widget`` is what the page displays.

    Controls are attributes (``session_picker``, ``new_activity``, ``new_date``,
    ``new_district``, ``new_title``, ``new_venue``, ``create_button``, ``tab_bar``) so tests
    drive the app as a browser does.
    """

    def __init__(self, ws: Workspace, session_id: str | None = None, lang: str | None = None,
                 actor: str = "fasilitator", panels: Sequence[PanelSpec] | None = None,
                 builder: Callable[[PanelSpec], Callable[[PanelContext], Any]] | None = None
                 ) -> None:
        self.ws = ws
        self.lang = lang or get_language()
        self.actor = actor
        self.panels: LazyPanels[Any] = LazyPanels(panels, builder)
        self._syncing = False

        self.status = w.HTML(layout=w.Layout(min_height="1.6em"), _dom_classes=("kit-status",))
        self.session_picker = w.Dropdown(description=gettext_("Session", self.lang), options=[],
                                         layout=w.Layout(width="100%", max_width="40em"),
                                         style={"description_width": "5em"})
        self.new_button = w.Button(description=gettext_("New session", self.lang), icon="plus",
                                   layout=w.Layout(width="auto"), _dom_classes=("kit-sa-new-btn",))
        self.new_activity = w.Dropdown(description=gettext_("Activity", self.lang),
                                       options=activity_choices(self.lang),
                                       layout=w.Layout(**FULL),
                                       style={"description_width": "7em"},
                                       _dom_classes=("kit-sa-f-activity",))
        optional = gettext_("(optional)", self.lang)
        wide = {"layout": w.Layout(**FULL), "style": {"description_width": "7em"}}
        self.new_date = w.Text(description=gettext_("Date", self.lang),
                               value=date.today().isoformat(), placeholder="YYYY-MM-DD",
                               _dom_classes=("kit-sa-f-date",), **wide)
        self.new_district = w.Text(description=gettext_("District", self.lang),
                                   placeholder="Kabupaten Sragen",
                                   _dom_classes=("kit-sa-f-district",), **wide)
        self.new_title = w.Text(description=gettext_("Title", self.lang), placeholder=optional,
                                _dom_classes=("kit-sa-f-title",), **wide)
        self.new_venue = w.Text(description=gettext_("Venue", self.lang), placeholder=optional,
                                _dom_classes=("kit-sa-f-venue",), **wide)
        self.create_button = w.Button(description=gettext_("Create the session", self.lang),
                                      button_style="primary", layout=w.Layout(width="auto"),
                                      _dom_classes=("kit-sa-create",))
        self.new_form = w.VBox(
            [self.new_activity, self.new_date, self.new_district, self.new_title,
             self.new_venue, self.create_button],
            _dom_classes=("kit-sa-new",), layout=w.Layout(display="none"))
        self.tab_bar = w.ToggleButtons(
            options=[(title(spec, self.lang), n) for n, spec in enumerate(self.panels.specs)],
            style=w.ToggleButtonsStyle(button_width="auto"), _dom_classes=("kit-sa-tabs",))
        self.tab_body = w.Box(_dom_classes=("kit-sa-body",), layout=w.Layout(width="100%"))
        self.day = w.VBox([self.tab_bar, self.tab_body], _dom_classes=("kit-sa-day",))
        self.widget = w.VBox(
            [w.HTML(CSS),
             w.HTML(render("heading.html.j2", self.lang, level=2,
                           title=gettext_("The activity day", self.lang))),
             w.HBox([self.session_picker, self.new_button], _dom_classes=("kit-sa-top",)),
             self.new_form, self.status, self.day],
            _dom_classes=("kit-session-app",), layout=w.Layout(width="100%"))

        self.session_picker.observe(self._on_session, names="value")
        self.tab_bar.observe(self._on_tab, names="value")
        self.new_button.on_click(self._on_new)
        self.create_button.on_click(self._on_create)

        choices = session_choices(ws, self.lang)
        chosen, warning = initial_session(choices, session_id, self.lang)
        self._set_options(choices, chosen)
        self._show_session(chosen)
        if warning:
            self._error(warning)

    # -- reading -------------------------------------------------------------------------------

    @property
    def session_id(self) -> str | None:
        """The session shown (``None`` while there is none)."""
        context = self.panels.context
        return context.session_id if context else None

    def refresh_sessions(self) -> None:
        """Read the list of sessions again (keeps the one shown when it still exists)."""
        choices = session_choices(self.ws, self.lang)
        current = self.session_id
        ids = [sid for _label, sid in choices]
        self._set_options(choices, current if current in ids else (ids[0] if ids else None))

    def close(self) -> None:
        """Close every widget of the app, its built panels included."""
        for panel in self.panels.use(None):
            _close_tree(panel)
        _close_tree(self.widget)

    # -- events --------------------------------------------------------------------------------

    def _set_options(self, choices: list[tuple[str, str]], value: str | None) -> None:
        self._syncing = True
        try:
            self.session_picker.options = choices
            self.session_picker.value = value
        finally:
            self._syncing = False

    def _on_session(self, change: dict[str, Any]) -> None:
        if not self._syncing and change["new"]:
            self._show_session(str(change["new"]))

    def _show_session(self, session_id: str | None) -> None:
        context = PanelContext(self.ws, session_id, self.lang, self.actor) if session_id else None
        for panel in self.panels.use(context):
            _close_tree(panel)
        self.tab_body.children = []
        if context is None:
            self.day.layout.display = "none"
            self.new_form.layout.display = "flex"
            self._info(gettext_("There are no sessions yet: create the first one.", self.lang))
            return
        self.day.layout.display = "flex"
        if self.panels.specs:
            self._show_tab(int(self.tab_bar.value or 0))
        else:
            self._info(gettext_("No panel is installed yet.", self.lang))

    def _on_tab(self, change: dict[str, Any]) -> None:
        if change["new"] is not None and self.panels.context is not None:
            self._show_tab(int(change["new"]))

    def _show_tab(self, index: int) -> None:
        spec = self.panels.specs[index]
        try:
            panel = self.panels.panel(index)
        except Exception as exc:  # one panel's failure must not take the day down
            message = gettext_("The {panel} tab could not be opened: {error}", self.lang).format(
                panel=title(spec, self.lang), error=str(exc) or type(exc).__name__)
            panel = w.HTML(_message("kit-status-error", message, "⚠ "))
        self.tab_body.children = [panel]

    def _on_new(self, _button: w.Button | None = None) -> None:
        shown = self.new_form.layout.display != "none"
        self.new_form.layout.display = "none" if shown else "flex"

    def _on_create(self, _button: w.Button | None = None) -> None:
        form = NewSession(str(self.new_activity.value or ""), self.new_date.value,
                          self.new_district.value, self.new_title.value, self.new_venue.value)
        try:
            session, warnings = create_session(self.ws, form, self.lang)
        except AppInputError as exc:
            self._error(exc.line)
            return
        except WorkspaceError as exc:
            self._error(str(exc))
            return
        self.new_form.layout.display = "none"
        self.new_title.value = ""
        self.new_venue.value = ""
        self._set_options(session_choices(self.ws, self.lang), session.id)
        self._show_session(session.id)
        note = " ".join(warnings)
        self._ok(gettext_("Session created: {title} ({id}).", self.lang).format(title=session.title,
                                                               id=session.id)
                 + (" " + note if note else ""))

    # -- status line ---------------------------------------------------------------------------

    def _ok(self, text: str) -> None:
        self.status.value = _message("kit-status-ok", text, "✓ ")

    def _info(self, text: str) -> None:
        self.status.value = _message("kit-status-info", text)

    def _error(self, text: str) -> None:
        self.status.value = _message("kit-status-error", text, "⚠ ")


def session_app(workspace: Workspace | None = None, session_id: str | None = None,
                query_string: str | None = None, lang: str | None = None,
                panels: Sequence[PanelSpec] | None = None,
                builder: Callable[[PanelSpec], Callable[[PanelContext], Any]] | None = None
                ) -> SessionApp | w.HTML:
    """Build the app for a notebook or Voila page.

    The workspace defaults to ``$UMKM_KIT_WORKSPACE``; the session to ``?session=ID`` of the page
    URL (Voila passes it as ``$QUERY_STRING``), else the newest open session. Returns an HTML
    message instead of the app when the workspace cannot be opened.
    """
    if workspace is None:
        try:
            workspace = open_workspace(None)
        except WorkspaceError as exc:
            return w.HTML(_message("kit-status-error", str(exc), "⚠ "))
    if session_id is None:
        query = query_string if query_string is not None else os.environ.get("QUERY_STRING")
        session_id = session_from_query(query)
    return SessionApp(workspace, session_id=session_id, lang=lang, panels=panels,
                      builder=builder)


def session_page() -> w.Widget:
    """What ``voila_apps/hari_kegiatan.py`` displays: the app's widget, or why it cannot open."""
    app = session_app()
    return app.widget if isinstance(app, SessionApp) else app
