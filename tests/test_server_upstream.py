"""The one seam for upstream internals (kit/server/upstream.py): its check and its monopoly."""

from __future__ import annotations

import ast
import importlib
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from kit import settings
from kit.server import upstream
from kit.server.upstream import MEMBERS, PINNED, Drift, Member

REPO = Path(__file__).resolve().parents[1]
KIT = REPO / "kit"
SEAM = "kit/server/upstream.py"
# The libraries whose private members and classes only the seam may touch.
UPSTREAM = frozenset({
    "ipywidgets", "ipykernel", "IPython", "comm", "traitlets", "jupyter_client",
    "jupyter_server", "jupyter_events", "tornado", "voila", "nbconvert", "nbclient",
    "matplotlib", "matplotlib_inline",
})
# Private members the seam relies on, caught by name wherever the object came from.
SEAM_MEMBER_NAMES = frozenset(
    part for m in MEMBERS for part in m.path.split(".") if part.startswith("_"))


def _private(name: str) -> bool:
    """A private name: one underscore first, not a dunder, not IPython's ``_repr_*_`` hooks."""
    return (name.startswith("_") and not (name.startswith("__") and name.endswith("__"))
            and not re.fullmatch(r"_repr_\w+_", name))


def _root(node: ast.expr) -> ast.expr:
    """The innermost object of ``a.b().c[0]``: ``a``."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def _imported(tree: ast.AST) -> dict[str, str]:
    """Local names bound to upstream modules or objects: name → dotted origin."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in UPSTREAM:
                    local = alias.asname or alias.name.split(".")[0]
                    names[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level and (
                node.module.split(".")[0] in UPSTREAM):
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _load(origin: str) -> object | None:
    """The upstream object a dotted origin names (module, or attribute of a module)."""
    module, _, attr = origin.rpartition(".")
    try:
        return importlib.import_module(origin)
    except ImportError:
        pass
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return None


def seam_violations(rel: str, source: str) -> list[str]:
    """Each place in ``source`` that touches upstream internals outside the seam."""
    if rel == SEAM:
        return []
    tree = ast.parse(source, filename=rel)
    upstream_names = _imported(tree)
    found: list[str] = []

    def upstream_rooted(node: ast.expr) -> bool:
        root = _root(node)
        return isinstance(root, ast.Name) and root.id in upstream_names

    for node in ast.walk(tree):
        where = f"{rel}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and node.module and not node.level and (
                node.module.split(".")[0] in UPSTREAM):
            if any(_private(part) for part in node.module.split(".")):
                found.append(f"{where}: import from private module {node.module}")
            found += [f"{where}: import of private {node.module}.{a.name}"
                      for a in node.names if _private(a.name)]
        elif isinstance(node, ast.Attribute) and _private(node.attr) and (
                upstream_rooted(node.value) or node.attr in SEAM_MEMBER_NAMES):
            found.append(f"{where}: private member .{node.attr}")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [
                node.target]
            found += [f"{where}: patches {ast.unparse(t)}" for t in targets
                      if isinstance(t, ast.Attribute) and upstream_rooted(t.value)]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
                node.func.id in ("setattr", "delattr")) and node.args and upstream_rooted(
                    node.args[0]):
            found.append(f"{where}: {node.func.id}() on {ast.unparse(node.args[0])}")
        elif isinstance(node, ast.ClassDef):
            bases = [_load(upstream_names[b.id]) for b in node.bases
                     if isinstance(b, ast.Name) and b.id in upstream_names]
            bases += [_load(ast.unparse(b)) for b in node.bases if isinstance(
                b, ast.Attribute) and upstream_rooted(b)]
            for item in node.body:
                defined = ([item.name] if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                           else [t.id for t in getattr(item, "targets", [])
                                 if isinstance(t, ast.Name)])
                found += [f"{rel}:{item.lineno}: {node.name} overrides private {name}"
                          for name in defined if _private(name)
                          and any(base is not None and hasattr(base, name) for base in bases)]
    return found


def _kit_sources() -> list[tuple[str, str]]:
    return [(p.relative_to(REPO).as_posix(), p.read_text(encoding="utf-8"))
            for p in sorted(KIT.rglob("*.py"))]


def test_only_the_seam_touches_upstream_internals() -> None:
    """No module of kit/ but the seam names a private upstream member or patches a class."""
    found = [v for rel, source in _kit_sources() for v in seam_violations(rel, source)]
    assert found == []


