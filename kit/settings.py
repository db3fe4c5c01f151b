"""Every ``UMKM_KIT_*`` environment variable the kit reads, and the site map of its pages.

One place answers "which variables does the kit read, what do they mean, what is their default
and how is the text parsed": :data:`SETTINGS` lists them, and the readers below are the only code
that parses them (``tests/test_settings.py`` checks that every ``UMKM_KIT_`` name written anywhere
in the repository is declared here). The site map names the pages the home page links to, so a
page is moved in one place.

This module sits at the very bottom of the layers: it imports nothing of the kit's, so anything
(the i18n catalogues, the workspace, the server) may read its settings here.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("kit.classroom")  # the one warning is about classroom kernels


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, what it means and its default (as text)."""

    name: str
    meaning: str
    default: str
    prefix: bool = False  # the name is a prefix; the rest of the variable's name is a parameter


WORKSPACE_ENV = "UMKM_KIT_WORKSPACE"
HOME_ENV = "UMKM_KIT_HOME"
LANG_ENV = "UMKM_KIT_LANG"
PARTICIPANT_TOKEN_ENV = "UMKM_KIT_PARTICIPANT_TOKEN"  # noqa: S105 - the name of a variable
CLASSROOM_ENV = "UMKM_KIT_CLASSROOM"
PAGE_ID_ENV = "UMKM_KIT_PAGE_ID"
FORK_KERNELS_ENV = "UMKM_KIT_FORK_KERNELS"
CHUNK_BUNDLE_ENV = "UMKM_KIT_CHUNK_BUNDLE"
KERNEL_GONE_GRACE_ENV = "UMKM_KIT_KERNEL_GONE_GRACE_S"
ALLOW_UPSTREAM_DRIFT_ENV = "UMKM_KIT_ALLOW_UPSTREAM_DRIFT"
FAKE_VERSION_PREFIX = "UMKM_KIT_TEST_FAKE_VERSION_"
TEST_SHOTS_ENV = "UMKM_KIT_TEST_SHOTS"
COORDINATOR_DB_ENV = "UMKM_KIT_COORDINATOR_DB"

KERNEL_GONE_GRACE_S = 120.0

SETTINGS: tuple[Setting, ...] = (
    Setting(WORKSPACE_ENV, "the workspace folder of the server and its kernels (set by "
            "'kit start', Binder and the hub)", "./workspace (modules: local mode)"),
    Setting(HOME_ENV, "where a module page keeps its local workspace when no workspace is set "
            "(Binder, a participant's own laptop)", "~/.umkm-kit"),
    Setting(LANG_ENV, "the interface language (id or en)", "id"),
    Setting(PARTICIPANT_TOKEN_ENV, "the signed token naming the participant of a classroom "
            "kernel (set per visit by the classroom server)", "(none: not a participant)"),
    Setting(CLASSROOM_ENV, "1 in everything the classroom server starts: pages are for "
            "participants' phones and never offer the roster picker", "(unset)"),
    Setting(PAGE_ID_ENV, "the built page a kernel is forked from (set per visit by the server)",
            "(none: the notebook runs)"),
    Setting(FORK_KERNELS_ENV, "0 turns off forking kernels from a preloaded fork server", "1"),
    Setting(CHUNK_BUNDLE_ENV, "0 turns off sending the front-end chunks as one script", "1"),
    Setting(KERNEL_GONE_GRACE_ENV, "seconds before the kernel of a page whose sockets all "
            "closed is shut down (0: never)", str(KERNEL_GONE_GRACE_S)),
    Setting(ALLOW_UPSTREAM_DRIFT_ENV, "1 turns the refusal to start on unpinned library "
            "versions into a warning (developers)", "0"),
    Setting(FAKE_VERSION_PREFIX, "tests: <package>=<version> makes the version check see that "
            "version ('-' in the package name written '_')", "(unset)", prefix=True),
    Setting(COORDINATOR_DB_ENV, "the coordinator store the coordinator dashboard reads: a "
            "DuckDB file or a postgresql:// URL", "coordinator.duckdb in the workspace folder "
            "(without a workspace: in the current folder)"),
    Setting(TEST_SHOTS_ENV, "tests: the folder where browser tests leave their screenshots",
            "the temporary folder"),
)

