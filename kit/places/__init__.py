"""Places: Indonesia's official kabupaten and kota, and district names as people write them.

The official list (name, Kemendagri code, province) is data, ``data/districts.csv``; its source
and licence are described in ``data/README.md``. :func:`normalise_district` maps what people
write ("Kab. Sragen", "kabupaten sragen", "SRAGEN", "Kodya Pontianak", "33.14") to one official
:class:`District`; :func:`district_candidates` says which districts a text could mean, so that
a caller can tell "unknown" (none) from "ambiguous" (several: "Bogor" is both Kabupaten Bogor
and Kota Bogor, and nothing is guessed). A few widely used abbreviations ("ptk" for Pontianak)
are listed, with their reason, in ``data/aliases.csv``. The data is read once and cached.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

import attrs

from kit.i18n import _

DATA_DIR = Path(__file__).parent / "data"
KINDS = ("kabupaten", "kota")

# Words that say "kabupaten" or "kota" before a name, as written in district-office forms.
_KIND_WORDS = {
    "kabupaten": "kabupaten", "kab": "kabupaten", "kabup": "kabupaten", "pemkab": "kabupaten",
    "kota": "kota", "kodya": "kota", "kotamadya": "kota", "kotamadia": "kota", "pemkot": "kota",
    "kt": "kota",
}
_ADMIN_WORDS = ("administrasi", "adm")
_CODE = re.compile(r"^(\d{2})[.\s]?(\d{2})$")


@attrs.frozen
class District:
    """One official kabupaten or kota: Kemendagri code, official name, kind and province."""

    code: str
    name: str
    kind: str
    province_code: str
    province: str

    @property
    def bare_name(self) -> str:
        """The name without "Kabupaten", "Kota" or "Administrasi" (``Sragen``)."""
        return _strip_kind(self.name)[1]


def _strip_kind(name: str) -> tuple[str | None, str]:
    words = name.split()
    kind = None
    if words and words[0].casefold() in ("kabupaten", "kota"):
        kind = words[0].casefold()
        words = words[1:]
        if words and words[0].casefold() == "administrasi":
            words = words[1:]
    return kind, " ".join(words)


def place_key(text: str) -> str:
    """The comparison form of a place name: case, accents, punctuation and spaces ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def _words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return plain.split()


@attrs.frozen
class _Index:
    by_code: dict[str, District]
    by_bare: dict[str, tuple[District, ...]]
    aliases: dict[str, District]
    provinces: dict[str, str]


