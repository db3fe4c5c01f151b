"""The submission file a participant downloads after working self-paced (format version 1).

A submission is **data, never code**. It is the activity's release notebook
(``release/<activity>/<activity>.ipynb``, cells unchanged, nbgrader checksums intact) whose
notebook metadata carries the participant's answers under the key ``umkm``::

    {
      "format": "umkm-submission",          # constant
      "version": 1,                         # this format's version
      "participant_id": "p3f9a0c1e",        # the kit participant id (= nbgrader student id)
      "activity_id": "bimtek",              # advokasi | bimtek | komunitas
      "created_at": "2026-08-20T10:15:00+00:00",   # optional, ISO 8601, informative only
      "profile": {"name": "Siti Rahayu", "district": "Kabupaten Sragen",   # optional: who it is,
                  "village": "Karangmalang", "phone": "0812…"},  # for an id the workspace lacks
      "answers": {                          # only items of this activity; any subset
        "email_daftar": {
          "answer": "Saya membuat akun email ...",  # free text (≤ 5,000 characters)
          "evidence": [                     # practice evidence (≤ 10 entries)
            {"kind": "email", "value": "kopi.sragen@example.id"}   # kind: a-z/_ slug, value ≤ 2,000
          ]
        }
      },
      "origin": {                           # optional; written by the module that issues the file
        "workspace_id": "w3f9a0c1e5b7d2a41",   # the issuing workspace
        "signature": "9c1e…"                # HMAC-SHA256 (64 hex digits) of the fields above
      }
    }

The format stays **version 1**: ``origin`` is an optional field added to it, so files made
before it existed remain readable (they are simply unsigned). The module signs every file it
issues with its workspace's secret key (:mod:`kit.assess.origin`: the signature covers
``format``, ``version``, ``participant_id``, ``activity_id``, ``created_at``, ``profile`` and
``answers`` as canonical JSON). On import into workspace W (:mod:`kit.assess.submissions`):

* signed by W, signature valid → imported for the file's participant id;
* signed by W with a wrong signature, or a participant id registered in W but the file unsigned
  or signed by another workspace → refused as **forged**, nothing recorded;
* signed by another workspace (Binder, another laptop: W cannot verify it), or unsigned, for an
  id W does not know (or signed by W for an id no longer registered) → **held** for the
  facilitator's confirmation
  (``python -m kit submissions confirm``), listed with the registered participant its
  ``profile`` matches by the roster's rules (same phone, or same name and village / district);
  once confirmed it is imported for that participant, or registers a new one from the profile
  (under a new id of W: the file's id belongs to the workspace that made it).

Rules the importer enforces (:func:`parse_submission`), each refusal naming the file and reason:

* the file is UTF-8 JSON nested at most 64 levels deep, a valid nbformat-4 notebook, at most
  5 MB (else: corrupt);
* ``metadata.umkm`` has the fields above with the right types; ids are slugs; ``origin``, when
  present, has exactly a workspace id and a 64-hex-digit signature (else: corrupt);
* the activity exists in the framework (else: unknown activity) and, when the facilitator
  imports for one activity, is that activity (else: another activity);
* the cells are exactly the release's cells: same number, order, type, source, nbgrader
  metadata, and every locked cell's nbgrader checksum (recomputed) equals the release's
  (else: tampered — this also catches code pasted into a cell or added as a new cell);
* every answered item belongs to the activity (else: another activity / unknown item).

Outputs and other metadata are ignored. The importer never runs anything from the file: it
rebuilds the notebook to autograde from the workspace's release and hands the validated answers
to the release's locked cells as a JSON file (:mod:`kit.assess.submissions`).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import nbformat
from nbformat import NotebookNode
from nbgrader.utils import compute_checksum, is_locked

from kit.assess import nbio
from kit.assess.generate import release_path
from kit.assess.origin import (
    SIGNATURE_RE,
    WORKSPACE_ID_RE,
    FileOrigin,
    canonical,
    sign,
)
from kit.framework import Framework, framework
from kit.i18n import _
from kit.workspace import Workspace

FORMAT = "umkm-submission"
VERSION = 1
MAX_FILE_BYTES = 5 * 1024 * 1024
# A notebook is a few levels deep (cells → outputs → data…); deeper JSON is refused before the
# recursive parts (nbformat, jsonschema) see it.
MAX_DEPTH = 64
MAX_ANSWER_CHARS = 5000
MAX_EVIDENCE = 10
MAX_EVIDENCE_CHARS = 2000
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
KIND_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
SUBMISSION_KEYS = {"format", "version", "participant_id", "activity_id", "created_at", "answers",
                   "profile", "origin"}
# Who the participant is, for a facilitator whose workspace does not know the participant id
# (work done on Binder or another laptop): matched like a roster row (phone, or name and place).
PROFILE_KEYS = ("name", "district", "village", "phone", "business_name")
MAX_PROFILE_CHARS = 200


class SubmissionRejected(ValueError):
    """A submission file that cannot be imported; ``kind`` says why, the message explains."""

    def __init__(self, kind: str, message: str):
        self.kind = kind
        super().__init__(message)


@attrs.frozen
class Evidence:
    """One piece of practice evidence for an item."""

    kind: str
    value: str


@attrs.frozen
class Answer:
    """A participant's answer and practice evidence for one item."""

    answer: str
    evidence: tuple[Evidence, ...]

    def as_dict(self) -> dict[str, Any]:
        """The answer as JSON-ready data (the shape of the file format)."""
        return {"answer": self.answer,
                "evidence": [{"kind": e.kind, "value": e.value} for e in self.evidence]}


