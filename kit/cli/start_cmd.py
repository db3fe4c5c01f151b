"""``umkm-kit start``: serve the kit's pages (home page, apps, modules) with Voila."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.cli.common import add_lang, add_workspace
from kit.i18n import _

DEFAULT_PORT = 8866
DEFAULT_HOST = "127.0.0.1"
MAX_PORT = 65535


class _HostAction(argparse.Action):
    """Store ``--host`` and remember that it was given (classroom mode has its own default)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        setattr(namespace, self.dest, values)
        namespace.host_given = True


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``start`` command."""
    parser = sub.add_parser(
        "start", help=_("serve the kit's pages in the browser (creates the workspace if needed)"))
    add_workspace(parser)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=_("port to listen on (default: {port})").format(port=DEFAULT_PORT))
    parser.add_argument(
        "--host", default=DEFAULT_HOST, action=_HostAction,
        help=_("address to listen on (default: {host}; 0.0.0.0 lets phones on the same "
               "network connect)").format(host=DEFAULT_HOST))
    parser.add_argument(
        "--classroom", action="store_true",
        help=_("classroom mode: phones on the laptop's Wi-Fi join with a QR code and a PIN; "
               "facilitator pages need the facilitator's password"))
    parser.add_argument(
        "--session", default=None, metavar="ID",
        help=_("classroom mode: the session the classroom is for (without it the terminal, or "
               "the projector page, asks)"))
    parser.add_argument("--no-browser", action="store_true",
                        help=_("do not open a browser window"))
    parser.add_argument("--source", type=Path, default=None, help=argparse.SUPPRESS)
    add_lang(parser)
    parser.set_defaults(func=_start)


def _start(args: argparse.Namespace) -> int:
    from kit.server.launch import serve

    if not 1 <= args.port <= MAX_PORT:
        print(_("--port must be between 1 and {max}, not {port}.").format(
            port=args.port, max=MAX_PORT), file=sys.stderr)
        return 2

    # In classroom mode an address not given means "the laptop's Wi-Fi" (kit.classroom.server).
    host = args.host if getattr(args, "host_given", False) or not args.classroom else None
    return serve(args.workspace, host=host, port=args.port,
                 open_browser=not args.no_browser, source_root=args.source,
                 classroom=args.classroom, classroom_session=args.session)
