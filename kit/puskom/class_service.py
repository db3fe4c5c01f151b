"""Schedule Puskom Kreatif classes, enrol participants, record attendance (6.4).

Each function takes a :class:`~kit.workspace.Workspace` and owns its transaction. Checks run
inside the write transaction before anything is written: a refused input is an
:class:`~kit.problems.InputError` naming the field (``kind``, ``place``, ``district``, ``at``,
``id``, ``participant``, ``community``) and nothing is written. Enrolling refuses a participant
below the stage the class kind needs (:func:`kit.puskom.classes.enrol_refusal`);
:func:`enrol_community` enrols the members of a community who may enrol and says why the others
may not.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs
import sqlalchemy as sa

from kit.community.tables import community, member
from kit.framework import framework
from kit.framework.stage_rule import reached_stages
from kit.i18n import _, get_language
from kit.places import official_district
from kit.problems import InputError
from kit.puskom.class_tables import enrolment, puskom_class
from kit.puskom.classes import (
    ClassFact,
    MonthCount,
    attend_refusal,
    class_kind,
    enrol_refusal,
    monthly_counts,
    start_time,
)
from kit.records.clock import now
from kit.records.scores import latest_levels
from kit.records.sessions import participation
from kit.storage import schema
from kit.workspace import Workspace, reading, writing


@attrs.frozen
class Enrolled:
    """One participant enrolled in a class, and whether their attendance is recorded."""

    participant_id: str
    name: str
    attended: bool

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"id": self.participant_id, "name": self.name, "attended": self.attended}


@attrs.frozen
class PuskomClass:
    """A scheduled class with the people enrolled in it."""

    id: str
    kind: str
    place: str
    district: str
    district_code: str | None
    held_on: date
    starts_at: str
    enrolled: tuple[Enrolled, ...] = ()

    @property
    def attended(self) -> int:
        """How many enrolled people attended."""
        return sum(1 for e in self.enrolled if e.attended)

    def as_dict(self, lang: str = "id") -> dict[str, Any]:
        """JSON-ready, with the kind's title in ``lang`` and the enrolled people."""
        kind = framework().puskom.class_kind(self.kind)
        return {"id": self.id, "kind": self.kind, "title": kind.title.get(lang),
                "needs_stage": kind.stage, "place": self.place, "district": self.district,
                "district_code": self.district_code, "held_on": self.held_on.isoformat(),
                "starts_at": self.starts_at, "enrolled_count": len(self.enrolled),
                "attended_count": self.attended,
                "enrolled": [e.as_dict() for e in self.enrolled]}


@attrs.frozen
class Refused:
    """A person who was not enrolled, and why (translated)."""

    participant_id: str
    name: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"id": self.participant_id, "name": self.name, "reason": self.reason}


def new_class_id() -> str:
    """A new random class id such as ``kl3f9a0c1e``."""
    return "kl" + secrets.token_hex(4)


def _required(value: str, field: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise InputError(field, _("must not be empty"))
    return text



def schedule(ws: Workspace, kind: str, place: str, district: str, on: date,
             at: str) -> PuskomClass:
    """Schedule a class of ``kind`` at ``place`` in ``district`` on day ``on`` at ``at``."""
    chosen = class_kind(kind)
    clean_place = _required(place, "place")
    found = official_district(district)
    district_name, code = found.name, found.code
    made = PuskomClass(id=new_class_id(), kind=chosen.id, place=clean_place,
                       district=district_name, district_code=code, held_on=on,
                       starts_at=start_time(at))
    with writing(ws) as conn:
        conn.execute(puskom_class.insert().values(
            id=made.id, kind=made.kind, place=made.place, district=made.district,
            district_code=made.district_code, held_on=made.held_on, starts_at=made.starts_at,
            recorded_at=now()))
    return made


def _classes(conn: sa.Connection, where: sa.ColumnElement[bool] | None) -> list[PuskomClass]:
    query = sa.select(puskom_class).order_by(puskom_class.c.held_on, puskom_class.c.starts_at,
                                             puskom_class.c.id)
    if where is not None:
        query = query.where(where)
    heads = conn.execute(query).all()
    ids = [h.id for h in heads]
    p = schema.participant
    rows = conn.execute(
        sa.select(enrolment.c.class_id, enrolment.c.participant_id, enrolment.c.attended_at,
                  p.c.name)
        .join(p, p.c.id == enrolment.c.participant_id)
        .where(enrolment.c.class_id.in_(ids))
        .order_by(p.c.name, p.c.id)).all() if ids else []
    return [PuskomClass(
        id=h.id, kind=h.kind, place=h.place, district=h.district, district_code=h.district_code,
        held_on=h.held_on, starts_at=h.starts_at,
        enrolled=tuple(Enrolled(r.participant_id, r.name, r.attended_at is not None)
                       for r in rows if r.class_id == h.id))
        for h in heads]


def _one(conn: sa.Connection, class_id: str) -> PuskomClass:
    found = _classes(conn, puskom_class.c.id == class_id.strip())
    if not found:
        raise InputError("id", _("no Puskom class has the id {id!r}").format(id=class_id))
    return found[0]


def list_classes(ws: Workspace) -> list[PuskomClass]:
    """Every class of the workspace, earliest first."""
    with reading(ws) as conn:
        return _classes(conn, None)


def show(ws: Workspace, class_id: str) -> PuskomClass:
    """The class with this id; an unknown id is an :class:`InputError` naming ``id``."""
    with reading(ws) as conn:
        return _one(conn, class_id)


def _names(conn: sa.Connection, ids: Iterable[str]) -> dict[str, str]:
    p = schema.participant
    wanted = list(ids)
    if not wanted:
        return {}
    return {row.id: row.name
            for row in conn.execute(sa.select(p.c.id, p.c.name).where(p.c.id.in_(wanted)))}


def _refusals(conn: sa.Connection, cls: PuskomClass, ids: list[str],
              lang: str) -> dict[str, str]:
    """Participant id → why they may not enrol in ``cls`` (the rest may)."""
    fw = framework()
    kind = fw.puskom.class_kind(cls.kind)
    names = _names(conn, ids)
    already = {e.participant_id for e in cls.enrolled}
    levels = latest_levels(conn) if kind.stage is not None else {}
    took_part = participation(conn) if kind.stage is not None else {}
    out: dict[str, str] = {}
    for pid in ids:
        if pid not in names:
            out[pid] = _("no participant has this id")
        elif pid in already:
            out[pid] = _("is already enrolled in this class")
        else:
            reached = {s.id for s in reached_stages(fw, levels.get(pid, {}),
                                                    took_part.get(pid, set()))}
            reason = enrol_refusal(kind, reached, lang, fw)
            if reason is not None:
                out[pid] = reason
    return out


def _insert(conn: sa.Connection, class_id: str, ids: Iterable[str]) -> None:
    at = now()
    rows = [{"class_id": class_id, "participant_id": pid, "enrolled_at": at} for pid in ids]
    if rows:
        conn.execute(enrolment.insert(), rows)


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i.strip() for i in ids if i.strip()))


