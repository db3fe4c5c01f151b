"""Create, open and migrate workspaces (see :mod:`kit.workspace` for the layout)."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy as sa

from kit import settings
from kit.i18n import _
from kit.storage.db import display_url, engine_for, normalise_url
from kit.storage.migrate import upgrade

CONFIG_NAME = "kit-workspace.json"
NBGRADER_CONFIG_NAME = "nbgrader_config.py"
DEFAULT_DB_NAME = "gradebook.db"
COURSE_ID = "umkm"
NBGRADER_FOLDERS = ("source", "release", "submitted", "autograded", "feedback")
CONFIG_FORMAT = 2
SQLITE_PREFIX = "sqlite:///"


class WorkspaceError(Exception):
    """The folder is not a usable workspace (message says why, in the current language).

    ``exit_status`` is what the command line exits with: 2 (bad input) unless a subclass says
    otherwise.
    """

    exit_status = 2


class DatabaseUnavailable(WorkspaceError):
    """The workspace's database cannot be used (server down, damaged file…): a failure, exit 1."""

    exit_status = 1


SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def check_db_url(url: str) -> str:
    """``url`` normalised for the kit's driver, or :class:`WorkspaceError` saying what is wrong.

    Only SQLite and PostgreSQL are supported (the kit installs their drivers).
    """
    shown = display_url(url)
    try:
        parsed = sa.engine.make_url(normalise_url(url))
    except sa.exc.ArgumentError as exc:
        raise WorkspaceError(_("--db {url!r} is not a database URL; write e.g. "
                               "postgresql://user:password@host/database").format(
                                   url=shown)) from exc
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise WorkspaceError(_("--db {url!r}: the kit cannot use {kind} databases, only "
                               "PostgreSQL (postgresql://…) or SQLite (sqlite:///…)").format(
                                   url=shown, kind=parsed.get_backend_name()))
    return normalise_url(url)


def database_problem(exc: BaseException, url: str) -> DatabaseUnavailable:
    """One line saying why the database at ``url`` cannot be used (password hidden)."""
    orig = getattr(exc, "orig", None) or exc
    reason = (str(orig).strip().splitlines() or [type(orig).__name__])[0][:200]
    shown = display_url(url)
    if url.startswith("sqlite"):
        damaged = isinstance(orig, sqlite3.DatabaseError) and not isinstance(
            orig, sqlite3.OperationalError)
        if damaged or "not a database" in reason:
            return DatabaseUnavailable(_(
                "{file} is not a usable database file ({reason}); restore it from a "
                "backup").format(file=shown, reason=reason))
        return DatabaseUnavailable(_("cannot open the database file {file}: {reason}").format(
            file=shown, reason=reason))
    if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError):
        return DatabaseUnavailable(_("cannot connect to the database {url}: {reason}").format(
            url=shown, reason=reason))
    return DatabaseUnavailable(_("database error in {url}: {reason}").format(
        url=shown, reason=reason))


def _migrate(url: str) -> None:
    """:func:`kit.storage.migrate.upgrade`, with database failures as :class:`WorkspaceError`."""
    try:
        upgrade(url)
    except sa.exc.ArgumentError as exc:
        raise WorkspaceError(_("{url!r} is not a database URL the kit can use ({reason})")
                             .format(url=display_url(url), reason=exc)) from exc
    except (sa.exc.DBAPIError, sqlite3.DatabaseError) as exc:
        raise database_problem(exc, url) from exc


@attrs.frozen
class Workspace:
    """An opened workspace: its folder and the database URL of its records and gradebook.

    ``db_url`` is the URL in force for this process: for a database file inside the folder it is
    built from the folder's current location on every open (the config stores the file name only),
    so a copied or moved folder uses its own file. ``db_file`` is that file name (``None`` for a
    database outside the folder, e.g. PostgreSQL, which every copy of the folder shares).
    """

    root: Path
    db_url: str
    course_id: str = COURSE_ID
    db_file: str | None = None

    @property
    def engine(self) -> sa.Engine:
        """The (process-cached) SQLAlchemy engine of the workspace database."""
        return engine_for(self.db_url)

    def folder(self, name: str) -> Path:
        """One of nbgrader's workflow folders (``source``, ``release``…)."""
        return self.root / name