# --- the site map: pages relative to the home notebook (the site's root) ---------------------
HOME_NOTEBOOK = "beranda.ipynb"
CHECKLIST_APP = "apps/checklist.ipynb"
FACILITATOR_GUIDE_APP = "apps/panduan_fasilitator.ipynb"
COORDINATOR_APP = "apps/dasbor_koordinator.ipynb"
SESSION_APP = "apps/hari_kegiatan.ipynb"  # the facilitator's day: one tab per panel (issue 13)


def module_target(activity_id: str) -> str:
    """Return the link (relative to the home notebook) of an activity's module."""
    return f"modules/{activity_id}.ipynb"


# --- readers ------------------------------------------------------------------------------------

def _env(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def declared(name: str) -> bool:
    """Whether ``name`` is a variable of :data:`SETTINGS` (or starts with a declared prefix)."""
    return any(name == s.name or (s.prefix and name.startswith(s.name)) for s in SETTINGS)


def workspace_root(environ: Mapping[str, str] | None = None) -> Path | None:
    """The workspace folder named by ``$UMKM_KIT_WORKSPACE`` (``None`` when unset or empty)."""
    value = _env(environ).get(WORKSPACE_ENV)
    return Path(value) if value else None


def local_home(environ: Mapping[str, str] | None = None) -> Path:
    """The folder of a module page's local workspace: ``$UMKM_KIT_HOME`` or ``~/.umkm-kit``."""
    value = _env(environ).get(HOME_ENV)
    return Path(value) if value else Path.home() / ".umkm-kit"


def language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language code ``$UMKM_KIT_LANG`` asks for, as written (``kit.i18n`` normalises it)."""
    return _env(environ).get(LANG_ENV)


def coordinator_db(environ: Mapping[str, str] | None = None) -> str | None:
    """The coordinator store named by ``$UMKM_KIT_COORDINATOR_DB`` (``None`` when unset/empty)."""
    return _env(environ).get(COORDINATOR_DB_ENV) or None


def switched_off(name: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the variable ``name`` turns a feature off (0, false, no or off; default on)."""
    return _env(environ).get(name, "1").strip().lower() in ("0", "false", "no", "off")


def switched_on(name: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the variable ``name`` turns a feature on (1, true, yes or on; default off)."""
    return _env(environ).get(name, "").strip().lower() in ("1", "true", "yes", "on")


def participant_token(environ: Mapping[str, str] | None = None) -> str | None:
    """The classroom participant token of this kernel (``None`` when absent or empty)."""
    return _env(environ).get(PARTICIPANT_TOKEN_ENV) or None


def started_by_classroom(environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``$UMKM_KIT_CLASSROOM`` is set to anything but empty or ``0``."""
    return _env(environ).get(CLASSROOM_ENV, "") not in ("", "0")


def kernel_gone_grace_seconds(environ: Mapping[str, str] | None = None) -> float:
    """The grace period before a page's kernel is freed (``$UMKM_KIT_KERNEL_GONE_GRACE_S``).

    Not a number: the default, with a warning in the log; below 0: 0 (never freed).
    """
    raw = _env(environ).get(KERNEL_GONE_GRACE_ENV, "").strip()
    if not raw:
        return KERNEL_GONE_GRACE_S
    try:
        value = float(raw)
    except ValueError:
        log.warning("classroom: %s=%r is not a number of seconds; using %s",
                    KERNEL_GONE_GRACE_ENV, raw, KERNEL_GONE_GRACE_S)
        return KERNEL_GONE_GRACE_S
    return max(0.0, value)


def fake_version(package: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The version tests make the upstream check see for ``package`` (``None``: the real one)."""
    return _env(environ).get(FAKE_VERSION_PREFIX + package.replace("-", "_")) or None
