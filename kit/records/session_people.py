"""The people of a session besides its participants (pure rules): committee and support team.

* The organising committee (*panitia*) has the roles a district office's decree
  (*SK panitia*) usually lists: ketua, wakil ketua, sekretaris, bendahara, anggota. Its chair
  reports at the opening (the rundown's ``laporan_panitia``). A member is written
  ``role=Name`` on the command line (``ketua=Ibu Rina``); the role may be written in Bahasa
  Indonesia or English.
* The speakers per rundown item are proposed by the framework's strategy tables 3.1 / 4.1 / 5.1
  (``Activity.strategy``); the rundown keeps their names.
* A bimtek has a support team of two or three people who help participants at their devices
  (4.1.8); outside that range is a warning, never a refusal.
"""

from __future__ import annotations

from collections.abc import Sequence

from kit.framework import Activity
from kit.i18n import N_, _, gettext_
from kit.records.sessions import CommitteeMember, one_line

COMMITTEE_ROLES = ("ketua", "wakil_ketua", "sekretaris", "bendahara", "anggota")
NAME_MAX = 120
# 4.1.8: the bimtek's support team; other activities have none in the guide.
SUPPORT_TEAM_SIZE: dict[str, tuple[int, int]] = {"bimtek": (2, 3)}
_ROLE_WORDS = {
    "ketua": "ketua", "ketua panitia": "ketua", "chair": "ketua", "chairperson": "ketua",
    "wakil ketua": "wakil_ketua", "wakil": "wakil_ketua", "vice chair": "wakil_ketua",
    "sekretaris": "sekretaris", "secretary": "sekretaris",
    "bendahara": "bendahara", "treasurer": "bendahara",
    "anggota": "anggota", "member": "anggota", "seksi": "anggota",
}


ROLE_LABELS = {"ketua": N_("committee chair"), "wakil_ketua": N_("committee vice chair"),
               "sekretaris": N_("committee secretary"), "bendahara": N_("committee treasurer"),
               "anggota": N_("committee member")}


def role_label(role: str, lang: str | None = None) -> str:
    """A committee role as people read it, in ``lang`` (default: the language in force)."""
    return gettext_(ROLE_LABELS[role], lang) if role in ROLE_LABELS else role


def role_id(text: str) -> str:
    """The role id of a typed role (``Ketua``, ``wakil-ketua``, ``secretary``…).

    Raises a translated :class:`ValueError` naming the roles the kit knows.
    """
    key = " ".join(text.casefold().replace("_", " ").replace("-", " ").split())
    if key in _ROLE_WORDS:
        return _ROLE_WORDS[key]
    raise ValueError(_("unknown committee role {value!r}; the roles are: {roles}").format(
        value=text.strip(), roles=", ".join(COMMITTEE_ROLES)))


def person_name(text: str) -> str:
    """A person's name on one line; raises a translated :class:`ValueError` if empty or long."""
    name = one_line(text)
    if not name:
        raise ValueError(_("write the person's name"))
    if len(name) > NAME_MAX:
        raise ValueError(_("the name is too long (at most {n} characters)").format(n=NAME_MAX))
    return name


def committee_member(spec: str) -> CommitteeMember:
    """One member written ``role=Name``; raises a translated :class:`ValueError` if not."""
    role, sep, name = spec.partition("=")
    if not sep:
        raise ValueError(_("write a committee member as ROLE=NAME, for example "
                           "\"ketua=Ibu Rina\" (not {value!r})").format(value=spec))
    return CommitteeMember(role_id(role), person_name(name))


def committee(specs: Sequence[str]) -> tuple[CommitteeMember, ...]:
    """The committee from ``role=Name`` texts, in the roles' order (one empty text: none)."""
    members = [committee_member(s) for s in specs if s.strip()]
    return tuple(sorted(members, key=lambda m: COMMITTEE_ROLES.index(m.role)))


def support_team(names: Sequence[str]) -> tuple[str, ...]:
    """The support team's names, cleaned, duplicates dropped (empty texts are skipped)."""
    return tuple(dict.fromkeys(person_name(n) for n in names if one_line(n)))


def support_team_warning(activity: Activity, team: Sequence[str]) -> str | None:
    """A translated warning when a bimtek's support team is not 2–3 people (4.1.8), or ``None``."""
    if activity.id not in SUPPORT_TEAM_SIZE:
        return None
    low, high = SUPPORT_TEAM_SIZE[activity.id]
    if low <= len(team) <= high:
        return None
    return _("The support team has {n} people; the guide (4.1.8) asks for {lo}–{hi} at a "
             "bimtek.").format(n=len(team), lo=low, hi=high)


def proposed_speakers(activity: Activity, lang: str) -> list[tuple[str, str]]:
    """The strategy table's issues and the speakers it proposes for them, in ``lang``."""
    return [(row.issue.get(lang), row.speaker.get(lang)) for row in activity.strategy]