def _sqlite_url(path: Path) -> str:
    return SQLITE_PREFIX + str(path.resolve())


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL with an absolute path (``None`` for other URLs or memory)."""
    if not url.startswith(SQLITE_PREFIX):
        return None
    rest = url[len(SQLITE_PREFIX):].split("?", 1)[0]
    if not rest.startswith("/"):
        return None
    return Path(rest)


def _relative_db_file(root: Path, url: str) -> str | None:
    """The path of ``url``'s SQLite file relative to ``root`` when the file is inside it."""
    path = sqlite_file(url)
    if path is None:
        return None
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _nbgrader_config(ws: Workspace) -> str:
    """``nbgrader_config.py``: every path computed from the file's own folder when it runs."""
    if ws.db_file is not None:
        db_line = ("c.CourseDirectory.db_url = 'sqlite:///' + os.path.join(_root, "
                   f"{ws.db_file!r})\n")
    else:
        db_line = f"c.CourseDirectory.db_url = {ws.db_url!r}\n"
    return (
        "# Generated by the e-UMKM kit (python -m kit workspace init); edit kit-workspace.json.\n"
        "# Paths are computed from this file's folder, so the workspace can be moved or copied.\n"
        "import os\n"
        "\n"
        "_root = os.path.dirname(os.path.abspath(__file__))\n"
        "c = get_config()  # noqa: F821\n"
        "c.CourseDirectory.root = _root\n"
        f"c.CourseDirectory.course_id = {ws.course_id!r}\n"
        + db_line
        + "c.Exchange.root = os.path.join(_root, 'exchange')\n"
    )


def _config_data(ws: Workspace) -> dict[str, Any]:
    """The content of ``kit-workspace.json`` for ``ws`` (a file name, never the folder's path)."""
    if ws.db_file is not None:
        return {"db_file": ws.db_file, "course_id": ws.course_id, "format": CONFIG_FORMAT}
    return {"db_url": ws.db_url, "course_id": ws.course_id, "format": CONFIG_FORMAT}


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and ``os.replace`` (never half)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_nbgrader_config(ws: Workspace) -> None:
    """(Re)write ``nbgrader_config.py`` unless it already has the expected content."""
    path = ws.root / NBGRADER_CONFIG_NAME
    text = _nbgrader_config(ws)
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    _write_atomically(path, text)


def _write_config(ws: Workspace) -> None:
    """Write ``kit-workspace.json`` (atomically)."""
    text = json.dumps(_config_data(ws), indent=2) + "\n"
    _write_atomically(ws.root / CONFIG_NAME, text)


def write_layout(ws: Workspace) -> None:
    """Create the folders and configuration files of ``ws`` (the database is not touched).

    ``kit-workspace.json`` is written last: a folder without it is not yet a workspace, so an
    interrupted creation can simply be run again.
    """
    _make_folders(ws.root)
    _write_nbgrader_config(ws)
    _write_config(ws)


