"""Build the notebooks Voila serves from the jupytext ``py:percent`` sources kept in git.

The repository keeps apps and modules only as text (``voila_apps/*.py``, ``modules/*.py``); this
module converts them into a *site* folder of ``.ipynb`` files::

    voila_apps/beranda.py   ->  <site>/beranda.ipynb        (the home page)
    voila_apps/<name>.py    ->  <site>/apps/<name>.ipynb
    modules/<name>.py       ->  <site>/modules/<name>.ipynb

A manifest (``.kit-build.json`` in the site folder) records the SHA-256 of every source, so a
notebook is rebuilt only when its source changed, and notebooks whose source disappeared are
removed. ``python -m kit.server.build --source DIR --site DIR`` runs it from the shell (Binder's
``postBuild`` does).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs
import jupytext

import kit

HOME_SOURCE = "beranda.py"
MANIFEST = ".kit-build.json"
SOURCE_FORMAT = "py:percent"
# (source folder in the repository, target sub-folder of the site)
SOURCE_FOLDERS: tuple[tuple[str, str], ...] = (("voila_apps", "apps"), ("modules", "modules"))
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


class SourceRootError(Exception):
    """The folder with ``voila_apps/`` and ``modules/`` could not be found."""


@attrs.frozen
class BuildReport:
    """What :func:`build_site` did: paths relative to the site folder."""

    built: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def notebooks(self) -> tuple[str, ...]:
        """Every notebook the site now holds."""
        return tuple(sorted(self.built + self.unchanged))


def default_source_root() -> Path:
    """Return the checkout the ``kit`` package came from, else the current folder.

    Raises :class:`SourceRootError` when neither holds a ``voila_apps`` folder.
    """
    candidates = (Path(kit.__file__).resolve().parents[1], Path.cwd())
    for candidate in candidates:
        if (candidate / "voila_apps").is_dir():
            return candidate
    raise SourceRootError(", ".join(str(c) for c in candidates))


def site_path(source: Path, source_root: Path) -> Path:
    """Where the notebook built from ``source`` goes, relative to the site folder."""
    relative = source.relative_to(source_root)
    folder = relative.parts[0]
    if folder == "voila_apps" and relative.name == HOME_SOURCE and len(relative.parts) == 2:
        return Path(relative.stem + ".ipynb")
    for source_folder, target in SOURCE_FOLDERS:
        if folder == source_folder:
            return Path(target, *relative.parts[1:]).with_suffix(".ipynb")
    raise ValueError(f"not a site source: {source}")


def iter_sources(source_root: Path) -> Iterator[Path]:
    """Yield every notebook source under ``source_root``, in a stable order."""
    for folder, _target in SOURCE_FOLDERS:
        base = source_root / folder
        if base.is_dir():
            yield from sorted(p for p in base.glob("*.py") if not p.name.startswith("_"))


def _digest(path: Path) -> str:
    payload = path.read_bytes() + f"\0jupytext={jupytext.__version__}".encode()
    return hashlib.sha256(payload).hexdigest()


def convert(source: Path, target: Path) -> None:
    """Convert one ``py:percent`` source into ``target`` (``.ipynb``) with a Python kernelspec."""
    notebook = jupytext.read(source, fmt=SOURCE_FORMAT)
    notebook.metadata.setdefault("kernelspec", dict(KERNELSPEC))
    notebook.metadata.pop("jupytext", None)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(jupytext.writes(notebook, fmt="ipynb"), encoding="utf-8")
    tmp.replace(target)


def _read_manifest(site: Path) -> dict[str, str]:
    try:
        data = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def build_site(site: Path, source_root: Path | None = None) -> BuildReport:
    """Convert every changed source into ``site``; drop notebooks whose source is gone."""
    root = (source_root or default_source_root()).resolve()
    site.mkdir(parents=True, exist_ok=True)
    old = _read_manifest(site)
    new: dict[str, str] = {}
    built: list[str] = []
    unchanged: list[str] = []
    for source in iter_sources(root):
        rel = site_path(source, root).as_posix()
        digest = _digest(source)
        new[rel] = digest
        if old.get(rel) == digest and (site / rel).is_file():
            unchanged.append(rel)
        else:
            convert(source, site / rel)
            built.append(rel)
    removed = sorted(set(old) - set(new))
    for rel in removed:
        (site / rel).unlink(missing_ok=True)
    (site / MANIFEST).write_text(json.dumps(new, indent=1, sort_keys=True), encoding="utf-8")
    return BuildReport(tuple(built), tuple(unchanged), tuple(removed))


def main(argv: Sequence[str] | None = None) -> int:
    """Build the site from the shell; print one line per built or removed notebook."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=None, help="repository checkout")
    parser.add_argument("--site", type=Path, required=True, help="folder to build into")
    args = parser.parse_args(argv)
    report = build_site(args.site, args.source)
    for rel in report.built:
        print(f"built   {rel}")
    for rel in report.removed:
        print(f"removed {rel}")
    print(f"{len(report.notebooks)} notebooks in {args.site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
