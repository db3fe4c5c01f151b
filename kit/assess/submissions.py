"""Import participants' submission files: validate, autograde with nbgrader, record the scores.

For each file (:func:`import_submission`):

1. it is read (at most 5 MB) and its SHA-256 looked up in ``kit_submission_import``: a file
   imported before changes nothing;
2. it is validated (:func:`kit.assess.submission_format.parse_submission`) against the
   workspace's release notebook; a corrupt, too deeply nested, tampered, unknown- or
   other-activity file is refused with the reason;
3. its origin is judged (:func:`judge_origin`, keys and signatures in :mod:`kit.assess.origin`):

   * signed by this workspace with a valid signature, for a registered participant → imported
     for that participant;
   * a wrong signature of this workspace, or a registered participant's id in a file that is
     unsigned or signed by another workspace → refused as **forged** (nothing recorded);
   * signed elsewhere (Binder, another laptop), unsigned, or signed here for an id no longer
     registered → **held** in ``kit_submission_pending`` with the participant its profile
     matches (roster rules: same phone, or same name and village / district) — or, with no
     match, the newcomer it would register; a file with no usable profile is refused. Nothing
     is scored until the facilitator confirms it (:func:`confirm_submission`,
     ``python -m kit submissions confirm``), which imports it for that participant, or
     registers the newcomer under a new id of this workspace (never the file's foreign id);
4. the notebook to autograde is REBUILT from the release (``submitted/<participant>/<activity>/``):
   every cell that will execute comes from the release; the validated answers are written beside
   it as ``umkm_answers.json`` (data, read by the release's locked setup cell with ``json``);
5. the real ``nbgrader autograde <activity> --student <participant> --force`` runs;
6. the scores are read back from the gradebook and, in one transaction with the import record,
   written to ``kit_score`` (source ``autograde``, details = what was answered) for every item
   the facilitator has not judged, and to ``kit_evidence`` for every answered item.

Every file is judged on its own: no bad file (unreadable, a folder, not UTF-8, not JSON, nested
deeply enough to exhaust a parser…) raises; each gives one refused result and the batch goes on.
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
from kit.assess.dual_write import facilitator_judged
from kit.assess.generate import ensure_generated, release_notebook
from kit.assess.gradebook import grade_rows, set_manual_score, shared_gradebook
from kit.assess.nbgrader_run import NbgraderError, run_nbgrader
from kit.assess.origin import verify, workspace_origin
from kit.assess.rule import ANSWERS_FILE
from kit.assess.submission_format import (
    MAX_FILE_BYTES,
    Submission,
    SubmissionRejected,
    parse_submission,
    too_deep,
    validate_data,
)
from kit.framework import framework
from kit.i18n import _
from kit.records.clock import now
from kit.records.participants import (
    Participant,
    add_participant,
    get_participant,
    new_participant_id,
)
from kit.records.scores import ScoreEntry, record_score
from kit.roster.match import find_participant, find_phone
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace

AUTOGRADE_FORMAT = "umkm-autograde"


@attrs.frozen
class ProfileMatch:
    """Who a held file's profile designates: a registered participant, or a newcomer to add."""

    participant_id: str | None
    name: str
    village: str | None = None
    district: str | None = None
    phone: str | None = None  # masked: 0812****7890

    @property
    def is_new(self) -> bool:
        """Whether confirming would register a new participant."""
        return self.participant_id is None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with ``new`` telling whether confirming registers a newcomer."""
        return {**attrs.asdict(self), "new": self.is_new}

    def describe(self) -> str:
        """One sentence for the facilitator: whom confirming will score."""
        place = ", ".join(p for p in (self.village, self.district) if p)
        if self.is_new:
            return _("its profile matches nobody registered; confirming registers {name} "
                     "({place}) as a new participant").format(name=self.name, place=place)
        if self.phone:
            return _("its profile matches {name} ({place}; phone {phone}), registered as "
                     "{participant}").format(name=self.name, place=place, phone=self.phone,
                                             participant=self.participant_id)
        return _("its profile matches {name} ({place}), registered as {participant}").format(
            name=self.name, place=place, participant=self.participant_id)


@attrs.frozen
class SubmissionImport:
    """The outcome of importing one file: ``imported``, ``unchanged``, ``held`` or ``refused``.

    A ``held`` file waits for the facilitator's confirmation: ``pending_id`` names it for
    ``submissions confirm`` and ``match`` says whom its profile designates.
    """

    file: str
    status: str
    reason: str = ""
    kind: str = ""
    participant_id: str | None = None
    activity_id: str | None = None
    levels: dict[str, int] = attrs.field(factory=dict)
    kept: tuple[str, ...] = ()
    pending_id: int | None = None
    match: ProfileMatch | None = None
    origin_workspace: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        out = attrs.asdict(self, filter=lambda a, _v: a.name != "match")
        out["match"] = self.match.as_dict() if self.match is not None else None
        return out


@attrs.frozen
class Accepted:
    """The origin check passed: score ``participant_id`` (registering ``newcomer`` first)."""

    participant_id: str
    newcomer: Participant | None = None


@attrs.frozen
class Held:
    """The origin cannot be verified: the file waits for the facilitator (``kind`` says why)."""

    kind: str
    reason: str
    match: ProfileMatch


def mask_phone(phone: str | None) -> str | None:
    """A phone number as the facilitator may see it in a list: ``0812****7890``."""
    if not phone:
        return None
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.startswith("+62"):
        digits = "0" + digits[2:]
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def _already_imported(ws: Workspace, sha: str) -> bool:
    with read_tx(ws.engine) as conn:
        t = schema.submission_import
        return conn.execute(sa.select(t.c.sha256).where(t.c.sha256 == sha)).first() is not None


def _peek_activity(raw: bytes) -> str | None:
    """The activity a file claims (for generating its assignment first); ``None`` if unreadable."""
    try:
        data = json.loads(raw.decode("utf-8"))
        value = data["metadata"]["umkm"]["activity_id"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError, MemoryError):
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


def _refused(file: str, exc: SubmissionRejected) -> SubmissionImport:
    return SubmissionImport(file=file, status="refused", reason=str(exc), kind=exc.kind)


def _forged(message: str) -> SubmissionRejected:
    return SubmissionRejected("forged", _("forged: {why}").format(why=message))


def judge_origin(ws: Workspace, sub: Submission) -> Accepted | Held:
    """Decide, from the file's signature and ids, whom the file may score (module docstring).

    Raises :class:`SubmissionRejected` (kind ``forged``, or ``unknown_participant`` for an
    unknown id without a usable profile).
    """
    mine = workspace_origin(ws)
    signed = sub.origin
    with read_tx(ws.engine) as conn:
        registered = get_participant(conn, sub.participant_id) is not None
        if signed is not None and signed.workspace_id == mine.workspace_id:
            if not verify(mine, signed, sub.signed_bytes):
                raise _forged(_("the signature does not match this workspace's key (the file "
                                "was changed after it was issued)"))
            if registered:
                return Accepted(sub.participant_id)
            kind = "unknown_id"
            why = _("signed by this workspace for participant {participant!r}, who is no longer "
                    "registered").format(participant=sub.participant_id)
        elif registered and signed is None:
            raise _forged(_("participant {participant!r} is registered in this workspace, but "
                            "the file carries no signature of this workspace").format(
                participant=sub.participant_id))
        elif registered and signed is not None:
            raise _forged(_("participant {participant!r} is registered in this workspace, but "
                            "the file was signed by another workspace ({origin})").format(
                participant=sub.participant_id, origin=signed.workspace_id))
        elif signed is not None:
            kind = "other_workspace"
            why = _("made in another workspace ({origin}), which this workspace cannot "
                    "verify").format(origin=signed.workspace_id)
        else:
            kind = "unsigned"
            why = _("the file is not signed and participant {participant!r} is not registered "
                    "here").format(participant=sub.participant_id)
        # Work done elsewhere: find the person by the profile in the file, as a roster import
        # would, or register them from it — but only once the facilitator confirms.
        found = find_participant(conn, sub.profile) if sub.profile else None
    if found is not None:
        return Held(kind, why, ProfileMatch(
            participant_id=found.id, name=found.name, village=found.village,
            district=found.district, phone=mask_phone(found.phone)))
    if sub.profile.get("name") and sub.profile.get("district"):
        return Held(kind, why, ProfileMatch(
            participant_id=None, name=sub.profile["name"], village=sub.profile.get("village"),
            district=sub.profile["district"], phone=mask_phone(find_phone(
                sub.profile.get("phone")))))
    raise SubmissionRejected("unknown_participant", _(
        "participant {participant!r} is not registered in this workspace and the file names "
        "nobody (no name and district in its profile)").format(participant=sub.participant_id))


def _newcomer(sub: Submission) -> Participant:
    """The participant a confirmed file registers, under a NEW id of this workspace.

    The file's id belongs to the workspace that made it (Binder's): registered here, it would
    make that person's next file from there look forged (a registered id signed elsewhere).
    """
    return Participant(id=new_participant_id(), name=sub.profile["name"],
                       district=sub.profile["district"], village=sub.profile.get("village"),
                       phone=find_phone(sub.profile.get("phone")),
                       business_name=sub.profile.get("business_name"))


def _hold(ws: Workspace, name: str, raw: bytes, sub: Submission, held: Held,
          held_by: str | None) -> SubmissionImport:
    """Keep the file in ``kit_submission_pending`` (once per content) and say why."""
    t = schema.submission_pending
    values = dict(sha256=sub.sha256, filename=sub.filename, content=raw.decode("utf-8"),
                  file_participant_id=sub.participant_id, activity_id=sub.activity_id,
                  origin_workspace=sub.origin.workspace_id if sub.origin else None,
                  reason=held.kind, matched_participant_id=held.match.participant_id,
                  held_at=now(), held_by=held_by)
    try:
        with write_tx(ws.engine) as conn:
            row = conn.execute(sa.select(t.c.id).where(t.c.sha256 == sub.sha256)).first()
            if row is None:
                conn.execute(t.insert().values(**values))
                row = conn.execute(sa.select(t.c.id).where(t.c.sha256 == sub.sha256)).one()
            pending_id = int(row[0])
    except sa.exc.IntegrityError:  # held by a concurrent import of the same file
        with read_tx(ws.engine) as conn:
            pending_id = int(conn.execute(sa.select(t.c.id).where(
                t.c.sha256 == sub.sha256)).scalar_one())
    return SubmissionImport(file=name, status="held", kind=held.kind, reason=held.reason,
                        participant_id=sub.participant_id, activity_id=sub.activity_id,
                        pending_id=pending_id, match=held.match,
                        origin_workspace=sub.origin.workspace_id if sub.origin else None)


def _read_file(path: Path) -> bytes:
    """The file's bytes, at most one more than the size limit (a huge file is never loaded)."""
    with Path(path).open("rb") as fh:
        return fh.read(MAX_FILE_BYTES + 1)


