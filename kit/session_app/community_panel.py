"""Pembentukan komunitas: the komunitas day run from one tab, without a terminal (issue 15).

Four parts, top to bottom: the community (created from a short form, or picked among the
district's), its members (the session's checked-in participants: bimtek graduates ticked, others
only with a reason), the board (:mod:`kit.session_app.community_board_panel`) and the documents
(programme, MoU, berita acara, offered for download like the report panel). A view only: every
rule is :mod:`kit.community`'s, read and written through its services; the session's people come
from :mod:`kit.records.session_service`. A refusal (:class:`~kit.problems.InputError`) is one
line next to the control that caused it, in the app's language. Its CLI twins are
``python -m kit community create|member add|…`` and ``community mou|minutes|programme``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from functools import partial
from typing import Any, TypeVar

import attrs
import ipywidgets as w

from kit.community import service
from kit.i18n import get_language, gettext_, set_language
from kit.problems import InputError
from kit.records import session_service
from kit.reports.session_report import files
from kit.session_app.panels import PanelContext
from kit.ui import render, style_html
from kit.ui.widgets import box, button, download_link, html, labelled, text
from kit.workspace import WorkspaceError

T = TypeVar("T")
CSS = style_html("session_people", "report_panel")


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Run the services in ``lang`` (their refusals are translated when raised), then restore."""
    before = get_language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def line(kind: str, message: str, lang: str) -> str:
    """One paragraph: ``kit-ok`` (with ✓), ``kit-error`` (with ⚠) or ``kit-muted``."""
    prefix = {"kit-ok": "✓ ", "kit-error": "⚠ "}.get(kind, "")
    return render("message.html.j2", lang, kind=kind, prefix=prefix, text=message)


def attempt(lang: str, status: Any, action: Callable[[], T],
            labels: Mapping[str, str] | None = None) -> T | None:
    """Run ``action`` in ``lang``; a refusal becomes one line in ``status`` (``None`` returned).

    ``labels`` maps a service's field name to the label of the control, put before the message.
    """
    try:
        with speaking(lang):
            return action()
    except InputError as exc:
        label = (labels or {}).get(exc.field)
        shown = f"{label}: {exc.message}" if label else exc.message
    except (WorkspaceError, OSError) as exc:
        shown = str(exc)
    status.value = line("kit-error", shown, lang)
    return None


def tick(name: str, value: bool = False) -> Any:
    """A person's on/off button (a big touch target; ✓ and green when on), ``.value`` a bool."""
    toggle = w.ToggleButton(value=value, description=name, tooltip=name,
                            layout=w.Layout(width="auto", max_width="100%", height="auto"))
    toggle.add_class("kit-cp-tick")

    def show(_change: Any = None) -> None:
        toggle.icon = "check" if toggle.value else ""
        toggle.button_style = "success" if toggle.value else ""

    toggle.observe(show, names="value")
    show()
    return toggle


def dropdown(options: list[tuple[str, str]]) -> Any:
    """A full-width dropdown of ``(label, value)`` pairs (nothing chosen when empty)."""
    return w.Dropdown(options=options, value=options[0][1] if options else None,
                      layout=w.Layout(width="100%"))


def save_and_link(ctx: PanelContext, name: str, data: bytes, mime: str, status: Any,
                  link: Any) -> bool:
    """Save ``data`` as ``name`` in the workspace's reports folder and offer it for download."""
    try:
        path = files.save(ctx.workspace, files.ReportFile(name, data, mime))
    except (WorkspaceError, OSError) as exc:
        status.value = line("kit-error", str(exc), ctx.lang)
        link.value = ""
        return False
    status.value = line("kit-ok", gettext_("Saved in the reports folder as {name}",
                                           ctx.lang).format(name=path.name), ctx.lang)
    link.value = download_link(name, data, mime)
    return True


def build(ctx: PanelContext) -> Any:
    """The community-formation panel of ``ctx``'s session."""
    return CommunityPanel(ctx).widget