def enrol(ws: Workspace, class_id: str, participant_ids: Iterable[str]) -> PuskomClass:
    """Enrol every participant of ``participant_ids`` in the class, or nobody.

    The first one who may not enrol (unknown, already enrolled, below the kind's stage) is an
    :class:`InputError` naming ``participant`` with their id and the reason.
    """
    ids = _unique(participant_ids)
    if not ids:
        raise InputError("participant", _("name at least one participant id"))
    with writing(ws) as conn:
        cls = _one(conn, class_id)
        refused = _refusals(conn, cls, ids, get_language())
        if refused:
            pid = next(i for i in ids if i in refused)
            raise InputError("participant", f"{pid}: {refused[pid]}")
        _insert(conn, cls.id, ids)
        return _one(conn, cls.id)


def enrol_community(ws: Workspace, class_id: str,
                    community_id: str) -> tuple[PuskomClass, tuple[Refused, ...]]:
    """Enrol the members of a community who may enrol; return the class and those refused.

    Members already enrolled are left as they are (not listed as refused). An unknown community
    is an :class:`InputError` naming ``community``.
    """
    with writing(ws) as conn:
        cls = _one(conn, class_id)
        if conn.execute(sa.select(community.c.id).where(
                community.c.id == community_id.strip())).first() is None:
            raise InputError("community", _("no community has the id {id!r}").format(
                id=community_id))
        already = {e.participant_id for e in cls.enrolled}
        ids = [pid for (pid,) in conn.execute(
            sa.select(member.c.participant_id).where(member.c.community_id == community_id.strip())
            .order_by(member.c.participant_id)) if pid not in already]
        refused = _refusals(conn, cls, ids, get_language())
        names = _names(conn, refused)
        _insert(conn, cls.id, [pid for pid in ids if pid not in refused])
        return _one(conn, cls.id), tuple(Refused(pid, names.get(pid, ""), refused[pid])
                                         for pid in ids if pid in refused)


def attend(ws: Workspace, class_id: str, participant_ids: Iterable[str],
           today: date) -> PuskomClass:
    """Record that these enrolled participants attended the class (all of them, or none).

    Someone not enrolled, or a class whose day is after ``today``, is an :class:`InputError`
    naming ``participant`` (with the id) or ``id``. Recording twice changes nothing.
    """
    ids = _unique(participant_ids)
    if not ids:
        raise InputError("participant", _("name at least one participant id"))
    with writing(ws) as conn:
        cls = _one(conn, class_id)
        enrolled = {e.participant_id for e in cls.enrolled}
        early = attend_refusal(True, cls.held_on, today)
        if early is not None:
            raise InputError("id", early)
        for pid in ids:
            reason = attend_refusal(pid in enrolled, cls.held_on, today)
            if reason is not None:
                raise InputError("participant", f"{pid}: {reason}")
        conn.execute(enrolment.update().where(
            enrolment.c.class_id == cls.id, enrolment.c.participant_id.in_(ids),
            enrolment.c.attended_at.is_(None)).values(attended_at=now()))
        return _one(conn, cls.id)


def counts(ws: Workspace) -> tuple[MonthCount, ...]:
    """Classes per kind × district (Kemendagri code) × month: scheduled, enrolled, attended."""
    return monthly_counts(ClassFact(kind=c.kind, district=c.district_code or c.district,
                                    held_on=c.held_on, enrolled=len(c.enrolled),
                                    attended=c.attended) for c in list_classes(ws))
