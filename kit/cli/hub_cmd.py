"""``umkm-kit hub config``: write a JupyterHub configuration serving the kit to a district."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.cli.common import add_lang, add_workspace
from kit.i18n import _, get_language


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``hub`` command and its ``config`` action."""
    parser = sub.add_parser(
        "hub", help=_("serve the kit to many users with JupyterHub (workspace on PostgreSQL)"))
    actions = parser.add_subparsers(dest="hub_action", metavar=_("ACTION"))
    config = actions.add_parser(
        "config", help=_("create or check the workspace, build its pages and write "
                         "jupyterhub_config.py"))
    add_workspace(config)
    config.add_argument(
        "--db", default=None, metavar="URL",
        help=_("PostgreSQL database of a new workspace (postgresql://USER:PASSWORD@HOST/DB); "
               "an existing workspace keeps its own"))
    config.add_argument("--demo", action="store_true",
                        help=_("add the demo cohort to a new workspace"))
    config.add_argument("--out", type=Path, default=Path("jupyterhub_config.py"), metavar="FILE",
                        help=_("file to write (default: ./jupyterhub_config.py)"))
    config.add_argument(
        "--data-dir", type=Path, default=None, metavar="DIR",
        help=_("folder for the hub's own database, cookie secret and proxy pid file "
               "(default: the folder of --out)"))
    config.add_argument("--ip", default="127.0.0.1",
                        help=_("address the hub listens on (default: 127.0.0.1; 0.0.0.0 for "
                               "the whole network)"))
    config.add_argument("--port", type=int, default=8000,
                        help=_("port of the hub's address (default: 8000)"))
    config.add_argument("--hub-port", type=int, default=8081,
                        help=_("internal port of the hub (default: 8081)"))
    config.add_argument("--proxy-api-port", type=int, default=8001,
                        help=_("internal port of the proxy's API (default: 8001)"))
    config.add_argument(
        "--auth", choices=("dummy", "pam"), default="dummy",
        help=_("accounts: dummy (any name and password, for trying it out) or pam (the "
               "server's system accounts); default: dummy"))
    config.add_argument("--admin", action="append", default=[], metavar="NAME",
                        help=_("a hub administrator (repeat for several)"))
    config.add_argument("--user", action="append", default=[], metavar="NAME",
                        help=_("a user allowed to sign in (repeat for several; default: anyone "
                               "the authenticator accepts)"))
    config.add_argument(
        "--allow-code", action="store_true",
        help=_("let users run code in their servers (JupyterLab, terminals); by default the "
               "servers only run the kit's apps"))
    config.add_argument("--source", type=Path, default=None, help=argparse.SUPPRESS)
    add_lang(config)
    config.set_defaults(func=_config)
    parser.set_defaults(func=lambda _args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _config(args: argparse.Namespace) -> int:
    from kit.hub.config import (
        HubConfigError,
        HubSettings,
        build_hub_site,
        find_proxy,
        prepare_workspace,
        write_hub_config,
    )
    from kit.server.build import SourceRootError

    out: Path = args.out.resolve()
    try:
        ws = prepare_workspace(args.workspace.resolve(), args.db, demo=args.demo)
        site, report = build_hub_site(ws, args.source)
        settings = HubSettings(
            workspace=ws.root, site=site, data_dir=(args.data_dir or out.parent).resolve(),
            ip=args.ip, port=args.port, hub_port=args.hub_port,
            proxy_api_port=args.proxy_api_port, authenticator=args.auth,
            admin_users=tuple(args.admin), allowed_users=tuple(args.user),
            lang=get_language(), apps_only=not args.allow_code)
    except HubConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    except SourceRootError as exc:
        print(_("The notebook sources (voila_apps/, modules/) were not found in: {where}")
              .format(where=exc), file=sys.stderr)
        return 1
    write_hub_config(settings, out)
    print(_("Workspace: {path}").format(path=ws.root.resolve()))
    print(_("Pages: {n} notebooks ({built} rebuilt) in {path}").format(
        n=len(report.notebooks), built=len(report.built), path=site))
    print(_("JupyterHub configuration written to {path}").format(path=out))
    if find_proxy() is None:
        print(_("configurable-http-proxy was not found: run 'make hub-deps' (or "
                "'npm install -g configurable-http-proxy') before starting the hub"),
              file=sys.stderr)
    if args.auth == "dummy":
        print(_("Warning: dummy accounts accept any name and password; use --auth pam for "
                "real accounts"), file=sys.stderr)
    print(_("Start the hub with: jupyterhub -f {path}").format(path=out))
    return 0
