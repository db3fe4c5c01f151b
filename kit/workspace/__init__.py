"""A workspace: one folder that is an nbgrader course directory plus the kit's records.

Layout::

    workspace/
      kit-workspace.json     # the database (file name or URL) and course id: the kit's config
      nbgrader_config.py     # generated: paths computed from its own folder, db_url, course_id
      gradebook.db           # default SQLite database (kit_* tables + nbgrader's gradebook)
      source/ release/ submitted/ autograded/ feedback/   # nbgrader's workflow folders

A workspace on SQLite is self-contained: ``kit-workspace.json`` names the database file relative
to the folder (``{"db_file": "gradebook.db", ...}``) and ``nbgrader_config.py`` computes every
path from its own location, so the folder can be copied, moved, zipped and backed up, and each
copy writes into its own database. Workspaces made by older kits (format 1, an absolute SQLite
path) are rewritten in that form when opened; a copied or moved old workspace uses the
``gradebook.db`` inside its own folder.

A workspace on PostgreSQL keeps its URL: every copy of the folder shares the server's database,
by design (the folder is then only nbgrader's files and the connection settings).
"""

from kit.workspace.access import (
    database_error,
    database_errors,
    reading,
    with_database_errors,
    writing,
)
from kit.workspace.layout import (
    NBGRADER_FOLDERS,
    DatabaseUnavailable,
    Workspace,
    WorkspaceError,
    configured_url,
    init_workspace,
    open_workspace,
)

__all__ = [
    "NBGRADER_FOLDERS",
    "DatabaseUnavailable",
    "Workspace",
    "WorkspaceError",
    "configured_url",
    "database_error",
    "database_errors",
    "init_workspace",
    "open_workspace",
    "reading",
    "with_database_errors",
    "writing",
]
