"""Fixtures for the module tests: a demo workspace and a built advokasi page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.assess.demo import init_demo_workspace
from kit.i18n import set_language
from kit.modules.advokasi import AdvokasiPage, build_advokasi
from kit.workspace import Workspace


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    """Every module test runs in the default language, Bahasa Indonesia."""
    set_language("id")
    yield
    set_language(None)


@pytest.fixture(scope="session")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """One workspace with the demo cohort for the session; tests register their own people."""
    return init_demo_workspace(tmp_path_factory.mktemp("modules") / "ws")


@pytest.fixture
def page(ws: Workspace, tmp_path: Path) -> AdvokasiPage:
    """The advokasi page on the demo roster, with its opening and summary built."""
    p = build_advokasi(workspace=ws.root, local_home=tmp_path / "home")
    p.opening()
    p.closing()
    return p
