"""Check-in at the door: search by name or phone, "Hadir", walk-ins, live present/expected counts.

A view: it reads and writes only through :mod:`kit.records.session_service` (search, check-in,
counts) and :mod:`kit.roster.walk_in` (a walk-in validated as a roster row). Its CLI twins are
``python -m kit session find|checkin|walk-in``. A person never asked about consent (UU PDP) gets
the question, in words to read aloud, next to "Hadir" (and on the walk-in form); the answer is
recorded with the check-in, and not answering never blocks it (``--consent`` on the CLI). The
counts are read again after every action and every :data:`LIVE_INTERVAL` seconds (another
laptop may check people in too).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kit.i18n import gettext_
from kit.records import consent_service
from kit.records import session_service as service
from kit.records.participant_types import TYPES, type_label
from kit.roster.walk_in import register_walk_in
from kit.session_app.panels import PanelContext
from kit.ui import render, style_html
from kit.ui.live import Repeating
from kit.ui.widgets import box, button, close_tree, html, labelled, text
from kit.workspace import WorkspaceError

LIVE_INTERVAL = 5.0
CSS = style_html("session_people", "consent")  # kit/ui/css/session_people.css, consent.css


def build(ctx: PanelContext) -> Any:
    """The door of ``ctx``'s session, its counts refreshing themselves."""
    panel = DoorPanel(ctx)
    panel.start_live()
    return panel.widget


def message(kind: str, textual: str, lang: str) -> str:
    """One paragraph: ``kit-ok``, ``kit-error`` (with ⚠) or ``kit-muted``."""
    return render("message.html.j2", lang, kind=kind, text=textual,
                  prefix="⚠ " if kind == "kit-error" else "")


def person_html(c: service.Candidate, lang: str) -> str:
    """A found person: name, business, district, phone, type, and whether they may come in."""
    details = [d for d in (c.business_name, c.district, c.phone) if d]
    details.append(type_label(c.participant_type, lang))
    if c.present:
        state, kind = gettext_("already present", lang), "ok"
    elif c.missing:
        state, kind = gettext_("not eligible yet: has not attended {activities}",
                               lang).format(activities=", ".join(c.missing)), "warn"
    else:
        state, kind = gettext_("eligible", lang), "muted"
    return render("session_person.html.j2", lang, name=c.name, details=details, state=state,
                  kind=kind)


class ConsentQuestion:
    """The consent question (UU PDP) read aloud at the door, answered yes or no, or not at all."""

    def __init__(self, lang: str):
        self.buttons = w.ToggleButtons(
            options=[(gettext_("Yes, agrees", lang), True),
                     (gettext_("No, does not agree", lang), False)],
            value=None, layout=w.Layout(width="100%"))
        question = render("consent_question.html.j2", lang,
                          label=gettext_(consent_service.QUESTION_LABEL, lang),
                          question=gettext_(consent_service.QUESTION, lang),
                          hint=gettext_(consent_service.QUESTION_HINT, lang))
        self.widget = box([html(question), self.buttons], ("kit-sp-consent",))

    @property
    def answer(self) -> bool | None:
        """``True`` (yes), ``False`` (no) or ``None`` (not answered)."""
        value = self.buttons.value
        return None if value is None else bool(value)

    def clear(self) -> None:
        """Back to not answered."""
        self.buttons.value = None


