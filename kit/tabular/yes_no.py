"""A yes/no cell as people type it: one normalisation for every yes/no column of the kit.

A cell is compared NFKC-normalised, case-folded, with its spaces collapsed and a final full stop
dropped; a whole-number float (``1.0`` from a spreadsheet) is its integer. Each caller brings its
own words for yes, no and blank (consent, readiness answers…) and its own message for a value
that is none of them.
"""

from __future__ import annotations

import unicodedata


class NotAnAnswer(ValueError):
    """The value is none of the caller's yes, no or blank words."""


def fold(value: object) -> str:
    """The cell as it is compared with the words."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(unicodedata.normalize("NFKC", str(value)).casefold().split())
    return text.rstrip(".")


def yes_no(value: object, yes: frozenset[str], no: frozenset[str],
           blank: frozenset[str]) -> bool | None:
    """``True``, ``False`` or ``None`` (blank) for ``value``; :class:`NotAnAnswer` otherwise.

    ``None`` is blank and a ``bool`` is itself, whatever the words.
    """
    if value is None or isinstance(value, bool):
        return value
    text = fold(value)
    if text in blank:
        return None
    if text in yes:
        return True
    if text in no:
        return False
    raise NotAnAnswer(text)
