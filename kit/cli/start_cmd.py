"""``umkm-kit start``: serve the kit's pages (home page, apps, modules) with Voila."""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.cli.common import add_lang, add_workspace
from kit.i18n import _

DEFAULT_PORT = 8866
DEFAULT_HOST = "127.0.0.1"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``start`` command."""
    parser = sub.add_parser(
        "start", help=_("serve the kit's pages in the browser (creates the workspace if needed)"))
    add_workspace(parser)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=_("port to listen on (default: {port})").format(port=DEFAULT_PORT))
    parser.add_argument(
        "--host", default=DEFAULT_HOST,
        help=_("address to listen on (default: {host}; 0.0.0.0 lets phones on the same "
               "network connect)").format(host=DEFAULT_HOST))
    parser.add_argument("--no-browser", action="store_true",
                        help=_("do not open a browser window"))
    parser.add_argument("--source", type=Path, default=None, help=argparse.SUPPRESS)
    add_lang(parser)
    parser.set_defaults(func=_start)


def _start(args: argparse.Namespace) -> int:
    from kit.server.launch import serve

    return serve(args.workspace, host=args.host, port=args.port,
                 open_browser=not args.no_browser, source_root=args.source)
