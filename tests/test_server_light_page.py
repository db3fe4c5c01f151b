"""The light page of participant modules (kit.server.light_page) and its front end's coverage."""

from __future__ import annotations

import ast
import importlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
from markupsafe import escape

from kit.server.build import convert
from kit.server.light_page import model_defaults, outputs, render, wants_light

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "kit/server/templates/voila/templates/umkm-kit/static/kit-widgets.js"
VIEW = "application/vnd.jupyter.widget-view+json"
HOSTILE = '"</script><script>alert(1)</script><b x=\'y\'>&amp;'


def _config(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="kit-light-config">(.*?)</script>',
                      page, re.S)
    assert found, "the page carries its config"
    loaded: dict[str, Any] = json.loads(found.group(1))
    return loaded


def test_outputs_keep_widgets_html_and_printed_text_but_not_stderr() -> None:
    """A built cell shows its widget views, HTML and stdout; stderr stays on the server."""
    cell = [
        {"output_type": "stream", "name": "stdout", "text": "halo\n"},
        {"output_type": "stream", "name": "stderr", "text": "DeprecationWarning"},
        {"output_type": "display_data", "data": {VIEW: {"model_id": "abc"},
                                                 "text/plain": "VBox()"}},
        {"output_type": "display_data", "data": {"text/html": ["<p>", "x</p>"]}},
        {"output_type": "display_data", "data": {"text/plain": "42"}},
    ]
    shown = outputs(cell)
    assert [(o.model_id, o.html, o.text) for o in shown] == [
        ("", "", "halo\n"), ("abc", "", ""), ("", "<p>x</p>", ""), ("", "", "42")]


def test_render_escapes_everything_but_the_notebooks_own_html() -> None:
    """Kernel id, title, model ids and printed text are escaped; the config parses back."""
    cells = [[{"output_type": "display_data", "data": {VIEW: {"model_id": HOSTILE}}}],
              [{"output_type": "stream", "name": "stdout", "text": HOSTILE}],
              [{"output_type": "display_data", "data": {"text/html": "<p class='own'>ok</p>"}}]]
    page = render(cells, kernel_id=HOSTILE, base_url="/", lang="id", title=HOSTILE,
                  connection=None)
    assert "<script>alert(1)" not in page
    assert "<b x=" not in page
    assert "<p class='own'>ok</p>" in page
    assert f"<title>{escape(HOSTILE)}</title>" in page
    config = _config(page)
    assert config["kernelId"] == HOSTILE and config["baseUrl"] == "/"
    assert page.count("<script") == page.count("</script>")


def test_render_in_english_and_with_the_connection_banner() -> None:
    """The page's own texts follow ``lang``; the banner's script comes with its texts."""
    strings = {"lost_title": ["Putus", "Lost"]}
    page = render([[]], kernel_id="k", base_url="/x/", lang="en", title="t",
                  connection=strings)
    assert '<html lang="en">' in page
    assert "Opening the page" in page
    assert "kitConnectionWatch" in page and '"Putus"' in page
    assert "/x/voila/templates/umkm-kit/static/kit-widgets.js" in page
    indonesian = render([[]], kernel_id="k", base_url="/", lang="id", title="t",
                        connection=None)
    assert "Membuka halaman" in indonesian and "kitConnectionWatch" not in indonesian


WIDGETS = [
    lambda: w.IntProgress(max=19), lambda: w.Checkbox(description="a"),
    lambda: w.Text(placeholder="p"), lambda: w.Textarea(), lambda: w.Button(description="b"),
    lambda: w.Dropdown(options=["a", "b"]), lambda: w.RadioButtons(options=["a", "b"]),
    lambda: w.ToggleButtons(options=["a", "b"]), lambda: w.BoundedIntText(value=3),
    lambda: w.BoundedFloatText(), lambda: w.Combobox(options=["a"]), lambda: w.FileUpload(),
    lambda: w.Tab(children=[w.HTML("x")]), lambda: w.Accordion(children=[w.HTML("x")]),
    lambda: w.ToggleButton(), lambda: w.Image(), lambda: w.GridBox(), lambda: w.HTML("h"),
]


@pytest.mark.parametrize("make", WIDGETS)
def test_defaults_restore_what_the_compact_state_leaves_out(make: Any) -> None:
    """Defaults + the compact state the kernel sends = the full state, attribute by attribute."""
    widget = make()
    try:
        full = widget.get_state()
        compact = widget.get_state(drop_defaults=True)
        for model in (widget, widget.layout, getattr(widget, "style", None)):
            if model is None:
                continue
            state = model.get_state()
            merged = {**model_defaults()[model._model_name],
                      **model.get_state(drop_defaults=True)}
            for key, value in state.items():
                if key.startswith(("_model_", "_view_")) or value is None:
                    continue
                try:  # as the browser gets them: JSON (a tuple is a list there)
                    as_json = json.loads(json.dumps(value))
                except TypeError:
                    continue
                assert json.loads(json.dumps(merged.get(key))) == as_json, (
                    model._model_name, key)
        assert set(compact) <= set(full)
    finally:
        widget.close()


def test_every_module_notebook_asks_for_the_light_page(tmp_path: Path) -> None:
    """Each participant module, converted as the site build does, opts in to the light page."""
    sources = sorted((REPO / "modules").glob("*.py"))
    assert sources
    for source in sources:
        notebook = tmp_path / f"{source.stem}.ipynb"
        convert(source, notebook)
        assert wants_light(notebook), source.name


def _view_names() -> set[str]:
    body = SCRIPT.read_text(encoding="utf-8")
    start = body.index("var VIEWS = {")
    return set(re.findall(r"^    (\w+Model): ", body[start:], re.M))


def _widget_classes_built_by(module_names: list[str]) -> set[str]:
    """Names of ipywidgets classes called in the kit modules loaded by importing these."""
    for name in module_names:
        importlib.import_module(name)
    names: set[str] = set()
    for mod_name, mod in list(sys.modules.items()):
        path = getattr(mod, "__file__", None) or ""
        if not mod_name.startswith("kit.") or not path.endswith(".py"):
            continue
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        aliases = {a.asname or a.name for node in ast.walk(tree)
                   if isinstance(node, ast.Import) for a in node.names
                   if a.name == "ipywidgets"}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in aliases and node.func.attr[:1].isupper()):
                names.add(node.func.attr)
    return names


def test_the_light_front_end_has_a_view_for_every_widget_a_module_builds() -> None:
    """Every widget class the module pages' code builds has its view in kit-widgets.js."""
    classes = _widget_classes_built_by(
        ["kit.modules.advokasi", "kit.modules.bimtek", "kit.modules.komunitas"])
    assert {"Button", "HTML", "VBox", "FileUpload", "Tab"} <= classes
    models = set()
    for name in classes:
        cls = getattr(w, name)
        model = cls.class_traits()["_model_name"].default_value
        if model.endswith("StyleModel") or model == "LayoutModel":
            continue
        models.add(model)
    missing = models - _view_names()
    assert not missing, f"no view in kit-widgets.js for {sorted(missing)}"
