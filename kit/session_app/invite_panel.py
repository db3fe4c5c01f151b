"""The invite list: the roster by eligibility, and "admit with a reason" for those not eligible.

Four groups (:mod:`kit.records.invite`): eligible, not yet eligible (with the prerequisite
activity still missing), admitted by the facilitator (with the reason), present. Admission is
recorded with the attendance, so "admit" also checks the person in. A view: it reads and writes
only through :mod:`kit.records.session_service`. Its CLI twins are ``python -m kit session
invite ID`` and ``session checkin ID PID --admit-reason TEXT``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kit.i18n import N_, gettext_, ngettext_
from kit.records import session_service as service
from kit.records.invite import Invitee
from kit.records.participant_types import type_label
from kit.session_app.door_panel import CSS, message
from kit.session_app.panels import PanelContext
from kit.ui import render
from kit.ui.widgets import box, button, close_tree, html, text
from kit.workspace import WorkspaceError

GROUP_TITLES = {
    "eligible": N_("Eligible"), "not_eligible": N_("Not yet eligible"),
    "admitted": N_("Admitted by the facilitator"), "present": N_("Present"),
}


def build(ctx: PanelContext) -> Any:
    """The invite list of ``ctx``'s session."""
    return InvitePanel(ctx).widget


class InvitePanel:
    """The list in its groups; each person not eligible has a reason box and "admit"."""

    def __init__(self, ctx: PanelContext):
        self.ctx = ctx
        self.head = html()
        self.status = html()
        self.groups = box([], ("kit-sp-groups",))
        self.reload = button(gettext_("Refresh the list", self.ctx.lang), max_width="16em")
        self.reload.on_click(lambda _b: self.refresh())
        self.admit_buttons: dict[str, tuple[Any, Any]] = {}  # participant id → (reason, button)
        self.widget = box([html(CSS), self.head, self.reload, self.status, self.groups],
                          ("kit-sp", "kit-sp-invite"))
        self.refresh()

    def refresh(self) -> None:
        """Read the list again and rebuild the groups."""
        try:
            groups = service.invite_list(self.ctx.workspace, self.ctx.session_id)
        except (service.SessionInputError, WorkspaceError) as exc:
            self.status.value = message("kit-error", getattr(exc, "message", str(exc)),
                                        self.ctx.lang)
            return
        for child in self.groups.children:
            close_tree(child)
        self.admit_buttons = {}
        lang = self.ctx.lang
        total = len(groups.all())
        self.head.value = render("heading.html.j2", lang, level=2, title=ngettext_(
            "{n} person on the roster", "{n} people on the roster", total, lang).format(n=total))
        parts: list[Any] = []
        for key, members in (("eligible", groups.eligible),
                             ("not_eligible", groups.not_eligible),
                             ("admitted", groups.admitted), ("present", groups.present)):
            title = gettext_("{group} ({n})", lang).format(
                group=gettext_(GROUP_TITLES[key], lang), n=len(members))
            parts.append(html(render("heading.html.j2", lang, level=3, title=title)))
            parts.extend(self._row(invitee) for invitee in members)
        self.groups.children = parts

    def _row(self, invitee: Invitee) -> Any:
        c = invitee.candidate
        lang = self.ctx.lang
        details = [d for d in (c.business_name, c.district, c.phone) if d]
        details.append(type_label(c.participant_type, lang))
        state = reason = ""
        if invitee.group == "not_eligible":
            state = gettext_("has not attended {activities} yet", self.ctx.lang).format(
                activities=", ".join(c.missing))
        elif invitee.group == "admitted":
            reason = gettext_("Reason: {reason}", self.ctx.lang).format(reason=invitee.admit_reason)
        parts: list[Any] = [html(render("session_person.html.j2", lang, name=c.name,
                                        details=details, state=state, kind="warn",
                                        reason=reason))]
        if invitee.group == "not_eligible":
            why = text(placeholder=gettext_("Reason for admitting", self.ctx.lang))
            admit = button(gettext_("Admit and check in", lang), primary=True,
                           max_width="14em")
            admit.on_click(lambda _b, pid=c.participant_id: self.admit(pid))
            self.admit_buttons[c.participant_id] = (why, admit)
            parts += [why, admit]
        row = w.HBox(parts, layout=w.Layout(width="100%"))
        row.add_class("kit-sp-row")
        return row

    def admit(self, participant_id: str) -> None:
        """Admit the person with the reason typed (recorded) and check them in."""
        why, _admit = self.admit_buttons[participant_id]
        reason = why.value if why.value.strip() else ""
        try:
            done = service.checkin(self.ctx.workspace, self.ctx.session_id, participant_id,
                                   admit_reason=reason)
        except (service.SessionInputError, WorkspaceError) as exc:
            self.status.value = message("kit-error", getattr(exc, "message", str(exc)),
                                        self.ctx.lang)
            return
        self.refresh()
        lang = self.ctx.lang
        self.status.value = message("kit-ok", gettext_("{name} admitted and checked in.",
                                                       lang).format(name=done.participant_name),
                                    lang)