@pytest.mark.parametrize(("source", "expected"), [
    ("from ipywidgets.widgets import widget as wm\nwm._instances.clear()\n",
     "private member ._instances"),
    ("from ipywidgets.widgets.widget import Widget\nWidget.notify_change = print\n",
     "patches Widget.notify_change"),
    ("import tornado.web\nsetattr(tornado.web.RequestHandler, 'x', 1)\n", "setattr()"),
    ("from voila._version import __version__\n", "private module voila._version"),
    ("from voila.notebook_renderer import NotebookRenderer\n"
     "class R(NotebookRenderer):\n    async def _cleanup_resources(self): pass\n",
     "R overrides private _cleanup_resources"),
    ("def f(handler):\n    return handler._headers\n", "private member ._headers"),
])
def test_the_rule_catches_each_kind_of_touch(source: str, expected: str) -> None:
    """A private member, a patched class, setattr, a private module, an override: all caught."""
    found = seam_violations("kit/example.py", source)
    assert len(found) == 1 and expected in found[0], found


def test_the_rule_lets_public_use_and_kit_privates_pass() -> None:
    """Public upstream use, the display protocol and the kit's own private names pass."""
    source = ("import ipywidgets as w\nfrom tornado.web import RequestHandler\n"
              "b = w.Button()\nb.value = 1\nclass H(RequestHandler):\n"
              "    def _own(self): return self._mine\n"
              "def g(frame, obj):\n    frame._repr_html_()\n    return obj._cache\n")
    assert seam_violations("kit/example.py", source) == []
    assert seam_violations(SEAM, "import tornado.web\ntornado.web.RequestHandler._x = 1\n") == []


def test_the_start_up_check_covers_every_member_the_seam_touches() -> None:
    """Each private upstream name the seam uses or overrides is in MEMBERS (checked at start)."""
    tree = ast.parse((REPO / SEAM).read_text(encoding="utf-8"))
    renderer = upstream._snapshot_renderer_class()  # the one class the seam defines
    written = {n.name if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) else t.id
               for c in ast.walk(tree) if isinstance(c, ast.ClassDef) for n in c.body
               for t in (getattr(n, "targets", None) or [n])
               if isinstance(t, ast.Name | ast.FunctionDef | ast.AsyncFunctionDef)}
    private_here = [n for n in renderer.__dict__ if _private(n) and n in written]
    overridden = {n for n in private_here
                  if any(hasattr(base, n) for base in renderer.__mro__[1:])}
    kit_own = set(private_here) - overridden  # helpers of the kit's own subclass
    kit_own |= {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    used = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and _private(n.attr)}
    assert overridden and used
    assert (used - kit_own) | overridden <= SEAM_MEMBER_NAMES


def _lock_pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        name, sep, version = line.strip().partition("==")
        if sep:
            pins[canonicalize_name(name)] = version.strip()
    return pins


def test_pinned_versions_are_the_lock_pins() -> None:
    """Every version the seam expects is the one requirements.lock pins."""
    lock = _lock_pins()
    assert {p: lock.get(canonicalize_name(p)) for p in PINNED} == PINNED


def test_the_installed_libraries_match_and_every_member_exists() -> None:
    """In this (pinned) environment both checks find nothing, on either side."""
    assert upstream.version_drift(upstream.installed_versions(environ={})) == []
    assert upstream.member_drift(MEMBERS) == []
    assert upstream.start_check("server", environ={}) == (None, None)


def test_a_different_version_is_named_with_expected_and_found() -> None:
    """A found version other than the pin gives one line naming package, expected, found."""
    found: dict[str, str | None] = {**PINNED, "ipywidgets": "9.9.9"}
    drifts = upstream.version_drift(found)
    assert drifts == [Drift("ipywidgets", "8.1.9", "9.9.9")]
    line_id = upstream.drift_line(drifts, "id")
    line_en = upstream.drift_line(drifts, "en")
    assert line_id.startswith("ipywidgets 8.1.9 diharapkan, 9.9.9 terpasang: ")
    assert line_en.startswith("ipywidgets 8.1.9 expected, 9.9.9 installed: ")
    for line in (line_id, line_en):
        assert "\n" not in line and "requirements.lock" in line
        assert settings.ALLOW_UPSTREAM_DRIFT_ENV in line