@attrs.frozen
class Submission:
    """A validated submission: who, which activity, and the answers per item."""

    participant_id: str
    activity_id: str
    answers: dict[str, Answer]
    created_at: str | None = None
    sha256: str = ""
    filename: str = ""
    profile: dict[str, str] = attrs.field(factory=dict)
    origin: FileOrigin | None = None
    signed_bytes: bytes = attrs.field(default=b"", repr=False)

    def answers_data(self) -> dict[str, Any]:
        """The answers as the JSON the release's setup cell reads (``umkm_answers.json``)."""
        return {"format": FORMAT, "version": VERSION, "participant_id": self.participant_id,
                "activity_id": self.activity_id,
                "answers": {k: v.as_dict() for k, v in sorted(self.answers.items())}}


def _corrupt(message: str) -> SubmissionRejected:
    return SubmissionRejected("corrupt", message)


def _read_answer(fw: Framework, activity_id: str, item_id: Any, raw: Any) -> Answer:
    if not isinstance(item_id, str):
        raise _corrupt(_("an answer key is not an item id"))
    try:
        item = fw.item(item_id)
    except KeyError:
        raise SubmissionRejected("unknown_item", _("unknown item {item!r} in the answers").format(
            item=item_id)) from None
    if item.activity_id != activity_id:
        raise SubmissionRejected("other_activity", _(
            "item {item!r} belongs to activity {other!r}, not {activity!r}").format(
            item=item_id, other=item.activity_id, activity=activity_id))
    if isinstance(raw, str):
        raw = {"answer": raw}
    if not isinstance(raw, Mapping) or set(raw) - {"answer", "evidence"}:
        raise _corrupt(_("the answer to {item!r} must have only 'answer' and 'evidence'").format(
            item=item_id))
    text = raw.get("answer", "")
    if text is None:
        text = ""
    if not isinstance(text, str) or len(text) > MAX_ANSWER_CHARS:
        raise _corrupt(_("the answer to {item!r} must be a text of at most {n} characters").format(
            item=item_id, n=MAX_ANSWER_CHARS))
    evidence_raw = raw.get("evidence", [])
    if evidence_raw is None:
        evidence_raw = []
    if not isinstance(evidence_raw, list) or len(evidence_raw) > MAX_EVIDENCE:
        raise _corrupt(_("the evidence of {item!r} must be a list of at most {n} entries").format(
            item=item_id, n=MAX_EVIDENCE))
    evidence: list[Evidence] = []
    for e in evidence_raw:
        if (not isinstance(e, Mapping) or set(e) != {"kind", "value"}
                or not isinstance(e["kind"], str) or not KIND_RE.match(e["kind"])
                or not isinstance(e["value"], str) or len(e["value"]) > MAX_EVIDENCE_CHARS):
            raise _corrupt(_("the evidence of {item!r} must be entries with a 'kind' (a-z, _) "
                             "and a text 'value' of at most {n} characters").format(
                item=item_id, n=MAX_EVIDENCE_CHARS))
        evidence.append(Evidence(kind=e["kind"], value=e["value"]))
    return Answer(answer=text, evidence=tuple(evidence))