class DoorPanel:
    """The widgets of the door: counts, search, results with "Hadir", the walk-in form."""

    def __init__(self, ctx: PanelContext):
        self.ctx = ctx
        lang = ctx.lang
        self.counts = html()
        self.status = html()
        self.query = w.Text(placeholder=gettext_("Name or phone number", lang),
                            continuous_update=False, layout=w.Layout(width="100%"))
        self.search = button(gettext_("Search", lang), primary=True, max_width="10em")
        search_row = w.HBox([self.query, self.search], layout=w.Layout(width="100%"))
        search_row.add_class("kit-sp-search")
        self.results = box([], ("kit-sp-results",))
        self.rows: list[Any] = []
        self.search.on_click(lambda _b: self.find())
        self.query.observe(lambda _c: self.find(), names="value")
        self.walk_in = WalkInForm(self)
        self.open_form = button(gettext_("New participant (not on the list)", lang),
                                max_width="100%")
        self.open_form.on_click(lambda _b: self.walk_in.toggle())
        self.widget = box([html(CSS), self.counts,
                           labelled(gettext_("Find a participant", lang), search_row),
                           self.status, self.results, self.open_form, self.walk_in.widget],
                          ("kit-sp", "kit-sp-door"))
        # Stops by itself once the widget was closed; an error is logged and the timer goes on.
        self.live = Repeating(self.refresh_counts, alive=lambda: self.widget.comm is not None,
                              name="door counts refresh")
        self.refresh_counts()

    def say(self, kind: str, textual: str) -> None:
        """Show one line under the search box."""
        self.status.value = message(kind, textual, self.ctx.lang)

    def refresh_counts(self) -> None:
        """Read the present/expected counts again."""
        try:
            counts = service.door_counts(self.ctx.workspace, self.ctx.session_id)
        except (service.SessionInputError, WorkspaceError) as exc:
            self.say("kit-error", getattr(exc, "message", str(exc)))
            return
        line = gettext_("{present} present of {expected} expected", self.ctx.lang).format(
            present=counts.present, expected=counts.expected)
        if counts.admitted:
            line += " · " + gettext_("{n} admitted with a reason", self.ctx.lang).format(
                n=counts.admitted)
        self.counts.value = message("kit-sp-counts", line, self.ctx.lang)

    def find(self) -> None:
        """Search the roster for the name or phone typed and show each match's actions."""
        for row in self.rows:
            close_tree(row)
        self.rows = []
        query = self.query.value
        if not query.strip():
            self.results.children = []
            self.status.value = ""
            return
        try:
            found = service.find_people(self.ctx.workspace, self.ctx.session_id, query)
        except (service.SessionInputError, WorkspaceError) as exc:
            self.say("kit-error", getattr(exc, "message", str(exc)))
            return
        if not found:
            self.say("kit-muted", gettext_("Nobody found for {query!r}: register a new "
                                           "participant below.", self.ctx.lang).format(
                query=query.strip()))
        else:
            self.status.value = ""
        self.rows = [self._row(c) for c in found]
        self.results.children = self.rows

    def _row(self, c: service.Candidate) -> Any:
        parts: list[Any] = [html(person_html(c, self.ctx.lang))]
        if not c.present:
            present = button(gettext_("Present", self.ctx.lang), primary=True, max_width="12em")
            parts.append(present)
            reason: Any = None
            if c.missing:
                reason = text(placeholder=gettext_("Reason for admitting", self.ctx.lang))
                parts.insert(1, reason)
            question = ConsentQuestion(self.ctx.lang) if c.consent is None else None
            if question is not None:
                parts.insert(1, question.widget)
            present.on_click(lambda _b, pid=c.participant_id, r=reason, q=question: self.check_in(
                pid, r.value if r is not None else None, q.answer if q is not None else None))
        row = w.HBox(parts, layout=w.Layout(width="100%"))
        row.add_class("kit-sp-row")
        return row

    def check_in(self, participant_id: str, reason: str | None,
                 consent: bool | None = None) -> None:
        """Mark the person present (with the reason when admitted, the consent when answered)."""
        try:
            done = service.checkin(self.ctx.workspace, self.ctx.session_id, participant_id,
                                   admit_reason=reason if reason is not None and reason.strip()
                                   else None, consent=consent)
        except (service.SessionInputError, WorkspaceError) as exc:
            text = getattr(exc, "message", str(exc))
            if getattr(exc, "admittable", False):
                text += " " + gettext_("(the facilitator may admit them: write the reason in "
                                       "the box, then tap “{present}” again)", self.ctx.lang
                                       ).format(present=gettext_("Present", self.ctx.lang))
            self.say("kit-error", text)
            return
        self.after(done)

    def after(self, done: service.CheckIn) -> None:
        """Say what the check-in did, then read the counts and the results again."""
        if not done.new:
            self.say("kit-muted", gettext_("{name} was already checked in.", self.ctx.lang).format(
                name=done.participant_name))
        elif done.admitted:
            self.say("kit-ok", gettext_("{name} admitted and checked in.", self.ctx.lang).format(
                name=done.participant_name))
        else:
            self.say("kit-ok", gettext_("{name} checked in.", self.ctx.lang).format(
                name=done.participant_name))
        said = self.status.value
        self.refresh_counts()
        if self.query.value.strip():
            self.find()
        self.status.value = said

    # ---------------------------------------------------------------- live

    def start_live(self, interval: float = LIVE_INTERVAL) -> None:
        """Read the counts every ``interval`` seconds on the kernel's event loop."""
        self.live.start(interval)

    def stop_live(self) -> None:
        """Stop refreshing."""
        self.live.stop()


