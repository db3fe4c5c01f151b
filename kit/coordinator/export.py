"""A workspace's coordinator package: six pseudonymised or counted tables.

:func:`export_package` is the service behind ``python -m kit export --for-coordinator``. It reads
the workspace once, builds the tables of :data:`kit.coordinator.package.SCHEMAS` and writes them
with :func:`kit.coordinator.package.write_package`. What leaves:

- people as ``person_id`` (:func:`kit.coordinator.pseudonym.person_id`, the province key), their
  type, official district and province codes (:mod:`kit.places`), gender, age band, sector and,
  for UMKM owners only, the stage reached (the kit's stage rule, as the stage report computes it);
- sessions as ``session_key`` (a hash of workspace id and session id), with activity, date,
  status, sizes, the number present and the facilitator's pseudonym;
- attendance and the log of levels (``note`` only with ``include_notes``);
- Puskom Kreatif classes as counts per class kind × district × month (classes scheduled and
  held, persons enrolled and attended: :func:`class_rows`), from the class service
  (:func:`kit.puskom.class_service.list_classes`, counted by the Puskom's own rule
  :func:`kit.puskom.classes.monthly_counts`); never a class's place, id or people.

The people, sessions and scores are read in ONE transaction; the classes in the class service's
own (they share no rows with the rest).

Only participants whose current consent is given (:func:`kit.records.consent.consented_ids`) have
rows; everybody is counted in ``participant_counts``. Never a name, phone, village, business name,
session title, venue, admission reason, committee or facilitator name.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs
import pyarrow as pa
import sqlalchemy as sa

from kit.assess.origin import workspace_origin
from kit.coordinator.package import SCHEMAS, SUFFIX, Manifest, write_package
from kit.coordinator.pseudonym import ProvinceKey, facilitator_pseudonym, person_id
from kit.framework import Framework, framework
from kit.framework.stage_rule import current_stage
from kit.framework.version import structure_version
from kit.i18n import _
from kit.places import district_by_code, normalise_district
from kit.problems import InputError
from kit.puskom.class_service import list_classes
from kit.puskom.classes import ClassFact, monthly_counts
from kit.records.consent import consented_ids
from kit.records.participant_types import is_umkm, type_id
from kit.records.participants import Participant
from kit.records.scores import latest_levels
from kit.records.sessions import participation
from kit.storage import schema
from kit.workspace import Workspace
from kit.workspace.access import reading

EXPORTS_DIR = "exports"
GENDERS = ("L", "P")
UNKNOWN_DISTRICT = "00.00"


class ExportInputError(InputError):
    """The export was asked something impossible (``field``: the option, one-line message)."""


@attrs.frozen
class ExportResult:
    """A written package: where, its manifest, how many people have no rows (no consent)."""

    path: Path
    manifest: Manifest
    left_out: int

    @property
    def rows(self) -> dict[str, int]:
        """Table name → rows in the package."""
        return {name: entry.rows for name, entry in self.manifest.tables.items()}


@attrs.frozen
class _Place:
    """A district and province code (either ``None`` when unknown)."""

    district_code: str | None
    province_code: str | None


def _place(code: str | None, name: str | None) -> _Place:
    """The official codes of a stored district code, else of the district as written."""
    district = district_by_code(code) if code else None
    if district is None and name:
        district = normalise_district(name)
    if district is None:
        return _Place(None, None)
    return _Place(district.code, district.province_code)


def _utc(moment: datetime) -> datetime:
    """A stored time as aware UTC (SQLite gives naive UTC back)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _in_period(day: date | None, since: date | None, until: date | None) -> bool:
    """Whether ``day`` lies in the period (an undated record only when there is no period)."""
    if since is None and until is None:
        return True
    if day is None:
        return False
    return (since is None or day >= since) and (until is None or day <= until)


def session_key(workspace_id: str, session_id: str) -> str:
    """A session's key in packages: 16 hex of sha256(workspace id + ":" + session id)."""
    return hashlib.sha256((workspace_id + ":" + session_id).encode("utf-8")).hexdigest()[:16]


def _most_common(codes: Iterable[str | None]) -> str | None:
    """The most frequent known code (ties: the smallest), or ``None``."""
    counts = Counter(c for c in codes if c)
    if not counts:
        return None
    return min(counts, key=lambda c: (-counts[c], c))


def default_path(ws: Workspace, district_code: str | None, day: date, package_id: str) -> Path:
    """``<workspace>/exports/<district-code>_<date>_<short package id>.umkmpkg``."""
    name = f"{district_code or UNKNOWN_DISTRICT}_{day.isoformat()}_{package_id[:8]}{SUFFIX}"
    return ws.root / EXPORTS_DIR / name


