"""The light page of a participant module: the built page's outputs and the kit's own front end.

Voila's front end is JupyterLab's widget manager: on a mid-range phone (Chromium with its CPU
throttled 4×) its scripts alone took about 1.7 s before the first widget showed, and a module
page about 3 s in all (issue 12 asks for ≤ 1.5 s). A notebook whose metadata says
``"umkm_kit": {"snapshot": true, "light": true}`` and that is served from a page built in advance
(:mod:`kit.server.page_snapshot_handler`) gets this page instead: the build's outputs as plain
HTML, placeholders for its widgets, and ``static/kit-widgets.js`` (one small script, no library)
speaking the Jupyter widget protocol to the page's kernel with ipywidgets' own CSS classes, so the
kit's stylesheets and the participant's view stay the same.

The kernel, its identity token, the websocket filter and every server rule are unchanged: only
the browser's code differs. ``?frontend=voila`` serves Voila's own page, and the light front end
loads it by itself when the kernel shows a widget it has no view for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import nbformat
from voila.utils import make_url

from kit.i18n import translations

TEMPLATE_NAME = "umkm-kit"
TEMPLATE_DIR = Path(__file__).parent / "templates" / "voila" / "templates" / TEMPLATE_NAME
TEMPLATE = "light.html.j2"
METADATA_KEY = "umkm_kit"
FRONTEND_ARG = "frontend"
FULL_FRONTEND = "voila"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@dataclass(frozen=True)
class Output:
    """One output of a built cell as the light page shows it (exactly one field is set)."""

    model_id: str = ""
    html: str = ""
    text: str = ""


def wants_light(notebook: Path) -> bool:
    """Whether the notebook's metadata asks for the light front end (and a built page)."""
    try:
        meta = nbformat.read(notebook, as_version=4).metadata  # type: ignore[no-untyped-call]
    except Exception:
        return False
    options = dict(meta.get(METADATA_KEY) or {})
    return bool(options.get("snapshot")) and bool(options.get("light"))


def outputs(cell: list[dict[str, Any]]) -> list[Output]:
    """What the light page shows of one built cell: widgets, HTML, printed text (not stderr)."""
    shown = []
    for output in cell:
        kind = output.get("output_type")
        if kind == "stream":
            if output.get("name") == "stdout" and output.get("text"):
                shown.append(Output(text=str(output["text"])))
            continue
        data = output.get("data") or {}
        view = data.get(WIDGET_VIEW)
        if isinstance(view, dict) and view.get("model_id"):
            shown.append(Output(model_id=str(view["model_id"])))
        elif "text/html" in data:
            html = data["text/html"]
            shown.append(Output(html="".join(html) if isinstance(html, list) else str(html)))
        elif "text/plain" in data:
            text = data["text/plain"]
            shown.append(Output(text="".join(text) if isinstance(text, list) else str(text)))
    return shown


def _subclasses(cls: type[Any]) -> list[type[Any]]:
    found: list[type[Any]] = []
    sub: type[Any]
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


@cache
def model_defaults() -> dict[str, dict[str, Any]]:
    """Per widget model name, the default of each synced attribute ipywidgets leaves out.

    A page kernel answers ``request_states`` without the attributes equal to their trait's
    default (:mod:`kit.server.kernels.compact_states`, as ``get_state(drop_defaults=True)``
    compares them), so the front end starts each model from these: read from ipywidgets'
    own classes, never written out by hand (a progress bar's ``value`` 0, a checkbox's
    ``indent`` true, a text field's ``continuous_update`` true…). Kept: JSON values other than
    None (a missing attribute reads as none in the front end), without ipywidgets' private
    ``_model_*``/``_view_*`` bookkeeping.
    """
    import ipywidgets

    defaults: dict[str, dict[str, Any]] = {}
    for cls in [ipywidgets.Widget, *_subclasses(ipywidgets.Widget)]:
        traits = cls.class_traits(sync=True)
        name_trait = traits.get("_model_name")
        name = getattr(name_trait, "default_value", None)
        if not isinstance(name, str) or name in defaults:
            continue
        state: dict[str, Any] = {}
        for key, trait in traits.items():
            if key.startswith(("_model_", "_view_")):
                continue
            try:
                value = trait.default_value
                json.dumps(value)
            except (TypeError, ValueError, AttributeError):
                continue
            if value is not None:
                state[key] = list(value) if isinstance(value, tuple) else value
        defaults[name] = state
    return defaults


@cache
def _environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True,
                             extensions=["jinja2.ext.i18n"], auto_reload=False)
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def render(cells: list[list[dict[str, Any]]], *, kernel_id: str, base_url: str, lang: str,
           title: str, connection: dict[str, list[str]] | None) -> str:
    """The light page's HTML for a built page's ``cells`` (``kernel_id`` may be a placeholder).

    ``base_url`` is the server's (ending in ``/``); ``connection`` holds the "connection lost"
    banner's texts (:func:`kit.server.voila_app.connection_strings`), or None for no banner.
    The HTML of the cells is the site's own notebook output and goes in as it is; every value
    from elsewhere is escaped.
    """
    template = _environment(lang).get_template(TEMPLATE)

    def static_url(name: str) -> str:
        # Voila's address of the template's static file, with its content hash (cached).
        return str(make_url(TEMPLATE_NAME, base_url, f"static/{name}"))

    return template.render(
        lang=lang, title=title, base_url=base_url, static_url=static_url, connection=connection,
        cells=[outputs(cell) for cell in cells],
        config={"baseUrl": base_url, "kernelId": kernel_id, "defaults": model_defaults()})
