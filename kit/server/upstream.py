"""The one place the kit touches the private insides of ipywidgets, Tornado, Voila and friends.

The classroom server is fast because it reaches into libraries where they offer no public way
(``kit/server/kernels/ARCHITECTURE.md``, "Upstream internals", lists every touch and why). Each
such touch is a function here; the rest of ``kit/`` calls these functions and never names a
private member of those libraries itself (``tests/test_server_upstream.py`` checks it over the
source). So an upgrade that renames one fails **here**, at start-up, in one line:

* :data:`PINNED` — the versions these touches were written and measured against (the pins of
  ``requirements.lock``; a test keeps them equal);
* :data:`MEMBERS` — each private member relied on, and its kind (callable or attribute);
* :func:`start_check` — run once when ``python -m kit start`` starts (versions, and the members
  of the server's libraries) and once when the fork server has preloaded (the members of the
  kernels' libraries). On a mismatch it returns one line naming the package, the version
  expected and the one found, and what to do; the caller prints it and stops.

``UMKM_KIT_ALLOW_UPSTREAM_DRIFT=1`` (for developers trying a new version) turns the refusal into
a warning. ``UMKM_KIT_TEST_FAKE_VERSION_<package>=<version>`` (``-`` in the package name written
``_``, e.g. ``UMKM_KIT_TEST_FAKE_VERSION_ipywidgets=9.9.9``) makes the check see that version
instead of the installed one: a test knob, to see the refusal without installing anything.

Every look-up is resolved once (on first use, in the fork server before it forks, so kernels
inherit it) and cached; nothing here adds work per visit.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Literal, TextIO

from kit import settings
from kit.i18n import _

# The versions every touch below was written and measured against: the pins of requirements.lock
# (tests/test_server_upstream.py fails when they differ).
PINNED: dict[str, str] = {
    "comm": "0.2.3",
    "ipykernel": "7.4.0",
    "ipython": "9.18.1",
    "ipywidgets": "8.1.9",
    "jupyter_client": "8.10.0",
    "jupyter_server": "2.21.1",
    "matplotlib": "3.11.2",
    "matplotlib-inline": "0.2.2",
    "tornado": "6.6.1",
    "traitlets": "5.16.1",
    "voila": "0.5.13",
}

Side = Literal["server", "kernel"]
Kind = Literal["callable", "attribute", "set by clear()"]


@dataclass(frozen=True)
class Member:
    """One private member (or patched method) the kit relies on, in which process it is used."""

    package: str
    module: str
    path: str  # attribute path inside ``module``: "Widget._control_comm"
    kind: Kind
    side: Side


MEMBERS: tuple[Member, ...] = (
    # Forked page kernels: the widget registry, compact states (kit.server.kernels.compact_states).
    Member("ipywidgets", "ipywidgets.widgets.widget", "_instances", "attribute", "kernel"),
    Member("ipywidgets", "ipywidgets.widgets.widget", "_remove_buffers", "callable", "kernel"),
    Member("ipywidgets", "ipywidgets.widgets.widget", "Widget._control_comm", "attribute",
           "kernel"),
    Member("ipywidgets", "ipywidgets.widgets.widget", "Widget._handle_control_comm_msg",
           "callable", "kernel"),
    Member("ipywidgets", "ipywidgets.widgets.widget", "Widget.notify_change", "callable",
           "kernel"),
    Member("ipywidgets", "ipywidgets.widgets.widget", "Widget.add_traits", "callable", "kernel"),
    Member("ipywidgets", "ipywidgets.widgets.widget", "Widget._model_name", "attribute",
           "kernel"),
    Member("ipywidgets", "ipywidgets.widgets.widget", "Widget._model_module", "attribute",
           "kernel"),
    Member("ipywidgets", "ipywidgets.widgets.widget", "Widget._model_module_version",
           "attribute", "kernel"),
    # The fork server's children (kit.server.kernels.forkserver).
    Member("matplotlib-inline", "matplotlib_inline.backend_inline",
           "_enable_matplotlib_integration", "callable", "kernel"),
    Member("matplotlib", "matplotlib", "RcParams._get", "callable", "kernel"),
    # The server: static files from memory (kit.server.static_cache).
    Member("tornado", "tornado.web", "RequestHandler._headers", "set by clear()", "server"),
    # The server: pages built in advance (kit.server.page_snapshot_handler).
    Member("voila", "voila.notebook_renderer", "NotebookRenderer._jinja_kernel_start",
           "callable", "server"),
    Member("voila", "voila.notebook_renderer", "NotebookRenderer._jinja_notebook_execute",
           "callable", "server"),
    Member("voila", "voila.notebook_renderer", "NotebookRenderer._jinja_cell_generator",
           "callable", "server"),
    Member("voila", "voila.notebook_renderer",
           "NotebookRenderer._jinja_cell_generator_without_execution", "callable", "server"),
    Member("voila", "voila.notebook_renderer", "NotebookRenderer._cleanup_resources",
           "callable", "server"),
    # The server: one event logger for every kernel (kit.server.kernels.shared_events).
    Member("jupyter_server", "jupyter_server.services.kernels.kernelmanager",
           "ServerKernelManager._default_event_logger", "callable", "server"),
)


@dataclass(frozen=True)
class Drift:
    """One difference from what the kit was written against (a version or a member)."""

    package: str
    expected: str
    found: str | None  # None: not installed / missing
    member: str | None = None
    kind: str | None = None


# --- the check ------------------------------------------------------------------------------

def installed_versions(packages: Iterable[str] = PINNED,
                       environ: Mapping[str, str] | None = None) -> dict[str, str | None]:
    """The installed version of each package (``None`` when absent), test knob applied."""
    found: dict[str, str | None] = {}
    for package in packages:
        fake = settings.fake_version(package, environ)
        if fake:
            found[package] = fake
            continue
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    return found


def version_drift(found: Mapping[str, str | None],
                  pinned: Mapping[str, str] = PINNED) -> list[Drift]:
    """The packages whose ``found`` version is not the pinned one (pure: no look-up)."""
    return [Drift(package, expected, found.get(package))
            for package, expected in pinned.items() if found.get(package) != expected]


def _resolve(member: Member) -> tuple[bool, Any]:
    """Whether ``member`` exists (importing its module), and what it is."""
    try:
        owner: Any = importlib.import_module(member.module)
    except ImportError:
        return False, None
    parts = member.path.split(".")
    if member.kind == "set by clear()":
        cls = functools.reduce(getattr, parts[:-1], owner) if len(parts) > 1 else owner
        clear = getattr(cls, "clear", None)
        code = getattr(clear, "__code__", None)
        return bool(code is not None and parts[-1] in code.co_names), clear
    try:
        value = functools.reduce(getattr, parts, owner)
    except AttributeError:
        return False, None
    return True, value


def member_drift(members: Iterable[Member],
                 found: Mapping[str, str | None] | None = None) -> list[Drift]:
    """The ``members`` that are missing or not of their kind (importing their modules)."""
    out = []
    for member in members:
        exists, value = _resolve(member)
        if exists and member.kind == "callable" and not callable(value):
            exists = False
        if not exists:
            version = (found or {}).get(member.package) or PINNED.get(member.package, "?")
            out.append(Drift(member.package, version, None,
                             member=f"{member.module}.{member.path}", kind=member.kind))
    return out


def drift_line(drifts: list[Drift], lang: str | None = None) -> str:
    """One line naming the first drift, what to do, and how many others there are."""
    first = drifts[0]
    fix = _("install the pinned versions: pip install -r requirements.lock (developers: "
            "{env}=1 starts anyway).", lang).format(env=settings.ALLOW_UPSTREAM_DRIFT_ENV)
    if first.member is not None:
        line = _("{package} {version} has no {member} ({kind}) that the kit relies on "
                 "(kit/server/upstream.py): {fix}", lang).format(
                     package=first.package, version=first.expected, member=first.member,
                     kind=first.kind, fix=fix)
    elif first.found is None:
        line = _("{package} {expected} expected, not installed: {fix}", lang).format(
            package=first.package, expected=first.expected, fix=fix)
    else:
        line = _("{package} {expected} expected, {found} installed: the kit relies on its "
                 "internals (kit/server/upstream.py); {fix}", lang).format(
                     package=first.package, expected=first.expected, found=first.found,
                     fix=fix)
    if len(drifts) > 1:
        line += " " + _("({n} more: {names})", lang).format(
            n=len(drifts) - 1, names=", ".join(sorted({d.package for d in drifts[1:]})))
    return line


def drift_allowed(environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``UMKM_KIT_ALLOW_UPSTREAM_DRIFT`` turns a refusal into a warning."""
    return settings.switched_on(settings.ALLOW_UPSTREAM_DRIFT_ENV, environ)


