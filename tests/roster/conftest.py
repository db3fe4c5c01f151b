"""Fixtures for roster tests: a real SQLite workspace and a runner for the real CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kit.cli import main
from kit.workspace import Workspace, init_workspace
from tests.roster.helpers import Run


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """An empty SQLite workspace."""
    return init_workspace(tmp_path / "ws")


@pytest.fixture
def cli(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``python -m kit`` in-process against the ``ws`` workspace."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        status = main([*args, "--workspace", str(ws.root)])
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)

    return run