def test_a_missing_package_and_further_drifts_stay_on_one_line() -> None:
    """An absent package says so; the others drifting are counted and named on the same line."""
    found: dict[str, str | None] = {**PINNED, "voila": None, "tornado": "7.0",
                                    "comm": "0.3"}
    drifts = upstream.version_drift(found)
    assert [d.package for d in drifts] == ["comm", "tornado", "voila"]
    line = upstream.drift_line(upstream.version_drift({**PINNED, "voila": None}), "en")
    assert line.startswith("voila 0.5.13 expected, not installed: ")
    many = upstream.drift_line(drifts, "en")
    assert "\n" not in many and many.endswith("(2 more: tornado, voila)")


def test_a_missing_or_wrongly_kinded_member_is_named() -> None:
    """A member that is gone, or no longer callable, is reported with its kind."""
    gone = Member("ipywidgets", "ipywidgets.widgets.widget", "Widget._no_such_member",
                  "attribute", "kernel")
    not_callable = Member("ipywidgets", "ipywidgets.widgets.widget", "_instances", "callable",
                          "kernel")
    no_header = Member("tornado", "tornado.web", "RequestHandler._no_headers", "set by clear()",
                       "server")
    drifts = upstream.member_drift([gone, not_callable, no_header], {"ipywidgets": "8.1.9"})
    assert [(d.member, d.kind) for d in drifts] == [
        ("ipywidgets.widgets.widget.Widget._no_such_member", "attribute"),
        ("ipywidgets.widgets.widget._instances", "callable"),
        ("tornado.web.RequestHandler._no_headers", "set by clear()")]
    line = upstream.drift_line(drifts[:1], "id")
    assert line.startswith("ipywidgets 8.1.9 tidak memiliki "
                           "ipywidgets.widgets.widget.Widget._no_such_member (attribute)")


def test_the_developers_escape_hatch_turns_the_refusal_into_a_warning() -> None:
    """With UMKM_KIT_ALLOW_UPSTREAM_DRIFT=1 the same line comes back as a warning."""
    fake = {settings.FAKE_VERSION_PREFIX + "ipywidgets": "9.9.9"}
    refusal, warning = upstream.start_check("server", environ=fake)
    assert refusal is not None and "9.9.9" in refusal and warning is None
    refusal, warning = upstream.start_check(
        "server", environ={**fake, settings.ALLOW_UPSTREAM_DRIFT_ENV: "1"})
    assert refusal is None and warning is not None and "9.9.9" in warning


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith((settings.FAKE_VERSION_PREFIX, settings.ALLOW_UPSTREAM_DRIFT_ENV))}
    env.pop("UMKM_KIT_LANG", None)
    env.update(extra)
    return env


@pytest.mark.parametrize(("lang", "expected"), [
    ([], "ipywidgets 8.1.9 diharapkan, 9.9.9 terpasang: "),
    (["--lang", "en"], "ipywidgets 8.1.9 expected, 9.9.9 installed: "),
])
def test_kit_start_refuses_a_different_ipywidgets_in_one_line(
        tmp_path: Path, lang: list[str], expected: str) -> None:
    """``kit start`` with another ipywidgets found stops at once: one line, exit 1, no workspace."""
    workspace = tmp_path / "ws"
    proc = subprocess.run(
        [sys.executable, "-m", "kit", *lang, "start", "--no-browser", "--port",
         str(_free_port()), "--workspace", str(workspace)],
        cwd=REPO, env=_env(UMKM_KIT_TEST_FAKE_VERSION_ipywidgets="9.9.9"),
        capture_output=True, text=True, timeout=120)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert proc.returncode == 1
    assert len(lines) == 1 and lines[0].startswith(expected), proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert not workspace.exists()


def test_the_fork_server_refuses_too(tmp_path: Path) -> None:
    """The fork server, started with another ipywidgets found, exits 1 with the one line."""
    proc = subprocess.run(
        [sys.executable, "-m", "kit.server.kernels.forkserver", "--socket",
         str(tmp_path / "fork.sock")],
        cwd=REPO, env=_env(UMKM_KIT_TEST_FAKE_VERSION_ipywidgets="9.9.9",
                           UMKM_KIT_LANG="en"),
        input="", capture_output=True, text=True, timeout=180)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert proc.returncode == 1
    assert lines == [lines[-1]] and lines[-1].startswith(
        "ipywidgets 8.1.9 expected, 9.9.9 installed: "), proc.stderr
    assert not (tmp_path / "fork.sock").exists()
