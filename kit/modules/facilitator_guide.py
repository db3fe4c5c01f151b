"""The facilitator guide: every module's facilitator notes, never shown on a participant's page.

The notes stay where they are written (``modules/<module>/module.yaml`` ``facilitator_notes`` and
the ``facilitator:`` front matter of each item's Markdown, read by :mod:`kit.content_reader`
through :func:`kit.modules.content.module_content`); the participant module pages leave them out
(:class:`kit.modules.frame.ModuleFrame`) and this guide gathers them, per module and per item in
the framework's order, for the facilitator's own page ``voila_apps/panduan_fasilitator.py``
(served under ``apps/``, which in classroom mode only the signed-in facilitator may open).
"""

from __future__ import annotations

from typing import Any

from kit.framework import framework
from kit.i18n import get_language, gettext_
from kit.modules.content import module_content
from kit.modules.frame import text_in
from kit.modules.markdown import to_html
from kit.ui import Markup, render
from kit.ui.widgets import box, html


def guide_modules(lang: str) -> list[dict[str, Any]]:
    """Per module (framework order): title, the module's notes and each item's note, as HTML."""
    fw = framework()
    out: list[dict[str, Any]] = []
    for activity in fw.activities:
        content = module_content(activity.id)
        notes = text_in(content.facilitator_notes, lang)
        items = []
        for item in activity.items:
            section = content.sections.get(item.id)
            if section is not None and section.facilitator.strip():
                items.append({"id": item.id, "title": text_in(item.title, lang),
                              "notes_html": Markup(to_html(section.facilitator))})
        out.append({"id": activity.id, "title": text_in(content.title, lang),
                    "notes_html": Markup(to_html(notes)) if notes.strip() else None,
                    "items": items})
    return out


def guide_html(lang: str | None = None) -> str:
    """The whole guide as HTML (``kit/ui/templates/module_facilitator_guide.html.j2``)."""
    lang = lang or get_language()
    return render("module_facilitator_guide.html.j2", lang,
                  title=gettext_("Facilitator guide", lang),
                  intro=gettext_("Notes for facilitators from each module. Participants do not "
                                 "see them on their module pages.", lang),
                  items_heading=gettext_("Notes on single items", lang),
                  modules=guide_modules(lang))


def facilitator_guide_page() -> Any:
    """The facilitator guide page: the module CSS and the guide (one HTML widget)."""
    from kit.modules.style import style_html

    return box([html(style_html()), html(guide_html())], ("kit-module", "kit-guide"))
