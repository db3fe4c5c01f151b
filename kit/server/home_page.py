"""The home page (*Beranda*): widgets built from the framework and the workspace summary.

The notebook ``voila_apps/beranda.py`` only calls :func:`home_page_from_env`; everything the page
shows is decided here, so it can be tested without a browser. The page is one HTML block (links
must be real ``<a>`` elements to work on phones) and a language toggle that re-renders it.
Links are relative to the home notebook, so they work under ``kit start`` and on Binder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from kit.framework import Framework, framework
from kit.i18n import SUPPORTED, gettext_, ngettext_, normalise

WORKSPACE_ENV = "UMKM_KIT_WORKSPACE"
CHECKLIST_APP = "apps/checklist.ipynb"
COORDINATOR_APP = "apps/koordinator.ipynb"
LANG_LABELS = {"id": "Bahasa Indonesia", "en": "English"}
RECENT_SESSIONS = 3

SummaryFor = Callable[[str], Mapping[str, Any]]


def module_target(activity_id: str) -> str:
    """Return the link (relative to the home notebook) of an activity's module."""
    return f"modules/{activity_id}.ipynb"


def _link(site: Path, target: str, label: str, lang: str, detail: str = "") -> str:
    """Return a tap target: a link when ``target`` is built, else a "coming soon" card."""
    body = f'<span class="kit-link-label">{escape(label)}</span>'
    if detail:
        body += f'<span class="kit-link-detail">{detail}</span>'
    if (site / target).is_file():
        return f'<a class="kit-link" href="{escape(target)}">{body}</a>'
    soon = escape(gettext_("coming soon", lang))
    return (f'<div class="kit-link kit-soon" data-target="{escape(target)}" aria-disabled="true">'
            f'{body}<span class="kit-badge">{soon}</span></div>')


def _header(lang: str) -> str:
    title_id = "Beranda — Kit Pelatihan e-UMKM"
    title_en = "Home — e-UMKM Training Kit"
    title, subtitle = (title_en, title_id) if lang == "en" else (title_id, title_en)
    intro = gettext_(
        "This kit supports the programme that takes micro, small and medium enterprises (UMKM) "
        "online to become e-UMKM: module material for the activities, a checklist for "
        "facilitators to assess participants' competencies, and a view of which of the five "
        "stages each participant has reached.", lang)
    return (f'<header class="kit-header"><h1 class="kit-title">{escape(title)}</h1>'
            f'<p class="kit-subtitle" lang="{"id" if lang == "en" else "en"}">'
            f'{escape(subtitle)}</p></header><p class="kit-intro">{escape(intro)}</p>')


def _modules(fw: Framework, site: Path, lang: str) -> str:
    cards = []
    for activity in fw.activities:
        n = len(activity.items)
        detail = " · ".join((
            escape(activity.title.get(lang)),
            escape(activity.duration_label.get(lang)),
            escape(ngettext_("{n} assessed item", "{n} assessed items", n, lang).format(n=n)),
        ))
        cards.append(_link(site, module_target(activity.id), activity.short_title.get(lang),
                           lang, detail))
    heading = escape(gettext_("Training modules", lang))
    return f'<section class="kit-section"><h2>{heading}</h2>{"".join(cards)}</section>'


def _roles(site: Path, lang: str) -> str:
    facilitator = _link(site, CHECKLIST_APP, gettext_("Assessment checklist", lang), lang,
                        escape(gettext_("Score participants' items during an activity.", lang)))
    coordinator = _link(site, COORDINATOR_APP, gettext_("Coordinator dashboard", lang), lang,
                        escape(gettext_("Stages, sessions and districts of the whole "
                                        "programme.", lang)))
    for_facilitators = escape(gettext_("For facilitators", lang))
    for_coordinators = escape(gettext_("For coordinators", lang))
    return (f'<section class="kit-section"><h2>{for_facilitators}</h2>{facilitator}'
            f'<h2>{for_coordinators}</h2>{coordinator}</section>')


