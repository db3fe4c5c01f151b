"""The identity widgets of a module page: the roster picker and the registration form.

Neither exists in a classroom kernel (the participant is the one its signed token names; the
kernel keeps no roster): constructing one there raises
:class:`~kit.modules.session_state.IdentityLocked`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from kit.i18n import _
from kit.modules.identity import (
    CLASSROOM,
    DuplicateParticipant,
    describe,
    districts,
    register,
    roster,
    search,
    validate_registration,
)
from kit.modules.session_state import IdentityLocked
from kit.ui import render
from kit.ui.widgets import FULL, box, button, close_tree, html, labelled

if TYPE_CHECKING:
    from kit.modules.frame import ModuleFrame as FrameLike
else:
    FrameLike = Any

__all__ = ["RegisterForm", "RosterPicker"]


class RosterPicker:
    """Search the roster by name; namesakes are told apart by business and district."""

    def __init__(self, frame: FrameLike):
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
        self.widget = box([*self._welcome_back(), self.query, self.message, self.matches,
                           self.pick, self.new, self.form_slot])

    def _welcome_back(self) -> list[Any]:
        """"Continue as <name>" for the one remembered on this machine; the search stays below."""
        known = self.frame.session.remembered()
        if known is None or not any(p.id == known.id for p in self.people):
            return []
        self.resume = button(_("Continue as {name}").format(name=known.name), primary=True)
        self.resume.add_class("kit-resume")
        self.resume.on_click(lambda _b: self.frame.choose(known))
        return [box([html(render("message.html.j2", text=describe(known))), self.resume,
                     html(render("message.html.j2", kind="kit-muted", text=_(
                         "Someone else? Find your name below.")))], ("kit-card",))]

    def _update(self, _change: object = None) -> None:
        found = search(self.people, self.query.value)
        self.matches.options = [(describe(p), p.id) for p in found]
        self.matches.value = None
        self.pick.disabled = True
        if self.query.value.strip() and not found:
            self.message.value = render("message.html.j2", kind="kit-error", text=_(
                "No name found. Try another spelling, or register below."))
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

    def __init__(self, frame: FrameLike):
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
            html(render("register_intro.html.j2")),
            labelled(_("Name"), self.name),
            labelled(_("District / city"), self.district),
            labelled(_("Business name"), self.business),
            labelled(_("Phone"), self.phone),
            self.errors, self.save, self.follow_up,
        ], ("kit-card",))

    def close(self) -> None:
        """Close every widget of the form."""
        close_tree(self.widget)

    def submit(self, allow_duplicate: bool = False) -> None:
        """Validate and register; on a namesake in the same district, ask before adding."""
        problems = validate_registration(self.name.value, self.district.value, self.phone.value)
        if problems:
            self.errors.value = "".join(render("message.html.j2", kind="kit-error", prefix="⚠ ",
                                               text=m) for m in problems.values())
            return
        try:
            p = register(self.frame.ctx.ws, self.name.value, self.district.value,
                         self.business.value, self.phone.value, allow_duplicate=allow_duplicate)
        except DuplicateParticipant as dup:
            existing = dup.existing
            self.errors.value = render("message.html.j2", kind="kit-error", text=_(
                "{name} from {district} is already registered. Is that you?").format(
                name=existing.name, district=existing.district))
            yes = button(_("Yes, that is me"), primary=True)
            no = button(_("No, register me as a new person"))
            yes.on_click(lambda _b: self.frame.choose(existing))
            no.on_click(lambda _b: self.submit(allow_duplicate=True))
            self.follow_up.children = [yes, no]
            return
        self.errors.value = ""
        self.frame.choose(p)
