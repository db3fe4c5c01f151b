"""Generate one nbgrader assignment per activity, from the framework (never a hand-written list).

The texts come from the template ``assessments/nbgrader/assignment.yaml``
(:mod:`kit.assess.template`); ``source/<activity>/<activity>.ipynb`` of the workspace gets, in
programme order:

* a locked introduction (title, how the notebook is scored),
* a locked setup cell defining the autograde rule (:mod:`kit.assess.rule`, pasted verbatim),
* per materi a locked heading, and per item a locked description (``info-<item>``) followed by
  the item's graded cell: an autograder test cell, ``grade_id`` = the item id, ``points`` =
  ``rubric.points_per_item``, locked, with nbgrader's checksum. Its last expression is the level
  (0/1/2), which nbgrader takes as partial credit, so points = level.

Then ``nbgrader generate_assignment`` (through nbgrader's Python API) produces
``release/<activity>/<activity>.ipynb`` and registers the assignment, notebook and grade cells in
the gradebook. Re-running is safe: when the
source is unchanged and the gradebook already holds every grade cell, nothing is done.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy as sa
from nbformat import NotebookNode
from nbgrader.utils import compute_checksum

from kit.assess import nbio
from kit.assess.gradebook import notebook_name
from kit.assess.nbgrader_run import generate_assignment_api
from kit.assess.rule import ANSWERS_FILE, MIN_ANSWER_CHARS, rule_source
from kit.assess.template import assignment_template
from kit.framework import Activity, Framework, framework
from kit.i18n import _
from kit.storage.db import read_tx
from kit.workspace import Workspace

SETUP_ID = "umkm-setup"
INTRO_ID = "umkm-intro"
RELEASE_FORMAT = "umkm-release"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


@attrs.frozen
class GenerateResult:
    """What :func:`generate_assignments` did for one activity."""

    activity_id: str
    changed: bool
    items: int
    release: Path


def _meta(grade_id: str, *, grade: bool = False, points: int | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "grade": grade, "grade_id": grade_id, "locked": True, "schema_version": 3,
        "solution": False, "task": False,
    }
    if points is not None:
        meta["points"] = points
    return meta


def _cell(kind: str, source: str, meta: dict[str, Any]) -> NotebookNode:
    cell = nbio.new_cell(kind, source)
    # Stable cell ids keep the file byte-identical across runs (idempotent generation).
    cell["id"] = meta["grade_id"]
    cell.metadata["nbgrader"] = meta
    cell.metadata["editable"] = False
    cell.metadata["deletable"] = False
    cell.metadata["nbgrader"]["checksum"] = compute_checksum(cell)
    return cell


def _setup_source(activity: Activity) -> str:
    return (
        assignment_template().setup_header
        + "import json\n"
        "from pathlib import Path\n"
        "from typing import Any\n"
        "\n"
        f"UMKM_ACTIVITY = {activity.id!r}\n"
        f"ANSWERS_FILE = {ANSWERS_FILE!r}\n"
        f"MIN_ANSWER_CHARS = {MIN_ANSWER_CHARS!r}\n"
        "\n"
        "\n"
        + rule_source()
        + "\n"
        "\n"
        "def umkm_level(item_id: str) -> int:\n"
        '    """Level butir ini (0/1/2) menurut jawaban peserta di ANSWERS_FILE."""\n'
        "    path = Path(ANSWERS_FILE)\n"
        "    data = json.loads(path.read_text(encoding='utf-8')) if path.is_file() else {}\n"
        "    answers = data.get('answers') if isinstance(data, dict) else None\n"
        "    entry = answers.get(item_id) if isinstance(answers, dict) else None\n"
        "    level = umkm_item_level(entry)\n"
        "    print(f'{item_id}: level {level}')\n"
        "    return level\n"
    )


def build_source_notebook(fw: Framework, activity: Activity) -> NotebookNode:
    """The nbgrader source notebook of ``activity`` (every item of the framework, in order)."""
    points = fw.rubric.points_per_item
    levels = "; ".join(f"{lv.level} = {lv.title.indonesian}" for lv in
                       sorted(fw.rubric.levels, key=lambda lv: -lv.level))
    template = assignment_template()
    cells = [
        _cell("markdown", template.intro.format(
            title_id=activity.title.indonesian, title_en=activity.title.english, levels=levels,
            points=points), _meta(INTRO_ID)),
        _cell("code", _setup_source(activity), _meta(SETUP_ID)),
    ]
    for materi in activity.materi:
        cells.append(_cell("markdown", template.materi.format(
            no=materi.no, title_id=materi.title.indonesian, title_en=materi.title.english),
            _meta(f"materi-{materi.id}")))
        for item in materi.items:
            cells.append(_cell("markdown", template.item.format(
                title_id=item.title.indonesian, title_en=item.title.english,
                competency=item.competency.indonesian, indicator=item.indicator.indonesian),
                _meta(f"info-{item.id}")))
            cells.append(_cell("code", f"umkm_level({item.id!r})",
                               _meta(item.id, grade=True, points=points)))
    nb = nbio.new_notebook(cells)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["umkm"] = {"format": RELEASE_FORMAT, "activity_id": activity.id,
                           "items": [item.id for item in activity.items]}
    return nb


def source_path(ws: Workspace, activity_id: str) -> Path:
    """``source/<activity>/<activity>.ipynb`` of the workspace."""
    return ws.folder("source") / activity_id / f"{notebook_name(activity_id)}.ipynb"


def release_path(ws: Workspace, activity_id: str) -> Path:
    """``release/<activity>/<activity>.ipynb`` of the workspace (after generation)."""
    return ws.folder("release") / activity_id / f"{notebook_name(activity_id)}.ipynb"


def registered_grade_ids(ws: Workspace, activity_id: str) -> set[str] | None:
    """Grade cell names the gradebook holds for the activity (``None``: not registered)."""
    with read_tx(ws.engine) as conn:
        tables = set(sa.inspect(conn).get_table_names())
        if "assignment" not in tables:
            return None
        found = conn.execute(sa.text("SELECT id FROM assignment WHERE name = :n"),
                             {"n": activity_id}).first()
        if found is None:
            return None
        rows = conn.execute(sa.text(
            "SELECT base_cell.name FROM grade_cells "
            "JOIN base_cell ON base_cell.id = grade_cells.id "
            "JOIN notebook ON notebook.id = base_cell.notebook_id "
            "WHERE notebook.assignment_id = :a"), {"a": found[0]})
        return {r[0] for r in rows}


def _serialise(nb: NotebookNode) -> str:
    return nbio.writes(nb)


def generate_assignment(ws: Workspace, activity: Activity, fw: Framework | None = None,
                        force: bool = False) -> GenerateResult:
    """Write the activity's source notebook and run ``nbgrader generate_assignment`` if needed."""
    fw = fw or framework()
    text = _serialise(build_source_notebook(fw, activity))
    src = source_path(ws, activity.id)
    rel = release_path(ws, activity.id)
    item_ids = {item.id for item in activity.items}
    unchanged = (
        src.is_file() and src.read_text(encoding="utf-8") == text and rel.is_file()
        and (registered_grade_ids(ws, activity.id) or set()) == item_ids
    )
    if unchanged and not force:
        return GenerateResult(activity.id, False, len(item_ids), rel)
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_text(text, encoding="utf-8")
    generate_assignment_api(ws, activity.id)
    if not rel.is_file():
        raise FileNotFoundError(_("nbgrader did not write {path}").format(path=rel))
    return GenerateResult(activity.id, True, len(item_ids), rel)


