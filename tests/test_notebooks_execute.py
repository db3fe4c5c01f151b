"""Every notebook source runs top to bottom in a real kernel against a demo workspace."""

from __future__ import annotations

import os
from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient

import kit
from kit.server.build import SOURCE_FORMAT, build_site, site_path

REPO = Path(__file__).resolve().parents[1]
SOURCE_FOLDERS = ("voila_apps", "modules", "assessments")
CELL_TIMEOUT = 180


def _sources() -> list[Path]:
    return sorted(p for folder in SOURCE_FOLDERS for p in (REPO / folder).glob("*.py")
                  if not p.name.startswith("_"))


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A demo workspace and the site built from this checkout: ``(workspace, site)``."""
    from kit.assess.demo import ensure_demo_workspace

    root = tmp_path_factory.mktemp("notebooks")
    ws = ensure_demo_workspace(root / "workspace")
    site = root / "site"
    build_site(site, REPO)
    return ws.root, site


@pytest.mark.slow
@pytest.mark.parametrize("source", _sources(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_notebook_runs(source: Path, demo_site: tuple[Path, Path],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The notebook executes every cell without an error, where Voila would run it."""
    workspace, site = demo_site
    monkeypatch.setenv("UMKM_KIT_WORKSPACE", str(workspace))
    monkeypatch.setenv("UMKM_KIT_LANG", "id")
    kit_parent = str(Path(kit.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        p for p in (kit_parent, os.environ.get("PYTHONPATH")) if p))
    notebook = jupytext.read(source, fmt=SOURCE_FORMAT)
    if source.parent.name in ("voila_apps", "modules"):
        cwd = (site / site_path(source, REPO)).parent  # Voila starts kernels there
    else:
        cwd = source.parent
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    errors = [out for cell in notebook.cells if cell.cell_type == "code"
              for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert errors == []
