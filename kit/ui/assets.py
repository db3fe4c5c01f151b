"""The stylesheets and HTML templates of the UI package (package data, loaded once)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from kit.i18n import SUPPORTED, get_language, normalise, translations

HERE = Path(__file__).parent
CSS_DIR = HERE / "css"
TEMPLATES = HERE / "templates"

__all__ = ["Markup", "compile_all", "css", "environment", "render", "style_html"]


@cache
def css(name: str) -> str:
    """The text of ``kit/ui/css/<name>.css`` (read once per process)."""
    return (CSS_DIR / f"{name}.css").read_text(encoding="utf-8")


@cache
def style_html(*names: str) -> str:
    """A ``<style>`` block with the named stylesheets, in order (built once per combination)."""
    return "<style>\n" + "\n".join(css(n) for n in names) + "</style>"


@cache
def environment(lang: str) -> jinja2.Environment:
    """The Jinja environment of ``lang``: autoescaped, gettext installed, templates cached."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             extensions=["jinja2.ext.i18n"], trim_blocks=True,
                             lstrip_blocks=True, auto_reload=False)
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


@cache
def _template(lang: str, name: str) -> jinja2.Template:
    return environment(lang).get_template(name)


def compile_all() -> int:
    """Compile every template in every language now; return how many (a fork-server warm-up).

    Pages are built once and forked per visit: a template first rendered by a click in a forked
    kernel would be compiled there, once per participant (the registration form's templates:
    USS per advokasi kernel 39.1 MB without this warm-up, 38.1 MB with it, six joins each).
    Compiled in the fork server before it forks, every kernel shares them.
    """
    names = sorted(p.name for p in TEMPLATES.glob("*.j2"))
    for lang in SUPPORTED:
        for name in names:
            _template(lang, name)
    return len(names) * len(SUPPORTED)


def render(template: str, lang: str | None = None, /, **context: Any) -> str:
    """Render ``template`` (in ``lang``, default the current language) to an HTML string.

    Every value is escaped unless it is :class:`Markup` (e.g. Markdown already rendered by
    :func:`kit.modules.markdown.to_html`).
    """
    html = _template(normalise(lang or get_language()), template).render(**context)
    return str(html).strip()
