"""Normal forms of roster values: phone numbers, names, gender, age group, free text.

Phone numbers are stored in E.164 form (``+6281234567890``) by the one phone rule,
:func:`kit.records.phone.storage_form`; :func:`normalise_phone` only reads the spreadsheet cell
first. Each function returns the normal value or raises :class:`ValueError` whose message is
translated, ready to show.

Every value first loses its control and invisible format characters
(:func:`kit.tabular.cell_safety.strip_controls`). Text is kept as given otherwise: a name that
starts with ``=`` is stored with that ``=``; exports neutralise it (see
:mod:`kit.tabular.cell_safety`). The classroom walk-in form uses the same functions.
"""

from __future__ import annotations

import re
import unicodedata

from kit.i18n import _
from kit.records import participant_types
from kit.records.phone import storage_form
from kit.roster.read import CellValue
from kit.tabular.cell_safety import strip_controls

AGE_GROUPS = ("<30", "30-39", "40-49", "50-59", "60+")
MIN_AGE, MAX_AGE = 15, 100
# Cells that mean "nothing here" in district-office spreadsheets.
EMPTY_MARKERS = frozenset({"-", "--", "---", "–", "—", ".", "n/a", "na", "#n/a"})

_GENDERS = {
    "l": "L", "lk": "L", "laki": "L", "laki-laki": "L", "laki laki": "L", "lakilaki": "L",
    "pria": "L", "m": "L", "male": "L", "man": "L",
    "p": "P", "pr": "P", "pr.": "P", "perempuan": "P", "wanita": "P", "w": "P", "f": "P",
    "female": "P", "woman": "P",
}
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")
_AGE_NUMBER = re.compile(r"^(\d{1,3})(?:[.,]0+)?\s*(?:th|thn|tahun|tahunan|years?|yrs?|y)?\.?$")
_YEARS = r"(?:\s*(?:th|thn|tahun|years?))?"
_RANGE = re.compile(r"^(\d{1,3})\s*(?:-|–|—|s/?d|sampai|to)\s*(\d{1,3})" + _YEARS + "$")
_UNDER = re.compile(r"^(?:(<=|sampai dengan|s/?d|maksimal|maks\.?)|<|kurang dari|di ?bawah|"
                    r"under|below)\s*(\d{1,3})" + _YEARS + "$")
_OVER = re.compile(
    r"^(?:(>=|>|lebih dari|di ?atas|over|above)\s*(\d{1,3})|(\d{1,3})\s*(?:\+|"
    r"(?:th|thn|tahun)?\s*ke ?atas|and over|or more|years and over))" + _YEARS + "$")


def cell_text(value: CellValue) -> str:
    """A cell as text: numbers without a spurious ``.0``, control characters removed, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return strip_controls(str(value)).strip()


def is_empty(value: CellValue) -> bool:
    """Whether a cell is empty or only a placeholder such as ``-``."""
    return cell_text(value).casefold() in EMPTY_MARKERS | {""}


def clean_text(value: CellValue) -> str | None:
    """Free text (business name, village…): NFC, controls removed, whitespace collapsed.

    Text that a spreadsheet would run (``=…``) is kept as given; exports neutralise it.
    """
    if is_empty(value):
        return None
    text = " ".join(unicodedata.normalize("NFC", cell_text(value)).split())
    return text or None


def clean_name(value: CellValue) -> str | None:
    """A person's name: controls removed, whitespace (and line breaks) collapsed, case kept."""
    return clean_text(value)


def normalise_name(value: CellValue) -> str | None:
    """A person's name cleaned (:func:`clean_name`) and, if typed in one case, in proper case."""
    name = clean_name(value)
    return name_case(name) if name is not None else None


def name_key(text: str | None) -> str:
    """The comparison form of a name or place (case and accents on letters kept apart)."""
    return " ".join((text or "").casefold().split())


def normalise_phone(value: CellValue) -> str | None:
    """A phone number cell in E.164 form (``+628…``), ``None`` if the cell is empty.

    The cell is read first (a number typed as ``812….0``, a leading ``'``, scientific notation
    whose last digits are lost); the number itself follows :func:`kit.records.phone.storage_form`.
    """
    if is_empty(value):
        return None
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(_("not a phone number: {value}").format(value=value))
    raw = cell_text(value).lstrip("'")
    if _SCIENTIFIC.match(raw):
        raise ValueError(_("the phone number was saved in scientific notation ({value}) and its "
                           "last digits are lost; format the column as Text in Excel and type "
                           "the number again").format(value=raw))
    return storage_form(raw)


def normalise_gender(value: CellValue) -> str | None:
    """``L`` (laki-laki) or ``P`` (perempuan); English and long spellings accepted."""
    if is_empty(value):
        return None
    key = " ".join(cell_text(value).casefold().split())
    if key in _GENDERS:
        return _GENDERS[key]
    raise ValueError(_("unknown gender {value!r}: use L (laki-laki) or P (perempuan)")
                     .format(value=cell_text(value)))