def import_submission(ws: Workspace, path: Path, *, activity: str | None = None,
                      imported_by: str | None = None, confirm: bool = False) -> SubmissionImport:
    """Import one submission file (see the module docstring); never raises for a bad file.

    With ``confirm`` the facilitator vouches for a file that would be held: it is imported for
    the participant its profile matches (or registers a new one). Forged files stay refused.
    """
    name = str(path)
    try:
        raw = _read_file(path)
    except OSError as exc:
        return SubmissionImport(file=name, status="refused", kind="unreadable",
                            reason=_("cannot read the file ({error})").format(
                                error=exc.strerror or type(exc).__name__))
    return _import_guarded(ws, name, Path(path).name, raw, activity=activity,
                           imported_by=imported_by, confirm=confirm)


def _import_guarded(ws: Workspace, name: str, filename: str, raw: bytes, *,
                    activity: str | None, imported_by: str | None,
                    confirm: bool) -> SubmissionImport:
    """:func:`_import_bytes`, turning any failure into a refusal of this file alone."""
    try:
        return _import_bytes(ws, name, filename, raw, activity=activity,
                             imported_by=imported_by, confirm=confirm)
    except (RecursionError, MemoryError):
        return _refused(name, too_deep())
    except Exception as exc:
        return SubmissionImport(file=name, status="refused", kind="error", reason=_(
            "unexpected error, the file was not imported ({error})").format(
            error=f"{type(exc).__name__}: {exc}"))


