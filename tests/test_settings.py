"""kit.settings: every UMKM_KIT_* variable declared in one place, read by its readers only."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pytest

from kit import settings

REPO = Path(__file__).resolve().parents[1]
KIT = REPO / "kit"
# Where the kit's variables may be written: code, notebooks, scripts and their documentation.
SEARCHED = ("kit", "bench", "tests", "voila_apps", "modules", "binder", "Makefile", "docs")
SUFFIXES = {".py", ".md", ".ipynb", ".sh", ".yaml", ".yml", ".toml", ".cfg", ".txt", ""}
NAME = re.compile(r"UMKM_KIT_[A-Z0-9_]+")
WHOLE_NAME = re.compile(r"^UMKM_KIT_[A-Za-z0-9_]+$")


def _files() -> list[Path]:
    found: list[Path] = []
    for entry in SEARCHED:
        path = REPO / entry
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        found += [p for p in candidates if p.is_file() and p.suffix in SUFFIXES
                  and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts]
    return found


def _variable_literals(path: Path) -> list[str]:
    """String constants in ``path`` that are a whole ``UMKM_KIT_`` name (docstrings excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                       ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    return [f"{path.relative_to(REPO)}:{node.lineno}: {node.value}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and WHOLE_NAME.match(node.value)]


def test_every_umkm_kit_name_in_the_repository_is_declared_in_settings() -> None:
    """Each UMKM_KIT_ name written in code, notebooks, scripts or docs is one of SETTINGS."""
    undeclared = sorted({f"{path.relative_to(REPO)}: {name}" for path in _files()
                         for name in NAME.findall(path.read_text(encoding="utf-8",
                                                                 errors="replace"))
                         if not settings.declared(name)})
    assert undeclared == []


def test_declared_catches_an_unknown_name_and_accepts_a_prefixed_one() -> None:
    """An unknown name is not declared; a name under a declared prefix is."""
    assert not settings.declared("UMKM_KIT_" + "NO_SUCH_THING")
    assert settings.declared(settings.FAKE_VERSION_PREFIX + "ipywidgets")
    assert settings.declared(settings.WORKSPACE_ENV)


def test_only_kit_settings_writes_a_variable_name_in_kit_code() -> None:
    """No module of kit/ but kit/settings.py spells a UMKM_KIT_ variable name as a string."""
    found = [hit for path in sorted(KIT.rglob("*.py")) if path != KIT / "settings.py"
             for hit in _variable_literals(path)]
    assert found == []


def test_the_literal_check_catches_a_name_but_not_a_docstring(tmp_path: Path) -> None:
    """The check flags ``X = "UMKM_KIT_WORKSPACE"`` and leaves docstrings alone."""
    sample = REPO / "tests" / "_settings_sample.py"
    sample.write_text('"""Reads ``UMKM_KIT_WORKSPACE``."""\nX = "UMKM_KIT_WORKSPACE"\n',
                      encoding="utf-8")
    try:
        assert [hit.split(": ", 1)[1] for hit in _variable_literals(sample)] == \
            ["UMKM_KIT_WORKSPACE"]
    finally:
        sample.unlink()


def test_settings_imports_nothing_of_the_kit() -> None:
    """kit/settings.py is the bottom layer: it imports no kit module."""
    tree = ast.parse((KIT / "settings.py").read_text(encoding="utf-8"))
    modules = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names]
    modules += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert [m for m in modules if m == "kit" or m.startswith("kit.")] == []


def test_workspace_root_is_none_when_unset_or_empty() -> None:
    """An unset or empty UMKM_KIT_WORKSPACE names no workspace; a value is a path."""
    assert settings.workspace_root({}) is None
    assert settings.workspace_root({settings.WORKSPACE_ENV: ""}) is None
    assert settings.workspace_root({settings.WORKSPACE_ENV: "/ws"}) == Path("/ws")


def test_local_home_defaults_to_dot_umkm_kit_in_the_home_folder() -> None:
    """Without UMKM_KIT_HOME the local folder is ~/.umkm-kit; with it, that folder."""
    assert settings.local_home({}) == Path.home() / ".umkm-kit"
    assert settings.local_home({settings.HOME_ENV: "/h"}) == Path("/h")


@pytest.mark.parametrize(("value", "off"), [
    (None, False), ("1", False), ("", False), ("0", True), (" Off ", True), ("false", True),
    ("no", True)])
def test_switched_off_reads_zero_false_no_off(value: str | None, off: bool) -> None:
    """A feature is on by default and off for 0, false, no or off (any case, spaces trimmed)."""
    env = {} if value is None else {settings.FORK_KERNELS_ENV: value}
    assert settings.switched_off(settings.FORK_KERNELS_ENV, env) is off


@pytest.mark.parametrize(("value", "on"), [
    (None, False), ("", False), ("0", False), ("1", True), ("yes", True), ("TRUE", True)])
def test_switched_on_reads_one_true_yes_on(value: str | None, on: bool) -> None:
    """A developer switch is off by default and on for 1, true, yes or on."""
    env = {} if value is None else {settings.ALLOW_UPSTREAM_DRIFT_ENV: value}
    assert settings.switched_on(settings.ALLOW_UPSTREAM_DRIFT_ENV, env) is on


def test_classroom_flag_and_participant_token() -> None:
    """UMKM_KIT_CLASSROOM counts unless empty or 0; an empty token is no token."""
    assert settings.started_by_classroom({settings.CLASSROOM_ENV: "1"})
    assert not settings.started_by_classroom({settings.CLASSROOM_ENV: "0"})
    assert not settings.started_by_classroom({})
    assert settings.participant_token({settings.PARTICIPANT_TOKEN_ENV: ""}) is None
    assert settings.participant_token({settings.PARTICIPANT_TOKEN_ENV: "t"}) == "t"


def test_kernel_gone_grace_parses_seconds_and_warns_on_text(
        caplog: pytest.LogCaptureFixture) -> None:
    """The grace period defaults to 120 s, clamps below 0, and warns once on a non-number."""
    name = settings.KERNEL_GONE_GRACE_ENV
    assert settings.kernel_gone_grace_seconds({}) == settings.KERNEL_GONE_GRACE_S
    assert settings.kernel_gone_grace_seconds({name: "2.5"}) == 2.5
    assert settings.kernel_gone_grace_seconds({name: "-3"}) == 0.0
    with caplog.at_level(logging.WARNING):
        assert settings.kernel_gone_grace_seconds({name: "soon"}) == settings.KERNEL_GONE_GRACE_S
    assert "not a number of seconds" in caplog.text


def test_fake_version_reads_the_package_under_the_prefix() -> None:
    """A test's fake version is read with '-' in the package name written '_'."""
    env = {settings.FAKE_VERSION_PREFIX + "jupyter_server": "9.9"}
    assert settings.fake_version("jupyter-server", env) == "9.9"
    assert settings.fake_version("ipywidgets", env) is None


def test_site_map_names_the_pages_relative_to_the_home_notebook() -> None:
    """Module pages live under modules/, apps under apps/, the home notebook at the root."""
    assert settings.module_target("advokasi") == "modules/advokasi.ipynb"
    assert settings.CHECKLIST_APP.startswith("apps/")
    assert settings.COORDINATOR_APP.startswith("apps/")
    assert "/" not in settings.HOME_NOTEBOOK
