"""Who is using the module: pick yourself from the roster, register, or a local profile.

Three situations:

* **Classroom** — the classroom server started this kernel for one participant (a signed token in
  ``UMKM_KIT_PARTICIPANT_TOKEN``, see :mod:`kit.classroom.identity`): the participant is known,
  and nobody is offered the roster picker. A page the classroom server builds without a token
  (``UMKM_KIT_CLASSROOM=1``: built once in the fork server, or the facilitator's visit) is in
  this mode too, with nobody as participant;
* **Roster** — the facilitator's server sets ``UMKM_KIT_WORKSPACE``; participants search the
  roster by name (district and business shown to tell namesakes apart) or register themselves.
* **Local** — on Binder or a personal Jupyter there is no roster: the kit keeps a workspace of its
  own (``~/.umkm-kit/workspace`` unless ``UMKM_KIT_HOME`` says otherwise) with one local profile;
  the participant registers once and is recognised on the next visit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import sqlalchemy as sa

from kit import settings
from kit.classroom.identity import ClassroomIdentity, current_identity, in_classroom
from kit.i18n import _
from kit.places import district_problem, normalise_district
from kit.records.participants import (
    Participant,
    add_participant,
    get_participant,
    list_participants,
    new_participant_id,
)
from kit.roster.districts import set_district_code
from kit.roster.normalise import name_case
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace, init_workspace, open_workspace

PROFILE_NAME = "local-profile.json"
ROSTER, LOCAL, CLASSROOM = "roster", "local", "classroom"
PHONE = re.compile(r"^\+?[0-9][0-9 -]{6,18}[0-9]$")
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@attrs.frozen
class Context:
    """Where the module keeps its records, and whether a shared roster exists."""

    ws: Workspace
    mode: str

    @property
    def profile_path(self) -> Path:
        """The local profile file (used in local mode only)."""
        return self.ws.root / PROFILE_NAME


def resolve_context(workspace: Path | None = None, local_home: Path | None = None) -> Context:
    """The roster workspace (``workspace`` or ``$UMKM_KIT_WORKSPACE``), else a local one.

    In a kernel the classroom server started for a participant the mode is ``classroom``.
    """
    root = workspace or settings.workspace_root()
    if root is not None:
        return Context(ws=open_workspace(root), mode=CLASSROOM if in_classroom() else ROSTER)
    home = local_home or settings.local_home()
    return Context(ws=init_workspace(home / "workspace"), mode=LOCAL)


def clean(text: str | None) -> str:
    """Trim and collapse inner whitespace."""
    return " ".join((text or "").split())


def validate_registration(name: str, district: str, phone: str = "") -> dict[str, str]:
    """Problems with a registration, by field (empty when it can be saved)."""
    errors: dict[str, str] = {}
    name, district, phone = clean(name), clean(district), clean(phone)
    if not name:
        errors["name"] = _("Please write your name.")
    elif len(LETTER.findall(name)) < 2:
        errors["name"] = _("A name needs at least two letters.")
    elif len(name) > 80:
        errors["name"] = _("That name is too long (at most 80 characters).")
    if not district:
        errors["district"] = _("Please write your district or city (kabupaten/kota).")
    elif len(LETTER.findall(district)) < 3:
        errors["district"] = _("Please write the full name of your district or city.")
    elif problem := district_problem(district):
        errors["district"] = problem
    if phone and not PHONE.match(phone):
        errors["phone"] = _("A phone number has digits only, e.g. 0812 3456 7890.")
    return errors


def search(participants: list[Participant], query: str, limit: int = 8) -> list[Participant]:
    """Participants whose name (or business) contains every word of ``query``, best first."""
    words = clean(query).lower().split()
    if not words:
        return []
    hits = []
    for p in participants:
        haystack = f"{p.name} {p.business_name or ''}".lower()
        if all(w in haystack for w in words):
            starts = p.name.lower().startswith(words[0])
            hits.append((not starts, p.name.lower(), p))
    return [p for _s, _n, p in sorted(hits, key=lambda h: (h[0], h[1]))][:limit]


def describe(p: Participant) -> str:
    """One line that tells namesakes apart: name — business, district."""
    extra = ", ".join(x for x in (p.business_name, p.district) if x)
    return f"{p.name} — {extra}" if extra else p.name


def roster(ws: Workspace) -> list[Participant]:
    """Everyone on the workspace's roster."""
    with read_tx(ws.engine) as conn:
        return list_participants(conn)


def districts(ws: Workspace) -> list[str]:
    """The districts already on the roster (suggestions for the registration form)."""
    return sorted({p.district for p in roster(ws)})


class DuplicateParticipant(ValueError):
    """Someone with the same name and district is already registered."""

    def __init__(self, existing: Participant):
        self.existing = existing
        super().__init__(existing.id)


def register(ws: Workspace, name: str, district: str, business_name: str = "",
             phone: str = "", allow_duplicate: bool = False) -> Participant:
    """Add a participant after :func:`validate_registration`; return the new record.

    Raises ``ValueError`` (message: the first problem) for invalid input and
    :class:`DuplicateParticipant` when the same name and district already exist, unless
    ``allow_duplicate``.
    """
    errors = validate_registration(name, district, phone)
    if errors:
        raise ValueError(next(iter(errors.values())))
    official = normalise_district(clean(district))
    assert official is not None  # noqa: S101 - validate_registration refused any other district
    p = Participant(id=new_participant_id(), name=name_case(clean(name)), district=official.name,
                    business_name=clean(business_name) or None, phone=clean(phone) or None)
    with write_tx(ws.engine) as conn:
        if not allow_duplicate:
            t = schema.participant
            row = conn.execute(sa.select(t.c.id).where(
                sa.func.lower(t.c.name) == p.name.lower(),
                sa.func.lower(t.c.district) == p.district.lower())).first()
            if row is not None:
                existing = get_participant(conn, row[0])
                assert existing is not None  # noqa: S101 - the row was just read
                raise DuplicateParticipant(existing)
        add_participant(conn, p)
        set_district_code(conn, p.id, official.code)
    return p


def load_profile(ctx: Context) -> Participant | None:
    """The participant of the local profile, if one was saved and still exists."""
    try:
        data = json.loads(ctx.profile_path.read_text(encoding="utf-8"))
        pid = str(data["participant_id"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    with read_tx(ctx.ws.engine) as conn:
        return get_participant(conn, pid)


def classroom_identity(ctx: Context) -> ClassroomIdentity | None:
    """The verified participant and session of a classroom kernel, or ``None``.

    ``None`` outside a classroom kernel, or when its token is no longer valid (e.g. the
    classroom was closed).
    """
    if ctx.mode != CLASSROOM:
        return None
    return current_identity(workspace=ctx.ws.root)


def save_profile(ctx: Context, participant: Participant) -> None:
    """Remember ``participant`` as this computer's local profile."""
    ctx.profile_path.write_text(json.dumps({"participant_id": participant.id}) + "\n",
                                encoding="utf-8")


def forget_profile(ctx: Context) -> None:
    """Forget the local profile (the records stay in the local workspace)."""
    ctx.profile_path.unlink(missing_ok=True)
