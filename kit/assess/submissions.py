"""Import participants' submission files: validate, autograde with nbgrader, record the scores.

For each file (:func:`import_submission`):

1. its SHA-256 is looked up in ``kit_submission_import``: a file imported before changes nothing;
2. it is validated (:func:`kit.assess.submission_format.parse_submission`) against the
   workspace's release notebook; a corrupt, tampered, unknown- or other-activity file, or one for
   an unregistered participant, is refused with the reason;
3. the notebook to autograde is REBUILT from the release (``submitted/<participant>/<activity>/``):
   every cell that will execute comes from the release; the validated answers are written beside
   it as ``umkm_answers.json`` (data, read by the release's locked setup cell with ``json``);
4. the real ``nbgrader autograde <activity> --student <participant> --force`` runs;
5. the scores are read back from the gradebook and, in one transaction with the import record,
   written to ``kit_score`` (source ``autograde``, details = what was answered) for every item
   the facilitator has not judged, and to ``kit_evidence`` for every answered item.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy as sa

from kit.assess import nbio
from kit.assess.generate import ensure_generated, release_notebook
from kit.assess.gradebook import grade_rows, set_manual_score, shared_gradebook
from kit.assess.nbgrader_run import NbgraderError, run_nbgrader
from kit.assess.rule import ANSWERS_FILE
from kit.assess.scoring import facilitator_judged
from kit.assess.submission_format import SubmissionRejected, parse_submission
from kit.framework import framework
from kit.i18n import _
from kit.records.clock import now
from kit.records.participants import Participant, add_participant, get_participant
from kit.records.scores import ScoreEntry, record_score
from kit.roster.match import find_participant, find_phone
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace

AUTOGRADE_FORMAT = "umkm-autograde"


@attrs.frozen
class ImportResult:
    """The outcome of importing one file: ``imported``, ``unchanged`` or ``refused``."""

    file: str
    status: str
    reason: str = ""
    kind: str = ""
    participant_id: str | None = None
    activity_id: str | None = None
    levels: dict[str, int] = attrs.field(factory=dict)
    kept: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return attrs.asdict(self)


def _already_imported(ws: Workspace, sha: str) -> bool:
    with read_tx(ws.engine) as conn:
        t = schema.submission_import
        return conn.execute(sa.select(t.c.sha256).where(t.c.sha256 == sha)).first() is not None


def _peek_activity(raw: bytes) -> str | None:
    """The activity a file claims (for generating its assignment first); ``None`` if unreadable."""
    try:
        data = json.loads(raw.decode("utf-8"))
        value = data["metadata"]["umkm"]["activity_id"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    return value if isinstance(value, str) else None


def _write_autograde_input(ws: Workspace, participant_id: str, activity_id: str,
                           answers: dict[str, Any], sha: str) -> None:
    """Rebuild ``submitted/<pid>/<activity>/`` from the release plus the answers as JSON."""
    nb = copy.deepcopy(release_notebook(ws, activity_id))
    nb.metadata["umkm"] = {"format": AUTOGRADE_FORMAT, "participant_id": participant_id,
                           "activity_id": activity_id, "submission_sha256": sha}
    target = ws.folder("submitted") / participant_id / activity_id
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{activity_id}-", dir=target.parent))
    nbio.write(nb, staging / f"{activity_id}.ipynb")
    (staging / ANSWERS_FILE).write_text(json.dumps(answers, ensure_ascii=False, indent=1),
                                        encoding="utf-8")
    (staging / "timestamp.txt").write_text(now().strftime("%Y-%m-%d %H:%M:%S.%f %Z"),
                                           encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)


def _refused(file: str, exc: SubmissionRejected) -> ImportResult:
    return ImportResult(file=file, status="refused", reason=str(exc), kind=exc.kind)


def import_submission(ws: Workspace, path: Path, *, activity: str | None = None,
                      imported_by: str | None = None) -> ImportResult:
    """Import one submission file (see the module docstring); never raises for a bad file."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return ImportResult(file=name, status="refused", kind="unreadable",
                            reason=_("cannot read the file ({error})").format(
                                error=exc.strerror or type(exc).__name__))
    sha = hashlib.sha256(raw).hexdigest()
    if _already_imported(ws, sha):
        return ImportResult(file=name, status="unchanged",
                            reason=_("this file was imported before; nothing changed"))
    fw = framework()
    claimed = _peek_activity(raw)
    if claimed in {a.id for a in fw.activities}:
        ensure_generated(ws, claimed)
    try:
        sub = parse_submission(raw, ws, filename=Path(path).name, expect_activity=activity)
    except SubmissionRejected as exc:
        return _refused(name, exc)
    with read_tx(ws.engine) as conn:
        newcomer: Participant | None = None
        if get_participant(conn, sub.participant_id) is None:
            # Work done on another machine (Binder, another laptop): find the person by the
            # profile in the file, as a roster import would; register them if they are new.
            match = find_participant(conn, sub.profile) if sub.profile else None
            if match is not None:
                sub = attrs.evolve(sub, participant_id=match.id)
            elif sub.profile.get("name") and sub.profile.get("district"):
                newcomer = Participant(
                    id=sub.participant_id, name=sub.profile["name"],
                    district=sub.profile["district"], village=sub.profile.get("village"),
                    phone=find_phone(sub.profile.get("phone")),
                    business_name=sub.profile.get("business_name"))
            else:
                return _refused(name, SubmissionRejected("unknown_participant", _(
                    "participant {participant!r} is not registered in this workspace").format(
                    participant=sub.participant_id)))
    _write_autograde_input(ws, sub.participant_id, sub.activity_id, sub.answers_data(), sha)
    try:
        run_nbgrader(ws, ["autograde", sub.activity_id, "--student", sub.participant_id,
                          "--force"])
    except NbgraderError as exc:
        return ImportResult(file=name, status="refused", kind="autograde_failed",
                            reason=str(exc), participant_id=sub.participant_id,
                            activity_id=sub.activity_id)
    levels: dict[str, int] = {}
    kept: list[str] = []
    activity_items = [item.id for item in fw.activity(sub.activity_id).items]
    with write_tx(ws.engine) as conn:
        if conn.execute(sa.select(schema.submission_import.c.sha256).where(
                schema.submission_import.c.sha256 == sha)).first() is not None:
            # Imported concurrently by someone else meanwhile: nothing more to do.
            return ImportResult(file=name, status="unchanged",
                                reason=_("this file was imported before; nothing changed"))
        if newcomer is not None and get_participant(conn, newcomer.id) is None:
            add_participant(conn, newcomer)
        rows = {r.item_id: r for r in grade_rows(conn, ws, sub.participant_id, sub.activity_id)}
        judged = facilitator_judged(conn, sub.participant_id)
        with shared_gradebook(conn, ws) as gb:
            for item_id in activity_items:
                row = rows.get(item_id)
                if row is None or row.auto_score is None:
                    raise NbgraderError(_("nbgrader autograde gave no score for {item!r}").format(
                        item=item_id))
                level = round(row.auto_score)
                levels[item_id] = level
                answer = sub.answers.get(item_id)
                details = {"submission_sha256": sha, "file": sub.filename,
                           "answered": answer.as_dict() if answer else None,
                           "auto_level": level}
                if answer is not None:
                    conn.execute(schema.evidence.insert().values(
                        participant_id=sub.participant_id, item_id=item_id, kind="submission",
                        payload=details, created_at=now()))
                if item_id in judged:
                    kept.append(item_id)
                    # nbgrader reports the manual score; keep it equal to the kit's judgement.
                    if row.manual_score != float(judged[item_id].level):
                        set_manual_score(gb, sub.activity_id, item_id, sub.participant_id,
                                         judged[item_id].level)
                    continue
                if row.manual_score is not None:
                    grade = gb.find_grade(item_id, sub.activity_id, sub.activity_id,
                                          sub.participant_id)
                    grade.manual_score = None
                    gb.db.commit()
                record_score(conn, fw, ScoreEntry(
                    participant_id=sub.participant_id, item_id=item_id, level=level,
                    source="autograde", recorded_by=imported_by, details=details))
        conn.execute(schema.submission_import.insert().values(
            sha256=sha, participant_id=sub.participant_id, activity_id=sub.activity_id,
            filename=sub.filename, imported_at=now()))
    return ImportResult(file=name, status="imported", participant_id=sub.participant_id,
                        activity_id=sub.activity_id, levels=levels, kept=tuple(kept))


def import_submissions(ws: Workspace, paths: Sequence[Path], *, activity: str | None = None,
                       imported_by: str | None = None) -> list[ImportResult]:
    """Import several files in order (each independently; one bad file stops nothing)."""
    return [import_submission(ws, p, activity=activity, imported_by=imported_by) for p in paths]
