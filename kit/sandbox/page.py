"""The whole bimtek practice for one participant: e-mail, blog and store, each with its guide."""

from __future__ import annotations

import ipywidgets as w

from kit.i18n import _
from kit.sandbox import ui
from kit.sandbox.blog_widgets import BlogApp
from kit.sandbox.guides import guide_widget
from kit.sandbox.mail_widgets import MailApp
from kit.sandbox.practice import Practice
from kit.sandbox.store_widgets import StoreApp


class SandboxPage:
    """The three practice parts in the order of the bimtek rundown (``.widget`` is the page)."""

    def __init__(self, practice: Practice):
        self.mail = MailApp(practice)
        self.blog = BlogApp(practice)
        self.store = StoreApp(practice)
        parts = (
            ("mail", _("E-mail"), self.mail.widget),
            ("blog", _("Blog"), self.blog.widget),
            ("store", _("Online store"), self.store.widget),
        )
        self.tabs = w.Tab(children=[
            w.VBox([widget, guide_widget(part, _("After the practice: the real service"))],
                   layout=ui.FULL)
            for part, _title, widget in parts], layout=ui.FULL)
        for i, (_part, title, _widget) in enumerate(parts):
            self.tabs.set_title(i, title)
        self.tabs.observe(lambda _c: self.refresh(), names="selected_index")
        self.widget = ui.box([ui.style(), self.tabs])

    def refresh(self) -> None:
        """Redraw all parts (a code or a product made in one part shows in the others)."""
        self.mail.refresh()
        self.blog.refresh()
        self.store.refresh()


def sandbox_page(practice: Practice) -> SandboxPage:
    """Build the bimtek practice page for a participant."""
    return SandboxPage(practice)