def generate_assignments(ws: Workspace, activity_ids: Iterable[str] | None = None,
                         force: bool = False) -> list[GenerateResult]:
    """Generate (or confirm up to date) the assignment of every activity, or of those given."""
    fw = framework()
    wanted = list(activity_ids) if activity_ids is not None else [a.id for a in fw.activities]
    with generation_lock(ws):
        return [generate_assignment(ws, fw.activity(a), fw, force=force) for a in wanted]


@contextmanager
def generation_lock(ws: Workspace) -> Iterator[None]:
    """An exclusive lock across processes on this workspace's generation (``.generate.lock``).

    Several writers (checklist tablets, ``scores set``) may hit a workspace whose assignments
    are not generated yet; only one may run ``generate_assignment`` at a time.
    """
    path = ws.root / ".generate.lock"
    with path.open("a+b") as fh:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            fh.seek(0)
            while True:
                try:
                    msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
            try:
                yield
            finally:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _is_generated(ws: Workspace, activity: Activity) -> bool:
    return (release_path(ws, activity.id).is_file()
            and registered_grade_ids(ws, activity.id) == {item.id for item in activity.items})


def ensure_generated(ws: Workspace, activity_id: str) -> None:
    """Make sure the activity's assignment exists in the gradebook (generate it if not)."""
    fw = framework()
    activity = fw.activity(activity_id)
    if _is_generated(ws, activity):
        return
    with generation_lock(ws):
        if not _is_generated(ws, activity):
            generate_assignment(ws, activity, fw)


def release_notebook(ws: Workspace, activity_id: str) -> NotebookNode:
    """Read the activity's release notebook (generating the assignment first if needed)."""
    ensure_generated(ws, activity_id)
    return nbio.read(release_path(ws, activity_id))


def dumps_json(data: Any) -> str:
    """Compact, deterministic JSON (sorted keys, UTF-8 kept)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
