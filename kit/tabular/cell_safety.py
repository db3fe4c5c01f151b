"""Neutralise text that a spreadsheet would execute as a formula (CSV/XLSX injection).

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with
an apostrophe, the convention spreadsheets use for "this is text". Numbers stay numbers. Applied on
every CSV/XLSX export, and to text cells when importing, so stored values are always inert.
"""

from __future__ import annotations

from typing import Any

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet would treat ``text`` as a formula or command."""
    return text.startswith(DANGEROUS_PREFIXES)


def neutralise(value: Any) -> Any:
    """Return ``value`` safe for a spreadsheet cell: dangerous text gets a leading apostrophe."""
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value
