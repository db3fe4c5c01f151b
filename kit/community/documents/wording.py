"""Words both documents share: the board's role labels and dates written out in words."""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date

from kit.community.documents.model import ROLES
from kit.i18n import gettext_, normalise

# A line to fill in by hand (a letter's number, an official's NIP).
BLANK_LINE = "." * 30


def role_label(role: str, lang: str) -> str:
    """The label of a board role in ``lang`` ("Wakil Ketua" / "Vice-chair")."""
    labels = {"ketua": gettext_("Chair", lang), "wakil_ketua": gettext_("Vice-chair", lang),
              "sekretaris": gettext_("Secretary", lang),
              "bendahara": gettext_("Treasurer", lang)}
    return labels.get(role, role)


def role_labels(lang: str) -> str:
    """The four role labels, comma-separated, in the board's order."""
    return ", ".join(role_label(role, lang) for role in ROLES)


def _locale(lang: str) -> str:
    """Babel's locale for ``lang``: English or Bahasa Indonesia."""
    return "en" if normalise(lang) == "en" else "id"


def date_words(day: date, lang: str) -> str:
    """``day`` in words: "4 Desember 2026" (or "December 4, 2026")."""
    return format_date(day, format="long", locale=_locale(lang))


def day_and_date(day: date, lang: str) -> str:
    """The weekday and the date in words: "Jumat, 4 Desember 2026"."""
    return f"{format_date(day, format='EEEE', locale=_locale(lang))}, {date_words(day, lang)}"


_DISTRICT_KINDS = re.compile(r"^(?:kabupaten|kab\.|kota)\s+(?:administrasi\s+)?", re.I)


def signing_town(district: str) -> str:
    """The town a letter is dated from: the district's name without its kind ("Sragen").

    "Kabupaten Sragen" → "Sragen", "Kota Administrasi Jakarta Pusat" → "Jakarta Pusat"; a name
    without a kind is kept as written.
    """
    clean = " ".join(district.split())
    return _DISTRICT_KINDS.sub("", clean) or clean


def place_and_date(district: str, day: date, lang: str) -> str:
    """The line above a signature: the town and the date, "Sragen, 4 Desember 2026".

    Dated from the district's town (:func:`signing_town`), never the hall the meeting was in.
    """
    return f"{signing_town(district)}, {date_words(day, lang)}"
