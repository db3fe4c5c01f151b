"""Pages built once in the fork server, and kernels forked from them.

A participant module page is the same for everyone until the participant is known: the same
texts, sections, questions and tools, built from the same framework and content. Stock Voila
builds it again for every visit — a new kernel runs every cell, and the server relays every
widget's creation — which is most of what a join costs the laptop.

Here the fork server runs the page's cells **once** (:func:`build`), without a kernel: the widgets
are created (their comms cannot send anything yet), each cell's result is kept as the output the
page shows (a widget view names its model id), and every callback the page registered with
:func:`kit.server.kernels.page_rebind.on_fork` is remembered. Then, for each visit, it forks a
kernel from that state (:func:`adopt`, in the child): only the page's own widgets stay
registered, their comms are bound to the new kernel, the page's callbacks re-read the
participant-dependent parts (identity, roster) from the child's own environment, and the browser,
served the page's HTML with the same model ids (:mod:`kit.server.page_snapshot_handler`), asks
the kernel for the widgets' state as it does with any Voila page (answered without the default
values, :mod:`kit.server.kernels.compact_states`).

What the build must not do: start a thread or keep a lock (the fork would copy it), or depend on
per-visit variables — those (:data:`PER_VISIT_ENV`) are removed from the build's environment and
are only present in the forked kernels. A cell that fails, a thread, or IPython-only syntax
(magics) makes :func:`build` raise :class:`SnapshotError`; the server then renders that page the
usual way.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import hashlib
import io
import json
import os
import sys
import threading
import traceback
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.server import upstream
from kit.server.kernels import compact_states, page_rebind
from kit.settings import PAGE_ID_ENV, PARTICIPANT_TOKEN_ENV

# PAGE_ID_ENV is set by the server on a kernel that must be forked from a built page (its id).
# Variables that differ from one visit to the next: never seen by a page build.
PER_VISIT_ENV = frozenset({
    PAGE_ID_ENV, PARTICIPANT_TOKEN_ENV,
    "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "SERVER_SOFTWARE", "SERVER_PROTOCOL",
    "SERVER_PORT", "SERVER_NAME", "VOILA_PREHEAT", "VOILA_REQUEST_URL", "VOILA_KERNEL_ID",
    "VOILA_APP_PORT", "JPY_PARENT_PID", "JPY_SESSION_NAME",
})
PER_VISIT_PREFIXES = ("HTTP_",)


# The widgets created by every page built in this process (module-level widgets, such as a
# shared Layout created at import, belong to no page and are kept in every kernel).
_BUILT_WIDGETS: set[str] = set()


class SnapshotError(Exception):
    """The page cannot be built in advance (the message says why)."""


@dataclass
class PageSnapshot:
    """A page built in the fork server: its outputs, widgets, namespace and fork callbacks."""

    id: str
    notebook: str
    cells: list[list[dict[str, Any]]]
    model_ids: frozenset[str]
    namespace: dict[str, Any] = field(repr=False)
    callbacks: list[Callable[[], None]] = field(repr=False)
    # Each widget's compact state when the build ended (compact_states.widget_states).
    states: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)


def build_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` without the per-visit variables: the environment a page is built in."""
    return {k: v for k, v in env.items()
            if k not in PER_VISIT_ENV and not k.startswith(PER_VISIT_PREFIXES)}


def snapshot_key(notebook: str, env: dict[str, str], cwd: str | None) -> str:
    """Which build serves a visit: the notebook (and its modification time), cwd, build env."""
    try:
        mtime = os.stat(notebook).st_mtime_ns
    except OSError:
        mtime = 0
    blob = json.dumps([notebook, mtime, cwd or "", sorted(build_env(env).items())])
    return hashlib.sha256(blob.encode()).hexdigest()


def apply_pythonpath(env: dict[str, str]) -> None:
    """Put ``env``'s ``PYTHONPATH`` entries first on ``sys.path`` (as Python would)."""
    entries = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    for entry in reversed(entries):
        if entry in sys.path:
            sys.path.remove(entry)
        sys.path.insert(0, entry)


@contextlib.contextmanager
def _environment(env: dict[str, str], cwd: str | None) -> Iterator[None]:
    """Run with ``env`` (replacing the environment), ``cwd`` and ``PYTHONPATH``; then restore."""
    saved_env, saved_cwd, saved_path = dict(os.environ), os.getcwd(), list(sys.path)
    os.environ.clear()
    os.environ.update(env)
    try:
        if cwd:
            os.chdir(cwd)
        apply_pythonpath(env)
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)
        sys.path[:] = saved_path


