"""Step lists for the real services participants use after the practice (content as data).

The steps live in ``modules/bimtek/guides.yaml`` (Bahasa Indonesia and English), written
without screenshots of third-party sites so they survive a change of their look; the file is
read through :mod:`kit.content_reader` (every problem names file, line and field).
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

import attrs
import ipywidgets as w
import yaml

from kit.content_reader import PATHS, NodeReader, read_yaml
from kit.framework import Text
from kit.i18n import get_language

GUIDES_PATH = PATHS.guides()
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


def load_guides(path: Path) -> dict[str, Guide]:
    """Load and validate the guides: each part has an intro and services with name, URL, steps.

    Raises :class:`~kit.content_reader.ContentError` naming every problem (file, line, field).
    """
    def parse(r: NodeReader, root: yaml.Node) -> dict[str, Guide]:
        m = r.mapping(root, "guides")
        r.unknown_keys(m, "guides", PARTS)

        def service(node: yaml.Node, p: str) -> Service:
            sm = r.mapping(node, p)
            r.unknown_keys(sm, p, ("name", "url", "steps"))
            return Service(name=r.scalar(r.get(sm, node, p, "name"), f"{p}.name"),
                           url=r.scalar(r.get(sm, node, p, "url"), f"{p}.url"),
                           steps=tuple(r.each(r.get(sm, node, p, "steps"), f"{p}.steps",
                                              r.text)))

        out: dict[str, Guide] = {}
        for part in PARTS:
            pm = r.mapping(r.get(m, root, "guides", part), f"guides.{part}")
            r.unknown_keys(pm, f"guides.{part}", ("intro", "services"))
            out[part] = Guide(
                part=part, intro=r.text(r.get(pm, m[part], f"guides.{part}", "intro"),
                                        f"guides.{part}.intro"),
                services=tuple(r.each(r.get(pm, m[part], f"guides.{part}", "services"),
                                      f"guides.{part}.services", service)))
        return out

    return read_yaml(path, parse)


@cache
def guides(path: Path = GUIDES_PATH) -> dict[str, Guide]:
    """Part (``mail``/``blog``/``store``) → its guide, loaded once."""
    return load_guides(path)


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