def _import_bytes(ws: Workspace, name: str, filename: str, raw: bytes, *,
                  activity: str | None, imported_by: str | None,
                  confirm: bool) -> SubmissionImport:
    sha = hashlib.sha256(raw).hexdigest()
    if _already_imported(ws, sha):
        return SubmissionImport(file=name, status="unchanged",
                            reason=_("this file was imported before; nothing changed"))
    fw = framework()
    claimed = _peek_activity(raw)
    if claimed in {a.id for a in fw.activities}:
        ensure_generated(ws, claimed)
    try:
        sub = parse_submission(raw, ws, filename=filename, expect_activity=activity)
        verdict = judge_origin(ws, sub)
    except SubmissionRejected as exc:
        return _refused(name, exc)
    newcomer: Participant | None = None
    if isinstance(verdict, Held):
        if not confirm:
            return _hold(ws, name, raw, sub, verdict, imported_by)
        if verdict.match.is_new:
            newcomer = _newcomer(sub)
            sub = attrs.evolve(sub, participant_id=newcomer.id)
        else:
            assert verdict.match.participant_id is not None  # noqa: S101 - not new
            sub = attrs.evolve(sub, participant_id=verdict.match.participant_id)
    _write_autograde_input(ws, sub.participant_id, sub.activity_id, sub.answers_data(), sha)
    try:
        run_nbgrader(ws, ["autograde", sub.activity_id, "--student", sub.participant_id,
                          "--force"])
    except NbgraderError as exc:
        return SubmissionImport(file=name, status="refused", kind="autograde_failed",
                            reason=str(exc), participant_id=sub.participant_id,
                            activity_id=sub.activity_id)
    levels: dict[str, int] = {}
    kept: list[str] = []
    activity_items = [item.id for item in fw.activity(sub.activity_id).items]
    with write_tx(ws.engine) as conn:
        if conn.execute(sa.select(schema.submission_import.c.sha256).where(
                schema.submission_import.c.sha256 == sha)).first() is not None:
            # Imported concurrently by someone else meanwhile: nothing more to do.
            return SubmissionImport(file=name, status="unchanged",
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
        pending = schema.submission_pending
        conn.execute(pending.update().where(
            pending.c.sha256 == sha, pending.c.confirmed_at.is_(None)).values(
            confirmed_at=now(), confirmed_by=imported_by,
            confirmed_participant_id=sub.participant_id))
    return SubmissionImport(file=name, status="imported", participant_id=sub.participant_id,
                        activity_id=sub.activity_id, levels=levels, kept=tuple(kept))


def import_submissions(ws: Workspace, paths: Sequence[Path], *, activity: str | None = None,
                       imported_by: str | None = None) -> list[SubmissionImport]:
    """Import several files in order (each independently; one bad file stops nothing)."""
    return [import_submission(ws, p, activity=activity, imported_by=imported_by) for p in paths]


@attrs.frozen
class PendingSubmission:
    """A held file waiting for the facilitator: why, and whom its profile designates now."""

    id: int
    file: str
    file_participant_id: str
    activity_id: str
    origin_workspace: str | None
    kind: str
    reason: str
    match: ProfileMatch | None
    held_at: str
    held_by: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        out = attrs.asdict(self, filter=lambda a, _v: a.name != "match")
        out["match"] = self.match.as_dict() if self.match is not None else None
        return out


def _pending_rows(ws: Workspace, pending_id: int | None = None) -> list[dict[str, Any]]:
    t = schema.submission_pending
    query = sa.select(t).where(t.c.confirmed_at.is_(None)).order_by(t.c.id)
    if pending_id is not None:
        query = query.where(t.c.id == pending_id)
    with read_tx(ws.engine) as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def pending_submissions(ws: Workspace) -> list[PendingSubmission]:
    """The held files not confirmed yet, oldest first, each judged again against the roster now."""
    out: list[PendingSubmission] = []
    for row in _pending_rows(ws):
        content = str(row["content"])
        match: ProfileMatch | None = None
        kind, reason = str(row["reason"]), ""
        try:
            data = json.loads(content)["metadata"]["umkm"]
            sub = attrs.evolve(validate_data(framework(), data),
                               sha256=str(row["sha256"]), filename=str(row["filename"] or ""))
            verdict = judge_origin(ws, sub)
            if isinstance(verdict, Held):
                kind, reason, match = verdict.kind, verdict.reason, verdict.match
            else:
                reason = _("its participant is now registered here; confirming imports it for "
                           "them")
        except SubmissionRejected as exc:
            kind, reason = exc.kind, str(exc)
        except (ValueError, KeyError, TypeError):
            kind, reason = "corrupt", _("the held copy cannot be read")
        held_at = row["held_at"]
        out.append(PendingSubmission(
            id=int(row["id"]), file=str(row["filename"] or ""),
            file_participant_id=str(row["file_participant_id"]),
            activity_id=str(row["activity_id"]), origin_workspace=row["origin_workspace"],
            kind=kind, reason=reason, match=match,
            held_at=held_at.isoformat() if held_at is not None else "",
            held_by=row["held_by"]))
    return out


def confirm_submission(ws: Workspace, ref: str | Path, *, imported_by: str | None = None,
                       activity: str | None = None) -> SubmissionImport:
    """Import a held file on the facilitator's word: ``ref`` is its pending id or a file path.

    A number is the id shown by :func:`pending_submissions` (the held copy is imported); anything
    else is a file, judged like an import except that a file that would be held is imported.
    Forged files are refused all the same.
    """
    text = str(ref)
    if not text.isdigit():
        return import_submission(ws, Path(text), activity=activity, imported_by=imported_by,
                                 confirm=True)
    rows = _pending_rows(ws, int(text))
    if not rows:
        t = schema.submission_pending
        with read_tx(ws.engine) as conn:
            done = conn.execute(sa.select(t.c.confirmed_participant_id).where(
                t.c.id == int(text), t.c.confirmed_at.is_not(None))).first()
        if done is not None:
            return SubmissionImport(file=text, status="unchanged", reason=_(
                "this held file was confirmed before, for {participant}; nothing changed").format(
                participant=done[0]))
        return SubmissionImport(file=text, status="refused", kind="not_pending", reason=_(
            "no held submission file has the id {id} (see 'submissions pending')").format(
            id=text))
    row = rows[0]
    filename = str(row["filename"] or "")
    return _import_guarded(ws, f"{text} ({filename})", filename,
                           str(row["content"]).encode("utf-8"), activity=activity,
                           imported_by=imported_by, confirm=True)
