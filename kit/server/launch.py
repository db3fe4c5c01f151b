"""What ``python -m kit start`` does: workspace, site build, environment, then Voila."""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path

from kit.i18n import _, get_language
from kit.server.build import SourceRootError, build_site
from kit.server.config import kernel_environment, standalone_config
from kit.server.ports import port_problem

SITE_FOLDER = Path(".kit", "site")


def site_dir(workspace_root: Path) -> Path:
    """Return the folder of built notebooks inside a workspace (``<workspace>/.kit/site``)."""
    return workspace_root / SITE_FOLDER


def home_url(host: str, port: int) -> str:
    """Return the address people open in their browser."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def host_problem(host: str) -> str | None:
    """Why the server cannot listen on ``host`` if it is not an address of this computer.

    ``None`` when it is one (or when the name does not resolve: :func:`port_problem` says so).
    """
    try:
        infos = socket.getaddrinfo(host, 0, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRNOTAVAIL:
                return _("--host {host} is not an address of this computer; use 127.0.0.1, "
                         "0.0.0.0 (every network) or this computer's own Wi-Fi address.").format(
                             host=host)
    return None


def serve(workspace: Path, *, host: str | None, port: int, open_browser: bool,
          source_root: Path | None = None, classroom: bool = False,
          classroom_session: str | None = None) -> int:
    """Prepare the workspace and site, then serve them until stopped; return the exit status.

    With ``classroom`` the server listens on the Wi-Fi (``host`` default: every interface) and
    :mod:`kit.classroom` puts its join/login pages and access rules in front of every page.
    """
    from kit.server.upstream import stop_on_drift

    if stop_on_drift("server"):  # an upgraded ipywidgets/Voila/tornado…: one line, then stop
        return 1
    if classroom:
        from kit.classroom.server import bind_address

        host = bind_address(host)
    host = host or "127.0.0.1"
    problem = host_problem(host) or port_problem(host, port)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from kit.assess.demo import ensure_demo_workspace
    from kit.workspace import WorkspaceError

    try:
        ws = ensure_demo_workspace(workspace, coordinator_store=True)
    except WorkspaceError as exc:
        print(exc, file=sys.stderr)
        return 1
    # The nbgrader assignments must exist before the first tap in the checklist or a module
    # (generating them on that first write would make it take seconds); cheap when up to date.
    from kit.assess.generate import generate_assignments

    generate_assignments(ws)
    site = site_dir(ws.root)
    try:
        report = build_site(site, source_root)
    except SourceRootError as exc:
        print(_("The notebook sources (voila_apps/, modules/) were not found in: {where}")
              .format(where=exc), file=sys.stderr)
        return 1
    print(_("Workspace: {path}").format(path=ws.root.resolve()))
    print(_("Pages: {n} notebooks ({built} rebuilt) in {path}").format(
        n=len(report.notebooks), built=len(report.built), path=site.resolve()))
    lang = get_language()
    os.environ.update(kernel_environment(ws.root, lang=lang))
    hook = None
    if classroom:
        from kit.classroom.server import prepare_classroom

        hook = prepare_classroom(ws, site, host=host, port=port, session_id=classroom_session)
        if hook is None:
            return 1
    else:
        print(_("Open {url} in a browser; stop with Ctrl+C.").format(url=home_url(host, port)),
              flush=True)
    from kit.server.voila_app import run_voila

    run_voila(site, standalone_config(site, host=host, port=port, open_browser=open_browser,
                                      lang=lang), handler_hook=hook)
    return 0
