"""Fixtures of the framework tests: a writable copy of the framework data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kit.framework.loader import DATA_DIR


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of the framework data."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
