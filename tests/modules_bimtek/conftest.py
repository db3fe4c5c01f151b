"""Fixtures for the bimtek and komunitas page tests: a demo workspace and built pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.assess.demo import init_demo_workspace
from kit.i18n import set_language
from kit.modules.bimtek import BimtekPage, build_bimtek
from kit.modules.komunitas import KomunitasPage, build_komunitas
from kit.workspace import Workspace


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    """Every test runs in the default language, Bahasa Indonesia."""
    set_language("id")
    yield
    set_language(None)


@pytest.fixture(scope="session")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """One workspace with the demo cohort; tests register their own people."""
    return init_demo_workspace(tmp_path_factory.mktemp("modules-bimtek") / "ws")


@pytest.fixture
def bimtek(ws: Workspace, tmp_path: Path) -> BimtekPage:
    """The bimtek page on the demo roster, opening and summary built."""
    page = build_bimtek(workspace=ws.root, local_home=tmp_path / "home")
    page.opening()
    page.closing()
    return page


@pytest.fixture
def komunitas(ws: Workspace, tmp_path: Path) -> KomunitasPage:
    """The komunitas page on the demo roster, opening and summary built."""
    page = build_komunitas(workspace=ws.root, local_home=tmp_path / "home")
    page.opening()
    page.closing()
    return page