def check_period(since: date | None, until: date | None) -> None:
    """Refuse a period that ends before it starts."""
    if since and until and since > until:
        raise ExportInputError("--until", _(
            "the period ends ({until}) before it starts ({since})").format(
                until=until.isoformat(), since=since.isoformat()))


def _read(ws: Workspace) -> dict[str, Any]:
    """Everything the package needs, read in one transaction."""
    p, s, a, sc = schema.participant, schema.session, schema.attendance, schema.score
    with reading(ws) as conn:
        people = conn.execute(sa.select(
            p.c.id, p.c.name, p.c.phone, p.c.village, p.c.district, p.c.district_code,
            p.c.gender, p.c.age_group, p.c.sector, p.c.participant_type).order_by(p.c.id)).all()
        sessions = conn.execute(sa.select(
            s.c.id, s.c.activity_id, s.c.date, s.c.district, s.c.facilitator, s.c.status,
            s.c.target_size, s.c.room_capacity).order_by(s.c.id)).all()
        present = conn.execute(sa.select(
            a.c.session_id, a.c.participant_id, a.c.admit_reason
        ).order_by(a.c.session_id, a.c.participant_id)).all()
        scores = conn.execute(sa.select(
            sc.c.participant_id, sc.c.session_id, sc.c.activity_id, sc.c.item_id, sc.c.level,
            sc.c.source, sc.c.recorded_at, sc.c.note).order_by(sc.c.id)).all()
        return {"people": people, "sessions": sessions, "present": present, "scores": scores,
                "levels": latest_levels(conn), "took_part": participation(conn),
                "consented": consented_ids(conn)}


def class_facts(ws: Workspace) -> list[ClassFact]:
    """What counting needs of each Puskom class of ``ws`` (kind, district, day, people counts)."""
    return [ClassFact(kind=c.kind, district=c.district_code or c.district, held_on=c.held_on,
                      enrolled=len(c.enrolled), attended=c.attended)
            for c in list_classes(ws)]


def class_rows(facts: Sequence[ClassFact], since: date | None = None,
               until: date | None = None) -> list[dict[str, object]]:
    """The ``classes`` rows: classes on a day in the period, per kind × district × month.

    Counted by :func:`kit.puskom.classes.monthly_counts` (scheduled, enrolled, attended);
    ``classes_held`` counts the classes with the attendance of at least one person recorded.
    Districts are official codes (with their province); one the kit cannot place has none.
    """
    kept = [f for f in facts if _in_period(f.held_on, since, until)]
    held = Counter((f.kind, f.district, f.held_on.strftime("%Y-%m")) for f in kept if f.attended)
    sums: dict[tuple[str | None, str | None, date, str], list[int]] = {}
    for c in monthly_counts(kept):
        place = _place(c.district, c.district)
        year, month = (int(part) for part in c.month.split("-"))
        key = (place.province_code, place.district_code, date(year, month, 1), c.kind)
        row = sums.setdefault(key, [0, 0, 0, 0])
        for i, n in enumerate((c.scheduled, held[(c.kind, c.district, c.month)], c.enrolled,
                               c.attended)):
            row[i] += n
    return [{"province_code": k[0], "district_code": k[1], "month": k[2], "class_kind": k[3],
             "classes_scheduled": n[0], "classes_held": n[1], "enrolled": n[2], "attended": n[3]}
            for k, n in sorted(sums.items(), key=lambda kv: (kv[0][2], str(kv[0][1]),
                                                             kv[0][3]))]


