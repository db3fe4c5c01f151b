"""The layer contracts of ``docs/architecture.md``, checked on the source (AST, no import).

The layers and the kinds of module (pages, widgets, handlers, CLI commands) are written in ONE
place: the tables at the top of this file (``LAYERS``, ``VIEWS``, ``HANDLERS``, ``COMMANDS``,
``PAGES``). ``docs/architecture.md`` points here. Each contract has a test that shows, on a small
source snippet, that it catches a violation, and a test that checks the real tree.

The contracts:

1. a lower layer never imports a higher one (imports inside functions count too);
2. rule modules (every module of the four lower layers that is not a view or handler) never
   import ipywidgets, Tornado or Voila, nor a view module of the kit;
3. pages, widgets, Tornado handlers and CLI commands never import SQLAlchemy or ``kit.storage``;
4. only ``kit/framework/loader.py`` reads the framework data (``kit/framework/data``);
5. only ``kit/content_reader.py`` reads content: no other module parses YAML.
"""

from __future__ import annotations

import ast
from fnmatch import fnmatch
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[1]
KIT = ROOT / "kit"

# Bottom to top: a module may import its own layer and the layers below it, never above.
# Every top-level package or module of ``kit/`` must be listed here.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("framework, storage, i18n and leaf rules", frozenset({
        "framework", "storage", "i18n", "places", "tabular", "rupiah", "settings", "problems"})),
    ("records and workspace", frozenset({"records", "workspace"})),
    ("rules of the activities", frozenset({
        "assess", "roster", "reports", "scoring", "content_reader", "rundown", "room", "survey",
        "coordinator", "puskom", "community", "network"})),
    ("the apps' packages", frozenset({
        "modules", "sandbox", "checklist", "classroom", "ui", "session_app",
        "coordinator_app"})),
    ("entry points", frozenset({"server", "hub", "cli", "__main__", "__init__"})),
)
# The notebooks sit on top of everything (they only wire widgets).
PAGES = ("modules/*.py", "voila_apps/*.py")
TOP = len(LAYERS)
# Views of the apps' packages: the modules that build pages and widgets (paths under the repo).
VIEWS = (
    "kit/ui/*", "kit/*/widget.py", "kit/*/widgets.py", "kit/*/*_widgets.py", "kit/*/*_panel.py",
    "kit/modules/frame.py", "kit/modules/page.py", "kit/modules/advokasi.py",
    "kit/modules/bimtek.py", "kit/modules/komunitas.py", "kit/modules/style.py",
    "kit/modules/facilitator_guide.py",
    "kit/sandbox/page.py", "kit/sandbox/ui.py", "kit/sandbox/guides.py",
    "kit/server/home_page.py",
)
# Tornado handlers and the classroom's web server.
HANDLERS = (
    "kit/classroom/web.py", "kit/classroom/ballot_pages.py", "kit/classroom/server.py",
    "kit/server/page_snapshot_handler.py",
    "kit/server/static_cache.py", "kit/server/chunk_bundle.py",
)
# CLI commands.
COMMANDS = ("kit/cli/*", "kit/__main__.py")
UI_LIBRARIES = ("ipywidgets", "tornado", "voila")
STORAGE = ("sqlalchemy", "kit.storage")
FRAMEWORK_LOADER = "kit/framework/loader.py"
FRAMEWORK_DATA = tuple(sorted(p.name for p in (KIT / "framework" / "data").glob("*.yaml")))
# Where YAML may be parsed: the framework loader, the content reader, and the located-YAML
# reader both of them use.
YAML_READERS = ("kit/content_reader.py", FRAMEWORK_LOADER, "kit/framework/located_yaml.py")
YAML_PARSERS = frozenset({
    "safe_load", "load", "full_load", "unsafe_load", "safe_load_all", "load_all",
    "full_load_all", "unsafe_load_all", "compose", "compose_all", "parse"})
# Imports of a higher layer (or, from a rule module, of a view) that are allowed, by file and
# function (none at module level).
ALLOWED_UPWARD: frozenset[tuple[str, str]] = frozenset({
    # ``check_content`` loads every content file through the loaders that live with their rules
    # (modules, sandbox); imported at call time, for ``python -m kit framework check``.
    ("kit/content_reader.py", "check_content"),
})


