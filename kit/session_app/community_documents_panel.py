"""The documents part of the community panel: the programme, the MoU and the berita acara.

The work programme is ranked from the members' saved proposals (:mod:`kit.community.programme`,
the top ranks priority); the MoU and the berita acara are worded by :mod:`kit.community.paperwork`
and drawn by :mod:`kit.community.documents` as PDF or DOCX, saved in the workspace's reports
folder and offered for download, as ``community mou|minutes`` write them. A board that is not
complete is refused in one line and nothing is written.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from kit.community import paperwork, programme
from kit.i18n import gettext_
from kit.modules.komunitas import kind_titles
from kit.records import session_service
from kit.reports.session_report import files
from kit.session_app.community_panel import attempt, line, save_and_link
from kit.ui import render
from kit.ui.widgets import box, button, html, labelled, text

if TYPE_CHECKING:
    from kit.session_app.community_panel import CommunityPanel

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocumentsSection:
    """The programme, and the MoU and berita acara as PDF and DOCX, saved and offered."""

    def __init__(self, panel: CommunityPanel):
        self.panel = panel
        lang = panel.ctx.lang
        self.top = w.BoundedIntText(value=programme.DEFAULT_TOP, min=1, max=99,
                                    layout=w.Layout(width="8em"))
        self.programme_button = button(gettext_("Show the work programme", lang))
        self.programme_button.on_click(lambda _b: self.show_programme())
        self.programme_html = html()
        session, _activity = session_service.session_and_activity(panel.ctx.workspace,
                                                                  panel.ctx.session_id)
        self.official = text(placeholder=gettext_("blank: a line to fill in by hand", lang))
        self.official_title = text(placeholder=gettext_("default: head of the district office",
                                                        lang))
        self.facilitator = text(session.facilitator or "")
        self.witness_one = text()
        self.witness_two = text()
        self.buttons = {
            "mou_pdf": button(gettext_("MoU (PDF)", lang), primary=True),
            "mou_docx": button(gettext_("MoU (DOCX)", lang)),
            "minutes_pdf": button(gettext_("Berita acara (PDF)", lang), primary=True),
            "minutes_docx": button(gettext_("Berita acara (DOCX)", lang)),
        }
        for kind, b in self.buttons.items():
            b.on_click(lambda _b, k=kind: self.make(k))
        self.result = html()
        self.link = html()
        head = html(render("heading.html.j2", lang, level=3,
                           title=gettext_("Programme and documents", lang),
                           note=gettext_("The MoU and the berita acara need the whole board; "
                                         "each file is also saved in the reports folder.",
                                         lang)))
        self.widget = box([
            head, labelled(gettext_("Priority items (the top ranks)", lang), self.top),
            self.programme_button, self.programme_html,
            labelled(gettext_("Official who acknowledges the MoU", lang), self.official),
            labelled(gettext_("Official's title", lang), self.official_title),
            labelled(gettext_("Facilitator", lang), self.facilitator),
            labelled(gettext_("Witness 1", lang), self.witness_one),
            labelled(gettext_("Witness 2", lang), self.witness_two),
            *self.buttons.values(), self.result, self.link])

    def clear(self) -> None:
        """Forget the last file and programme (another community may be shown now)."""
        self.result.value = self.link.value = self.programme_html.value = ""

    def show_programme(self) -> None:
        """Show the programme ranked from the members' proposals, priority first."""
        lang = self.panel.ctx.lang
        cid = self.panel.community_id
        if cid is None:
            return
        found = attempt(lang, self.programme_html, lambda: programme.community_programme(
            self.panel.ctx.workspace, cid, int(self.top.value)))
        if found is None:
            return
        if not found.items:
            self.programme_html.value = line("kit-muted", gettext_(
                "No member has saved a work-programme proposal yet.", lang), lang)
            return
        kinds = kind_titles(lang)
        parts = []
        for title, items in ((gettext_("Priority", lang), found.priority),
                             (gettext_("Non-priority", lang), found.non_priority)):
            rows = "".join(f"<li>{i.rank}. {escape(i.what)} <span class='kit-muted'>"
                           f"({escape(kinds.get(i.kind, i.kind))}, "
                           f"{escape(gettext_('{n} members', lang).format(n=len(i.proposers)))})"
                           "</span></li>" for i in items)
            parts.append(f"<h4>{escape(title)}</h4><ul>{rows}</ul>")
        self.programme_html.value = "".join(parts)

    def make(self, kind: str) -> bool:
        """Write the MoU or berita acara (``kind`` like ``mou_pdf``), save and offer it."""
        from kit.community import documents

        ctx = self.panel.ctx
        cid = self.panel.community_id
        if cid is None:
            return False
        doc, fmt = kind.split("_")

        def produce() -> bytes:
            if doc == "mou":
                made = paperwork.agreement(
                    ctx.workspace, cid, lang=ctx.lang, official_name=self.official.value,
                    official_title=self.official_title.value.strip() or None,
                    top=int(self.top.value))
                document = documents.mou_document(made, ctx.lang)
            else:
                minutes = paperwork.election_minutes(
                    ctx.workspace, cid, facilitator=self.facilitator.value,
                    witnesses=(self.witness_one.value, self.witness_two.value))
                document = documents.minutes_document(minutes, ctx.lang)
            return documents.pdf_bytes(document) if fmt == "pdf" else \
                documents.docx_bytes(document)

        self.link.value = ""
        data = attempt(ctx.lang, self.result, produce)
        if data is None:
            return False
        name = f"{'kesepakatan' if doc == 'mou' else 'berita-acara'}-{cid}.{fmt}"
        return save_and_link(ctx, name, data, files.MIME["pdf"] if fmt == "pdf" else DOCX_MIME,
                             self.result, self.link)