def _make_folders(root: Path) -> None:
    """Create ``root`` (and missing parents) and nbgrader's folders, or say why not."""
    if root.exists() and not root.is_dir():
        raise WorkspaceError(_("{path} is a file, not a folder; choose a folder for the "
                               "workspace").format(path=root))
    try:
        root.mkdir(parents=True, exist_ok=True)
        for name in NBGRADER_FOLDERS:
            (root / name).mkdir(exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(_("cannot create the workspace folder {path}: {reason}").format(
            path=root, reason=exc.strerror or exc)) from exc


def init_workspace(root: Path, db_url: str | None = None) -> Workspace:
    """Create a workspace in ``root`` (or migrate an existing one) and return it.

    ``db_url`` defaults to an SQLite file inside the folder (stored by its name only, so the
    folder can be copied or moved). The database is migrated before the configuration is
    written: if the database cannot be reached, no ``kit-workspace.json`` is left behind and
    running the command again (with a working URL) finishes the job. The demo cohort is added
    above this layer (:func:`kit.assess.demo.init_demo_workspace`).
    """
    root = Path(root)
    if (root / CONFIG_NAME).exists():
        ws = open_workspace(root)
    else:
        _make_folders(root)
        if db_url:
            url = check_db_url(db_url)
            db_file = _relative_db_file(root, url)
            ws = Workspace(root=root, db_url=_sqlite_url(root / db_file) if db_file else url,
                           db_file=db_file)
        else:
            ws = Workspace(root=root, db_url=_sqlite_url(root / DEFAULT_DB_NAME),
                           db_file=DEFAULT_DB_NAME)
        _migrate(ws.db_url)
        write_layout(ws)
    return ws


def _read_config(config_path: Path) -> dict[str, Any]:
    """The parsed ``kit-workspace.json``, or :class:`WorkspaceError` naming the file."""
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
        if not isinstance(config, dict):
            raise ValueError(_("not a JSON object"))
        if not isinstance(config.get("db_file", config.get("db_url")), str):
            raise KeyError("db_file")
    except (ValueError, KeyError, OSError) as exc:
        raise WorkspaceError(
            _("{path}: damaged workspace configuration ({err})").format(path=config_path,
                                                                        err=exc)) from exc
    return config


def _from_config(root: Path, config: dict[str, Any]) -> tuple[Workspace, bool]:
    """The workspace a config describes, and whether the config must be rewritten.

    A format-1 config stored an absolute SQLite path. If that file is inside the folder, the
    name is kept relative; if it is elsewhere while the folder has its own ``gradebook.db``
    (the folder was copied or moved), the folder's own database is used.
    """
    course_id = str(config.get("course_id", COURSE_ID))
    db_file = config.get("db_file")
    if isinstance(db_file, str):
        path = Path(db_file)
        if path.is_absolute() or ".." in path.parts:
            raise WorkspaceError(_("{path}: db_file must name a file inside the workspace, "
                                   "not {value!r}").format(path=root / CONFIG_NAME,
                                                           value=db_file))
        return Workspace(root=root, db_url=_sqlite_url(root / path), course_id=course_id,
                         db_file=path.as_posix()), False
    url = str(config["db_url"])
    relative = _relative_db_file(root, url)
    if relative is not None:
        return Workspace(root=root, db_url=_sqlite_url(root / relative), course_id=course_id,
                         db_file=relative), True
    if sqlite_file(url) is not None and (root / DEFAULT_DB_NAME).is_file():
        return Workspace(root=root, db_url=_sqlite_url(root / DEFAULT_DB_NAME),
                         course_id=course_id, db_file=DEFAULT_DB_NAME), True
    return Workspace(root=root, db_url=url, course_id=course_id), False


def configured_url(root: Path) -> str | None:
    """The database URL the workspace in ``root`` is configured with, without connecting.

    ``None`` when ``root`` holds no readable configuration (used to name the database in error
    messages).
    """
    try:
        return _from_config(Path(root), _read_config(Path(root) / CONFIG_NAME))[0].db_url
    except (WorkspaceError, OSError):
        return None


def open_workspace(root: Path | None = None) -> Workspace:
    """Open the workspace in ``root`` (default ``$UMKM_KIT_WORKSPACE`` or ``./workspace``).

    Rewrites an old (format 1) configuration in the folder-relative form, regenerates
    ``nbgrader_config.py`` if it is out of date, and applies pending migrations so an older
    workspace keeps working after an upgrade of the kit.
    """
    root = Path(root or settings.workspace_root() or "workspace")
    config_path = root / CONFIG_NAME
    if root.exists() and not root.is_dir():
        raise WorkspaceError(_("{path} is a file, not a workspace folder").format(path=root))
    if not config_path.exists():
        raise WorkspaceError(
            _("{path} is not a workspace (no {name}); create it with "
              "'python -m kit workspace init {path}'").format(path=root, name=CONFIG_NAME))
    ws, rewrite = _from_config(root, _read_config(config_path))
    if ws.db_file is not None and not (root / ws.db_file).is_file():
        raise WorkspaceError(_("{path}: the workspace database {file} is missing").format(
            path=root, file=ws.db_file))
    _migrate(ws.db_url)
    try:
        _write_nbgrader_config(ws)
        if rewrite:
            _write_config(ws)
    except OSError:
        # A read-only copy (e.g. on a USB stick) still opens; the files are fixed when writable.
        pass
    return ws

