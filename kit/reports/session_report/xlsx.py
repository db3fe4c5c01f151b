"""The *laporan kegiatan* as an Excel workbook (openpyxl): one sheet per section.

Each sheet starts with the section's heading, its notes (or why it is empty), then its tables,
each under its caption with a bold head row. Text cells are written as text; text a spreadsheet
would run as a formula (``=``, ``+``, ``-``, ``@`` at the start, see
:func:`kit.tabular.cell_safety.is_dangerous`) keeps its value and gets the *quote prefix* style,
as the roster export does, so it is shown and edited as text and never runs. Charts are in the
PDF and HTML only.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any, Protocol

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kit.reports.session_report.document import Section
from kit.tabular.cell_safety import is_dangerous, strip_controls

SHEET_CHARS = 31
HEAD_FILL = PatternFill("solid", fgColor="DDDDDD")


class Sheets(Protocol):
    """What the workbook needs of a report: its title line and its sections.

    The session report's :class:`~kit.reports.session_report.document.Document` and the
    coordinator's monthly report both have them.
    """

    @property
    def title(self) -> str:
        """The report's title."""

    @property
    def subtitle(self) -> str:
        """The line under the title."""

    @property
    def sections(self) -> Sequence[Section]:
        """The sections, one sheet each, in order."""


def _sheet_title(number: int, heading: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts: 31 characters at most, no brackets or slashes, unique."""
    base = re.sub(r"[\[\]:*?/\\]", " ", f"{number}. {heading}")[:SHEET_CHARS].strip()
    title, n = base, 2
    while title.lower() in taken:
        title = f"{base[:SHEET_CHARS - 3]}~{n}"
        n += 1
    taken.add(title.lower())
    return title


def _put(ws: Any, row: int, column: int, value: object, bold: bool = False) -> None:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = value
    else:
        text = strip_controls(str(value))
        cell.value = text
        cell.data_type = "s"
        if is_dangerous(text):
            cell.quotePrefix = True
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)


def _fill(ws: Any, doc: Sheets, section: Section) -> None:
    _put(ws, 1, 1, section.heading, bold=True)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    _put(ws, 2, 1, f"{doc.title}: {doc.subtitle}")
    row = 4
    for text in (*section.paragraphs, *([section.empty] if section.empty else [])):
        _put(ws, row, 1, text)
        row += 1
    widths: dict[int, float] = {1: 28.0}
    for table in section.tables:
        row += 1
        if table.caption:
            _put(ws, row, 1, table.caption, bold=True)
            row += 1
        if table.head:
            for col, text in enumerate(table.head, 1):
                _put(ws, row, col, text, bold=True)
                ws.cell(row=row, column=col).fill = HEAD_FILL
            row += 1
        for values in table.rows:
            for col, value in enumerate(values, 1):
                _put(ws, row, col, value, bold=not table.head and col == 1)
            row += 1
        for col, share in enumerate(table.widths, 1):
            widths[col] = max(widths.get(col, 0.0), min(60.0, max(8.0, share * 1.1)))
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width


def render(doc: Sheets) -> bytes:
    """The workbook of ``doc`` as XLSX bytes (sheets in the report's order)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for number, section in enumerate(doc.sections, 1):
        _fill(wb.create_sheet(_sheet_title(number, section.heading, taken)), doc, section)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
