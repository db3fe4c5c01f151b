"""Rupiah amounts as people type and read them: one reader and one format for the whole kit.

Shop owners write ``15000``, ``15.000``, ``Rp 15.000`` or ``Rp15.000,00`` (the dot groups
thousands, the comma starts the sen), often typed on an Android keyboard or pasted from a
marketplace. A browser's number field reads ``15.000`` as fifteen, so the kit takes money as text
and reads it here: the online store practice and the profit calculator read the same text the
same way. Amounts are whole rupiah. What a caller accepts (more than zero, a ceiling) and how it
words a refusal stay with the caller: :func:`read_rupiah` says only *why* a text is not an amount.
"""

from __future__ import annotations

import enum
import re

# "Rp", "Rp.", "IDR", any case, before the number.
_PREFIX = re.compile(r"(?i)^\s*(rp\.?|idr)\s*")
_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+")
_ZERO_SEN = re.compile(r",0{1,2}$")


class NotRupiah(enum.Enum):
    """Why a text is not an amount in whole rupiah."""

    EMPTY = "empty"
    NEGATIVE = "negative"
    NOT_WHOLE = "not_whole"


def read_rupiah(text: str | int | None) -> int | NotRupiah:
    """The amount in whole rupiah written in ``text``, or why it is not one.

    Accepts digits with or without thousands dots, an ``Rp``/``IDR`` prefix, inner spaces and a
    ``,00`` sen part (``15000``, ``15.000``, ``Rp 15.000``, ``rp15.000,00``); refuses decimals
    that are not whole rupiah (``1.5``, ``15,5``), words (``15rb``) and negative amounts.
    """
    if isinstance(text, int):
        return text if text >= 0 else NotRupiah.NEGATIVE
    raw = _PREFIX.sub("", (text or "").strip()).replace(" ", "").replace("\u00a0", "")
    if not raw:
        return NotRupiah.EMPTY
    if raw.startswith(("-", "−")):
        return NotRupiah.NEGATIVE
    raw = _ZERO_SEN.sub("", raw)
    if _GROUPED.fullmatch(raw):
        raw = raw.replace(".", "")
    if not (raw.isascii() and raw.isdigit()):
        return NotRupiah.NOT_WHOLE
    return int(raw)


def format_rupiah(amount: float) -> str:
    """``1250000`` → ``Rp1.250.000`` (Indonesian thousands dots; a minus sign in front)."""
    value = round(amount)
    sign = "−" if value < 0 else ""
    return f"{sign}Rp{abs(value):,}".replace(",", ".")
