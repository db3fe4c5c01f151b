"""Write a ``jupyterhub_config.py`` that serves the kit's pages to every user of a district hub.

Each user's single-user server is ``jupyterhub-singleuser`` (jupyter-server) with Voila as its
extension, configured with :func:`kit.server.config.voila_settings` (the settings ``kit start``
and Binder use), rooted at the workspace's built site (``<workspace>/.kit/site``) and opening the
Voila home page. :func:`kit.server.config.kernel_environment` points every server, hence every
kernel, at the *same* workspace, whose database must be on PostgreSQL (many servers write to it
at once). The generated file holds literal values only, so the hub does not need to import the
kit; re-run ``python -m kit hub config`` after upgrading the kit or moving the workspace.

Accounts: ``dummy`` (``DummyAuthenticator`` with ``SimpleLocalProcessSpawner``: any name and
password, every server runs as the hub's own user; for trying the set-up and for tests only) or
``pam`` (the server's system accounts with ``LocalProcessSpawner``: each user's server and
kernels run as that system user).
"""

from __future__ import annotations

import os
import pprint
import shutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
from sqlalchemy import exc as sa_exc

from kit.assess.demo import init_demo_workspace
from kit.i18n import _
from kit.server.build import BuildReport, build_site
from kit.server.config import kernel_environment, voila_settings
from kit.server.visit_language_extension import SERVER_EXTENSIONS
from kit.settings import HOME_NOTEBOOK
from kit.workspace import Workspace, WorkspaceError, init_workspace, open_workspace
from kit.workspace.layout import CONFIG_NAME

AUTHENTICATORS = ("dummy", "pam")
AUTHENTICATOR_CLASSES = {
    "dummy": "jupyterhub.auth.DummyAuthenticator",
    "pam": "jupyterhub.auth.PAMAuthenticator",
}
SPAWNER_CLASSES = {
    "dummy": "jupyterhub.spawner.SimpleLocalProcessSpawner",
    "pam": "jupyterhub.spawner.LocalProcessSpawner",
}
DEFAULT_URL = f"/voila/render/{HOME_NOTEBOOK}"
PROXY_NAME = "configurable-http-proxy"
# Where `make hub-deps` installs the proxy (npm), relative to the virtual environment.
VENV_PROXY = Path("hub", "node_modules", ".bin", PROXY_NAME)
HUB_DB_NAME = "jupyterhub.sqlite"
COOKIE_SECRET_NAME = "jupyterhub_cookie_secret"  # noqa: S105 - a file name, not a secret
PROXY_PID_NAME = "jupyterhub-proxy.pid"
# Message types a browser may send to a kernel: widget traffic only, never code to execute
# (the list stand-alone Voila uses; as a jupyter-server extension Voila does not set it).
APP_MESSAGE_TYPES = ("comm_close", "comm_info_request", "comm_msg", "comm_open",
                     "kernel_info_request", "shutdown_request")
SERVER_START_TIMEOUT = 120


class HubConfigError(Exception):
    """The hub cannot be configured as asked (the message says why, in the current language)."""


@attrs.frozen
class HubSettings:
    """Everything the generated ``jupyterhub_config.py`` depends on.

    ``data_dir`` holds the hub's own state (its SQLite database of users and servers, the cookie
    secret, the proxy's pid file and, for ``dummy`` accounts, the users' home folders).
    ``apps_only`` keeps the user servers to the kit's apps: kernels accept widget messages only
    (no code from the browser) and terminals are off.
    """

    workspace: Path
    site: Path
    data_dir: Path
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    authenticator: str = "dummy"
    admin_users: tuple[str, ...] = ()
    allowed_users: tuple[str, ...] = ()
    lang: str = "id"
    proxy_command: str = attrs.field(factory=lambda: find_proxy() or PROXY_NAME)
    singleuser_command: str = attrs.field(factory=lambda: singleuser_command())
    apps_only: bool = True

    def __attrs_post_init__(self) -> None:
        if self.authenticator not in AUTHENTICATORS:
            raise HubConfigError(_("unknown authenticator {name!r} (choose: {choices})").format(
                name=self.authenticator, choices=", ".join(AUTHENTICATORS)))
        ports = (self.port, self.hub_port, self.proxy_api_port)
        if len(set(ports)) != len(ports) or not all(0 < p < 65536 for p in ports):
            raise HubConfigError(
                _("the hub, its proxy and the proxy's API need three different ports "
                  "(1-65535), got {ports}").format(ports=", ".join(map(str, ports))))
        if self.authenticator == "pam" and not (self.admin_users or self.allowed_users):
            raise HubConfigError(_("with system accounts (pam) name at least one administrator "
                                   "or user (--admin, --user); nobody could sign in otherwise"))


