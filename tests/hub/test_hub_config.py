from __future__ import annotations

import ast
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from traitlets.config import Config
from traitlets.config.loader import KVArgParseConfigLoader

from kit.cli import build_parser
from kit.hub.config import (
    APP_MESSAGE_TYPES,
    DEFAULT_URL,
    HubConfigError,
    HubSettings,
    hub_config_text,
    prepare_workspace,
    singleuser_args,
    write_hub_config,
)
from kit.server.config import TEMPLATE_ROOT, WIDGETS_EXTENSIONS, voila_settings
from kit.settings import WORKSPACE_ENV
from kit.workspace import init_workspace

REPO = Path(__file__).resolve().parents[2]


def _settings(tmp_path: Path, **changes: Any) -> HubSettings:
    values: dict[str, Any] = {"workspace": tmp_path / "ws", "site": tmp_path / "ws/.kit/site",
                              "data_dir": tmp_path / "hub", "proxy_command": "/opt/chp",
                              "singleuser_command": "/opt/jupyterhub-singleuser"}
    values.update(changes)
    return HubSettings(**values)


def _load(text: str) -> Config:
    """Execute a generated ``jupyterhub_config.py`` the way JupyterHub does; return its config."""
    config = Config()
    exec(compile(text, "jupyterhub_config.py", "exec"), {"get_config": lambda: config})  # noqa: S102
    return config


def test_generated_config_is_valid_python_with_the_kit_settings(tmp_path: Path) -> None:
    """The file compiles and sets the spawner, home page, site, proxy and hub state paths."""
    config = _load(hub_config_text(_settings(tmp_path, port=8100, hub_port=8101,
                                             proxy_api_port=8102)))
    assert config.JupyterHub.bind_url == "http://127.0.0.1:8100"
    assert config.JupyterHub.hub_port == 8101
    assert config.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:8102"
    assert config.ConfigurableHTTPProxy.command == ["/opt/chp"]
    assert config.JupyterHub.authenticator_class == "jupyterhub.auth.DummyAuthenticator"
    assert config.JupyterHub.spawner_class == "jupyterhub.spawner.SimpleLocalProcessSpawner"
    assert config.Spawner.default_url == DEFAULT_URL == "/voila/render/beranda.ipynb"
    assert config.Spawner.notebook_dir == str((tmp_path / "ws/.kit/site").resolve())
    assert config.Spawner.cmd == ["/opt/jupyterhub-singleuser"]
    hub = (tmp_path / "hub").resolve()
    assert config.JupyterHub.db_url == f"sqlite:///{hub}/jupyterhub.sqlite"
    assert config.JupyterHub.cookie_secret_file == str(hub / "jupyterhub_cookie_secret")
    assert config.SimpleLocalProcessSpawner.home_dir_template == str(hub / "home/{username}")


def test_every_user_server_points_at_the_same_workspace(tmp_path: Path) -> None:
    """The spawner's environment names the workspace, the template and the kit, for everyone."""
    env = _load(hub_config_text(_settings(tmp_path, lang="en"))).Spawner.environment
    assert env[WORKSPACE_ENV] == str((tmp_path / "ws").resolve())
    assert env["JUPYTER_PATH"] == str(TEMPLATE_ROOT)
    assert env["PYTHONPATH"] == str(REPO)
    assert env["UMKM_KIT_LANG"] == "en"
    assert "postgresql" not in hub_config_text(_settings(tmp_path))  # no database URL in it


def test_singleuser_args_parse_back_to_the_voila_settings() -> None:
    """The command-line options, parsed by traitlets, give exactly the kit's Voila settings."""
    args = singleuser_args("id", apps_only=False)
    parsed = KVArgParseConfigLoader(args).load_config()
    for section, values in voila_settings("id").items():
        for key, value in values.items():
            got = parsed[section][key]
            if isinstance(value, list):
                got = [ast.literal_eval(v) if v[:1] in "'\"" else v for v in got]
                assert got == value, (section, key)
            else:
                assert str(got) == str(value), (section, key)
    assert args.count(f"--VoilaConfiguration.extension_allowlist={WIDGETS_EXTENSIONS[0]}") == 1


def test_apps_only_limits_kernels_to_widget_messages_and_turns_terminals_off() -> None:
    """By default the browser can send widget messages only (no code) and terminals are off."""
    args = singleuser_args()
    allowed = [a.split("=", 1)[1] for a in args
               if a.startswith("--MappingKernelManager.allowed_message_types=")]
    assert sorted(allowed) == sorted(APP_MESSAGE_TYPES)
    assert "execute_request" not in allowed
    assert "--ServerApp.terminals_enabled=False" in args
    assert not [a for a in singleuser_args(apps_only=False) if "allowed_message_types" in a]


def test_the_args_configure_a_real_single_user_server(tmp_path: Path) -> None:
    """jupyter-server and Voila's configuration accept the options with the right types."""
    from jupyter_server.serverapp import ServerApp
    from voila.configuration import VoilaConfiguration

    app = ServerApp()
    app.parse_command_line(singleuser_args())
    voila = VoilaConfiguration(config=app.config)
    assert voila.template == "umkm-kit"
    assert voila.strip_sources is True and voila.show_tracebacks is False
    assert list(voila.extension_allowlist) == list(WIDGETS_EXTENSIONS)
    assert app.terminals_enabled is False
    kernels = app.config.MappingKernelManager
    assert int(kernels.cull_idle_timeout) == 3600