def start_check(side: Side, *, versions: bool = True,
                environ: Mapping[str, str] | None = None) -> tuple[str | None, str | None]:
    """Check the pinned versions and ``side``'s members once: ``(refusal, warning)`` lines.

    ``refusal`` is set when the caller must stop; with ``UMKM_KIT_ALLOW_UPSTREAM_DRIFT=1`` the
    same line comes back as ``warning`` instead. Both ``None`` when everything matches.
    """
    found = installed_versions(environ=environ)
    drifts = version_drift(found) if versions else []
    drifts += member_drift([m for m in MEMBERS if m.side == side], found)
    if not drifts:
        return None, None
    line = drift_line(drifts)
    if drift_allowed(environ):
        return None, _("Warning ({env}=1, starting anyway): {line}").format(
            line=line, env=settings.ALLOW_UPSTREAM_DRIFT_ENV)
    return line, None


def stop_on_drift(side: Side, stream: TextIO | None = None) -> bool:
    """Run :func:`start_check` for ``side`` and print its line on ``stream`` (stderr).

    Returns ``True`` when the caller must stop (exit status 1); a warning is printed and ``False``
    returned when ``UMKM_KIT_ALLOW_UPSTREAM_DRIFT=1`` lets it go on.
    """
    refusal, warning = start_check(side)
    line = refusal or warning
    if line:
        print(line, file=stream or sys.stderr, flush=True)
    return refusal is not None