def validate_data(fw: Framework, data: Any) -> Submission:
    """Validate the ``umkm`` metadata of a submission; raise :class:`SubmissionRejected`."""
    if not isinstance(data, Mapping):
        raise _corrupt(_("no submission data (metadata 'umkm') in the notebook"))
    if data.get("format") != FORMAT:
        raise _corrupt(_("not a submission file of the e-UMKM kit"))
    if data.get("version") != VERSION:
        raise _corrupt(_("unsupported submission format version {version!r}").format(
            version=data.get("version")))
    unknown = set(data) - SUBMISSION_KEYS
    if unknown:
        raise _corrupt(_("unexpected fields in the submission data: {fields}").format(
            fields=", ".join(sorted(str(k) for k in unknown))))
    pid = data.get("participant_id")
    if not isinstance(pid, str) or not ID_RE.match(pid):
        raise _corrupt(_("the participant id is missing or invalid"))
    activity_id = data.get("activity_id")
    activity_ids = [a.id for a in fw.activities]
    if not isinstance(activity_id, str) or activity_id not in activity_ids:
        raise SubmissionRejected("unknown_activity", _(
            "unknown activity {activity!r} (expected one of: {known})").format(
            activity=activity_id, known=", ".join(activity_ids)))
    created = data.get("created_at")
    if created is not None:
        if not isinstance(created, str):
            raise _corrupt(_("'created_at' must be an ISO 8601 date-time"))
        try:
            datetime.fromisoformat(created)
        except ValueError:
            raise _corrupt(_("'created_at' must be an ISO 8601 date-time")) from None
    answers_raw = data.get("answers", {})
    if not isinstance(answers_raw, Mapping):
        raise _corrupt(_("'answers' must map item ids to answers"))
    answers = {str(k): _read_answer(fw, activity_id, k, v) for k, v in answers_raw.items()}
    profile = _read_profile(data.get("profile"))
    return Submission(participant_id=pid, activity_id=activity_id, answers=answers,
                      created_at=created, profile=profile,
                      origin=_read_origin(data.get("origin")), signed_bytes=canonical(data))


def _read_origin(raw: Any) -> FileOrigin | None:
    """The optional ``origin``: the issuing workspace's id and the signature (64 hex digits)."""
    if raw is None:
        return None
    if (not isinstance(raw, Mapping) or set(raw) != {"workspace_id", "signature"}
            or not isinstance(raw["workspace_id"], str)
            or not WORKSPACE_ID_RE.match(raw["workspace_id"])
            or not isinstance(raw["signature"], str) or not SIGNATURE_RE.match(raw["signature"])):
        raise _corrupt(_("'origin' must hold a workspace id and a signature of 64 hexadecimal "
                         "digits"))
    return FileOrigin(workspace_id=raw["workspace_id"], signature=raw["signature"])


def _read_profile(raw: Any) -> dict[str, str]:
    """The optional ``profile`` (name, district, village, phone, business): short texts only."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping) or set(raw) - set(PROFILE_KEYS):
        raise _corrupt(_("'profile' may only hold: {fields}").format(
            fields=", ".join(PROFILE_KEYS)))
    out: dict[str, str] = {}
    for key, value in raw.items():
        if value is None:
            continue
        if not isinstance(value, str) or len(value) > MAX_PROFILE_CHARS:
            raise _corrupt(_("'profile.{field}' must be a short text").format(field=key))
        if value.strip():
            out[str(key)] = value.strip()
    return out


def check_cells(nb: NotebookNode, release: NotebookNode) -> None:
    """Refuse a notebook whose cells are not exactly the release's (tampering, injected code)."""
    if len(nb.cells) != len(release.cells):
        raise SubmissionRejected("tampered", _(
            "the notebook has {n} cells, the release has {m}: cells were added or removed").format(
            n=len(nb.cells), m=len(release.cells)))
    for n, (cell, ref) in enumerate(zip(nb.cells, release.cells, strict=True), start=1):
        meta = cell.get("metadata", {}).get("nbgrader")
        ref_meta = ref.metadata["nbgrader"]
        where = ref_meta.get("grade_id", str(n))
        if not isinstance(meta, Mapping) or dict(meta) != dict(ref_meta):
            raise SubmissionRejected("tampered", _(
                "cell {n} ({cell}): nbgrader metadata changed").format(n=n, cell=where))
        if cell.get("cell_type") != ref.cell_type or cell.get("source") != ref.source:
            raise SubmissionRejected("tampered", _(
                "cell {n} ({cell}): its content differs from the release (changed or injected "
                "code)").format(n=n, cell=where))
        if is_locked(ref) and compute_checksum(cell) != ref_meta.get("checksum"):
            raise SubmissionRejected("tampered", _(
                "cell {n} ({cell}): nbgrader checksum of a locked cell does not match").format(
                n=n, cell=where))


def _activity_of_cells(fw: Framework, nb: NotebookNode) -> str | None:
    ids = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in nb.cells}
    for activity in fw.activities:
        if {item.id for item in activity.items} <= ids:
            return activity.id
    return None


def json_depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deeply ``value`` (parsed JSON) nests, counted without recursion up to ``limit + 1``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, (dict, list)):
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children)
    return deepest


def too_deep() -> SubmissionRejected:
    """The refusal of a file nested deeper than any notebook (a parser-exhaustion attempt)."""
    return _corrupt(_("not a readable notebook (its JSON is nested more than {n} levels "
                      "deep)").format(n=MAX_DEPTH))


