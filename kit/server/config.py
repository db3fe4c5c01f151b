"""How Voila is configured for the kit, in one place for ``kit start`` and for Binder.

:func:`voila_settings` holds what both ways of running Voila share (template, theme, front-end
extensions, kernel culling); :func:`standalone_config` adds the options of the stand-alone server
that ``python -m kit start`` runs; :func:`kernel_environment` is what the notebooks' kernels need
to find the workspace, the ``kit`` package and the template.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import kit
from kit import settings

TEMPLATE_NAME = "umkm-kit"
# A Jupyter data directory (``voila/templates/umkm-kit/``), put on ``JUPYTER_PATH``.
TEMPLATE_ROOT = Path(__file__).resolve().parent / "templates"
# The only front-end extensions the apps need: ipywidgets 8's manager and the Voila extension that
# provides the widget registry to it (without it the manager's plugins fail to activate).
WIDGETS_EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8")
# Every page visit starts a kernel (~94 MB). Voila shuts a kernel down when its tab closes;
# kernels of tabs that were left open or crashed go after an hour without activity.
CULL_IDLE_TIMEOUT = 3600
CULL_INTERVAL = 300


def voila_settings(lang: str = "id") -> dict[str, dict[str, Any]]:
    """Traitlets configuration shared by stand-alone Voila and the jupyter-server extension."""
    return {
        "VoilaConfiguration": {
            "template": TEMPLATE_NAME,
            "theme": "light",
            "strip_sources": True,
            "show_tracebacks": False,
            "extension_allowlist": list(WIDGETS_EXTENSIONS),
        },
        "VoilaExporter": {"language_code": lang},
        "MappingKernelManager": {
            "cull_idle_timeout": CULL_IDLE_TIMEOUT,
            "cull_interval": CULL_INTERVAL,
            "cull_connected": True,
            "cull_busy": False,
        },
    }


def standalone_config(
    site: Path, *, host: str, port: int, open_browser: bool, lang: str = "id"
) -> dict[str, dict[str, Any]]:
    """Full configuration of the stand-alone Voila server serving ``site``."""
    config = voila_settings(lang)
    config["Voila"] = {
        "root_dir": str(site.resolve()),
        "ip": host,
        "port": port,
        # The port was checked before; never silently move to another one.
        "port_retries": 0,
        "open_browser": open_browser,
        # Only this configuration: no voila.json from the current folder or ~/.jupyter.
        "config_file_paths": [],
    }
    from kit.server.kernels.shared_events import CLASS_NAME

    # Outside a full Jupyter server each kernel would build its own event logger (schema files
    # read and validated per participant joining): share one.
    config["MappingKernelManager"]["kernel_manager_class"] = CLASS_NAME
    for section, values in fork_kernel_config(site).items():
        config.setdefault(section, {}).update(values)
    return config


# --- Classroom kernels (kit.server.kernels): fork Python kernels from a preloaded fork server.
# UMKM_KIT_FORK_KERNELS=0 turns it off (every page visit then starts a fresh kernel process).
def fork_kernel_config(site: Path) -> dict[str, dict[str, Any]]:
    """Voila options that route the site's kernels through the fork provisioner (or nothing)."""
    if settings.switched_off(settings.FORK_KERNELS_ENV):
        return {}
    from kit.server.kernels.spec import DEFAULT_PRELOAD, site_imports

    preload = list(dict.fromkeys([*DEFAULT_PRELOAD, *site_imports(site)]))
    # KitVoila uses ForkKernelSpecManager as its kernel-spec manager when this section is set.
    return {"ForkKernelSpecManager": {"preload": preload}}
# --- end of classroom kernels.


def _prepend(path: str, current: str | None) -> str:
    parts = [p for p in (current or "").split(os.pathsep) if p and p != path]
    return os.pathsep.join([path, *parts])


def kernel_environment(workspace_root: Path, base: dict[str, str] | None = None,
                       lang: str | None = None) -> dict[str, str]:
    """Environment variables for the server and its kernels.

    Sets ``UMKM_KIT_WORKSPACE``, puts the template on ``JUPYTER_PATH`` and the folder holding the
    ``kit`` package on ``PYTHONPATH`` (so kernels import the same kit as the server, installed
    or not). ``base`` defaults to ``os.environ``; only the changed variables are returned.
    """
    env = dict(os.environ if base is None else base)
    kit_parent = str(Path(kit.__file__).resolve().parents[1])
    changes = {
        settings.WORKSPACE_ENV: str(workspace_root.resolve()),
        "JUPYTER_PATH": _prepend(str(TEMPLATE_ROOT), env.get("JUPYTER_PATH")),
        "PYTHONPATH": _prepend(kit_parent, env.get("PYTHONPATH")),
    }
    if lang:
        changes[settings.LANG_ENV] = lang
    return changes
