"""Text that is safe in a spreadsheet cell: no control characters, no formula that would run.

Two separate jobs, applied at two different moments:

* :func:`strip_controls` removes control characters (C0 except tab/line breaks, DEL, C1) and
  invisible format characters (right-to-left override U+202E, zero-width spaces and joiners,
  BOM…). It runs on every text cell at import, so what is stored can always be exported (XLSX
  refuses control characters) and shows what a person typed.
* :func:`neutralise` runs on CSV export only: text a spreadsheet would execute as a formula
  (``=``, ``+``, ``-``, ``@`` at the start, their full-width twins ``＝ ＋ － ＠`` and other forms
  that Unicode folds to them, a leading tab, CR or LF, or any of these after leading spaces)
  gets a leading apostrophe, the only "this is text" marker CSV has. XLSX export writes the text
  unchanged with the cell's *quote prefix* style instead (see :func:`write_xlsx_sheet`), so the
  sheet shows no apostrophe and never runs it. Phone numbers in E.164 form (``+628…``, also
  written with spaces or dashes) are never neutralised, and numbers stay numbers.

Stored values are never neutralised: the workspace keeps text as it was given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
# E.164 (``+`` and 8 to 15 digits), also in display form with single spaces or dashes.
_PHONE = re.compile(r"^\+\d(?:[ \-]?\d){7,14}$")
# Whitespace a spreadsheet skips before deciding a cell is a formula.
_LEADING_BLANKS = " \u00a0\u3000"
# Tabs and line breaks (also U+2028/U+2029) are kept: callers collapse or keep them.
_KEPT_CONTROLS = frozenset("\t\n\r")


def _is_control(ch: str) -> bool:
    if ch in _KEPT_CONTROLS:
        return False
    category = unicodedata.category(ch)
    return category in ("Cc", "Cf", "Cs")


def strip_controls(text: str) -> str:
    """``text`` without control and invisible format characters (tab, CR and LF are kept)."""
    if text.isprintable():  # fast path: no Cc/Cf/Zl/Zp at all (and no tab or line break)
        return text
    return "".join(ch for ch in text if not _is_control(ch))


def has_controls(text: str) -> bool:
    """Whether :func:`strip_controls` would change ``text``."""
    return not text.isprintable() and any(_is_control(ch) for ch in text)


def is_phone(text: str) -> bool:
    """Whether ``text`` is a phone number in E.164 form (spaces or dashes allowed)."""
    return bool(_PHONE.match(text))


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet would treat ``text`` as a formula or command."""
    if not text or is_phone(text):
        return False
    if text.startswith(DANGEROUS_PREFIXES):
        return True
    head = unicodedata.normalize("NFKC", text.lstrip(_LEADING_BLANKS)[:1])
    return head.startswith(DANGEROUS_PREFIXES)


def neutralise(value: Any) -> Any:
    """``value`` safe for a CSV cell: dangerous text gets a leading apostrophe, the rest as is."""
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value


def write_xlsx_sheet(out: Path, title: str, header: Sequence[str],
                     rows: Iterable[Sequence[Any]], widths: Sequence[float] = ()) -> None:
    """Write one worksheet to ``out``: text stays text, dangerous text gets the quote prefix.

    Strings are always typed as text (openpyxl would otherwise turn ``=…`` into a formula);
    text that :func:`is_dangerous` flags is written unchanged with ``quotePrefix="1"``, so
    Excel and LibreOffice show it without an apostrophe and keep it text when it is edited.
    Numbers, booleans and dates keep their types. The header row is frozen.
    """
    import openpyxl
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    ws = wb.worksheets[0]
    ws.title = title
    ws.append(list(header))
    for values in rows:
        ws.append(list(values))
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if is_dangerous(cell.value):
                    cell.quotePrefix = True
    ws.freeze_panes = "A2"
    for n, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(n)].width = width
    wb.save(out)