@attrs.frozen
class Import:
    """One imported module name, where it is, and the function it sits in (if any)."""

    line: int
    target: str
    function: str | None
    typing_only: bool = False  # under ``if TYPE_CHECKING:`` (never imported at run time)


def _module_name(rel: str) -> str:
    parts = list(Path(rel).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def imports(rel: str, source: str) -> list[Import]:
    """Every module a file imports (``from a import b`` gives ``a`` and ``a.b``)."""
    tree = ast.parse(source, filename=rel)
    package = _module_name(rel).split(".")
    if not rel.endswith("__init__.py"):
        package = package[:-1]
    found: list[Import] = []

    def visit(node: ast.AST, function: str | None, typing_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) \
                else function
            typing = typing_only or (isinstance(child, ast.If) and "TYPE_CHECKING" in
                                     ast.unparse(child.test))
            if isinstance(child, ast.Import):
                found.extend(Import(child.lineno, a.name, function, typing_only)
                             for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    up = package[:len(package) - (child.level - 1)]
                    base = ".".join(up + ([child.module] if child.module else []))
                found.append(Import(child.lineno, base, function, typing_only))
                found.extend(Import(child.lineno, f"{base}.{a.name}", function, typing_only)
                             for a in child.names if a.name != "*")
            visit(child, inner, typing)

    visit(tree, None, False)
    return found


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch(rel, p) for p in patterns)


def _is_under(name: str, roots: tuple[str, ...]) -> bool:
    return any(name == r or name.startswith(r + ".") for r in roots)


def layer_of(rel: str) -> int | None:
    """The layer index (0 = bottom; ``docs/architecture.md`` counts from 1) of a file."""
    if _matches(rel, PAGES):
        return TOP
    parts = Path(rel).with_suffix("").parts
    if parts[0] != "kit":
        return None
    name = parts[1] if len(parts) > 1 else "__init__"
    return next((n for n, (_title, names) in enumerate(LAYERS) if name in names), None)


def _title(layer: int) -> str:
    return LAYERS[layer][0] if layer < len(LAYERS) else "the notebooks"


def _layer_of_module(target: str) -> int | None:
    parts = target.split(".")
    name = parts[1] if len(parts) > 1 else "__init__"
    return next((n for n, (_title, names) in enumerate(LAYERS) if name in names), None)


def layer_violations(rel: str, source: str) -> list[str]:
    """Imports of a higher layer (or of a kit package missing from ``LAYERS``)."""
    own = layer_of(rel)
    if own is None:
        return [f"{rel}: not in the layer table (tests/test_layers.py LAYERS)"]
    found = []
    for imp in imports(rel, source):
        if not _is_under(imp.target, ("kit",)) or imp.target == "kit":
            continue
        theirs = _layer_of_module(imp.target)
        if theirs is None:
            found.append(f"{rel}:{imp.line}: {imp.target} is not in the layer table")
        elif theirs > own and (rel, imp.function) not in ALLOWED_UPWARD:
            found.append(f"{rel}:{imp.line}: layer {own + 1} ({_title(own)}) imports "
                         f"{imp.target}, layer {theirs + 1} ({_title(theirs)})")
    return found


def _module_file(target: str) -> str | None:
    """The file (relative to the repository) a kit module name is read from, if any."""
    path = ROOT.joinpath(*target.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate.relative_to(ROOT).as_posix()
    return None


def is_view(rel: str) -> bool:
    """Pages, widgets and handlers: the modules allowed to use the UI libraries."""
    return _matches(rel, VIEWS) or _matches(rel, HANDLERS) or _matches(rel, PAGES)


def is_rule_module(rel: str) -> bool:
    """A module of the four lower layers that is not a view, a handler or a CLI command."""
    layer = layer_of(rel)
    return (layer is not None and layer < len(LAYERS) - 1 and not is_view(rel)
            and not _matches(rel, COMMANDS))


def ui_violations(rel: str, source: str) -> list[str]:
    """A rule module importing ipywidgets, Tornado, Voila or a view module of the kit.

    Imports under ``if TYPE_CHECKING:`` are not counted: they load nothing at run time.
    """
    if not is_rule_module(rel):
        return []
    found = []
    for imp in imports(rel, source):
        if imp.typing_only or (rel, imp.function) in ALLOWED_UPWARD:
            continue
        if _is_under(imp.target, UI_LIBRARIES):
            found.append(f"{rel}:{imp.line}: a rule module imports {imp.target}")
        elif _is_under(imp.target, ("kit",)):
            file = _module_file(imp.target)
            if file is not None and is_view(file):
                found.append(f"{rel}:{imp.line}: a rule module imports the view {imp.target}")
    return found


def storage_violations(rel: str, source: str) -> list[str]:
    """A page, widget, handler or CLI command importing SQLAlchemy or ``kit.storage``."""
    if not (is_view(rel) or _matches(rel, COMMANDS)):
        return []
    return [f"{rel}:{imp.line}: imports {imp.target} (call a service that takes a Workspace)"
            for imp in imports(rel, source) if _is_under(imp.target, STORAGE)]


def _strings(tree: ast.AST) -> list[ast.Constant]:
    """String constants that are not docstrings."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef
                                | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in docstrings]


def framework_data_violations(rel: str, source: str) -> list[str]:
    """Outside ``kit/framework/loader.py``: a framework data file named, or its folder taken."""
    if rel == FRAMEWORK_LOADER:
        return []
    tree = ast.parse(source, filename=rel)
    found = [f"{rel}:{node.lineno}: names the framework data {node.value!r}"
             for node in _strings(tree)
             if node.value in FRAMEWORK_DATA or "framework/data" in node.value]
    found += [f"{rel}:{imp.line}: imports {imp.target}" for imp in imports(rel, source)
              if imp.target in ("kit.framework.loader.DATA_DIR",
                                "kit.framework.loader.ACTIVITY_FILES")]
    return found


def content_violations(rel: str, source: str) -> list[str]:
    """Outside the content reader and the framework loader: a YAML file parsed."""
    if rel in YAML_READERS:
        return []
    tree = ast.parse(source, filename=rel)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "yaml"
                and node.func.attr in YAML_PARSERS):
            found.append(f"{rel}:{node.lineno}: yaml.{node.func.attr}() outside "
                         "kit/content_reader.py")
    found += [f"{rel}:{imp.line}: imports {imp.target}" for imp in imports(rel, source)
              if imp.target.startswith("yaml.") and imp.target[5:] in YAML_PARSERS]
    found += [f"{rel}:{imp.line}: imports {imp.target}" for imp in imports(rel, source)
              if imp.target in ("kit.framework.located_yaml.compose",
                                "kit.framework.located_yaml.read_text_file")]
    return found


def _tree() -> list[tuple[str, str]]:
    files = sorted(KIT.rglob("*.py"))
    for pattern in PAGES:
        files += sorted(ROOT.glob(pattern))
    return [(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8")) for p in files]


def _check_tree(rule: object) -> list[str]:
    assert callable(rule)
    return [v for rel, source in _tree() for v in rule(rel, source)]


# --- 1. layers ---------------------------------------------------------------------------------

def test_every_kit_package_has_a_layer() -> None:
    """Every top-level package or module of kit/ is placed in LAYERS."""
    names = {p.stem if p.is_file() else p.name for p in KIT.iterdir()
             if (p.is_dir() and (p / "__init__.py").is_file()) or p.suffix == ".py"}
    placed = set().union(*(names for _title, names in LAYERS))
    assert names - placed == set()


def test_the_layer_rule_catches_an_upward_import() -> None:
    """A lower layer importing a higher one is caught, at module level and inside a function."""
    source = ("from kit.records import participants\n"
              "from kit.assess.generate import ensure_generated\n"
              "def f() -> None:\n"
              "    from ..cli import common\n")
    found = layer_violations("kit/workspace/demo.py", source)
    assert [v.split(": ")[0] for v in found] == ["kit/workspace/demo.py:2"] * 2 + \
        ["kit/workspace/demo.py:4"] * 2
    assert "kit.assess.generate" in found[0]
    assert "kit.cli" in found[2]


def test_the_layer_rule_lets_a_layer_import_itself_and_below() -> None:
    """Same-layer and downward imports pass; so does the one allowed upward function import."""
    assert layer_violations("kit/cli/x.py", "from kit.storage import db\nimport kit.cli.common\n"
                            "from kit.modules import quiz\n") == []
    allowed = "def check_content() -> None:\n    from kit.modules.quiz import load_bank\n"
    assert layer_violations("kit/content_reader.py", allowed) == []
    assert layer_violations("kit/content_reader.py", "from kit.modules.quiz import load_bank\n")


def test_no_lower_layer_imports_a_higher_one() -> None:
    """In kit/ and the notebooks, no module imports a module of a higher layer."""
    assert _check_tree(layer_violations) == []


# --- 2. rule modules and the UI libraries ------------------------------------------------------

def test_the_ui_rule_catches_a_rule_module_importing_widgets_or_a_view() -> None:
    """A rule module importing ipywidgets, tornado, voila or a kit view module is caught."""
    source = ("import ipywidgets as w\nfrom tornado.web import RequestHandler\n"
              "from voila.app import Voila\nfrom .widget import ChecklistApp\n"
              "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
              "    from kit.modules.frame import ModuleFrame\n")
    found = ui_violations("kit/checklist/__init__.py", source)
    assert [v.split(": ")[0].rsplit(":", 1)[1] for v in found] == ["1", "2", "2", "3", "3",
                                                                   "4"]
    assert ui_violations("kit/checklist/widget.py", source) == []
    assert ui_violations("kit/classroom/web.py", source) == []
    assert ui_violations("kit/cli/start_cmd.py", source) == []


def test_no_rule_module_imports_ipywidgets_tornado_or_voila() -> None:
    """No rule module of kit/ imports ipywidgets, Tornado, Voila or a kit view module."""
    assert _check_tree(ui_violations) == []


# --- 3. views, handlers and commands never reach storage themselves --------------------------

def test_the_storage_rule_catches_a_handler_or_command_importing_storage() -> None:
    """A handler, widget, page or CLI command importing sqlalchemy or kit.storage is caught."""
    source = "import sqlalchemy as sa\nfrom kit.storage.db import write_tx\nfrom kit import i18n\n"
    for rel in ("kit/classroom/web.py", "kit/cli/roster_cmd.py", "kit/checklist/widget.py",
                "kit/cli/classroom_cmd.py", "voila_apps/checklist.py"):
        assert [v.split(": ")[0] for v in storage_violations(rel, source)] == \
            [f"{rel}:1", f"{rel}:2", f"{rel}:2"]
    assert storage_violations("kit/roster/merge.py", source) == []


def test_no_page_widget_handler_or_command_imports_storage() -> None:
    """Pages, widgets, Tornado handlers and CLI commands never import SQLAlchemy or kit.storage."""
    assert _check_tree(storage_violations) == []


# --- 4. the framework data ---------------------------------------------------------------------

def test_the_framework_data_rule_catches_another_reader() -> None:
    """Naming a framework data file or importing the loader's folder elsewhere is caught."""
    source = ('"""Reads stages.yaml (a docstring may say so)."""\n'
              "from kit.framework.loader import DATA_DIR\n"
              "PATH = DATA_DIR / 'stages.yaml'\n"
              "OTHER = 'kit/framework/data'\n")
    found = framework_data_violations("kit/reports/x.py", source)
    assert sorted(v.split(": ")[0] for v in found) == [
        "kit/reports/x.py:2", "kit/reports/x.py:3", "kit/reports/x.py:4"]
    assert framework_data_violations(FRAMEWORK_LOADER, source) == []


def test_only_the_framework_loader_reads_the_framework_data() -> None:
    """Only kit/framework/loader.py names the framework data files or their folder."""
    assert "stages.yaml" in FRAMEWORK_DATA
    assert _check_tree(framework_data_violations) == []


# --- 5. content --------------------------------------------------------------------------------

def test_the_content_rule_catches_another_yaml_reader() -> None:
    """yaml.safe_load / yaml.load / yaml.compose outside the content reader are caught."""
    source = ("import yaml\nfrom yaml import safe_load\n"
              "A = yaml.safe_load(open('m.yaml'))\nB = yaml.load('', Loader=yaml.SafeLoader)\n"
              "C = yaml.compose('')\nD: yaml.Node | None = None\n")
    found = content_violations("kit/modules/quiz.py", source)
    assert sorted(v.split(": ")[0] for v in found) == [
        f"kit/modules/quiz.py:{n}" for n in (2, 3, 4, 5)]
    assert content_violations("kit/content_reader.py", source) == []


def test_only_the_content_reader_parses_yaml() -> None:
    """No module but the content reader and the framework loader parses YAML."""
    assert _check_tree(content_violations) == []
