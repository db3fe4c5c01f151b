"""A workspace: one folder that is an nbgrader course directory plus the kit's records.

Layout::

    workspace/
      kit-workspace.json     # the database URL and course id (the only config the kit reads)
      nbgrader_config.py     # generated: CourseDirectory.root, db_url, course_id
      gradebook.db           # default SQLite database (kit_* tables + nbgrader's gradebook)
      source/ release/ submitted/ autograded/ feedback/   # nbgrader's workflow folders
"""

from kit.workspace.layout import (
    NBGRADER_FOLDERS,
    Workspace,
    WorkspaceError,
    ensure_workspace,
    init_workspace,
    open_workspace,
)

__all__ = [
    "NBGRADER_FOLDERS",
    "Workspace",
    "WorkspaceError",
    "ensure_workspace",
    "init_workspace",
    "open_workspace",
]