def find_proxy(prefix: Path | None = None) -> str | None:
    """Path of ``configurable-http-proxy``: from ``make hub-deps`` in the venv, else on PATH."""
    local = Path(prefix or sys.prefix) / VENV_PROXY
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which(PROXY_NAME)


def singleuser_command() -> str:
    """``jupyterhub-singleuser`` next to this Python (the hub may run without the venv on PATH)."""
    local = Path(sys.executable).parent / "jupyterhub-singleuser"
    return str(local) if local.is_file() else "jupyterhub-singleuser"


def _cli_values(name: str, value: Any) -> Iterator[str]:
    """Command-line options of jupyter-server setting trait ``name`` (``Class.trait``)."""
    if isinstance(value, bool):
        yield f"--{name}={value}"
    elif isinstance(value, int | float | str):
        if isinstance(value, str) and (not value or value[0] in "'\"" or "\n" in value):
            raise HubConfigError(f"cannot pass {name}={value!r} on the command line")
        yield f"--{name}={value}"
    elif isinstance(value, dict) and value:
        # A Dict trait: one ``--Class.trait=key=value`` per entry (traitlets reads them back).
        for key, item in value.items():
            if not isinstance(item, bool | int | float | str) or not isinstance(key, str):
                raise HubConfigError(f"cannot pass nested {name}={value!r} on the command line")
            yield f"--{name}={key}={item}"
    elif isinstance(value, list | tuple) and value:
        for item in value:
            if isinstance(item, list | tuple | dict):
                raise HubConfigError(f"cannot pass nested {name}={value!r} on the command line")
            yield from _cli_values(name, item)
    else:
        raise HubConfigError(f"cannot pass {name}={value!r} on the command line")


def singleuser_settings(lang: str = "id", *, apps_only: bool = True) -> dict[str, dict[str, Any]]:
    """Traitlets settings of each user's jupyter-server: the kit's Voila settings and limits."""
    settings = voila_settings(lang)
    # Voila's pages remember the visit's language here too (kit.server.visit_language_extension).
    settings.setdefault("ServerApp", {})["jpserver_extensions"] = dict(SERVER_EXTENSIONS)
    if apps_only:
        settings.setdefault("MappingKernelManager", {})["allowed_message_types"] = list(
            APP_MESSAGE_TYPES)
        settings.setdefault("ServerApp", {})["terminals_enabled"] = False
    return settings


def singleuser_args(lang: str = "id", *, apps_only: bool = True) -> list[str]:
    """:func:`singleuser_settings` as ``--Class.trait=value`` options (one per list item)."""
    args: list[str] = []
    for section, values in singleuser_settings(lang, apps_only=apps_only).items():
        for key, value in values.items():
            args.extend(_cli_values(f"{section}.{key}", value))
    return args


def _py(value: Any) -> str:
    """A Python literal of ``value`` (stable, readable)."""
    return pprint.pformat(value, width=96, sort_dicts=True)


def _names(values: Sequence[str]) -> set[str]:
    return {v.strip() for v in values if v.strip()}