def parse_submission(raw: bytes, ws: Workspace, *, filename: str = "",
                     expect_activity: str | None = None) -> Submission:
    """Validate a submission file's bytes against the workspace's release; never runs its code.

    Any bad file — too large, not UTF-8, not JSON, nested too deeply, not a notebook — raises
    :class:`SubmissionRejected`, never another exception.
    """
    fw = framework()
    if len(raw) > MAX_FILE_BYTES:
        raise _corrupt(_("the file is larger than {mb} MB").format(mb=MAX_FILE_BYTES // 2**20))
    try:
        text = raw.decode("utf-8")
        parsed = json.loads(text)
    except (UnicodeDecodeError, ValueError) as exc:
        raise _corrupt(_("not a readable notebook ({error})").format(
            error=type(exc).__name__)) from None
    except (RecursionError, MemoryError):
        raise too_deep() from None
    if json_depth(parsed) > MAX_DEPTH:
        raise too_deep()
    del parsed
    try:
        nb = nbio.reads(text)
        nbio.validate(nb)
    except (ValueError, nbformat.ValidationError, AttributeError, KeyError,
            TypeError) as exc:
        raise _corrupt(_("not a readable notebook ({error})").format(
            error=type(exc).__name__)) from None
    except (RecursionError, MemoryError):
        raise too_deep() from None
    sub = validate_data(fw, nb.metadata.get("umkm"))
    if expect_activity is not None and sub.activity_id != expect_activity:
        raise SubmissionRejected("other_activity", _(
            "the file is for activity {activity!r}, not {expected!r}").format(
            activity=sub.activity_id, expected=expect_activity))
    release = nbio.read(release_path(ws, sub.activity_id))
    cells_activity = _activity_of_cells(fw, nb)
    if cells_activity is not None and cells_activity != sub.activity_id:
        raise SubmissionRejected("other_activity", _(
            "the file holds the notebook of activity {cells!r} but its data says {activity!r}"
        ).format(cells=cells_activity, activity=sub.activity_id))
    check_cells(nb, release)
    return attrs.evolve(sub, sha256=hashlib.sha256(raw).hexdigest(), filename=filename)


def _release_for(ws_or_release_dir: Workspace | Path, activity_id: str) -> NotebookNode:
    if isinstance(ws_or_release_dir, Workspace):
        from kit.assess.generate import release_notebook

        return release_notebook(ws_or_release_dir, activity_id)
    base = Path(ws_or_release_dir)
    for candidate in (base / activity_id / f"{activity_id}.ipynb", base / f"{activity_id}.ipynb",
                      base):
        if candidate.is_file():
            return nbio.read(candidate)
    raise FileNotFoundError(_("no release notebook of {activity!r} in {path}").format(
        activity=activity_id, path=base))


def build_submission(ws_or_release_dir: Workspace | Path, participant_id: str, activity_id: str,
                     answers: Mapping[str, Any], created_at: str | None = None,
                     profile: Mapping[str, str | None] | None = None) -> NotebookNode:
    """Build a submission notebook: the release plus the answers as data (validated here too).

    ``answers`` maps item id → answer text, or → ``{"answer": str, "evidence": [...]}`` (each
    evidence entry ``{"kind": ..., "value": ...}``).
    ``ws_or_release_dir`` is a workspace, a release folder (``release/``), an activity's release
    folder, or the release notebook itself. Write the result with ``nbformat.write``.
    Given a workspace, the file is **signed** with that workspace's key (``origin``, see
    :mod:`kit.assess.origin`): that is how a module issues a file its workspace will trust.
    From a release folder it is unsigned.
    """
    data: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "participant_id": participant_id,
        "activity_id": activity_id,
        "answers": {k: ({"answer": v} if isinstance(v, str) else dict(v))
                    for k, v in answers.items()},
    }
    if created_at is not None:
        data["created_at"] = created_at
    if profile:
        data["profile"] = {k: v for k, v in profile.items() if k in PROFILE_KEYS and v}
    sub = validate_data(framework(), data)
    nb = copy.deepcopy(_release_for(ws_or_release_dir, activity_id))
    meta: dict[str, Any] = {**{k: v for k, v in sub.answers_data().items() if k != "answers"},
                            **({"created_at": created_at} if created_at else {}),
                            **({"profile": sub.profile} if sub.profile else {}),
                            "answers": sub.answers_data()["answers"]}
    if isinstance(ws_or_release_dir, Workspace):
        meta["origin"] = sign(ws_or_release_dir, meta)
    nb.metadata["umkm"] = meta
    return nb


def submission_bytes(nb: NotebookNode) -> bytes:
    """The bytes of a submission file, as a module would offer them for download."""
    return nbio.writes(nb).encode("utf-8")