class WalkInForm:
    """Register someone not on the roster: the roster's fields, checked as a roster row is."""

    def __init__(self, door: DoorPanel):
        self.door = door
        lang = door.ctx.lang
        self.name = text()
        self.district = text()
        self.phone = text(placeholder="0812…")
        self.business = text()
        self.gender = w.Dropdown(options=[("-", ""), (gettext_("female (P)", lang), "P"),
                                          (gettext_("male (L)", lang), "L")], value="",
                                 layout=w.Layout(width="100%"))
        self.kind = w.Dropdown(options=[(type_label(k, lang), k) for k in TYPES],
                               value=TYPES[0], layout=w.Layout(width="100%"))
        self.reason = text(placeholder=gettext_("only if not eligible", lang))
        self.consent = ConsentQuestion(lang)
        self.save = button(gettext_("Register and check in", lang), primary=True)
        self.save.on_click(lambda _b: self.submit())
        self.feedback = html()
        pair = w.HBox([labelled(gettext_("Phone (optional)", lang), self.phone),
                       labelled(gettext_("Gender (optional)", lang), self.gender)],
                      layout=w.Layout(width="100%"))
        pair.add_class("kit-sp-pair")
        self.widget = box([
            labelled(gettext_("Name", lang), self.name),
            labelled(gettext_("District or city", lang), self.district),
            pair, labelled(gettext_("Participant type", lang), self.kind),
            labelled(gettext_("Business name (optional)", lang), self.business),
            labelled(gettext_("Reason for admitting", lang), self.reason), self.consent.widget,
            self.save, self.feedback,
        ], ("kit-sp-form",))
        self.widget.layout.display = "none"

    def toggle(self) -> None:
        """Show or hide the form."""
        shown = self.widget.layout.display != "none"
        self.widget.layout.display = "none" if shown else "flex"

    def submit(self) -> None:
        """Register the walk-in and check them in; one line naming the field if refused."""
        lang = self.door.ctx.lang
        try:
            done = register_walk_in(
                self.door.ctx.workspace, self.door.ctx.session_id, name=self.name.value,
                district=self.district.value, phone=self.phone.value or None,
                gender=self.gender.value or None,
                participant_type=None if self.kind.value == TYPES[0] else self.kind.value,
                business_name=self.business.value or None,
                admit_reason=self.reason.value if self.reason.value.strip() else None,
                consent=self.consent.answer)
        except (service.SessionInputError, WorkspaceError) as exc:
            if isinstance(exc, service.SessionInputError):
                label = {"name": "Name", "district": "District or city", "phone": "Phone",
                         "participant_type": "Participant type",
                         "admit_reason": "Reason for admitting"}.get(exc.field, "")
                shown = (gettext_(label, lang) + ": " if label else "") + exc.message
            else:
                shown = str(exc)
            self.feedback.value = message("kit-error", shown, lang)
            return
        notes = " ".join(done.warnings)
        self.feedback.value = message("kit-muted", notes, lang) if notes else ""
        for field in (self.name, self.district, self.phone, self.business, self.reason):
            field.value = ""
        self.gender.value = ""
        self.kind.value = TYPES[0]
        self.consent.clear()
        self.door.after(done.checkin)
