"""Phone numbers: the one rule that reads a typed number, in its storage and its display form.

A number is **stored** in E.164 form: ``+62`` followed by the national number without its
leading 0 (``0812-3456-7890``, ``62 812 3456 7890``, ``+62 812…``, ``0062…`` and
``81234567890``, a number that lost its 0 in a spreadsheet, all become ``+6281234567890``).
E.164 is unambiguous, is what WhatsApp links (``wa.me/6281…``) use, and survives spreadsheets as
text; the roster, the classroom's walk-in form and the match of imported rows use it.

A number is **shown** as Indonesians write it: ``0812…`` (the practice shop's seller profile,
what a buyer would see). Both forms come from :func:`storage_form`, so a number accepted in one
place is accepted everywhere. Spreadsheet cells (empty markers, numbers typed as floats,
scientific notation) are read by :func:`kit.roster.normalise.normalise_phone` before this rule.
"""

from __future__ import annotations

import re

from kit.i18n import _

# Spaces, dashes (of every width), dots and brackets people put inside numbers.
_PHONE_JUNK = re.compile(r"[\s\-.()\u00a0\u2010-\u2015]+")
COUNTRY = "+62"


def storage_form(text: str) -> str:
    """An Indonesian phone number in E.164 form (``+628…``); raises a translated ValueError.

    Accepted: ``08…``, ``8…`` (lost its 0), ``62…``, ``+62…``, ``0062…``, with spaces, dashes,
    dots or brackets; mobile numbers (``8`` + 8 to 11 digits) and landlines (area code + number,
    7 to 10 digits). Numbers of other countries must start with ``+``.
    """
    raw = text.strip()
    compact = _PHONE_JUNK.sub("", raw)
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not digits.isdigit():
        raise ValueError(_("not a phone number: {value} (only digits, spaces, dashes and a "
                           "leading + are allowed; one number per cell)").format(value=raw))
    if digits.startswith("0062"):
        national = digits[4:]
    elif digits.startswith("62"):
        national = digits[2:]
    elif plus:
        if 8 <= len(digits) <= 15:
            return "+" + digits
        raise ValueError(_("not a phone number: {value}").format(value=raw))
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    if national.startswith("0"):
        national = national[1:]
    if national.startswith("8"):
        ok = 9 <= len(national) <= 12
    else:
        ok = national[:1] in "234679" and 7 <= len(national) <= 10
    if not ok:
        raise ValueError(_("not an Indonesian phone number: {value} (expected e.g. "
                           "0812-3456-7890 or +62 812 3456 7890)").format(value=raw))
    return COUNTRY + national


def is_mobile(stored: str) -> bool:
    """Whether a stored (E.164) number is an Indonesian mobile number (``+628…``)."""
    return stored.startswith(COUNTRY + "8")


def display_form(text: str, *, mobile_only: bool = False) -> str | None:
    """A typed number as Indonesians write it (``0812…``), or ``None`` when it is not one.

    Indonesian numbers lose ``+62`` for a leading 0; other countries' numbers stay in E.164.
    With ``mobile_only`` a landline or a foreign number is ``None`` too.
    """
    try:
        stored = storage_form(text)
    except ValueError:
        return None
    if mobile_only and not is_mobile(stored):
        return None
    return "0" + stored[len(COUNTRY):] if stored.startswith(COUNTRY) else stored
