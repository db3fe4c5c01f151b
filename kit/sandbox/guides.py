"""Step lists for the real services participants use after the practice (content as data).

The steps live in ``kit/content/bimtek/guides.yaml`` (Bahasa Indonesia and English), written
without screenshots of third-party sites so they survive a change of their look.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

import attrs
import ipywidgets as w
import yaml

from kit.framework import Text
from kit.i18n import get_language

GUIDES_PATH = Path(__file__).resolve().parents[1] / "content" / "bimtek" / "guides.yaml"
PARTS = ("mail", "blog", "store")


@attrs.frozen
class Service:
    """A real service and the steps to start with it."""

    name: str
    url: str
    steps: tuple[Text, ...]


@attrs.frozen
class Guide:
    """The real services of one sandbox part."""

    part: str
    intro: Text
    services: tuple[Service, ...]


def _text(node: dict[str, str]) -> Text:
    return Text(id=str(node["id"]), en=str(node["en"]))


@cache
def guides(path: Path = GUIDES_PATH) -> dict[str, Guide]:
    """Part (``mail``/``blog``/``store``) → its guide, loaded once."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        part: Guide(part=part, intro=_text(data[part]["intro"]), services=tuple(
            Service(name=str(s["name"]), url=str(s["url"]),
                    steps=tuple(_text(x) for x in s["steps"]))
            for s in data[part]["services"]))
        for part in PARTS
    }


def guide_html(part: str, lang: str | None = None) -> str:
    """The guide of a part as HTML: intro, then each service with its link and numbered steps."""
    lang = lang or get_language()
    g = guides()[part]
    out = [f"<p>{html.escape(g.intro.get(lang))}</p>"]
    for s in g.services:
        steps = "".join(f"<li>{html.escape(x.get(lang))}</li>" for x in s.steps)
        out.append(f"<div class='sbx-card'><b>{html.escape(s.name)}</b> — "
                   f"<a href='{html.escape(s.url, quote=True)}' target='_blank' "
                   f"rel='noopener'>{html.escape(s.url)}</a><ol>{steps}</ol></div>")
    return "".join(out)


def guide_widget(part: str, title: str) -> w.Accordion:
    """A closed accordion with the real-service guide of a part."""
    acc = w.Accordion(children=[w.HTML(guide_html(part))], layout=w.Layout(width="100%"))
    acc.set_title(0, title)
    acc.selected_index = None
    return acc
