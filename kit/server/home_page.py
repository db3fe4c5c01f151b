"""The home page (*Beranda*): widgets built from the framework and the workspace summary.

The notebook ``voila_apps/beranda.py`` only calls :func:`home_page_from_env`; everything the page
shows is decided here, so it can be tested without a browser. The page is one HTML block (links
must be real ``<a>`` elements to work on phones) below the language choice, two links the
server remembers for the next pages (:mod:`kit.server.language`).
Links are relative to the home notebook, so they work under ``kit start`` and on Binder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from kit import settings
from kit.framework import Framework, framework
from kit.i18n import LANG_PARAM, SUPPORTED, gettext_, ngettext_, normalise
from kit.settings import (
    CHECKLIST_APP,
    COORDINATOR_APP,
    FACILITATOR_GUIDE_APP,
    SESSION_APP,
    module_target,
)
from kit.ui import render

# Each language's name and hint in that language itself (not translated).
LANG_LABELS = {"id": "Bahasa Indonesia", "en": "English"}
LANG_HINTS = {"id": "Tampilkan dalam Bahasa Indonesia", "en": "Show in English"}
RECENT_SESSIONS = 3

SummaryFor = Callable[[str], Mapping[str, Any]]


def _link(site: Path, target: str, label: str, detail: Sequence[str] = ()) -> dict[str, Any]:
    """A tap target for the template: a link when ``target`` is built, else "coming soon"."""
    return {"target": target, "label": label, "detail": list(detail),
            "built": (site / target).is_file()}


def _stages(fw: Framework, summary: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    counts: Mapping[str | None, int] = summary.get("stage_counts", {})
    total = max(int(summary.get("participants", 0)), 1)
    entries: list[tuple[str, str, int]] = [
        (str(stage.order), stage.title.get(lang), int(counts.get(stage.id, 0)))
        for stage in fw.stages
    ]
    entries.append(("–", gettext_("Not started yet", lang), int(counts.get(None, 0))))
    return [{"number": number, "title": title, "count": count,
             "width": round(100 * count / total)} for number, title, count in entries]


def _session_item(session: Mapping[str, Any], lang: str) -> dict[str, str]:
    attendees = int(session.get("attendees", 0))
    who = ngettext_("{n} attendee", "{n} attendees", attendees, lang).format(n=attendees)
    return {"date": str(session.get("date") or ""), "title": str(session.get("title", "")),
            "who": who}


def language_choice_html(lang: str) -> str:
    """The language choice: a link to this page in each other language, the current one marked.

    A link is ``?lang=<code>`` (this page's address in that language): the kit's server
    remembers it for the next pages.
    """
    lang = normalise(lang)
    choices = [{"code": code, "label": LANG_LABELS[code], "hint": LANG_HINTS[code],
                "current": code == lang} for code in SUPPORTED]
    return render("language_choice.html.j2", lang, lang=lang, choices=choices,
                  param=LANG_PARAM, label=gettext_("Language", lang))


def render_home_html(summary: Mapping[str, Any], site: Path, lang: str = "id",
                     fw: Framework | None = None) -> str:
    """Return the home page's HTML in ``lang`` (every text from the data is escaped).

    The markup is ``kit/ui/templates/home.html.j2`` (autoescaped); this function gathers the
    texts and numbers it shows.
    """
    fw = fw or framework()
    lang = normalise(lang)
    title_id = "Beranda — Kit Pelatihan e-UMKM"
    title_en = "Home — e-UMKM Training Kit"
    title, subtitle = (title_en, title_id) if lang == "en" else (title_id, title_en)
    intro = gettext_(
        "This kit supports the programme that takes micro, small and medium enterprises (UMKM) "
        "online to become e-UMKM: module material for the activities, a checklist for "
        "facilitators to assess participants' competencies, and a view of which of the five "
        "stages each participant has reached.", lang)
    modules = [
        _link(site, module_target(activity.id), activity.short_title.get(lang), (
            activity.title.get(lang), activity.duration_label.get(lang),
            ngettext_("{n} assessed item", "{n} assessed items", len(activity.items),
                      lang).format(n=len(activity.items))))
        for activity in fw.activities]
    facilitator = [
        _link(site, SESSION_APP, gettext_("The activity day", lang), (
            gettext_("Run a session from plan to report: check-in, rundown, questions, the "
                     "live board.", lang),)),
        _link(site, CHECKLIST_APP, gettext_("Assessment checklist", lang), (
            gettext_("Score participants' items during an activity.", lang),)),
        _link(site, FACILITATOR_GUIDE_APP, gettext_("Facilitator guide", lang), (
            gettext_("Every module's notes for the facilitator (not shown to participants).",
                     lang),)),
    ]
    coordinator = _link(site, COORDINATOR_APP, gettext_("Coordinator dashboard", lang), (
        gettext_("Stages, sessions and districts of the whole programme.", lang),))
    sessions: list[Mapping[str, Any]] = list(summary.get("sessions", []))
    districts: Mapping[str, int] = summary.get("districts", {})
    participants = int(summary.get("participants", 0))
    facts = [
        ngettext_("{n} participant", "{n} participants", participants, lang).format(
            n=participants),
        ngettext_("{n} session", "{n} sessions", len(sessions), lang).format(n=len(sessions)),
        ngettext_("{n} district", "{n} districts", len(districts), lang).format(
            n=len(districts)),
    ]
    texts = {
        "modules": gettext_("Training modules", lang),
        "for_facilitators": gettext_("For facilitators", lang),
        "for_coordinators": gettext_("For coordinators", lang),
        "stages": gettext_("Participants per stage", lang),
        "workspace": gettext_("Workspace", lang),
        "districts": gettext_("Participants per district", lang),
        "sessions": gettext_("Latest sessions", lang),
    }
    return render(
        "home.html.j2", lang, lang=lang, other_lang="id" if lang == "en" else "en",
        title=title, subtitle=subtitle, intro=intro, t=texts, modules=modules,
        facilitator=facilitator, coordinator=coordinator, soon=gettext_("coming soon", lang),
        stages=_stages(fw, summary, lang), facts=facts,
        districts=[(str(name), int(n))
                   for name, n in sorted(districts.items(), key=lambda kv: str(kv[0]))],
        sessions=[_session_item(x, lang) for x in sessions[:RECENT_SESSIONS]])


class HomePage(widgets.VBox):  # type: ignore[misc]
    """The home page widget: the language choice above the page's HTML.

    ``summary_for(lang)`` returns the workspace summary (see
    :func:`kit.reports.home.home_summary`); ``site`` is the folder of built notebooks, used to
    tell which links exist yet. The language choice is a pair of links (``?lang=id``,
    ``?lang=en``): the server remembers the choice in the ``kit_lang`` cookie and every later
    page opens in it (:mod:`kit.server.language`).
    """

    def __init__(self, summary_for: SummaryFor, site: Path, lang: str = "id",
                 fw: Framework | None = None) -> None:
        self._summary_for = summary_for
        self._site = site
        self._fw = fw or framework()
        self.lang = normalise(lang)
        self.language = widgets.HTML(value=language_choice_html(self.lang))
        self.language.add_class("kit-lang")
        self.content = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.content.add_class("kit-home-html")
        super().__init__(children=[self.language, self.content],
                         layout=widgets.Layout(width="100%"))
        self.add_class("kit-home-page")
        self.render()

    def render(self) -> None:
        """Render the page in its language."""
        self.content.value = render_home_html(self._summary_for(self.lang), self._site,
                                              self.lang, self._fw)


def home_page_from_env(site: Path | None = None) -> HomePage:
    """Build the home page for ``$UMKM_KIT_WORKSPACE`` (what the notebook shows).

    ``site`` defaults to the current folder, where Voila starts the home notebook's kernel.
    """
    from kit.reports.home import home_summary
    from kit.workspace import open_workspace

    ws = open_workspace(settings.workspace_root())
    lang = normalise(settings.language())
    return HomePage(lambda code: home_summary(ws.root, code), site or Path.cwd(), lang)
