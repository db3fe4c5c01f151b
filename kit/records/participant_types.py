"""Participant types (3.1.3): who attends an activity, and the one rule that reads a typed type.

The guide lists four kinds of participant: UMKM owners and managers, NGOs and practitioners who
coach UMKM, staff of government agencies, and boards of UMKM communities. Only UMKM owners are
staged and counted in stage figures; the others attend and are reported as such.

A type is **stored** in ``kit_participant.participant_type`` as one of :data:`STORED_TYPES`
(``ngo``, ``government``, ``community_board``); an UMKM owner is stored as ``NULL`` (the default,
so every participant recorded before types existed is an UMKM owner). :func:`type_id` gives the
id of a stored value (``umkm`` for ``NULL``).
"""

from __future__ import annotations

import unicodedata

from kit.i18n import N_, _, gettext_

UMKM = "umkm"
TYPES = (UMKM, "ngo", "government", "community_board")
STORED_TYPES = TYPES[1:]

# What district offices write in a roster's "jenis peserta" column (compared case-folded, with
# spaces, dots, dashes and slashes collapsed), and the ids themselves.
_SPELLINGS: dict[str, str] = {
    "umkm": UMKM, "pelaku umkm": UMKM, "pelaku usaha": UMKM, "pemilik umkm": UMKM,
    "pengusaha": UMKM, "usaha": UMKM, "ukm": UMKM, "umkm owner": UMKM, "owner": UMKM,
    "ngo": "ngo", "lsm": "ngo", "lsm/praktisi": "ngo", "lsm praktisi": "ngo", "praktisi": "ngo",
    "lsm dan praktisi": "ngo", "pendamping": "ngo", "ngo/practitioner": "ngo",
    "practitioner": "ngo",
    "government": "government", "pemerintah": "government", "instansi": "government",
    "instansi pemerintah": "government", "staf instansi": "government",
    "staf instansi pemerintah": "government", "dinas": "government",
    "pns": "government", "asn": "government", "government staff": "government",
    "community_board": "community_board", "community board": "community_board",
    "pengurus komunitas": "community_board", "komunitas": "community_board",
    "pengurus paguyuban": "community_board", "paguyuban": "community_board",
}


LABELS = {
    UMKM: N_("UMKM owner"), "ngo": N_("NGO/practitioner"),
    "government": N_("government staff"), "community_board": N_("community board"),
}


def type_label(type_id: str | None, lang: str | None = None) -> str:
    """The type as facilitators read it, in ``lang`` (default: the language in force).

    ``None`` is an UMKM owner.
    """
    return gettext_(LABELS[type_id or UMKM], lang)


def type_id(stored: str | None) -> str:
    """The id of a stored type: ``umkm`` for ``NULL``."""
    return stored or UMKM


def is_umkm(stored: str | None) -> bool:
    """Whether a stored type is an UMKM owner (the only participants who are staged)."""
    return type_id(stored) == UMKM


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().replace("_", " ").replace("-", " ")
    folded = folded.replace(".", " ")
    return "/".join(" ".join(part.split()) for part in folded.split("/"))


def storage_form(text: str | None) -> str | None:
    """The stored form of a typed participant type: ``None`` for UMKM (or an empty cell).

    Accepts the ids and the guide's words in Bahasa Indonesia or English (``UMKM``,
    ``LSM/praktisi``, ``pemerintah``, ``pengurus komunitas``…); anything else raises a
    translated :class:`ValueError` listing what is accepted.
    """
    if text is None or not text.strip():
        return None
    found = _SPELLINGS.get(_key(text))
    if found is None:
        raise ValueError(_("unknown participant type {value!r}: use UMKM, LSM/praktisi, "
                           "pemerintah or pengurus komunitas").format(value=text.strip()))
    return None if found == UMKM else found
