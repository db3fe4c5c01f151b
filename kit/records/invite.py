"""The invite list of a session: every roster participant, by whether they may come.

Four groups, from the framework's activity prerequisites (bimtek needs advokasi, komunitas needs
bimtek; :mod:`kit.records.eligibility`) and the session's attendance:

* **eligible** — not checked in yet, every prerequisite taken part in;
* **not yet eligible** — not checked in, with the prerequisite activities still missing (why);
* **admitted** — checked in although not eligible, with the facilitator's recorded reason;
* **present** — checked in, eligible.

Admission is recorded with the attendance (``kit_attendance.admit_reason``), so admitting a
person with a reason also checks them in (at the door or from the invite list).
"""

from __future__ import annotations

from typing import Any

import attrs
import sqlalchemy as sa

from kit.framework import Activity
from kit.records.checkin import Candidate, candidates
from kit.records.participants import list_participants
from kit.records.sessions import Session, attendance
from kit.workspace import Workspace, reading

GROUPS = ("eligible", "not_eligible", "admitted", "present")


@attrs.frozen
class Invitee:
    """One roster participant on the invite list: who, their group, why not, why admitted."""

    candidate: Candidate
    group: str  # one of GROUPS
    admit_reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The keys of ``session invite --format json``."""
        c = self.candidate
        return {"id": c.participant_id, "name": c.name, "district": c.district,
                "type": c.participant_type, "group": self.group, "missing": list(c.missing),
                "admit_reason": self.admit_reason}


@attrs.frozen
class InviteGroups:
    """The invite list in its four groups, each ordered by name."""

    eligible: tuple[Invitee, ...]
    not_eligible: tuple[Invitee, ...]
    admitted: tuple[Invitee, ...]
    present: tuple[Invitee, ...]

    def all(self) -> list[Invitee]:
        """Every invitee, group after group (eligible, not eligible, admitted, present)."""
        return [*self.eligible, *self.not_eligible, *self.admitted, *self.present]


def invite_groups(conn: sa.Connection, session: Session, activity: Activity) -> InviteGroups:
    """The session's invite list (inside the caller's transaction)."""
    reasons = {a.participant_id: a.admit_reason for a in attendance(conn, session.id)}
    people = sorted(list_participants(conn), key=lambda p: (p.name.casefold(), p.id))
    groups: dict[str, list[Invitee]] = {g: [] for g in GROUPS}
    for c in candidates(conn, activity, session.id, people):
        reason = reasons.get(c.participant_id)
        if c.present:
            group = "admitted" if reason else "present"
        else:
            group = "eligible" if c.eligible else "not_eligible"
        groups[group].append(Invitee(c, group, reason))
    return InviteGroups(*(tuple(groups[g]) for g in GROUPS))


def invite_list(ws: Workspace, session: Session, activity: Activity) -> InviteGroups:
    """The session's invite list, read in one transaction."""
    with reading(ws) as conn:
        return invite_groups(conn, session, activity)
