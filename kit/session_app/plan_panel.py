"""The plan of a session: its facts and its people, with the guide's warnings.

Date, title, venue, district, facilitators, target size and room capacity (warned outside the
activity's ``size``/``room_capacity`` in the framework), the organising committee (*panitia*:
chair, vice chair, secretary, treasurer, members), the support team (a bimtek's 2–3, 4.1.8), the
head of office who signs the report (*mengetahui*) and the facilitator's notes. The speakers the
guide's strategy table proposes (3.1 / 4.1 / 5.1) are shown as a reminder. A view: it reads and
writes only through :mod:`kit.records.session_service`; its CLI twin is ``python -m kit session
edit ID --committee ROLE=NAME --support NAME --head-of-office NAME --notes TEXT …``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kit.i18n import N_, gettext_
from kit.records import session_service as service
from kit.records.session_people import COMMITTEE_ROLES, proposed_speakers, role_label
from kit.records.sessions import Session
from kit.session_app.door_panel import CSS, message
from kit.session_app.panels import PanelContext
from kit.ui import render
from kit.ui.widgets import area, box, button, html, labelled, text
from kit.workspace import WorkspaceError

# Field of the service → the label of its input here (the message ids are below).
FIELD_LABELS = {
    "date": N_("Date (YYYY-MM-DD)"), "title": N_("Title"), "venue": N_("Venue"),
    "district": N_("District or city"), "facilitator": N_("Facilitators (separate with commas)"),
    "target_size": N_("Target number of participants"),
    "room_capacity": N_("Places in the room"), "committee": N_("Organising committee"),
    "support_team": N_("Support team (one name per line)"),
    "head_of_office": N_("Head of office (signs the report)"),
    "notes": N_("Facilitator's notes"),
}
SINGLE_ROLES = tuple(r for r in COMMITTEE_ROLES if r != "anggota")


def build(ctx: PanelContext) -> Any:
    """The plan of ``ctx``'s session."""
    return PlanPanel(ctx).widget


class PlanPanel:
    """The form: facts, committee, support team, head of office, notes; "Save" and warnings."""

    def __init__(self, ctx: PanelContext):
        self.ctx = ctx
        lang = ctx.lang
        self.inputs: dict[str, Any] = {
            "date": text(placeholder="2026-12-10"), "title": text(), "venue": text(),
            "district": text(), "facilitator": text(), "target_size": text(placeholder="25–50"),
            "room_capacity": text(placeholder="30–50"), "head_of_office": text(),
            "support_team": area(rows=3), "notes": area(rows=4),
        }
        self.roles = {role: text() for role in SINGLE_ROLES}
        self.members = area(rows=3)
        self.head = html()
        self.speakers = html()
        self.feedback = html()
        self.save = button(gettext_("Save the session details", lang), primary=True)
        self.save.on_click(lambda _b: self.submit())
        committee = box([
            *(labelled(role_label(r, ctx.lang), self.roles[r]) for r in SINGLE_ROLES),
            labelled(gettext_("Committee members (one name per line)", lang), self.members),
        ], ("kit-sp-form",))
        sizes = w.HBox([self._field("target_size"), self._field("room_capacity")],
                       layout=w.Layout(width="100%"))
        sizes.add_class("kit-sp-pair")
        self.widget = box([
            html(CSS), self.head, self._field("title"), self._field("date"),
            self._field("venue"), self._field("district"), self._field("facilitator"), sizes,
            html(render("heading.html.j2", lang, level=3,
                        title=gettext_("Organising committee", lang))),
            committee, self.speakers, self._field("support_team"),
            self._field("head_of_office"), self._field("notes"), self.save, self.feedback,
        ], ("kit-sp", "kit-sp-plan"))
        self.load()

    def _field(self, name: str) -> Any:
        return labelled(gettext_(FIELD_LABELS[name], self.ctx.lang), self.inputs[name])

    def load(self) -> None:
        """Fill the form from the session as stored, with its warnings."""
        try:
            found = service.detail(self.ctx.workspace, self.ctx.session_id)
        except (service.SessionInputError, WorkspaceError) as exc:
            self.feedback.value = message("kit-error", getattr(exc, "message", str(exc)),
                                          self.ctx.lang)
            return
        self.show(found.session)
        self.head.value = render("heading.html.j2", self.ctx.lang, level=2,
                                 title=found.session.title, note=found.activity_title)
        self.warn(service.warnings(found.session))

    def show(self, s: Session) -> None:
        """Put the session's values in the inputs."""
        values = {"date": s.date.isoformat() if s.date else "", "title": s.title,
                  "venue": s.venue, "district": s.district, "facilitator": s.facilitator,
                  "target_size": s.target_size, "room_capacity": s.room_capacity,
                  "head_of_office": s.head_of_office, "notes": s.notes,
                  "support_team": "\n".join(s.support_team)}
        for name, value in values.items():
            self.inputs[name].value = "" if value is None else str(value)
        for role in SINGLE_ROLES:
            self.roles[role].value = next((m.name for m in s.committee if m.role == role), "")
        self.members.value = "\n".join(m.name for m in s.committee if m.role == "anggota")
        activity = service.activity_of(s.activity_id)
        rows = [f"{issue}: {speaker}" for issue, speaker in proposed_speakers(activity,
                                                                              self.ctx.lang)]
        self.speakers.value = render("paragraphs.html.j2", self.ctx.lang, kind="kit-muted",
                                     blocks=[[gettext_("Speakers the guide proposes:",
                                                       self.ctx.lang), *rows]])

    def warn(self, warnings: list[str]) -> None:
        """Show the guide's warnings (size, room, support team), or nothing."""
        self.feedback.value = "".join(message("kit-sp-warning", "⚠ " + w_, self.ctx.lang)
                                      for w_ in warnings)

    def _number(self, name: str) -> int | None:
        raw = self.inputs[name].value.strip()
        if not raw:
            return None
        if not raw.isdigit():
            raise service.SessionInputError(name, gettext_(
                "write a whole number, not {value!r}", self.ctx.lang).format(value=raw))
        return int(raw)

    def submit(self) -> None:
        """Save every field; a refusal is one line naming the field, and nothing is saved."""
        v = {name: widget.value for name, widget in self.inputs.items()}
        committee = [f"{role}={self.roles[role].value}" for role in SINGLE_ROLES
                     if self.roles[role].value.strip()]
        committee += [f"anggota={line}" for line in self.members.value.splitlines()
                      if line.strip()]
        try:
            saved, warnings = service.edit(
                self.ctx.workspace, self.ctx.session_id, day=v["date"], title=v["title"],
                venue=v["venue"], district=v["district"], facilitator=v["facilitator"],
                target_size=self._number("target_size"),
                room_capacity=self._number("room_capacity"), committee=committee or [""],
                support_team=v["support_team"].splitlines() or [""],
                head_of_office=v["head_of_office"], notes=v["notes"])
        except service.SessionInputError as exc:
            label = FIELD_LABELS.get(exc.field)
            shown = (gettext_(label, self.ctx.lang) + ": " if label else "") + exc.message
            self.feedback.value = message("kit-error", shown, self.ctx.lang)
            return
        except WorkspaceError as exc:
            self.feedback.value = message("kit-error", str(exc), self.ctx.lang)
            return
        self.show(saved)
        self.warn(warnings)
        saved_line = message("kit-ok", gettext_("Saved.", self.ctx.lang), self.ctx.lang)
        self.feedback.value = saved_line + self.feedback.value