def normalise_participant_type(value: CellValue) -> str | None:
    """The stored participant type of a cell (3.1.3): ``None`` for UMKM or an empty cell.

    ``UMKM``, ``LSM/praktisi``, ``pemerintah``, ``pengurus komunitas`` and the ids (``ngo``,
    ``government``, ``community_board``) are accepted; anything else raises a translated
    :class:`ValueError` (see :func:`kit.records.participant_types.storage_form`).
    """
    if is_empty(value):
        return None
    return participant_types.storage_form(cell_text(value))


def group_of_age(age: int) -> str:
    """The age group of an age in years."""
    if age < 30:
        return "<30"
    if age >= 60:
        return "60+"
    low = age // 10 * 10
    return f"{low}-{low + 9}"


def normalise_age_group(value: CellValue) -> str | None:
    """The reporting age group of an age in years or of an age band as districts write it.

    An age (``45``, ``45 tahun``) gives its group in :data:`AGE_GROUPS`. A band (``20-29``,
    ``30–39 th``, ``< 20``, ``kurang dari 20``, ``≥ 60``, ``60+``, ``> 50``, ``di atas 50``,
    ``50 tahun ke atas``) that lies inside one reporting group gives that group; a band that
    straddles two (``41-50``, ``> 50``) is kept as given, in a compact form (``41-50``, ``>50``),
    never guessed. Anything else, or an age outside 15–100, raises :class:`ValueError`.
    """
    if is_empty(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_age(int(value), cell_text(value))
    shown = cell_text(value)
    text = " ".join(shown.casefold().replace("–", "-").replace("—", "-").split())
    text = text.replace("≤", "<=").replace("≥", ">=")
    if m := _AGE_NUMBER.match(text):
        return _from_age(int(m.group(1)), shown)
    band: tuple[int, int, str] | None = None
    if m := _RANGE.match(text):
        band = (int(m.group(1)), int(m.group(2)), f"{m.group(1)}-{m.group(2)}")
    elif m := _UNDER.match(text):
        limit = int(m.group(2))
        high = limit if m.group(1) else limit - 1
        band = (MIN_AGE, high, ("<={0}" if m.group(1) else "<{0}").format(limit))
    elif m := _OVER.match(text):
        if m.group(1) and m.group(1) != ">=":
            band = (int(m.group(2)) + 1, MAX_AGE, f">{m.group(2)}")
        else:
            low = int(m.group(2) or m.group(3))
            band = (low, MAX_AGE, f"{low}+")
    if band is None or not MIN_AGE <= band[0] <= band[1] <= MAX_AGE:
        raise ValueError(_("age {value!r} is neither an age in years nor a clear age band "
                           "(such as 20-29, < 20 or 60+)").format(value=shown))
    low, high, given = band
    low_group, high_group = group_of_age(low), group_of_age(high)
    return low_group if low_group == high_group else given


def _from_age(age: int, shown: str) -> str:
    if not MIN_AGE <= age <= MAX_AGE:
        raise ValueError(_("age {value} is not plausible (expected {low} to {high} years)")
                         .format(value=shown, low=MIN_AGE, high=MAX_AGE))
    return group_of_age(age)


# Words of a name written in lower case after the first word (Arabic and Dutch particles).
NAME_PARTICLES = frozenset({"bin", "binti", "bt", "van", "von", "der", "den", "de", "da", "di"})
_INITIALS = re.compile(r"^(?:\w\.)+\w?$")


def name_case(text: str) -> str:
    """A name typed all in lower case or all in capitals, in proper case; others as typed.

    Every word is capitalised (``ibu ratna dewi`` → ``Ibu Ratna Dewi``; titles are kept), the
    particles in :data:`NAME_PARTICLES` are lower case after the first word (``Muhammad bin
    Abdullah``), initials are capitals (``R.A. Kartini``), and each part of a word joined by
    ``-``, ``'`` or ``.`` is capitalised (``Siti-Nur``, ``S.Pd``). A name with both cases was
    typed deliberately and is returned unchanged.
    """
    if text == text.lower() and text == text.upper():
        return text
    if text not in (text.lower(), text.upper()):
        return text
    words = text.split(" ")
    out: list[str] = []
    for index, word in enumerate(words):
        lower = word.lower()
        if index and lower in NAME_PARTICLES:
            out.append(lower)
        elif _INITIALS.match(lower) and len(lower.replace(".", "")) <= 3 and lower.count(".") > 1:
            out.append(word.upper())
        else:
            out.append(re.sub(r"(^|[-'.’(])(\w)", lambda m: m.group(1) + m.group(2).upper(),
                              lower))
    return " ".join(out)