def _display_data(value: Any) -> dict[str, Any]:
    """The notebook output showing ``value`` (as a kernel's ``execute_result`` would)."""
    from IPython.core.formatters import DisplayFormatter

    data, metadata = DisplayFormatter().format(value)  # type: ignore[no-untyped-call]
    return {"output_type": "display_data", "data": data, "metadata": metadata}


def run_cell(source: str, namespace: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """Run one code cell in ``namespace``; return its outputs (printed text, last expression)."""
    try:
        tree = ast.parse(source, filename=name)
    except SyntaxError as exc:  # e.g. a %magic: only a real kernel can run it
        raise SnapshotError(f"{name}: not plain Python ({exc.msg})") from exc
    last: ast.expr | None = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = tree.body[-1].value
        tree.body.pop()
    out, err = io.StringIO(), io.StringIO()
    value: Any = None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            exec(compile(tree, name, "exec"), namespace)  # noqa: S102 - the site's own notebook
            if last is not None:
                value = eval(  # noqa: S307 - the site's own notebook
                    compile(ast.Expression(last), name, "eval"), namespace)
    except Exception as exc:
        raise SnapshotError(f"{name}: {traceback.format_exc(limit=-3)}") from exc
    outputs = [{"output_type": "stream", "name": stream, "text": text.getvalue()}
               for stream, text in (("stdout", out), ("stderr", err)) if text.getvalue()]
    if value is not None:
        outputs.append(_display_data(value))
    return outputs


def build(notebook: str, env: dict[str, str], cwd: str | None) -> PageSnapshot:
    """Run the notebook's code cells once, here, in ``env`` minus the per-visit variables."""
    import nbformat

    try:
        nb = nbformat.read(notebook, as_version=4)  # type: ignore[no-untyped-call]
    except Exception as exc:
        raise SnapshotError(f"{notebook}: cannot read ({exc})") from exc
    threads = threading.active_count()
    before = set(upstream.widget_registry())
    start = page_rebind.mark()
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
    cells: list[list[dict[str, Any]]] = []
    with _environment(build_env(env), cwd):
        for n, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                cells.append([])
                continue
            cells.append(run_cell(cell.source, namespace, f"{Path(notebook).name}[{n}]"))
    if threading.active_count() > threads:
        raise SnapshotError(f"{notebook}: building the page started a thread")
    model_ids = frozenset(set(upstream.widget_registry()) - before)
    _BUILT_WIDGETS.update(model_ids)
    return PageSnapshot(id=uuid.uuid4().hex, notebook=notebook, cells=cells,
                        model_ids=model_ids, namespace=namespace,
                        callbacks=page_rebind.callbacks_since(start),
                        states=compact_states.widget_states(model_ids))


def adopt(snapshot: PageSnapshot) -> None:
    """In a child forked from the page, before its kernel exists: keep its widgets, re-read.

    Runs before ``IPKernelApp.initialize``, in the visit's environment: only the page's own
    widgets stay registered, and the page's callbacks re-read what depends on the visit. Widgets
    they create or change send nothing (there is no kernel yet to send with); the browser gets
    them all in its first ``request_states``. :func:`bind` then connects them to the kernel.
    """
    from comm import get_comm_manager

    compact_states.install(snapshot.states)  # before the callbacks: their changes are noted
    others = _BUILT_WIDGETS - snapshot.model_ids  # other pages' widgets: not this kernel's
    instances = upstream.widget_registry()
    for model_id in [m for m in instances if m in others]:
        del instances[model_id]
    comms = get_comm_manager().comms
    for comm_id in [c for c in comms if c in others]:
        del comms[comm_id]
    for callback in snapshot.callbacks:
        callback()


def bind(snapshot: PageSnapshot, kernel: Any) -> None:
    """After ``IPKernelApp.initialize``: the page's names and widgets belong to ``kernel``.

    Called before the kernel answers anything, so the browser's first ``request_states`` sees
    the page as :func:`adopt` left it.
    """
    kernel.shell.user_ns.update({k: v for k, v in snapshot.namespace.items()
                                 if not k.startswith("__")})
    for widget in list(upstream.widget_registry().values()):
        if widget.comm is not None and getattr(widget.comm, "kernel", kernel) is None:
            widget.comm.kernel = kernel