# --- the kernels' side: ipywidgets, matplotlib ---------------------------------------------

@functools.cache
def _widget_module() -> Any:
    from ipywidgets.widgets import widget

    return widget


def widget_registry() -> MutableMapping[str, Any]:
    """The registry of live widgets, model id → widget (ipywidgets' ``widget._instances``)."""
    registry: MutableMapping[str, Any] = _widget_module()._instances
    return registry


def widget_entry(widget: Any) -> dict[str, Any]:
    """One widget's entry in ``update_states``: its model and its state without defaults."""
    return {
        "model_name": widget._model_name,
        "model_module": widget._model_module,
        "model_module_version": widget._model_module_version,
        "state": widget.get_state(drop_defaults=True),
    }


def remove_buffers(states: dict[str, Any]) -> tuple[Any, Any, Any]:
    """The binary buffers split out of ``states`` by ipywidgets: (states, paths, buffers)."""
    split: tuple[Any, Any, Any] = _widget_module()._remove_buffers(states)
    return split


def control_comm(widget_class: Any) -> Any:
    """The widget control comm the browser's widget manager opened (``None`` before)."""
    return widget_class._control_comm


def install_widget_hooks(mark: Callable[[Any], None],
                         control_handler: Callable[[Any, dict[str, Any]], None]) -> None:
    """Patch ``Widget``: trait changes call ``mark`` first, control messages go to a handler.

    Every trait change and every added trait calls ``mark(widget)`` before ipywidgets' own
    method; the control comm's messages go to ``control_handler(Widget, msg)``. Used in forked
    page kernels only (:func:`kit.server.kernels.compact_states.install`).
    """
    widget_class = _widget_module().Widget
    notify_change, add_traits = widget_class.notify_change, widget_class.add_traits

    def notify_and_mark(self: Any, change: Any) -> None:
        mark(self)
        notify_change(self, change)

    def add_and_mark(self: Any, **traits: Any) -> None:
        mark(self)
        add_traits(self, **traits)

    widget_class.notify_change = notify_and_mark
    widget_class.add_traits = add_and_mark
    widget_class._handle_control_comm_msg = classmethod(control_handler)


def enable_inline_figures(backend_inline: Any) -> None:
    """Hook matplotlib-inline's figure display into the running IPython shell."""
    backend_inline._enable_matplotlib_integration()


def matplotlib_backend_setting(matplotlib: Any) -> Any:
    """The ``backend`` rcParam as set, without resolving it (which would import a backend)."""
    return matplotlib.rcParams._get("backend")


# --- the server's side: tornado, Voila, jupyter_server -------------------------------------

def response_headers(handler: Any) -> list[tuple[str, str]]:
    """Every header a tornado handler has set on its response so far."""
    items: list[tuple[str, str]] = list(handler._headers.get_all())
    return items


def put_response_header(handler: Any, name: str, value: str) -> None:
    """Set a header already validated once (replayed as is, without ``set_header``'s checks)."""
    handler._headers[name] = value


@functools.cache
def _snapshot_renderer_class() -> type[Any]:
    import nbformat
    from voila.notebook_renderer import NotebookRenderer

    class SnapshotRenderer(NotebookRenderer):  # type: ignore[misc]
        """Voila's renderer, with the cells' outputs taken from a build instead of a kernel."""

        def __init__(self, cells: list[list[dict[str, Any]]], **kwargs: Any):
            super().__init__(**kwargs)
            self.snapshot_cells = cells

        async def _jinja_kernel_start(self, nb: Any, kernel_id: str, kernel_future: Any) -> str:
            self.kernel_started = True
            return kernel_id

        def _with_outputs(self, nb: Any) -> list[Any]:
            cells = []
            for cell, outputs in zip(nb.cells, self.snapshot_cells, strict=True):
                out = cell.copy()
                if out.cell_type == "code":
                    out.outputs = [nbformat.from_dict(o)  # type: ignore[no-untyped-call]
                                   for o in outputs]
                cells.append(out)
            return cells

        async def _jinja_notebook_execute(self, nb: Any, kernel_id: str) -> None:
            nb.cells = self._with_outputs(nb)

        async def _jinja_cell_generator(self, nb: Any, kernel_id: str) -> Any:
            for cell in self._with_outputs(nb):
                yield cell

        _jinja_cell_generator_without_execution = _jinja_cell_generator

        async def _cleanup_resources(self) -> None:
            return None

    return SnapshotRenderer


def snapshot_renderer(cells: list[list[dict[str, Any]]], **kwargs: Any) -> Any:
    """Voila's ``NotebookRenderer`` for a page built in advance: outputs from ``cells``.

    It starts no kernel and executes nothing (its ``_jinja_*`` steps are replaced); ``kwargs``
    are the renderer's own.
    """
    return _snapshot_renderer_class()(cells, **kwargs)


def server_event_logger(manager: Any) -> Any:
    """jupyter_server's own default event logger for a kernel manager (its parent's or new)."""
    from jupyter_server.services.kernels.kernelmanager import ServerKernelManager

    return ServerKernelManager._default_event_logger(manager)
