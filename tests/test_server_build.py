from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.server.build import (
    MANIFEST,
    SourceRootError,
    build_site,
    default_source_root,
    site_path,
)

CELL = "# %%\nprint({text!r})\n"


def _source_tree(root: Path) -> Path:
    (root / "voila_apps").mkdir(parents=True)
    (root / "modules").mkdir()
    (root / "voila_apps" / "beranda.py").write_text(CELL.format(text="home"), encoding="utf-8")
    (root / "voila_apps" / "checklist.py").write_text(CELL.format(text="app"), encoding="utf-8")
    (root / "voila_apps" / "_helpers.py").write_text("X = 1\n", encoding="utf-8")
    (root / "modules" / "advokasi.py").write_text(
        "# %% [markdown]\n# # Advokasi\n\n" + CELL.format(text="mod"), encoding="utf-8")
    return root


def test_site_paths() -> None:
    """The home source goes to the site root, other apps under apps/, modules under modules/."""
    root = Path("/repo")
    assert site_path(root / "voila_apps/beranda.py", root) == Path("beranda.ipynb")
    assert site_path(root / "voila_apps/checklist.py", root) == Path("apps/checklist.ipynb")
    assert site_path(root / "modules/bimtek.py", root) == Path("modules/bimtek.ipynb")
    with pytest.raises(ValueError):
        site_path(root / "kit/cli/__init__.py", root)


def test_build_converts_sources_to_notebooks(tmp_path: Path) -> None:
    """A first build converts every public source into an .ipynb with a Python kernelspec."""
    source = _source_tree(tmp_path / "src")
    site = tmp_path / "site"
    report = build_site(site, source)
    assert report.notebooks == ("apps/checklist.ipynb", "beranda.ipynb", "modules/advokasi.ipynb")
    assert sorted(report.built) == list(report.notebooks)
    module = json.loads((site / "modules/advokasi.ipynb").read_text(encoding="utf-8"))
    assert module["metadata"]["kernelspec"]["name"] == "python3"
    assert [c["cell_type"] for c in module["cells"]] == ["markdown", "code"]
    assert not (site / "apps/_helpers.ipynb").exists()
    assert not list(site.rglob(".*.tmp"))


def test_build_only_rebuilds_changed_sources(tmp_path: Path) -> None:
    """A second build rebuilds only the changed source and leaves the others untouched."""
    source = _source_tree(tmp_path / "src")
    site = tmp_path / "site"
    build_site(site, source)
    untouched = (site / "beranda.ipynb").stat().st_mtime_ns
    (source / "modules" / "advokasi.py").write_text(CELL.format(text="new"), encoding="utf-8")
    report = build_site(site, source)
    assert report.built == ("modules/advokasi.ipynb",)
    assert sorted(report.unchanged) == ["apps/checklist.ipynb", "beranda.ipynb"]
    assert (site / "beranda.ipynb").stat().st_mtime_ns == untouched
    assert "new" in (site / "modules/advokasi.ipynb").read_text(encoding="utf-8")


def test_build_removes_notebooks_of_deleted_sources(tmp_path: Path) -> None:
    """A notebook whose source was deleted is removed from the site and the manifest."""
    source = _source_tree(tmp_path / "src")
    site = tmp_path / "site"
    build_site(site, source)
    (source / "voila_apps" / "checklist.py").unlink()
    report = build_site(site, source)
    assert report.removed == ("apps/checklist.ipynb",)
    assert not (site / "apps/checklist.ipynb").exists()
    assert "apps/checklist.ipynb" not in json.loads((site / MANIFEST).read_text())


def test_build_restores_a_deleted_notebook(tmp_path: Path) -> None:
    """A built notebook deleted by hand is rebuilt even though its source did not change."""
    source = _source_tree(tmp_path / "src")
    site = tmp_path / "site"
    build_site(site, source)
    (site / "beranda.ipynb").unlink()
    assert build_site(site, source).built == ("beranda.ipynb",)


def test_default_source_root_is_the_checkout() -> None:
    """Without --source the build uses the checkout the kit package was imported from."""
    root = default_source_root()
    assert (root / "voila_apps" / "beranda.py").is_file()


def test_missing_sources_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kit installed without its sources, run outside a checkout, raises SourceRootError."""
    import kit

    monkeypatch.setattr(kit, "__file__", str(tmp_path / "site-packages" / "kit" / "__init__.py"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SourceRootError):
        default_source_root()


def test_build_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``python -m kit.server.build`` builds the site and names what it built."""
    from kit.server.build import main

    source = _source_tree(tmp_path / "src")
    assert main(["--source", str(source), "--site", str(tmp_path / "site")]) == 0
    out = capsys.readouterr().out
    assert "built   beranda.ipynb" in out
    assert "3 notebooks" in out
