from __future__ import annotations

import json
import os
import re
from pathlib import Path

from jupyter_core.paths import jupyter_path

import kit
from kit.server.config import (
    TEMPLATE_NAME,
    TEMPLATE_ROOT,
    WIDGETS_EXTENSIONS,
    kernel_environment,
    standalone_config,
    voila_settings,
)

TEMPLATE_DIR = TEMPLATE_ROOT / "voila" / "templates" / TEMPLATE_NAME


def _installed_labextensions() -> set[str]:
    """Names of the front-end extensions Voila can load (JupyterLab's and Voila's own)."""
    import voila

    folders = [Path(p) for p in jupyter_path("labextensions")]
    folders.append(Path(voila.__file__).parent / "labextensions")
    names = set()
    for folder in folders:
        for package in sorted(folder.glob("**/package.json")):
            if package.parent.parent.name == "static":
                continue
            data = json.loads(package.read_text(encoding="utf-8"))
            if "jupyterlab" in data:
                names.add(data["name"])
    return names


def test_voila_settings() -> None:
    """Voila uses the kit template, light theme, stripped sources and kernel culling."""
    settings = voila_settings()
    voila = settings["VoilaConfiguration"]
    assert voila["template"] == TEMPLATE_NAME
    assert voila["theme"] == "light"
    assert voila["strip_sources"] is True
    assert voila["show_tracebacks"] is False
    culling = settings["MappingKernelManager"]
    assert culling["cull_idle_timeout"] > 0 < culling["cull_interval"]
    assert culling["cull_interval"] < culling["cull_idle_timeout"]


def test_extension_allowlist_names_installed_extensions() -> None:
    """Every allow-listed front-end extension is really installed under that name."""
    installed = _installed_labextensions()
    assert "@jupyter-widgets/jupyterlab-manager" in WIDGETS_EXTENSIONS
    assert set(WIDGETS_EXTENSIONS) <= installed, installed
    assert voila_settings()["VoilaConfiguration"]["extension_allowlist"] == list(
        WIDGETS_EXTENSIONS)


def test_standalone_config(tmp_path: Path) -> None:
    """The stand-alone server listens where asked, never hops ports and reads no stray config."""
    config = standalone_config(tmp_path, host="127.0.0.1", port=8899, open_browser=False)
    assert config["Voila"] == {
        "root_dir": str(tmp_path.resolve()), "ip": "127.0.0.1", "port": 8899,
        "port_retries": 0, "open_browser": False, "config_file_paths": [],
    }
    assert config["VoilaConfiguration"] == voila_settings()["VoilaConfiguration"]


def test_kernel_environment(tmp_path: Path) -> None:
    """Kernels get the workspace, the template on JUPYTER_PATH and the kit on PYTHONPATH."""
    base = {"JUPYTER_PATH": "/elsewhere", "PYTHONPATH": ""}
    env = kernel_environment(tmp_path / "ws", base=base, lang="en")
    assert env["UMKM_KIT_WORKSPACE"] == str((tmp_path / "ws").resolve())
    assert env["JUPYTER_PATH"] == os.pathsep.join([str(TEMPLATE_ROOT), "/elsewhere"])
    assert env["PYTHONPATH"] == str(Path(kit.__file__).resolve().parents[1])
    assert env["UMKM_KIT_LANG"] == "en"
    again = kernel_environment(tmp_path / "ws", base={**base, **env})
    assert again["JUPYTER_PATH"] == env["JUPYTER_PATH"]


def test_template_extends_lab_and_links_no_other_host() -> None:
    """The kit template is based on Voila's lab template and has no http(s) asset link."""
    assert json.loads((TEMPLATE_DIR / "conf.json").read_text())["base_template"] == "lab"
    for name in ("index.html.j2", "page.html", "tree.html", "tree-lab.html"):
        assert (TEMPLATE_DIR / name).is_file(), name
    for path in sorted(TEMPLATE_DIR.rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", text), path


def test_template_is_packaged() -> None:
    """The template's files are package data (pyproject's patterns cover every file in it)."""
    import tomllib

    patterns = tomllib.loads(
        (Path(kit.__file__).parents[1] / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["*"]
    for path in sorted(TEMPLATE_DIR.rglob("*")):
        if path.is_file():
            assert any(path.match(p) for p in patterns), path
