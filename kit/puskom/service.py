"""Record, list and show Puskom Kreatif readiness assessments of a workspace.

Each function takes a :class:`~kit.workspace.Workspace` and owns its transaction. :func:`assess`
checks everything first (name, assessor, an official district, known criterion ids) and then
writes the assessment and one answer row per criterion in one transaction: a refused input is an
:class:`~kit.problems.InputError` naming the field, and nothing is written.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs
import sqlalchemy as sa

from kit.framework import framework
from kit.i18n import _
from kit.places import official_district
from kit.problems import InputError
from kit.puskom.readiness import Readiness, check_ids, score
from kit.puskom.tables import answer, assessment
from kit.records.clock import now
from kit.workspace import Workspace, reading, writing


@attrs.frozen
class Assessment:
    """One recorded readiness assessment of a place, with its answers and notes."""

    id: str
    name: str
    district: str
    district_code: str | None
    assessed_on: date
    assessed_by: str
    answers: Mapping[str, bool | None]
    notes: Mapping[str, str]

    @property
    def readiness(self) -> Readiness:
        """The score of the answers under the current framework."""
        known = {c.id for c in framework().puskom.readiness}
        return score({k: v for k, v in self.answers.items() if k in known})

    def as_dict(self) -> dict[str, Any]:
        """The assessment and its score as a JSON-ready dict."""
        r = self.readiness
        return {
            "id": self.id, "name": self.name, "district": self.district,
            "district_code": self.district_code, "assessed_on": self.assessed_on.isoformat(),
            "assessed_by": self.assessed_by,
            "answers": {k: ("ya" if v else "tidak") if v is not None else None
                        for k, v in self.answers.items()},
            "notes": dict(self.notes),
            "percent": None if r.percent is None else round(r.percent, 1),
            "verdict": r.verdict,
            "by_aspect": {p.id: None if p.percent is None else round(p.percent, 1)
                          for p in r.by_aspect},
            "by_factor": {p.id: None if p.percent is None else round(p.percent, 1)
                          for p in r.by_factor},
            "missing": list(r.missing), "unanswered": list(r.unanswered),
        }


def new_assessment_id() -> str:
    """A new random assessment id such as ``pk3f9a0c1e``."""
    return "pk" + secrets.token_hex(4)


def _required(value: str, field: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise InputError(field, _("must not be empty"))
    return text



def assess(ws: Workspace, name: str, district: str, answers: Mapping[str, bool | None],
           by: str, on: date, notes: Mapping[str, str] | None = None) -> Assessment:
    """Record an assessment of the place ``name`` in ``district`` and return it.

    ``answers`` maps criterion ids to yes/no/blank; criteria not given are stored as not
    answered. ``notes`` (optional) maps criterion ids to a short note.
    """
    clean_name = _required(name, "name")
    clean_by = _required(by, "by")
    found = official_district(district)
    district_name, code = found.name, found.code
    notes = {k: v.strip() for k, v in (notes or {}).items() if v and v.strip()}
    check_ids(answers)
    check_ids(notes)
    criteria = framework().puskom.readiness
    full = {c.id: answers.get(c.id) for c in criteria}
    made = Assessment(id=new_assessment_id(), name=clean_name, district=district_name,
                      district_code=code, assessed_on=on, assessed_by=clean_by, answers=full,
                      notes=notes)
    with writing(ws) as conn:
        conn.execute(assessment.insert().values(
            id=made.id, centre_name=made.name, district=made.district,
            district_code=made.district_code, assessed_on=made.assessed_on,
            assessed_by=made.assessed_by, recorded_at=now()))
        conn.execute(answer.insert(), [
            {"assessment_id": made.id, "criterion_id": c.id, "answer": full[c.id],
             "note": notes.get(c.id)} for c in criteria])
    return made


def _assessments(conn: sa.Connection, where: sa.ColumnElement[bool] | None) -> list[Assessment]:
    query = sa.select(assessment).order_by(assessment.c.assessed_on, assessment.c.recorded_at,
                                           assessment.c.id)
    if where is not None:
        query = query.where(where)
    heads = conn.execute(query).all()
    ids = [h.id for h in heads]
    rows = conn.execute(sa.select(answer).where(answer.c.assessment_id.in_(ids))).all() if ids \
        else []
    order = {c.id: n for n, c in enumerate(framework().puskom.readiness)}
    rows = sorted(rows, key=lambda r: (order.get(r.criterion_id, len(order)), r.criterion_id))
    out = []
    for h in heads:
        mine = [r for r in rows if r.assessment_id == h.id]
        out.append(Assessment(
            id=h.id, name=h.centre_name, district=h.district, district_code=h.district_code,
            assessed_on=h.assessed_on, assessed_by=h.assessed_by,
            answers={r.criterion_id: r.answer for r in mine},
            notes={r.criterion_id: r.note for r in mine if r.note}))
    return out


def list_assessments(ws: Workspace) -> list[Assessment]:
    """Every assessment of the workspace, oldest day first."""
    with reading(ws) as conn:
        return _assessments(conn, None)


def show(ws: Workspace, assessment_id: str) -> Assessment:
    """The assessment with this id; an unknown id is an :class:`InputError` naming ``id``."""
    with reading(ws) as conn:
        found = _assessments(conn, assessment.c.id == assessment_id)
    if not found:
        raise InputError("id", _("no Puskom readiness assessment has the id {id!r}").format(
            id=assessment_id))
    return found[0]
