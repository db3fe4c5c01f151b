"""Read a roster file (CSV in any of the encodings Excel writes, or XLSX) into raw rows.

Nothing is interpreted here except the file structure: each row keeps the number a person sees
(the line of the file where a CSV record starts, the spreadsheet row of an XLSX cell), and XLSX
formulas are never evaluated: the value Excel saved with the file is used, and a formula without
a saved value is kept as its text (and reported).
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path

import attrs

from kit.i18n import _
from kit.roster.headers import find_header
from kit.roster.problems import Problem

CellValue = str | int | float | None
DELIMITERS = (",", ";", "\t")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@attrs.frozen
class RawRow:
    """One row of a sheet: its visible number, its cells, and columns holding formula text."""

    number: int
    cells: tuple[CellValue, ...]
    formulas: frozenset[int] = frozenset()

    def is_blank(self) -> bool:
        """Whether every cell is empty."""
        return all(c is None or (isinstance(c, str) and not c.strip()) for c in self.cells)


@attrs.frozen
class Sheet:
    """The rows of one CSV file or one XLSX worksheet, and structural problems found."""

    name: str
    rows: tuple[RawRow, ...]
    problems: tuple[Problem, ...] = ()
    encoding: str | None = None
    delimiter: str | None = None


def decode(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Returns the text and the encoding used. Bytes undefined in Windows-1252 fall back to
    Latin-1, so decoding never fails.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _parse_csv(text: str, delimiter: str, label: str) -> tuple[list[RawRow], Problem | None]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[RawRow] = []
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return rows, None
        except csv.Error as exc:
            if "unexpected end of data" in str(exc) or "EOF" in str(exc):
                message = _("a quote (\") opened on this line is never closed; every following "
                            "line was read as part of one cell")
            else:
                message = _("the line cannot be read as CSV ({error}); check the quotes "
                            "(\") on this line").format(error=exc)
            return rows, Problem(label, start, None, message)
        rows.append(RawRow(start, tuple(cells)))
        start = reader.line_num + 1


def read_csv(data: bytes, mapping: Mapping[str, str], label: str) -> Sheet:
    """Read the bytes of a CSV file, guessing the encoding and the separator (``,``, ``;`` or tab).

    The separator chosen is the one under which the best header row is recognised, so the
    semicolon files of Excel in Indonesian settings read as well as comma files.
    """
    text, encoding = decode(data)
    best_score = -1
    rows: list[RawRow] = []
    problem: Problem | None = None
    delimiter = DELIMITERS[0]
    for candidate in DELIMITERS:
        cand_rows, cand_problem = _parse_csv(text, candidate, label)
        header = find_header([r.cells for r in cand_rows], mapping)
        score = len(set(header.columns.values())) if header else 0
        if score > best_score:
            best_score, rows, problem, delimiter = score, cand_rows, cand_problem, candidate
    return Sheet(name=label, rows=tuple(rows), problems=(problem,) if problem else (),
                 encoding=encoding, delimiter=delimiter)


def _xlsx_value(value: object) -> CellValue:
    if value is None or isinstance(value, str | int | float):
        if isinstance(value, bool):
            return str(value).upper()
        return value
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, label: str) -> list[Sheet]:
    """Read every worksheet of an XLSX file (its bytes) without evaluating any formula.

    A formula cell gives the value Excel cached when the file was saved; without one, the
    formula's text is kept as text and its column index recorded in ``RawRow.formulas``.
    """
    import openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it does not read (validation, styles…).
            warnings.simplefilter("ignore")
            formulas_wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
            values_wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        problem = Problem(label, None, None,
                          _("cannot be read as an Excel (.xlsx) file ({error})").format(error=exc))
        return [Sheet(name=label, rows=(), problems=(problem,))]
    sheets: list[Sheet] = []
    for ws_f, ws_v in zip(formulas_wb.worksheets, values_wb.worksheets, strict=True):
        rows: list[RawRow] = []
        for cells_f, cells_v in zip(ws_f.iter_rows(min_row=1), ws_v.iter_rows(min_row=1),
                                    strict=True):
            values: list[CellValue] = []
            formulas: set[int] = set()
            for col, (cf, cv) in enumerate(zip(cells_f, cells_v, strict=True)):
                if cf.data_type == "f":
                    if cv.value is None:
                        text = cf.value if isinstance(cf.value, str) else getattr(
                            cf.value, "text", str(cf.value))
                        values.append(str(text))
                        formulas.add(col)
                    else:
                        values.append(_xlsx_value(cv.value))
                else:
                    values.append(_xlsx_value(cv.value))
            number = cells_f[0].row if cells_f else len(rows) + 1
            rows.append(RawRow(int(number), tuple(values), frozenset(formulas)))
        sheets.append(Sheet(name=ws_f.title, rows=tuple(rows)))
    return sheets


def read_roster(path: Path, mapping: Mapping[str, str],
                label: str | None = None) -> Sequence[Sheet]:
    """Read ``path`` as XLSX (by suffix or content) or CSV; one sheet per worksheet.

    An empty or unreadable file gives one sheet carrying the problem.
    """
    label = label or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = Problem(label, None, None,
                          _("cannot open the file ({error})").format(error=exc.strerror or exc))
        return [Sheet(name=label, rows=(), problems=(problem,))]
    head = data[:8]
    if not data.strip(b"\xef\xbb\xbf\xff\xfe\x00 \r\n\t"):
        return [Sheet(name=label, rows=(),
                      problems=(Problem(label, None, None, _("the file is empty")),))]
    if head.startswith(OLE_MAGIC) or path.suffix.lower() == ".xls":
        return [Sheet(name=label, rows=(), problems=(Problem(
            label, None, None,
            _("old Excel format (.xls) is not supported; in Excel choose File > Save As and "
              "save as .xlsx or CSV")),))]
    if head.startswith(ZIP_MAGIC) or path.suffix.lower() in XLSX_SUFFIXES:
        return read_xlsx(data, label)
    return [read_csv(data, mapping, label)]
