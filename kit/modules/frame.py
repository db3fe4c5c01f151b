"""The module frame: the same opening, identity, progress and summary for every module.

A page builds one :class:`ModuleFrame` and displays, in order::

    frame.style()         # the phone-first CSS (once)
    frame.header()        # title, duration, what you do / learn / need, items, facilitator notes
    frame.identity()      # pick yourself from the roster / register / local profile
    frame.progress()      # items achieved out of the module's items (sticky at the top)
    ...sections...        # frame.item_section(item_id, extra=[...]) or frame.section(...)
    frame.summary()       # achieved items and the submission file download

Sections and tools talk to the frame, never to the database directly: :meth:`record_score`
(knowledge checks and practice actions → ``record_evidence_score``), :meth:`save` (evidence such
as a tool's state), :meth:`mark_done`, and :meth:`on_participant` to restore their state when the
participant changes. See ``kit/modules/README.md``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as w

from kit.classroom.identity import TOKEN_ENV
from kit.framework import Item, Text, framework
from kit.i18n import _, get_language
from kit.modules.content import ModuleContent, module_content
from kit.modules.identity import (
    CLASSROOM,
    LOCAL,
    Context,
    DuplicateParticipant,
    classroom_identity,
    describe,
    districts,
    forget_profile,
    load_profile,
    register,
    resolve_context,
    roster,
    save_profile,
    search,
    validate_registration,
)
from kit.modules.markdown import esc, to_html
from kit.modules.store import ModuleState, item_levels, load_state, save_evidence
from kit.modules.style import style_html
from kit.records.participants import Participant
from kit.server.kernels import page_rebind

Listener = Callable[["ModuleFrame"], None]
FULL = w.Layout(width="100%", max_width="100%")
log = logging.getLogger(__name__)


class IdentityLocked(PermissionError):
    """In a classroom kernel, an attempt to serve anyone but the participant of its token."""


def close_tree(widget: Any) -> None:
    """Close ``widget``, its children (recursively) and their own layouts and styles.

    A closed widget leaves the kernel's widget registry: the browser can no longer reach it.
    The shared :data:`FULL` layout stays.
    """
    for child in getattr(widget, "children", ()):
        close_tree(child)
    for part in (getattr(widget, "layout", None), getattr(widget, "style", None)):
        if isinstance(part, w.Widget) and part is not FULL:
            part.close()
    widget.close()


def html(value: str = "", classes: Sequence[str] = ()) -> Any:
    """A full-width HTML widget with CSS classes."""
    widget = w.HTML(value=value, layout=w.Layout(width="100%", max_width="100%"))
    for c in classes:
        widget.add_class(c)
    return widget


def button(label: str, primary: bool = False, icon: str = "") -> Any:
    """A big, full-width, phone-friendly button."""
    b = w.Button(description=label, icon=icon,
                 layout=w.Layout(width="100%", max_width="480px", height="auto"))
    b.add_class("kit-primary" if primary else "kit-secondary")
    if primary:
        b.button_style = "success"
    return b


def box(children: Sequence[Any], classes: Sequence[str] = ()) -> Any:
    """A full-width vertical box with CSS classes."""
    b = w.VBox(list(children), layout=w.Layout(width="100%", max_width="100%"))
    for c in classes:
        b.add_class(c)
    return b


def text_in(text: Text, lang: str) -> str:
    """``text`` in ``lang``, Indonesian when the English is missing."""
    return text.get(lang) or text.id


class ModuleFrame:
    """Shared frame of a participant module (see the module docstring for the page order)."""

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
        self.lang = get_language()
        self.participant: Participant | None = None
        self.state = ModuleState()
        self.levels: dict[str, int] = {}
        self.section_ids: list[str] = []
        self._section_titles: dict[str, str] = {}
        self._listeners: list[Listener] = []
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
        # In a classroom kernel: the participant its signed token names (nobody else is served).
        self._token_participant: str | None = None
        self._where = (workspace, local_home, session_id)
        known = self._visitor()
        if known is not None:
            self.set_participant(known)
        page_rebind.on_fork(self._after_fork)

    def _visitor(self) -> Participant | None:
        """Who this kernel serves without asking: the local profile, or the classroom's token."""
        if self.ctx.mode == LOCAL:
            return load_profile(self.ctx)
        if self.ctx.mode == CLASSROOM:  # the classroom server knows who this kernel serves
            known = classroom_identity(self.ctx)
            if known is not None:
                self.session_id = self.session_id or known.session_id
                self._token_participant = known.participant.id
                return known.participant
        return None

    def _after_fork(self) -> None:
        """In a kernel forked from the page built in advance: this visit's own context.

        The build ran without the visit's variables (:mod:`kit.server.kernels.page_snapshot`):
        resolve the workspace and mode again, find the participant, and renew the roster. In a
        classroom kernel any identity widget the build made is closed (the participant is the
        token's, and the kernel keeps no roster).
        """
        workspace, local_home, session_id = self._where
        self.ctx = resolve_context(workspace, local_home)
        self.session_id = session_id
        self._token_participant = None
        if self.ctx.mode == CLASSROOM:
            self._close_identity_widgets()
        known = self._visitor()
        if known is None and self.participant is None:
            self._refresh_identity()  # a new roster picker: people registered since the build
        else:
            self.set_participant(known)

    # ---------------------------------------------------------------- participant and state

    @property
    def participant_id(self) -> str | None:
        """The current participant's id, or ``None`` before anyone is chosen."""
        return self.participant.id if self.participant else None

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
        self._check_allowed(participant)
        self.participant = participant
        if participant is None:
            self.state, self.levels = ModuleState(), {}
        else:
            self.state = load_state(self.ctx.ws, participant.id, self.module_id)
            self.levels = item_levels(self.ctx.ws, participant.id, (i.id for i in self.items))
        self._refresh_identity()
        self._notify()

    def _check_allowed(self, participant: Participant | None) -> None:
        """Raise :class:`IdentityLocked` for anyone a classroom kernel's token does not name."""
        if self.ctx.mode != CLASSROOM or participant is None:
            return
        if participant.id != self._token_participant:
            log.warning("classroom kernel: refused to switch to participant %s", participant.id)
            raise IdentityLocked(participant.id)

    def _require(self) -> str:
        if self.participant is None:
            raise RuntimeError("no participant chosen")
        return self.participant.id

    def record_score(self, item_id: str, level: int, details: dict[str, Any]) -> None:
        """Record a level the module established (source ``autograde``) and refresh progress.

        If the facilitator already set a level for the item, theirs stands (see
        :func:`kit.assess.observe.record_evidence_score`); the progress shows the deciding level.
        """
        from kit.assess.observe import record_evidence_score  # heavy (gradebook): load on use

        pid = self._require()
        entry = record_evidence_score(self.ctx.ws, pid, item_id, level, details=details,
                                      session_id=self.session_id)
        # A level the facilitator set stands; the returned entry is the one that decides.
        self.levels[item_id] = entry.level
        self._notify()

    def save(self, item_id: str, kind: str, payload: dict[str, Any]) -> None:
        """Append evidence (``payload`` gets the module id) and keep the in-memory state in step."""
        pid = self._require()
        data = {"module": self.module_id, **payload}
        save_evidence(self.ctx.ws, pid, item_id, kind, data)
        if kind == "section_done":
            self.state.sections_done.add(str(data.get("section", item_id)))
        elif kind == "quiz":
            self.state.quizzes.setdefault(item_id, []).append(data)
        elif kind == "tool":
            self.state.tools[str(data.get("tool"))] = dict(data.get("state") or {})

    def save_tool(self, tool: str, item_id: str, state: dict[str, Any]) -> None:
        """Save a tool's state so it is restored on the participant's next visit."""
        self.save(item_id, "tool", {"tool": tool, "state": state})

    def mark_done(self, section_id: str) -> None:
        """Mark a section as finished (idempotent) and refresh progress."""
        if section_id not in self.state.sections_done:
            self.save(section_id, "section_done", {"section": section_id})
        self._notify()

    def achieved(self) -> list[Item]:
        """The module's items whose latest level counts as achieved."""
        return [i for i in self.items if self.fw.rubric.is_achieved(self.levels.get(i.id, -1))]

    # ---------------------------------------------------------------- roots and language

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
        return f'<p class="kit-en" lang="en">{esc(text)}</p>' if text else ""

    # ---------------------------------------------------------------- header

    def style(self) -> Any:
        """The CSS block (display it first)."""
        return w.HTML(style_html())

    def header(self) -> Any:
        """Title, duration, what you do / learn / need, the items covered, facilitator notes."""
        c, lang = self.content, self.lang

        def bullet_list(title: str, texts: Sequence[Text]) -> str:
            lis = "".join(f"<li>{esc(text_in(t, lang))}{self.en_line(t.en)}</li>" for t in texts)
            return f"<h3>{esc(title)}</h3><ul>{lis}</ul>"

        indicator = esc(_("Success indicator"))
        items = "".join(
            f"<li><b>{esc(i.title.get(lang))}</b> <span class='kit-muted'>({esc(i.id)})</span>"
            f"<br><span class='kit-muted'>{indicator}: "
            f"{esc(i.indicator.get(lang))}</span></li>" for i in self.items)
        if c.duration_minutes >= 120 and c.duration_minutes % 60 == 0:
            minutes = esc(_("About {hours} hours").format(hours=c.duration_minutes // 60))
        else:
            minutes = esc(_("About {minutes} minutes").format(minutes=c.duration_minutes))
        resumable = esc(_("you can stop and come back later: your answers are saved"))
        assessed = esc(_("Items assessed in this module ({n})").format(n=len(self.items)))
        body = (
            f"<h1>{esc(text_in(c.title, lang))}</h1>{self.en_line(c.title.en)}"
            f"<p class='kit-card'><b>{minutes}</b> · {resumable}</p>"
            f"{to_html(text_in(c.intro, lang))}{self.en_line(c.intro.en)}"
            + bullet_list(_("What you will do"), c.you_will_do)
            + bullet_list(_("What you will learn"), c.you_will_learn)
            + bullet_list(_("What you need"), c.you_need)
            + f"<details><summary>{assessed}</summary><ol>{items}</ol></details>"
            + self.facilitator_block(text_in(c.facilitator_notes, lang))
        )
        toggle = w.Checkbox(value=self._show_en, indent=False, layout=FULL,
                            description=_("Also show short English lines (English)"))
        toggle.observe(lambda change: self.set_show_english(bool(change["new"])), "value")
        return self._root([html(body), toggle])

    def facilitator_block(self, markdown: str) -> str:
        """A collapsed "Catatan fasilitator" block (empty string when there is nothing to say)."""
        if not markdown.strip():
            return ""
        label = esc(_("Facilitator notes"))
        return (f"<details class='kit-facilitator'><summary>{label}"
                f"</summary>{to_html(markdown)}</details>")

    # ---------------------------------------------------------------- identity

    def identity(self) -> Any:
        """Who is working: search the roster, register, or the local profile (Binder)."""
        self._identity_status = html()
        self._identity_body = box([])
        self._refresh_identity()
        title = esc(_("Who are you?"))
        return self._root([html(f"<h2>{title}</h2>"), self._identity_status,
                           self._identity_body])

    def _refresh_identity(self) -> None:
        if self.ctx.mode == CLASSROOM:
            self._close_identity_widgets()
        if self._identity_status is None:
            return
        p = self.participant
        if p is not None:
            greeting = _("Welcome back, {name}!") if self.state.sections_done or self.levels \
                else _("Hello, {name}!")
            self._identity_status.value = (
                f"<p class='kit-card'><b>{esc(greeting.format(name=p.name))}</b><br>"
                f"{esc(describe(p))}</p>")
            if self.ctx.mode == CLASSROOM:
                self._identity_body.children = []
                return
            change = button(_("Not you? Change the name"))
            change.on_click(lambda _b: self._start_over())
            self._change_button = change
            self._identity_body.children = [change]
        elif self.ctx.mode == CLASSROOM:
            self._identity_status.value = "<p class='kit-error'>" + esc(
                _("This classroom session is not recognised any more (it may have been closed). "
                  "Please ask the facilitator.") if os.environ.get(TOKEN_ENV) else
                _("In the classroom each participant opens this module on their own phone, "
                  "after signing in with their name and PIN.")) + "</p>"
            self._identity_body.children = []
        elif self.ctx.mode == LOCAL:
            self._identity_status.value = "<p>" + esc(_(
                "There is no participant list on this device. Fill in a short profile once; it "
                "is kept only here, together with your answers.")) + "</p>"
            self._identity_body.children = [self._register_form()]
        else:
            self._identity_status.value = "<p>" + esc(_(
                "Find your name so that your answers are saved under your name.")) + "</p>"
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
        if self.ctx.mode == LOCAL:
            forget_profile(self.ctx)
        self.set_participant(None)

    def choose(self, participant: Participant) -> None:
        """Select ``participant`` (and remember them as the local profile on a personal device).

        A classroom kernel serves its token's participant only (:class:`IdentityLocked`).
        """
        self._check_allowed(participant)
        if self.ctx.mode == LOCAL:
            save_profile(self.ctx, participant)
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
        achieved = len(self.achieved())
        self._progress_bar.value = achieved
        total = len(self.items)
        if self.participant is None:
            self._progress_label.value = "<b>" + esc(_("Progress: choose your name first")) + "</b>"
            return
        done = [s for s in self.section_ids if s in self.state.sections_done]
        todo = [s for s in self.section_ids if s not in self.state.sections_done]
        line = esc(_("{achieved} of {total} items achieved · {done} of {sections} parts "
                     "finished").format(achieved=achieved, total=total, done=len(done),
                                        sections=len(self.section_ids)))
        nxt = ""
        if todo:
            cont = esc(_("Continue with"))
            nxt = (f"<br><a href='#kit-{esc(todo[0])}'>{cont}: "
                   f"{esc(self._section_titles.get(todo[0], todo[0]))}</a>")
        self._progress_label.value = f"<b>{line}</b>{nxt}"

    # ---------------------------------------------------------------- sections

    def register_section(self, section_id: str, title: str) -> None:
        """Count a section in the progress ("parts finished") and the "continue with" link."""
        if section_id not in self.section_ids:
            self.section_ids.append(section_id)
            self._section_titles[section_id] = title
            self._refresh_progress()

    def section(self, section_id: str, title: Text, children: Sequence[Any],
                *, intro_html: str = "", done_button: bool = True) -> Any:
        """A generic section: heading (with an anchor), optional intro HTML, ``children``.

        With ``done_button`` the section ends with "I have finished this part", which records
        ``section_done`` evidence. This is how a practice section (e.g. bimtek's sandbox) plugs in.
        """
        title_text = text_in(title, self.lang)
        self.register_section(section_id, title_text)
        heading = html(f"<h2 id='kit-{esc(section_id)}'>{esc(title_text)}</h2>"
                       f"{self.en_line(title.en)}{intro_html}")
        parts = [heading, *children]
        if done_button:
            parts.append(self._done_button(section_id))
        return self._root(parts, ("kit-section",))

    def _done_button(self, section_id: str) -> Any:
        b = button(_("I have finished this part"))
        status = html()

        def refresh(_f: ModuleFrame) -> None:
            done = section_id in self.state.sections_done
            b.disabled = self.participant is None or done
            if self.participant is None:
                status.value = "<p class='kit-muted'>" + esc(_(
                    "Choose your name at the top so that your progress is saved.")) + "</p>"
            else:
                status.value = ("<p class='kit-ok'>✓ " + esc(_("Finished")) + "</p>") if done \
                    else ""

        b.on_click(lambda _b: self.mark_done(section_id))
        self.on_participant(refresh)
        return box([status, b])

    def materi_heading(self, materi_id: str) -> Any:
        """A heading for one materi of the activity (title and competency, from the framework)."""
        m = next(m for m in self.activity.materi if m.id == materi_id)
        competency = esc(_("Competency"))
        return self._root([html(
            f"<h1>{m.no}. {esc(m.title.get(self.lang))}</h1>{self.en_line(m.title.en)}"
            f"<p class='kit-muted'>{competency}: {esc(m.competency.get(self.lang))}</p>")])

    def item_section(self, item_id: str, extra: Sequence[Any] = (),
                     check: Any | None = None) -> Any:
        """The section of one item: its text, sources, facilitator note, ``extra`` tools, check."""
        item = self.fw.item(item_id)
        text = self.content.sections[item_id]
        sources = ""
        if text.sources:
            lis = "".join(f"<li>{esc(s)}</li>" for s in text.sources)
            label = esc(_("Sources of the figures"))
            sources = (f"<details class='kit-sources'><summary>{label}"
                       f"</summary><ul>{lis}</ul></details>")
        body = html(to_html(text.body) + self.en_line(text.summary_en) + sources
                    + self.facilitator_block(text.facilitator))
        children = [body, *extra]
        if check is not None:
            children.append(check)
        return self.section(item_id, item.title, children)

    # ---------------------------------------------------------------- summary

    def summary(self) -> Any:
        """Achieved items, what comes next, and the submission file download."""
        listing = html()
        download = html()
        prepare = button(_("Prepare my submission file"), primary=True)

        def refresh(_f: ModuleFrame) -> None:
            rows = []
            levels = {lv.level: lv for lv in self.fw.rubric.levels}
            for item in self.items:
                level = self.levels.get(item.id)
                ok = level is not None and self.fw.rubric.is_achieved(level)
                mark = "<span class='kit-ok'>✓</span>" if ok else "<span class='kit-muted'>○</span>"
                state = esc(levels[level].title.get(self.lang)) if level in levels \
                    else esc(_("not yet checked"))
                rows.append(f"<li>{mark} {esc(item.title.get(self.lang))} "
                            f"<span class='kit-muted'>— {state}</span></li>")
            n = len(self.achieved())
            head = esc(_("You achieved {n} of {total} items.").format(n=n, total=len(self.items)))
            tail = ""
            if n == len(self.items):
                tail = "<p class='kit-ok'>" + esc(_(
                    "All items achieved. You are ready for the next activity of the programme.")) \
                    + "</p>"
            listing.value = f"<p><b>{head}</b></p><ul>{''.join(rows)}</ul>{tail}"
            prepare.disabled = self.participant is None
            download.value = ""

        def make(_b: object = None) -> None:
            from kit.modules.submission import download_link

            try:
                download.value = download_link(self)
            except Exception as exc:  # shown to the participant; the page stays usable
                download.value = "<p class='kit-error'>" + esc(_(
                    "The file could not be prepared ({err}). Please tell the facilitator.").format(
                    err=exc)) + "</p>"

        prepare.on_click(make)
        self.on_participant(refresh)
        note = _("Your answers are already saved on the facilitator's computer; the file is a "
                 "copy.") if self.ctx.mode != LOCAL else _(
                 "Working on your own? Send this file to your facilitator (for example by "
                 "WhatsApp or email) so your results are recorded.")
        title = esc(_("Summary"))
        return self._root([html(f"<h2 id='kit-summary'>{title}</h2>"), listing,
                           html(f"<p class='kit-muted'>{esc(note)}</p>"), prepare, download],
                          ("kit-section",))


class RosterPicker:
    """Search the roster by name; namesakes are told apart by business and district."""

    def __init__(self, frame: ModuleFrame):
        if frame.ctx.mode == CLASSROOM:  # the participant is the token's; no roster on a phone
            raise IdentityLocked("no roster picker in a classroom kernel")
        self.frame = frame
        self.people = roster(frame.ctx.ws)
        self.query = w.Text(placeholder=_("Type your name, e.g. Siti"), layout=FULL,
                            continuous_update=True)
        self.query.add_class("kit-search")
        self.matches = w.RadioButtons(options=[], value=None, layout=FULL)
        self.message = html()
        self.pick = button(_("Yes, this is me"), primary=True)
        self.pick.disabled = True
        self.new = button(_("I am not on the list yet"))
        self.form_slot = box([])
        self.query.observe(self._update, "value")
        self.matches.observe(self._selected, "value")
        self.pick.on_click(self._confirm)
        self.new.on_click(self._show_form)
        self.widget = box([self.query, self.message, self.matches, self.pick, self.new,
                           self.form_slot])

    def _update(self, _change: object = None) -> None:
        found = search(self.people, self.query.value)
        self.matches.options = [(describe(p), p.id) for p in found]
        self.matches.value = None
        self.pick.disabled = True
        if self.query.value.strip() and not found:
            self.message.value = "<p class='kit-error'>" + esc(_(
                "No name found. Try another spelling, or register below.")) + "</p>"
        else:
            self.message.value = ""

    def _selected(self, _change: object = None) -> None:
        self.pick.disabled = self.matches.value is None

    def _confirm(self, _b: object = None) -> None:
        chosen = next((p for p in self.people if p.id == self.matches.value), None)
        if chosen is not None:
            self.frame.choose(chosen)

    def _show_form(self, _b: object = None) -> None:
        self.frame.register_form = RegisterForm(self.frame)
        self.form_slot.children = [self.frame.register_form.widget]

    def close(self) -> None:
        """Close every widget of the picker (and a form shown in it); forget the roster."""
        close_tree(self.widget)
        self.people = []


class RegisterForm:
    """Register yourself: name and district required (validated), business and phone optional."""

    def __init__(self, frame: ModuleFrame):
        if frame.ctx.mode == CLASSROOM:  # participants are registered at the classroom's door
            raise IdentityLocked("no registration form in a classroom kernel")
        self.frame = frame
        self.name = w.Text(placeholder=_("Full name"), layout=FULL)
        self.name.add_class("kit-reg-name")
        self.district = w.Combobox(placeholder=_("District or city, e.g. Kabupaten Sragen"),
                                   options=districts(frame.ctx.ws), ensure_option=False,
                                   layout=FULL)
        self.district.add_class("kit-reg-district")
        self.business = w.Text(placeholder=_("Business name (optional)"), layout=FULL)
        self.phone = w.Text(placeholder=_("Phone number (optional)"), layout=FULL)
        self.errors = html()
        self.save = button(_("Register and start"), primary=True)
        self.follow_up = box([])
        self.save.on_click(lambda _b: self.submit())
        self.widget = box([
            html("<h3>" + esc(_("Register")) + "</h3><p class='kit-muted'>"
                 + esc(_("Name and district are required.")) + "</p>"),
            self._labelled(_("Name"), self.name),
            self._labelled(_("District / city"), self.district),
            self._labelled(_("Business name"), self.business),
            self._labelled(_("Phone"), self.phone),
            self.errors, self.save, self.follow_up,
        ], ("kit-card",))

    def close(self) -> None:
        """Close every widget of the form."""
        close_tree(self.widget)

    @staticmethod
    def _labelled(label: str, widget: Any) -> Any:
        return box([html(f"<label class='widget-label'><b>{esc(label)}</b></label>"), widget])

    def submit(self, allow_duplicate: bool = False) -> None:
        """Validate and register; on a namesake in the same district, ask before adding."""
        problems = validate_registration(self.name.value, self.district.value, self.phone.value)
        if problems:
            self.errors.value = "".join(f"<p class='kit-error'>⚠ {esc(m)}</p>"
                                        for m in problems.values())
            return
        try:
            p = register(self.frame.ctx.ws, self.name.value, self.district.value,
                         self.business.value, self.phone.value, allow_duplicate=allow_duplicate)
        except DuplicateParticipant as dup:
            existing = dup.existing
            self.errors.value = "<p class='kit-error'>" + esc(_(
                "{name} from {district} is already registered. Is that you?").format(
                name=existing.name, district=existing.district)) + "</p>"
            yes = button(_("Yes, that is me"), primary=True)
            no = button(_("No, register me as a new person"))
            yes.on_click(lambda _b: self.frame.choose(existing))
            no.on_click(lambda _b: self.submit(allow_duplicate=True))
            self.follow_up.children = [yes, no]
            return
        self.errors.value = ""
        self.frame.choose(p)
