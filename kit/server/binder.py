"""Binder support: the pinned requirements file and the one-time set-up ``binder/postBuild`` runs.

``python -m kit.server.binder requirements`` prints ``binder/requirements.txt``: the pins of
``requirements.lock`` restricted to what the kit needs at run time (its dependencies in
``pyproject.toml`` and everything they require, as installed), so Binder installs exactly the
tested versions without the developer tools.

``python -m kit.server.binder setup`` (from ``postBuild``) creates the demo workspace, builds the
site into ``./site`` (Binder serves the repository folder, where hidden folders are not served)
and writes the Voila settings of :mod:`kit.server.config` as a jupyter-server config file, so
``?urlpath=voila/render/site/beranda.ipynb`` looks like ``kit start``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from kit.server.build import build_site
from kit.server.config import voila_settings
from kit.server.visit_language_extension import SERVER_EXTENSIONS
from kit.settings import HOME_NOTEBOOK

SITE = "site"
WORKSPACE = "workspace"
CONFIG_NAME = "jupyter_server_config.json"
HOME_URLPATH = f"voila/render/{SITE}/{HOME_NOTEBOOK}"


def runtime_dependencies(pyproject: Path) -> list[Requirement]:
    """The ``[project].dependencies`` of ``pyproject``, parsed."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return [Requirement(text) for text in data["project"]["dependencies"]]


def _closure(roots: Iterable[Requirement]) -> set[str]:
    """Canonical names of ``roots`` and of everything they require, per installed metadata."""
    seen: set[str] = set()
    todo = [(r.name, frozenset(r.extras)) for r in roots]
    while todo:
        name, extras = todo.pop()
        key = canonicalize_name(name)
        if key in seen and not extras:
            continue
        seen.add(key)
        for text in metadata.requires(name) or []:
            req = Requirement(text)
            environments = [{"extra": e} for e in extras] or [{"extra": ""}]
            if req.marker is None or any(req.marker.evaluate(env) for env in environments):
                todo.append((req.name, frozenset(req.extras)))
    return seen


def binder_requirements(lock: Path, pyproject: Path) -> str:
    """``binder/requirements.txt``: the lock's pins of the run-time dependency closure."""
    needed = _closure(runtime_dependencies(pyproject))
    lines = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if (text and not text.startswith("#")
                and canonicalize_name(Requirement(text).name) in needed):
            lines.append(text)
    header = ("# Generated from requirements.lock by `python -m kit.server.binder requirements`;"
              " do not edit.\n# Run-time dependencies only, at the exact versions the tests use.\n")
    return header + "\n".join(lines) + "\n"


def write_server_config(config_dir: Path) -> Path:
    """Merge the kit's Voila settings into ``jupyter_server_config.json`` of ``config_dir``.

    (jupyter-server reads only extension switches from ``jupyter_server_config.d``, so the
    settings go into the main file; other settings already there are kept.)
    """
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_dir / CONFIG_NAME
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = {}
    settings = voila_settings()
    # Voila's pages remember the visit's language on Binder too (visit_language_extension).
    settings.setdefault("ServerApp", {})["jpserver_extensions"] = dict(SERVER_EXTENSIONS)
    for section, values in settings.items():
        current = config.setdefault(section, {})
        for key, value in values.items():
            if isinstance(value, dict) and isinstance(current.get(key), dict):
                current[key].update(value)
            else:
                current[key] = value
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return path


def setup(repo: Path, config_dir: Path) -> None:
    """Create the demo workspace, build the site and write the server config (``postBuild``)."""
    from kit.assess.demo import ensure_demo_workspace

    ensure_demo_workspace(repo / WORKSPACE, coordinator_store=True)
    report = build_site(repo / SITE, repo)
    path = write_server_config(config_dir)
    print(f"{len(report.notebooks)} notebooks in {repo / SITE}; Voila settings in {path}")


def main(argv: Sequence[str] | None = None) -> int:
    """``requirements`` prints the Binder requirements; ``setup`` prepares a Binder image."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("requirements", "setup"))
    parser.add_argument("--repo", type=Path, default=Path.cwd())
    parser.add_argument("--config-dir", type=Path, default=Path.home() / ".jupyter")
    args = parser.parse_args(argv)
    if args.action == "requirements":
        sys.stdout.write(binder_requirements(args.repo / "requirements.lock",
                                             args.repo / "pyproject.toml"))
    else:
        setup(args.repo.resolve(), args.config_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