class CommunityPanel:
    """The community (form or picker) and, once there is one, its members, board and documents."""

    def __init__(self, ctx: PanelContext):
        from kit.session_app.community_board_panel import BoardSection
        from kit.session_app.community_documents_panel import DocumentsSection

        self.ctx = ctx
        lang = ctx.lang
        session, _activity = session_service.session_and_activity(ctx.workspace, ctx.session_id)
        self.district = session.district or ""
        self.name = text(placeholder=gettext_("e.g. Komunitas e-UMKM Sragen Maju", lang))
        self.place = text(session.venue or "")
        self.day = text((session.date or date.today()).isoformat(), placeholder="2026-12-05")
        self.create_button = button(gettext_("Form the community", lang), primary=True)
        self.create_button.on_click(lambda _b: self.create())
        self.form = box([labelled(gettext_("Community name", lang), self.name),
                         labelled(gettext_("Place formed", lang), self.place),
                         labelled(gettext_("Date formed (YYYY-MM-DD)", lang), self.day),
                         self.create_button], ("kit-sp-form",))
        self.picker = dropdown([])
        self.loading = False  # while the picker's options are replaced, show once at the end
        self.picker.observe(lambda _c: None if self.loading else self.show(), names="value")
        self.picker_box = labelled(gettext_("Community", lang), self.picker)
        self.community_status = html()
        self.info = html()
        self.members = MembersSection(self)
        self.board = BoardSection(self)
        self.documents = DocumentsSection(self)
        self.body = box([self.members.widget, self.board.widget, self.documents.widget])
        head = html(render("heading.html.j2", lang, level=2,
                           title=gettext_("Community formation", lang),
                           note=gettext_("Members, the board by musyawarah or secret ballot, "
                                         "the programme, the MoU and the berita acara.", lang)))
        self.widget = box([html(CSS), head, self.picker_box, self.form, self.community_status,
                           self.info, self.body], ("kit-sp", "kit-community-panel"))
        self.load()

    @property
    def community_id(self) -> str | None:
        """The community shown, or ``None`` when the district has none yet."""
        value = self.picker.value
        return str(value) if value else None

    def load(self, chosen: str | None = None) -> None:
        """Read the district's communities again; pick ``chosen`` (else the newest)."""
        found = attempt(self.ctx.lang, self.community_status,
                        lambda: service.list_communities(self.ctx.workspace)) or []
        mine = sorted((c for c in found if not self.district or c.district == self.district),
                      key=lambda c: (c.formed_on, c.created_at))
        options = [(f"{c.name} ({c.formed_on.isoformat()})", c.id) for c in reversed(mine)]
        self.loading = True
        try:
            self.picker.options = options
            self.picker.value = chosen if chosen in dict(options).values() else (
                options[0][1] if options else None)
        finally:
            self.loading = False
        self.picker_box.layout.display = "flex" if options else "none"
        self.form.layout.display = "none" if options else "flex"
        self.show()

    def create(self) -> None:
        """Create the community from the form; one line naming the field when refused."""
        lang = self.ctx.lang
        labels = {"name": gettext_("Community name", lang), "place": gettext_("Place formed", lang),
                  "district": gettext_("District", lang)}
        try:
            day = date.fromisoformat(self.day.value.strip())
        except ValueError:
            self.community_status.value = line("kit-error", gettext_(
                "Date formed: write the date as YYYY-MM-DD, e.g. 2026-12-05", lang), lang)
            return
        made = attempt(lang, self.community_status, lambda: service.create(
            self.ctx.workspace, self.name.value, self.district, self.place.value, day), labels)
        if made is None:
            return
        self.community_status.value = line("kit-ok", gettext_("Community formed: {name}",
                                                              lang).format(name=made.name), lang)
        self.load(made.id)

    def show(self) -> None:
        """Show the chosen community and read its members, board and documents again."""
        cid = self.community_id
        self.body.layout.display = "flex" if cid else "none"
        if cid is None:
            self.info.value = line("kit-muted", gettext_(
                "No community in this district yet: form it with the form above.",
                self.ctx.lang), self.ctx.lang)
            return
        found = attempt(self.ctx.lang, self.community_status,
                        lambda: service.show(self.ctx.workspace, cid))
        if found is None:
            return
        c = found.community
        self.info.value = render("heading.html.j2", self.ctx.lang, level=3, title=c.name,
                                 note=f"{c.district} · {c.formed_on.isoformat()} · {c.place}")
        self.members.refresh(found)
        self.board.refresh()
        self.documents.clear()


