"""The module frame: the same opening, identity, progress and summary for every module.

A page builds one :class:`ModuleFrame` and displays, in order::

    frame.style()         # the phone-first CSS (once)
    frame.header()        # title, duration, what you do / learn / need, items
    frame.identity()      # pick yourself from the roster / register / local profile
    frame.progress()      # items achieved out of the module's items (sticky at the top)
    ...sections...        # frame.item_section(item_id, extra=[...]) or frame.section(...)
    frame.summary()       # achieved items and the submission file download

The frame is the VIEW. The state and rules (participant, levels, sections done, progress
arithmetic, what is saved, the classroom identity lock) live in
:class:`kit.modules.session_state.ModuleSession` (``frame.session``), which uses no widgets; the
roster picker and the registration form are in :mod:`kit.modules.identity_widgets`; the widget
builders, CSS and HTML templates in :mod:`kit.ui`.

Sections and tools talk to the frame, never to the database directly: :meth:`record_score`
(knowledge checks and practice actions → ``record_evidence_score``), :meth:`save` (evidence such
as a tool's state), :meth:`mark_done`, and :meth:`on_participant` to restore their state when the
participant changes. See ``kit/modules/README.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as w

from kit import settings
from kit.framework import Item, Text
from kit.i18n import _, get_language
from kit.modules import page_rebind
from kit.modules.content import ModuleContent
from kit.modules.identity import CLASSROOM, LOCAL, Context, describe
from kit.modules.identity_widgets import RegisterForm, RosterPicker
from kit.modules.markdown import to_html
from kit.modules.session_state import IdentityLocked, ModuleSession
from kit.modules.store import ModuleState
from kit.modules.style import style_html
from kit.records.participants import Participant
from kit.ui import Markup, render
from kit.ui.widgets import FULL, box, button, close_tree, html

Listener = Callable[["ModuleFrame"], None]
# The way back to the module list: the participant's modules in a classroom, else the home page
# (relative to ``modules/<name>.ipynb``, so it works under ``kit start`` and on Binder).
CLASSROOM_MODULE_LIST = "/kelas"
HOME_MODULE_LIST = "../beranda.ipynb"

__all__ = ["FULL", "IdentityLocked", "ModuleFrame", "RegisterForm", "RosterPicker", "box",
           "button", "close_tree", "html", "text_in"]


def text_in(text: Text, lang: str) -> str:
    """``text`` in ``lang``, Indonesian when the English is missing."""
    return text.get(lang) or text.indonesian


def _session_attr(name: str, doc: str) -> Any:
    """A frame attribute that reads and writes the same attribute of ``frame.session``."""
    return property(lambda self: getattr(self.session, name),
                    lambda self, value: setattr(self.session, name, value), doc=doc)


class ModuleFrame:
    """Shared frame of a participant module (see the module docstring for the page order)."""

    ctx: Context = _session_attr("ctx", "Where the module runs (workspace, mode).")
    session_id: str | None = _session_attr("session_id", "The classroom session, if any.")
    participant: Participant | None = _session_attr("participant", "Who is served.")
    state: ModuleState = _session_attr("state", "The participant's saved module state.")
    levels: dict[str, int] = _session_attr("levels", "Deciding level per item id.")
    section_ids: list[str] = _session_attr("section_ids", "The page's sections, in order.")

    def __init__(self, module_id: str, *, workspace: Path | None = None,
                 local_home: Path | None = None, content: ModuleContent | None = None,
                 session_id: str | None = None):
        self.session = ModuleSession(module_id, workspace=workspace, local_home=local_home,
                                     content=content, session_id=session_id)
        self.fw = self.session.fw
        self.content = self.session.content
        self.module_id = module_id
        self.activity = self.session.activity
        self.items: tuple[Item, ...] = self.session.items
        self.lang = get_language()
        self._listeners: list[Listener] = []
        self._fork_listeners: list[Callable[[], None]] = []
        # With a section menu (kit.modules.page), "continue with" leads to the menu.
        self.progress_template = "progress_line.html.j2"
        self._roots: list[Any] = []
        self._show_en = False
        self._progress: Any = None
        self._progress_bar: Any = None
        self._progress_label: Any = None
        self._identity_status: Any = None
        self._identity_body: Any = None
        self.picker: RosterPicker | None = None
        self.register_form: RegisterForm | None = None
        self._change_button: Any = None
        self.summary_box: Any = None
        known = self.session.visitor()
        if known is not None:
            self.set_participant(known)
        page_rebind.on_fork(self._after_fork)

    def _after_fork(self) -> None:
        """In a kernel forked from the page built in advance: this visit's own context.

        The build ran without the visit's variables (:mod:`kit.server.kernels.page_snapshot`):
        resolve the workspace and mode again, find the participant, and renew the roster. In a
        classroom kernel any identity widget the build made is closed (the participant is the
        token's, and the kernel keeps no roster).
        """
        self.session.renew_context()
        if self.ctx.mode == CLASSROOM:
            self._close_identity_widgets()
        known = self.session.visitor()
        if known is None and self.participant is None:
            self._refresh_identity()  # a new roster picker: people registered since the build
        else:
            self.set_participant(known)
        for listener in list(self._fork_listeners):
            listener()

    def on_fork_refresh(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` in a kernel forked from the built page, after its context is set."""
        self._fork_listeners.append(listener)

    def module_list_href(self) -> str:
        """Where "back to the module list" leads: ``/kelas`` in a classroom, else the home page."""
        return CLASSROOM_MODULE_LIST if self.ctx.mode == CLASSROOM else HOME_MODULE_LIST

    # ---------------------------------------------------------------- participant and state

    @property
    def participant_id(self) -> str | None:
        """The current participant's id, or ``None`` before anyone is chosen."""
        return self.session.participant_id

    def on_participant(self, listener: Listener) -> None:
        """Call ``listener(frame)`` now and whenever the participant or progress changes."""
        self._listeners.append(listener)
        listener(self)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener(self)

    def set_participant(self, participant: Participant | None) -> None:
        """Switch to ``participant`` (``None``: nobody), load their saved state, refresh all.

        In a classroom kernel only the participant of its signed token (or nobody) can be set:
        anyone else raises :class:`IdentityLocked`.
        """
        self.session.set_participant(participant)
        self._refresh_identity()
        self._notify()

    def record_score(self, item_id: str, level: int, details: dict[str, Any]) -> None:
        """Record a level the module established (source ``autograde``) and refresh progress.

        If the facilitator already set a level for the item, theirs stands (see
        :func:`kit.assess.observe.record_evidence_score`); the progress shows the deciding level.
        """
        self.session.record_score(item_id, level, details)
        self._notify()

    def save(self, item_id: str, kind: str, payload: dict[str, Any]) -> None:
        """Append evidence (``payload`` gets the module id) and keep the in-memory state in step."""
        self.session.save(item_id, kind, payload)

    def save_tool(self, tool: str, item_id: str, state: dict[str, Any]) -> None:
        """Save a tool's state so it is restored on the participant's next visit."""
        self.save(item_id, "tool", {"tool": tool, "state": state})

    def mark_done(self, section_id: str) -> None:
        """Mark a section as finished (idempotent) and refresh progress."""
        self.session.mark_done(section_id)
        self._notify()

    def achieved(self) -> list[Item]:
        """The module's items whose latest level counts as achieved."""
        return self.session.achieved()

    # ---------------------------------------------------------------- roots and language

    def root(self, children: Sequence[Any], classes: Sequence[str] = ()) -> Any:
        """A full-width part of the page that follows the "show English" toggle."""
        return self._root(children, classes)

    def _root(self, children: Sequence[Any], classes: Sequence[str] = ()) -> Any:
        root = box(children, ("kit-module", *classes))
        if self._show_en:
            root.add_class("kit-show-en")
        self._roots.append(root)
        return root

    def set_show_english(self, show: bool) -> None:
        """Show or hide the short English lines on every part of the page."""
        self._show_en = show
        for root in self._roots:
            if show:
                root.add_class("kit-show-en")
            else:
                root.remove_class("kit-show-en")

    def en_line(self, text: str) -> str:
        """An English line, hidden unless the participant asks for English."""
        return render("en_line.html.j2", self.lang, text=text)

    # ---------------------------------------------------------------- header

    def style(self) -> Any:
        """The CSS block (display it first)."""
        return w.HTML(style_html())

    def header(self) -> Any:
        """Title, duration, what you do / learn / need and the items covered.

        The facilitator notes are never on a participant's page: they are in the facilitator
        guide (:mod:`kit.modules.facilitator_guide`).
        """
        c, lang = self.content, self.lang
        if c.duration_minutes >= 120 and c.duration_minutes % 60 == 0:
            duration = _("About {hours} hours").format(hours=c.duration_minutes // 60)
        else:
            duration = _("About {minutes} minutes").format(minutes=c.duration_minutes)
        lists = [(heading, [(text_in(t, lang), t.english) for t in texts]) for heading, texts in (
            (_("What you will do"), c.you_will_do), (_("What you will learn"), c.you_will_learn),
            (_("What you need"), c.you_need))]
        items = [{"title": i.title.get(lang), "id": i.id, "indicator": i.indicator.get(lang)}
                 for i in self.items]
        body = render(
            "module_header.html.j2", lang, title=text_in(c.title, lang), title_en=c.title.english,
            duration=duration, intro_html=Markup(to_html(text_in(c.intro, lang))),
            intro_en=c.intro.english, lists=lists, items=items,
            assessed=_("Items assessed in this module ({n})").format(n=len(self.items)),
            notes_html=None)  # facilitator notes: kit.modules.facilitator_guide only
        toggle = w.Checkbox(value=self._show_en, indent=False, layout=FULL,
                            description=_("Also show short English lines (English)"))
        toggle.observe(lambda change: self.set_show_english(bool(change["new"])), "value")
        return self._root([html(body), toggle])

    # ---------------------------------------------------------------- identity

    def identity(self) -> Any:
        """Who is working: search the roster, register, or the local profile (Binder)."""
        self._identity_status = html()
        self._identity_body = box([])
        self._refresh_identity()
        return self._root([html(render("heading.html.j2", self.lang, level=2,
                                       title=_("Who are you?"))),
                           self._identity_status, self._identity_body])

    def _status(self, message: str, error: bool = False) -> str:
        return render("identity_status.html.j2", self.lang, message=message, error=error)

    def _refresh_identity(self) -> None:
        if self.ctx.mode == CLASSROOM:
            self._close_identity_widgets()
        if self._identity_status is None:
            return
        p = self.participant
        if p is not None:
            greeting = _("Welcome back, {name}!") if self.state.sections_done or self.levels \
                else _("Hello, {name}!")
            self._identity_status.value = render(
                "identity_status.html.j2", self.lang, greeting=greeting.format(name=p.name),
                described=describe(p))
            if self.ctx.mode == CLASSROOM:
                self._identity_body.children = []
                return
            change = button(_("Not you? Change the name"))
            change.on_click(lambda _b: self._start_over())
            self._change_button = change
            self._identity_body.children = [change]
        elif self.ctx.mode == CLASSROOM:
            self._identity_status.value = self._status(
                _("This classroom session is not recognised any more (it may have been closed). "
                  "Please ask the facilitator.") if settings.participant_token() else
                _("In the classroom each participant opens this module on their own phone, "
                  "after signing in with their name and PIN."), error=True)
            self._identity_body.children = []
        elif self.ctx.mode == LOCAL:
            self._identity_status.value = self._status(_(
                "There is no participant list on this device. Fill in a short profile once; it "
                "is kept only here, together with your answers."))
            self._identity_body.children = [self._register_form()]
        else:
            self._identity_status.value = self._status(_(
                "Find your name so that your answers are saved under your name."))
            self._identity_body.children = [self._picker()]

    def _close_identity_widgets(self) -> None:
        """Close the roster picker, the registration form and "Not you?" (classroom kernels)."""
        if self._identity_body is not None and self._identity_body.children:
            self._identity_body.children = []
        if self.picker is not None:
            self.picker.close()
            self.picker = None
        if self.register_form is not None:
            self.register_form.close()
            self.register_form = None
        if self._change_button is not None:
            close_tree(self._change_button)
            self._change_button = None

    def _start_over(self) -> None:
        self.session.forget()
        self.set_participant(None)

    def choose(self, participant: Participant) -> None:
        """Select ``participant`` (and remember them as the local profile on a personal device).

        A classroom kernel serves its token's participant only (:class:`IdentityLocked`).
        """
        self.session.remember(participant)
        self.set_participant(participant)

    def _picker(self) -> Any:
        self.picker = RosterPicker(self)
        return self.picker.widget

    def _register_form(self) -> Any:
        self.register_form = RegisterForm(self)
        return self.register_form.widget

    # ---------------------------------------------------------------- progress

    def progress(self) -> Any:
        """Items achieved out of the module's items, sections finished, where to continue."""
        total = len(self.items)
        self._progress_bar = w.IntProgress(value=0, min=0, max=total, layout=FULL)
        self._progress_label = html()
        self.on_participant(lambda _f: self._refresh_progress())
        return self._root([self._progress_label, self._progress_bar], ("kit-progress",))

    def _refresh_progress(self) -> None:
        if self._progress_bar is None:
            return
        p = self.session.progress()
        self._progress_bar.value = p.achieved
        if self.participant is None:
            self._progress_label.value = render(self.progress_template, self.lang, p=None)
            return
        line = _("{achieved} of {total} items achieved · {done} of {sections} parts "
                 "finished").format(achieved=p.achieved, total=p.total, done=p.done,
                                    sections=p.sections)
        self._progress_label.value = render(self.progress_template, self.lang, p=p, line=line)

    # ---------------------------------------------------------------- sections

    def register_section(self, section_id: str, title: str) -> None:
        """Count a section in the progress ("parts finished") and the "continue with" link."""
        if self.session.register_section(section_id, title):
            self._refresh_progress()

    def section(self, section_id: str, title: Text, children: Sequence[Any],
                *, intro_html: str = "", done_button: bool = True) -> Any:
        """A generic section: heading (with an anchor), optional intro HTML, ``children``.

        With ``done_button`` the section ends with "I have finished this part", which records
        ``section_done`` evidence. This is how a practice section (e.g. bimtek's sandbox) plugs in.
        """
        title_text = text_in(title, self.lang)
        self.register_section(section_id, title_text)
        heading = html(render("section_heading.html.j2", self.lang, section_id=section_id,
                              title=title_text, title_en=title.english,
                              intro_html=Markup(intro_html)))
        parts = [heading, *children]
        if done_button:
            parts.append(self._done_button(section_id))
        return self._root(parts, ("kit-section",))

    def _done_button(self, section_id: str) -> Any:
        b = button(_("I have finished this part"))
        status = html()

        def refresh(_f: ModuleFrame) -> None:
            done = self.session.section_done(section_id)
            b.disabled = self.participant is None or done
            if self.participant is None:
                status.value = render("message.html.j2", self.lang, kind="kit-muted", text=_(
                    "Choose your name at the top so that your progress is saved."))
            else:
                status.value = render("message.html.j2", self.lang, kind="kit-ok", prefix="✓ ",
                                      text=_("Finished")) if done else ""

        b.on_click(lambda _b: self.mark_done(section_id))
        self.on_participant(refresh)
        return box([status, b])

    def materi_heading(self, materi_id: str) -> Any:
        """A heading for one materi of the activity (title and competency, from the framework)."""
        m = next(m for m in self.activity.materi if m.id == materi_id)
        return self._root([html(render(
            "materi_heading.html.j2", self.lang, no=m.no, title=m.title.get(self.lang),
            title_en=m.title.english, competency=m.competency.get(self.lang)))])

    def item_section(self, item_id: str, extra: Sequence[Any] = (),
                     check: Any | None = None) -> Any:
        """The section of one item: its text, sources, ``extra`` tools and check (no notes)."""
        item = self.fw.item(item_id)
        text = self.content.sections[item_id]
        body = html(render("item_body.html.j2", self.lang, body_html=Markup(to_html(text.body)),
                           summary_en=text.summary_en, sources=list(text.sources),
                           notes_html=None))
        children = [body, *extra]
        if check is not None:
            children.append(check)
        return self.section(item_id, item.title, children)

    # ---------------------------------------------------------------- summary

    def summary_html(self) -> str:
        """The summary's list: every item with its level, and a line when all are achieved."""
        levels = {lv.level: lv for lv in self.fw.rubric.levels}
        rows = [{"achieved": s.achieved, "title": s.item.title.get(self.lang),
                 "state": levels[s.level].title.get(self.lang) if s.level in levels
                 else _("not yet checked")} for s in self.session.standings()]
        n = len(self.achieved())
        return render("summary_listing.html.j2", self.lang, rows=rows,
                      head=_("You achieved {n} of {total} items.").format(
                          n=n, total=len(self.items)), all_done=n == len(self.items))

    def summary(self) -> Any:
        """Achieved items, what comes next, and the submission file download."""
        listing = html()
        download = html()
        prepare = button(_("Prepare my submission file"), primary=True)

        def refresh(_f: ModuleFrame) -> None:
            listing.value = self.summary_html()
            prepare.disabled = self.participant is None
            download.value = ""

        def make(_b: object = None) -> None:
            from kit.modules.submission import download_link

            try:
                download.value = download_link(self)
            except Exception as exc:  # shown to the participant; the page stays usable
                download.value = render("message.html.j2", self.lang, kind="kit-error", text=_(
                    "The file could not be prepared ({err}). Please tell the facilitator.").format(
                    err=exc))

        prepare.on_click(make)
        self.on_participant(refresh)
        note = _("Your answers are already saved on the facilitator's computer; the file is a "
                 "copy.") if self.ctx.mode != LOCAL else _(
                 "Working on your own? Send this file to your facilitator (for example by "
                 "WhatsApp or email) so your results are recorded.")
        self.summary_box = self._root([
            html(render("heading.html.j2", self.lang, level=2, anchor="kit-summary",
                        title=_("Summary"))), listing,
            html(render("message.html.j2", self.lang, kind="kit-muted", text=note)),
            prepare, download], ("kit-section",))
        return self.summary_box