def test_pam_accounts_use_system_users_and_need_someone_to_sign_in(tmp_path: Path) -> None:
    """``pam`` uses LocalProcessSpawner, no home folders in the hub's data, and named users."""
    with pytest.raises(HubConfigError):
        _settings(tmp_path, authenticator="pam")
    config = _load(hub_config_text(_settings(tmp_path, authenticator="pam",
                                             admin_users=("bu_retno",),
                                             allowed_users=("pak_syahrul", " ",))))
    assert config.JupyterHub.authenticator_class == "jupyterhub.auth.PAMAuthenticator"
    assert config.JupyterHub.spawner_class == "jupyterhub.spawner.LocalProcessSpawner"
    assert config.Authenticator.admin_users == {"bu_retno"}
    assert config.Authenticator.allowed_users == {"pak_syahrul"}
    assert "SimpleLocalProcessSpawner" not in config
    assert "--allow-root" not in hub_config_text(_settings(tmp_path, authenticator="pam",
                                                           admin_users=("a",)))


def test_bad_settings_are_refused(tmp_path: Path) -> None:
    """Unknown authenticators and clashing ports are explained, not written."""
    with pytest.raises(HubConfigError, match="pam"):
        _settings(tmp_path, authenticator="ldap")
    with pytest.raises(HubConfigError):
        _settings(tmp_path, port=8000, hub_port=8000)
    with pytest.raises(HubConfigError):
        _settings(tmp_path, proxy_api_port=70000)


def test_write_hub_config_creates_folders(tmp_path: Path) -> None:
    """Writing creates the output's folder and the hub's data folder; JupyterHub can load it."""
    out = write_hub_config(_settings(tmp_path), tmp_path / "etc" / "jupyterhub_config.py")
    assert out.is_file() and (tmp_path / "hub").is_dir()
    assert not list(out.parent.glob(".*.tmp"))
    namespace = runpy.run_path(str(out), init_globals={"get_config": Config})
    assert namespace["c"].Spawner.default_url == DEFAULT_URL


def test_the_workspace_must_be_on_postgresql(tmp_path: Path) -> None:
    """SQLite workspaces and URLs are refused; a new folder without --db is explained."""
    with pytest.raises(HubConfigError, match="PostgreSQL"):
        prepare_workspace(tmp_path / "new", "sqlite:///x.db")
    with pytest.raises(HubConfigError, match="--db"):
        prepare_workspace(tmp_path / "new")
    init_workspace(tmp_path / "lite")
    with pytest.raises(HubConfigError, match="SQLite"):
        prepare_workspace(tmp_path / "lite")


@pytest.mark.postgres
def test_prepare_workspace_creates_and_reopens_on_postgresql(tmp_path: Path,
                                                             pg_url: str) -> None:
    """A new workspace is created on the given database; reopening needs the same URL."""
    ws = prepare_workspace(tmp_path / "ws", pg_url.replace("postgresql+psycopg", "postgresql"))
    assert ws.db_url == pg_url
    assert prepare_workspace(tmp_path / "ws").db_url == pg_url
    assert prepare_workspace(tmp_path / "ws", pg_url).db_url == pg_url
    with pytest.raises(HubConfigError, match="--db"):
        prepare_workspace(tmp_path / "ws", pg_url + "_other")


def test_unreachable_database_is_explained(tmp_path: Path) -> None:
    """A PostgreSQL server that does not answer gives one line, not a traceback."""
    with pytest.raises(HubConfigError, match="tidak dapat dihubungi"):
        prepare_workspace(tmp_path / "ws", "postgresql://kit@127.0.0.1:1/none")


def test_cli_options() -> None:
    """``hub config`` takes the workspace, database, output, ports, accounts and users."""
    args = build_parser().parse_args(
        ["hub", "config", "--workspace", "w", "--db", "postgresql://db/x", "--out", "h.py",
         "--port", "9000", "--auth", "pam", "--admin", "a", "--user", "b", "--user", "c"])
    assert (args.workspace, args.db, args.out, args.port, args.auth) == (
        Path("w"), "postgresql://db/x", Path("h.py"), 9000, "pam")
    assert (args.admin, args.user, args.allow_code, args.demo) == (["a"], ["b", "c"], False,
                                                                   False)


def test_cli_refuses_sqlite_in_both_languages(tmp_path: Path) -> None:
    """The command exits 1 with the reason in Indonesian by default and in English on request."""
    for lang, words in (("id", "PostgreSQL"), ("en", "needs a PostgreSQL database")):
        result = subprocess.run(
            [sys.executable, "-m", "kit", "--lang", lang, "hub", "config", "--workspace",
             str(tmp_path / "ws"), "--db", "sqlite:///x.db", "--out", str(tmp_path / "h.py")],
            cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 1 and words in result.stderr, result.stderr
        assert not (tmp_path / "h.py").exists()