@attrs.define
class MemberRow:
    """One checked-in person who is not a member yet: the tick and, if not bimtek, the reason."""

    name: str
    tick: Any
    reason: Any | None
    widget: Any


class MembersSection:
    """The session's checked-in people to add, the add button, and the current member list."""

    def __init__(self, panel: CommunityPanel):
        self.panel = panel
        lang = panel.ctx.lang
        self.rows: dict[str, MemberRow] = {}
        self.people = box([])
        self.add_button = button(gettext_("Add as members", lang), primary=True)
        self.add_button.on_click(lambda _b: self.add())
        self.status = html()
        self.listing = html()
        head = html(render("heading.html.j2", lang, level=3, title=gettext_("Members", lang),
                           note=gettext_("Checked-in participants who completed bimtek are "
                                         "ticked; anyone else only with a reason.", lang)))
        self.widget = box([head, self.people, self.add_button, self.status, self.listing])

    def refresh(self, found: service.CommunityRecord) -> None:
        """Rebuild the rows (checked in, not yet members) and the member list."""
        ctx = self.panel.ctx
        lang = ctx.lang
        groups = attempt(lang, self.status,
                         lambda: session_service.invite_list(ctx.workspace, ctx.session_id))
        members = {m.id for m in found.members}
        self.rows = {}
        for invitee in (groups.present + groups.admitted) if groups else ():
            c = invitee.candidate
            if c.participant_id in members:
                continue
            bimtek = invitee.group == "present"  # checked in without the door's reason
            ticked = tick(c.name, bimtek)
            reason = None if bimtek else text(placeholder=gettext_(
                "Reason for admitting (at the door: {reason})", lang).format(
                    reason=invitee.admit_reason or "-"))
            row = w.HBox([ticked, *([reason] if reason is not None else [])],
                         layout=w.Layout(width="100%"))
            row.add_class("kit-sp-row")
            if reason is not None:
                row.add_class("kit-sp-muted")
            self.rows[c.participant_id] = MemberRow(c.name, ticked, reason, row)
        self.people.children = [r.widget for r in self.rows.values()]
        self.add_button.layout.display = None if self.rows else "none"
        if not self.rows:
            self.people.children = [html(line("kit-muted", gettext_(
                "Everyone checked in is a member already.", lang), lang))]
        names = ", ".join(m.name + ("" if m.admitted_by == "bimtek" else " *")
                          for m in found.members)  # the template escapes
        self.listing.value = render("heading.html.j2", lang, level=4, title=gettext_(
            "Members ({n})", lang).format(n=len(found.members)),
            note=names or gettext_("none yet", lang))

    def add(self) -> None:
        """Admit the ticked people; a ticked person without bimtek needs a reason first."""
        ctx = self.panel.ctx
        lang = ctx.lang
        cid = self.panel.community_id
        chosen = {pid: row for pid, row in self.rows.items() if row.tick.value}
        if cid is None or not chosen:
            self.status.value = line("kit-error", gettext_("Tick at least one person.", lang),
                                     lang)
            return
        lacking = [row.name for row in chosen.values()
                   if row.reason is not None and not row.reason.value.strip()]
        if lacking:
            self.status.value = line("kit-error", gettext_(
                "{names}: has not completed bimtek; write the reason for admitting in the box "
                "next to the name", lang).format(names=", ".join(lacking)), lang)
            return
        added: list[str] = []
        for pid, row in chosen.items():
            reason = row.reason.value if row.reason is not None else None
            made = attempt(lang, self.status, partial(service.add_member, ctx.workspace, cid,
                                                      pid, reason),
                           {"participant": row.name, "reason": row.name})
            if made is None:
                self.panel.show()
                return
            added.append(made.name)
        self.panel.show()
        self.status.value = line("kit-ok", gettext_("{n} added as members.", lang).format(
            n=len(added)), lang)