@cache
def _index() -> _Index:
    with (DATA_DIR / "districts.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_code: dict[str, District] = {}
    by_bare: dict[str, list[District]] = {}
    provinces: dict[str, str] = {}
    for row in rows:
        district = District(code=row["code"], name=row["name"], kind=row["kind"],
                            province_code=row["province_code"], province=row["province"])
        by_code[district.code] = district
        by_bare.setdefault(place_key(district.bare_name), []).append(district)
        provinces[place_key(district.province)] = district.province_code
    aliases: dict[str, District] = {}
    with (DATA_DIR / "aliases.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            aliases[place_key(row["alias"])] = by_code[row["code"]]
    return _Index(by_code, {k: tuple(v) for k, v in by_bare.items()}, aliases, provinces)


def all_districts() -> tuple[District, ...]:
    """Every official kabupaten and kota, in code order."""
    return tuple(sorted(_index().by_code.values(), key=lambda d: d.code))


def district_by_code(code: str) -> District | None:
    """The district with this Kemendagri code (``33.14``), or ``None``."""
    return _index().by_code.get(code.strip())


def _candidates_of(text: str) -> tuple[District, ...]:
    index = _index()
    if m := _CODE.match(text.strip()):
        found = index.by_code.get(f"{m.group(1)}.{m.group(2)}")
        return (found,) if found else ()
    words = _words(text)
    if not words:
        return ()
    whole = "".join(words)
    if whole in index.aliases:
        return (index.aliases[whole],)
    kind = None
    rest = words
    if len(rest) > 1 and rest[0] == "kota" and rest[1] == "madya":
        rest = rest[1:]
    if len(rest) > 1 and rest[0] in _KIND_WORDS:
        kind = _KIND_WORDS[rest[0]]
        rest = rest[1:]
        if len(rest) > 1 and rest[0] in _ADMIN_WORDS:
            rest = rest[1:]
    if kind is not None:
        typed = tuple(d for d in index.by_bare.get("".join(rest), ()) if d.kind == kind)
        if typed:
            return typed
    # "Kota Baru" may be Kabupaten Kotabaru; a name without a kind may be either kind.
    return index.by_bare.get(whole, ())


def district_candidates(text: str | None) -> tuple[District, ...]:
    """Every official district that ``text`` could mean: none (unknown), one, or several.

    Accepted: the official name in any case and spacing, a kind abbreviated (``Kab.``, ``Kab``,
    ``Kodya``, ``Kotamadya``, ``Kota Adm.``), the bare name (``Sragen``), a Kemendagri code
    (``33.14``), a listed abbreviation (``ptk``), and a province after a comma
    (``Bogor, Jawa Barat``) which narrows the candidates when it names a province.
    """
    if not text or not text.strip():
        return ()
    head, _sep, tail = text.partition(",")
    found = _candidates_of(head if tail.strip() else text)
    province = _index().provinces.get(place_key(tail)) if tail.strip() else None
    if province is not None:
        narrowed = tuple(d for d in found if d.province_code == province)
        return narrowed or found
    return found


def normalise_district(text: str | None) -> District | None:
    """The one official district ``text`` means, or ``None`` if unknown or ambiguous.

    Use :func:`district_candidates` to tell the two apart (and to show the choices).
    """
    found = district_candidates(text)
    return found[0] if len(found) == 1 else None


def district_problem(text: str | None) -> str | None:
    """Why ``text`` cannot be taken as one official district (translated), or ``None`` if it can.

    Forms where a person types their own district (classroom walk-in, module registration)
    accept only a recognised district: an ambiguous one asks which, an unknown one asks for the
    full name.
    """
    found = district_candidates(text)
    if len(found) == 1:
        return None
    if found:
        return _("{choices}? Please write the full name.").format(
            choices=_(" or ").join(d.name for d in found))
    return _("Please write the full name of your kabupaten/kota, for example Kabupaten Sragen.")


def official_district(text: str) -> District:
    """The one official district ``text`` means; otherwise an :class:`InputError` on ``district``.

    The services that record a place (a Puskom candidate, a class, a community) take a district
    only when it is one official kabupaten/kota: an ambiguous name lists the choices, an unknown
    one asks for the full name.
    """
    from kit.problems import InputError

    found = district_candidates(text)
    if len(found) == 1:
        return found[0]
    if found:
        raise InputError("district", _("{value!r} could be {choices}; write the full name").format(
            value=text, choices=_(" or ").join(d.name for d in found)))
    raise InputError("district", _("{value!r} is not an official kabupaten/kota; write the full "
                                   "name, for example Kabupaten Sragen").format(value=text))


def suggest_districts(text: str | None, limit: int = 8) -> tuple[District, ...]:
    """Districts whose bare or official name starts with (or contains) what was typed."""
    key = place_key(text or "")
    if not key:
        return ()
    exact = district_candidates(text)
    starts = [d for d in all_districts()
              if place_key(d.bare_name).startswith(key) or place_key(d.name).startswith(key)]
    inside = [d for d in all_districts() if key in place_key(d.name)]
    seen: dict[str, District] = {}
    for d in (*exact, *starts, *inside):
        seen.setdefault(d.code, d)
    return tuple(seen.values())[:limit]


__all__ = [
    "KINDS", "District", "all_districts", "district_by_code", "district_candidates",
    "district_problem", "normalise_district", "place_key", "suggest_districts",
]