def _stages(fw: Framework, summary: Mapping[str, Any], lang: str) -> str:
    counts: Mapping[str | None, int] = summary.get("stage_counts", {})
    total = max(int(summary.get("participants", 0)), 1)
    rows = []
    entries: list[tuple[str, str, int]] = [
        (str(stage.order), stage.title.get(lang), int(counts.get(stage.id, 0)))
        for stage in fw.stages
    ]
    entries.append(("–", gettext_("Not started yet", lang), int(counts.get(None, 0))))
    for number, title, count in entries:
        width = round(100 * count / total)
        rows.append(
            f'<li class="kit-stage"><span class="kit-stage-no">{escape(number)}</span>'
            f'<span class="kit-stage-title">{escape(title)}</span>'
            f'<span class="kit-stage-count">{count}</span>'
            f'<span class="kit-bar" aria-hidden="true"><span style="width:{width}%"></span>'
            '</span></li>')
    heading = escape(gettext_("Participants per stage", lang))
    return (f'<section class="kit-section"><h2>{heading}</h2>'
            f'<ol class="kit-stages">{"".join(rows)}</ol></section>')


def _session_item(session: Mapping[str, Any], lang: str) -> str:
    attendees = int(session.get("attendees", 0))
    who = ngettext_("{n} attendee", "{n} attendees", attendees, lang).format(n=attendees)
    return (f"<li>{escape(str(session.get('date') or ''))} — "
            f"{escape(str(session.get('title', '')))} ({escape(who)})</li>")


def _workspace(summary: Mapping[str, Any], lang: str) -> str:
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
    parts = [f'<ul class="kit-facts">{"".join(f"<li>{escape(f)}</li>" for f in facts)}</ul>']
    if districts:
        items = "".join(f"<li>{escape(str(name))}: {int(n)}</li>"
                        for name, n in sorted(districts.items(), key=lambda kv: str(kv[0])))
        heading = escape(gettext_("Participants per district", lang))
        parts.append(f'<h3>{heading}</h3>'
                     f'<ul class="kit-list">{items}</ul>')
    if sessions:
        items = "".join(_session_item(s, lang) for s in sessions[:RECENT_SESSIONS])
        heading = escape(gettext_("Latest sessions", lang))
        parts.append(f'<h3>{heading}</h3>'
                     f'<ul class="kit-list">{items}</ul>')
    heading = escape(gettext_("Workspace", lang))
    return f'<section class="kit-section"><h2>{heading}</h2>{"".join(parts)}</section>'


def render_home_html(summary: Mapping[str, Any], site: Path, lang: str = "id",
                     fw: Framework | None = None) -> str:
    """Return the home page's HTML in ``lang`` (every text from the data is escaped)."""
    fw = fw or framework()
    lang = normalise(lang)
    return (f'<div class="kit-home" lang="{lang}">{_header(lang)}{_modules(fw, site, lang)}'
            f'{_roles(site, lang)}{_stages(fw, summary, lang)}{_workspace(summary, lang)}</div>')


class HomePage(widgets.VBox):  # type: ignore[misc]
    """The home page widget: a language toggle above the page's HTML.

    ``summary_for(lang)`` returns the workspace summary (see
    :func:`kit.reports.home.home_summary`); ``site`` is the folder of built notebooks, used to
    tell which links exist yet.
    """

    def __init__(self, summary_for: SummaryFor, site: Path, lang: str = "id",
                 fw: Framework | None = None) -> None:
        self._summary_for = summary_for
        self._site = site
        self._fw = fw or framework()
        self.language = widgets.ToggleButtons(
            options=[(LANG_LABELS[code], code) for code in SUPPORTED],
            value=normalise(lang), style={"button_width": "auto"},
            tooltips=["Tampilkan dalam Bahasa Indonesia", "Show in English"],
        )
        self.language.add_class("kit-lang")
        self.content = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.content.add_class("kit-home-html")
        super().__init__(children=[self.language, self.content],
                         layout=widgets.Layout(width="100%"))
        self.add_class("kit-home-page")
        self.language.observe(self._on_language, names="value")
        self.render()

    def render(self) -> None:
        """Re-render the page in the selected language."""
        lang = str(self.language.value)
        self.content.value = render_home_html(self._summary_for(lang), self._site, lang, self._fw)

    def _on_language(self, _change: Mapping[str, Any]) -> None:
        self.render()


def home_page_from_env(site: Path | None = None) -> HomePage:
    """Build the home page for ``$UMKM_KIT_WORKSPACE`` (what the notebook shows).

    ``site`` defaults to the current folder, where Voila starts the home notebook's kernel.
    """
    from kit.reports.home import home_summary
    from kit.workspace import open_workspace

    ws = open_workspace(Path(os.environ[WORKSPACE_ENV]) if WORKSPACE_ENV in os.environ
                        else None)
    lang = normalise(os.environ.get("UMKM_KIT_LANG"))
    return HomePage(lambda code: home_summary(ws.root, code), site or Path.cwd(), lang)
