"""After the session: the *laporan kegiatan* (PDF, Excel, HTML) and the *daftar hadir*, on a tap.

Each button makes its file, saves it in the workspace's ``reports/`` folder (the same name as the
command line gives it) and offers it as a download link on the page. "Include phone numbers"
is off by default: the report then carries names only. A session nobody was checked in to is
refused in one line. Its CLI twins are ``python -m kit report session ID --format pdf|xlsx|html``
and ``python -m kit report attendance-sheet ID``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kit.i18n import gettext_
from kit.modules.quiz import question_bank
from kit.reports.session_report import files, sheet
from kit.reports.session_report.gather import ReportInputError, gather
from kit.session_app.panels import PanelContext
from kit.ui import Markup, render, style_html
from kit.ui.widgets import box, button, download_link, html
from kit.workspace import WorkspaceError


def build(ctx: PanelContext) -> Any:
    """The report panel of ``ctx``'s session."""
    return ReportPanel(ctx).widget


def _styles(name: str) -> Markup:
    return Markup(style_html(name))


class ReportPanel:
    """Four buttons (PDF, Excel, HTML, attendance sheet), the contacts choice, the result."""

    def __init__(self, ctx: PanelContext):
        self.ctx = ctx
        lang = ctx.lang
        self.contacts = w.Checkbox(value=False, indent=False,
                                   description=gettext_("Include phone numbers", lang),
                                   layout=w.Layout(width="100%", max_width="100%"))
        self.buttons = {
            "pdf": button(gettext_("Make the PDF report", lang), primary=True),
            "xlsx": button(gettext_("Make the Excel report", lang)),
            "html": button(gettext_("Make the HTML report", lang)),
            "sheet": button(gettext_("Print the attendance sheet", lang)),
        }
        for kind, btn in self.buttons.items():
            btn.on_click(self._handler(kind))
        self.result = html()
        self.link = html()
        head = html(render("heading.html.j2", lang, level=2,
                           title=gettext_("Activity report", lang),
                           note=gettext_("Names only unless phone numbers are included; each "
                                         "file is also saved in the workspace's reports "
                                         "folder.", lang)))
        self.widget = box([html(style_html("report_panel")), head, self.contacts,
                           *self.buttons.values(), self.result, self.link],
                          ("kit-report-panel",))

    def _handler(self, kind: str) -> Callable[[Any], None]:
        def run(_button: Any) -> None:
            self.make(kind)

        return run

    def make(self, kind: str) -> files.ReportFile | None:
        """Make the file ``kind`` names (pdf, xlsx, html or sheet), save it, offer its link."""
        ctx = self.ctx
        try:
            if kind == "sheet":
                found = sheet.gather_sheet(ctx.workspace, ctx.session_id, lang=ctx.lang)
                produced = files.ReportFile(files.sheet_name(ctx.session_id),
                                            sheet.render(found), files.MIME["pdf"])
            else:
                report = gather(ctx.workspace, ctx.session_id, lang=ctx.lang,
                                include_contacts=bool(self.contacts.value), banks=question_bank)
                produced = files.report_file(report, kind, render, _styles)
            path = files.save(ctx.workspace, produced)
        except ReportInputError as exc:
            self._error(exc.message)
            return None
        except (WorkspaceError, OSError) as exc:
            self._error(str(exc))
            return None
        self.result.value = render("message.html.j2", ctx.lang, kind="kit-ok", prefix="✓ ",
                                   text=gettext_("Saved in the reports folder as {name}",
                                                 ctx.lang).format(name=path.name))
        self.link.value = download_link(produced.name, produced.data, produced.mime)
        return produced

    def _error(self, message: str) -> None:
        self.result.value = render("message.html.j2", self.ctx.lang, kind="kit-error",
                                   prefix="⚠ ", text=message)
        self.link.value = ""