def build_tables(data: dict[str, Any], key: ProvinceKey, workspace_id: str, fw: Framework, *,
                 include_notes: bool = False, since: date | None = None,
                 until: date | None = None) -> dict[str, pa.Table]:
    """The six tables of the package from what :func:`_read` returned.

    ``data["classes"]`` (optional: no classes when absent) holds :func:`class_facts`.
    """
    consented: set[str] = data["consented"]
    pseudonym: dict[str, str] = {}
    participants: list[dict[str, object]] = []
    counts: Counter[tuple[str | None, str | None, str, str | None, str | None, bool]] = Counter()
    for row in data["people"]:
        place = _place(row.district_code, row.district)
        stage_id = None
        if is_umkm(row.participant_type):
            stage = current_stage(fw, data["levels"].get(row.id, {}),
                                  data["took_part"].get(row.id, set()))
            stage_id = stage.id if stage else None
        gender = row.gender if row.gender in GENDERS else None
        kind = type_id(row.participant_type)
        agreed = row.id in consented
        counts[(place.province_code, place.district_code, kind, stage_id, gender, agreed)] += 1
        if not agreed:
            continue
        pid = person_id(key, Participant(id=row.id, name=row.name, district=row.district,
                                         phone=row.phone, village=row.village))
        pseudonym[row.id] = pid
        participants.append({
            "person_id": pid, "participant_type": kind,
            "province_code": place.province_code, "district_code": place.district_code,
            "gender": gender, "age_band": row.age_group, "sector": row.sector,
            "stage": stage_id})
    n_present = Counter(r.session_id for r in data["present"])
    sessions: list[dict[str, object]] = []
    keys: dict[str, str] = {}
    for row in data["sessions"]:
        keys[row.id] = session_key(workspace_id, row.id)
        if not _in_period(row.date, since, until):
            continue
        place = _place(None, row.district)
        sessions.append({
            "session_key": keys[row.id], "activity_id": row.activity_id,
            "province_code": place.province_code, "district_code": place.district_code,
            "date": row.date, "status": row.status, "target_size": row.target_size,
            "room_capacity": row.room_capacity, "n_present": n_present.get(row.id, 0),
            "facilitator": (facilitator_pseudonym(key, row.facilitator)
                            if row.facilitator and row.facilitator.strip() else None)})
    exported = {s["session_key"] for s in sessions}
    attendance: list[dict[str, object]] = [
        {"session_key": keys[r.session_id], "person_id": pseudonym[r.participant_id],
         "admitted_with_reason": bool(r.admit_reason and r.admit_reason.strip())}
        for r in data["present"]
        if r.participant_id in pseudonym and keys.get(r.session_id) in exported]
    scores: list[dict[str, object]] = []
    for r in data["scores"]:
        when = _utc(r.recorded_at)
        if r.participant_id not in pseudonym or not _in_period(when.date(), since, until):
            continue
        scores.append({
            "person_id": pseudonym[r.participant_id],
            "session_key": session_key(workspace_id, r.session_id) if r.session_id else None,
            "activity_id": r.activity_id, "item_id": r.item_id, "level": r.level,
            "source": r.source, "recorded_at": when,
            "note": r.note if include_notes and r.note else None})
    count_rows: list[dict[str, object]] = [
        {"province_code": k[0], "district_code": k[1], "participant_type": k[2],
         "stage": k[3], "gender": k[4], "consented": k[5], "n": n}
        for k, n in sorted(counts.items(), key=lambda kv: tuple(str(x) for x in kv[0]))]
    return {
        "participants": _table("participants", participants),
        "participant_counts": _table("participant_counts", count_rows),
        "sessions": _table("sessions", sessions),
        "attendance": _table("attendance", attendance),
        "scores": _table("scores", scores),
        "classes": _table("classes", class_rows(data.get("classes", ()), since, until)),
    }


def _table(name: str, rows: list[dict[str, object]]) -> pa.Table:
    """``rows`` as a table of ``name``'s schema."""
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])


def export_package(ws: Workspace, key: ProvinceKey, out: Path | None = None, *,
                   include_notes: bool = False, since: date | None = None,
                   until: date | None = None, fw: Framework | None = None) -> ExportResult:
    """Write the workspace's coordinator package (default path: :func:`default_path`)."""
    check_period(since, until)
    fw = fw or framework()
    # The workspace's id is made once, in its own small transaction, on first need.
    workspace_id = workspace_origin(ws).workspace_id
    data = _read(ws)
    data["classes"] = class_facts(ws)
    tables = build_tables(data, key, workspace_id, fw, include_notes=include_notes,
                          since=since, until=until)
    places = [_place(r.district_code, r.district) for r in data["people"]]
    places += [_place(None, r.district) for r in data["sessions"]]
    provinces = {pl.province_code for pl in places if pl.province_code}
    district = (_most_common(_place(None, r.district).district_code for r in data["sessions"])
                or _most_common(pl.district_code for pl in places))
    created = datetime.now(UTC)
    package_id = uuid.uuid4().hex
    path = out or default_path(ws, district, created.date(), package_id)
    manifest = write_package(path, {
        "package_id": package_id, "workspace_id": workspace_id,
        "framework_version": structure_version(fw), "created_at": created,
        "period_from": since, "period_to": until, "key_id": key.key_id,
        "province_code": provinces.pop() if len(provinces) == 1 else None,
        "notes_included": include_notes,
    }, tables)
    left_out = sum(1 for r in data["people"] if r.id not in data["consented"])
    return ExportResult(path=path, manifest=manifest, left_out=left_out)
