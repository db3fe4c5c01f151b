from __future__ import annotations

import json
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from kit.server.binder import HOME_URLPATH, write_server_config
from kit.server.config import voila_settings

REPO = Path(__file__).resolve().parents[1]


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text and not text.startswith("#"):
            req = Requirement(text)
            (spec,) = req.specifier
            assert spec.operator == "==", text
            pins[canonicalize_name(req.name)] = spec.version
    return pins


def test_binder_pins_equal_pyproject_pins() -> None:
    """Every run-time dependency of pyproject.toml is pinned in binder/ at the same version."""
    binder = _pins(REPO / "binder" / "requirements.txt")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for text in project["dependencies"]:
        req = Requirement(text)
        (spec,) = req.specifier
        assert binder.get(canonicalize_name(req.name)) == spec.version, text


def test_binder_pins_come_from_the_lock() -> None:
    """binder/requirements.txt only holds pins of requirements.lock, without developer tools."""
    lock = _pins(REPO / "requirements.lock")
    binder = _pins(REPO / "binder" / "requirements.txt")
    assert {name: lock.get(name) for name in binder} == binder
    for tool in ("pytest", "ruff", "mypy", "playwright"):
        assert tool not in binder


def test_binder_scripts() -> None:
    """PostBuild fails on the first error and prepares the site; start execs the server."""
    post_build = (REPO / "binder" / "postBuild").read_text(encoding="utf-8")
    assert "set -euo pipefail" in post_build
    assert "python -m kit.server.binder setup" in post_build
    start = (REPO / "binder" / "start").read_text(encoding="utf-8")
    assert start.rstrip().endswith('exec "$@"')
    assert "UMKM_KIT_WORKSPACE" in start and "JUPYTER_PATH" in start
    assert HOME_URLPATH == "voila/render/site/beranda.ipynb"


def test_server_config_is_merged(tmp_path: Path) -> None:
    """The Voila settings are merged into jupyter_server_config.json, keeping other settings."""
    (tmp_path / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"port": 9999}, "VoilaConfiguration": {"theme": "dark"}}))
    path = write_server_config(tmp_path)
    config = json.loads(path.read_text())
    assert config["ServerApp"] == {"port": 9999, "jpserver_extensions": {
        "voila": True, "kit.server.visit_language_extension": True}}
    assert config["VoilaConfiguration"] == voila_settings()["VoilaConfiguration"]
    assert config["MappingKernelManager"] == voila_settings()["MappingKernelManager"]