def hub_config_text(settings: HubSettings) -> str:
    """The text of ``jupyterhub_config.py`` for ``settings``."""
    workspace = settings.workspace.resolve()
    site = settings.site.resolve()
    data = settings.data_dir.resolve()
    environment = kernel_environment(workspace, base={}, lang=settings.lang)
    dummy = settings.authenticator == "dummy"
    lines = [
        "# JupyterHub configuration of the e-UMKM training kit, written by",
        "# `python -m kit hub config`; re-run it instead of editing this file.",
        f"# Workspace: {workspace} (its database URL is in kit-workspace.json, not here).",
        "# Start: jupyterhub -f <this file>",
        "import os",
        "",
        "c = get_config()  # noqa: F821 - provided by JupyterHub",
        "",
        "# --- Where the hub listens (the proxy) and where it keeps its own state.",
        f"c.JupyterHub.bind_url = {_py(f'http://{settings.ip}:{settings.port}')}",
        "c.JupyterHub.hub_ip = '127.0.0.1'",
        f"c.JupyterHub.hub_port = {settings.hub_port}",
        f"c.ConfigurableHTTPProxy.api_url = {_py(f'http://127.0.0.1:{settings.proxy_api_port}')}",
        f"c.ConfigurableHTTPProxy.command = {_py([settings.proxy_command])}",
        f"c.ConfigurableHTTPProxy.pid_file = {_py(str(data / PROXY_PID_NAME))}",
        f"c.JupyterHub.db_url = {_py('sqlite:///' + str(data / HUB_DB_NAME))}",
        f"c.JupyterHub.cookie_secret_file = {_py(str(data / COOKIE_SECRET_NAME))}",
        "",
        "# --- Accounts.",
    ]
    if dummy:
        lines += [
            "# DummyAuthenticator accepts ANY name and password and every server runs as the",
            "# hub's own user: for trying the set-up and for tests only. For real accounts",
            "# regenerate with `--auth pam` (the server's system users, LocalProcessSpawner).",
        ]
    else:
        lines += [
            "# PAM: people sign in with their account on this server (`adduser NAME`); each",
            "# user's server and kernels run as that user. The hub must run as root.",
        ]
    authenticator = AUTHENTICATOR_CLASSES[settings.authenticator]
    lines.append(f"c.JupyterHub.authenticator_class = {_py(authenticator)}")
    if settings.admin_users:
        lines.append(f"c.Authenticator.admin_users = {_py(_names(settings.admin_users))}")
    if settings.allowed_users:
        lines.append(f"c.Authenticator.allowed_users = {_py(_names(settings.allowed_users))}")
    lines += [
        "",
        "# --- Each user's server: Voila (jupyter-server extension) on the kit's built site,",
        "# every kernel on the same workspace.",
        f"c.JupyterHub.spawner_class = {_py(SPAWNER_CLASSES[settings.authenticator])}",
    ]
    if dummy:
        lines.append("c.SimpleLocalProcessSpawner.home_dir_template = "
                     f"{_py(str(data / 'home' / '{username}'))}")
    lines += [
        f"c.Spawner.cmd = {_py([settings.singleuser_command])}",
        f"c.Spawner.notebook_dir = {_py(str(site))}",
        f"c.Spawner.default_url = {_py(DEFAULT_URL)}",
        f"c.Spawner.environment = {_py(environment)}",
        "# The kit's Voila settings (kit.server.config.voila_settings)"
        + (", widget messages only, no terminals." if settings.apps_only else "."),
        f"c.Spawner.args = {_py(singleuser_args(settings.lang, apps_only=settings.apps_only))}",
        f"c.Spawner.http_timeout = {SERVER_START_TIMEOUT}",
        f"c.Spawner.start_timeout = {SERVER_START_TIMEOUT}",
    ]
    if dummy:
        lines += [
            "if os.geteuid() == 0:  # every server runs as the hub's user, here root",
            "    c.Spawner.args.append('--allow-root')",
        ]
    return "\n".join(lines) + "\n"


def write_hub_config(settings: HubSettings, out: Path) -> Path:
    """Write :func:`hub_config_text` to ``out`` (creating the data folder); return the path."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(hub_config_text(settings), encoding="utf-8")
    tmp.replace(out)
    return out


def _is_postgresql(url: str) -> bool:
    return url.split(":", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


def prepare_workspace(root: Path, db_url: str | None = None, *, demo: bool = False) -> Workspace:
    """Open the workspace in ``root``, or create it on ``db_url``; it must be on PostgreSQL.

    An existing workspace keeps its database: ``db_url``, when given, must be the same one.
    ``demo`` adds the demo cohort when the workspace is created. Raises :class:`HubConfigError`.
    """
    from kit.storage.db import normalise_url

    if db_url is not None and not _is_postgresql(db_url):
        raise HubConfigError(_("the hub's workspace needs a PostgreSQL database "
                               "(postgresql://USER:PASSWORD@HOST/DB), not {url}").format(
                                   url=db_url.split("://", 1)[0] + "://…"))
    try:
        if (root / CONFIG_NAME).exists():
            ws = open_workspace(root)
            if db_url is not None and normalise_url(db_url) != ws.db_url:
                raise HubConfigError(_("{path} already uses another database; leave out --db "
                                       "or give the same URL").format(path=root))
        elif db_url is None:
            raise HubConfigError(_("{path} is not a workspace yet: give its PostgreSQL "
                                   "database with --db").format(path=root))
        else:
            create = init_demo_workspace if demo else init_workspace
            ws = create(root, db_url=db_url)
    except WorkspaceError as exc:
        raise HubConfigError(str(exc)) from exc
    except sa_exc.DBAPIError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        raise HubConfigError(_("the workspace's database cannot be reached: {reason}").format(
            reason=reason)) from exc
    if not _is_postgresql(ws.db_url):
        raise HubConfigError(_("{path} keeps its records in SQLite; every user server of the hub "
                               "writes to the workspace at once, so it must be on PostgreSQL "
                               "(create a new workspace with --db)").format(path=root))
    return ws


def build_hub_site(ws: Workspace, source_root: Path | None = None) -> tuple[Path, BuildReport]:
    """Build the workspace's site (``<workspace>/.kit/site``) the user servers serve."""
    from kit.server.launch import site_dir

    site = site_dir(ws.root).resolve()
    return site, build_site(site, source_root)
