"""Read a roster file (CSV in UTF-8, or XLSX) into raw rows, within fixed limits.

Nothing is interpreted here except the file structure: each row keeps the number a person sees
(the line of the file where a CSV record starts, the spreadsheet row of an XLSX cell), and XLSX
formulas are never evaluated: the value Excel saved with the file is used, and a formula without
a saved value is kept as its text (and reported).

A hostile or mistaken file cannot exhaust the machine. Before anything is read, the path must be
a regular file (not ``/dev/zero``, a FIFO or a folder) of at most :data:`MAX_BYTES` (20 MB; a
roster of 50,000 people is about 5 MB as CSV); an XLSX may unpack to at most
:data:`MAX_XLSX_UNPACKED` and is read row by row. At most :data:`MAX_ROWS` rows (100,000) and
:data:`MAX_COLUMNS` columns (1,000) are read; a file with more is refused. Such refusals are
:class:`FileRefused`: one problem for the whole file, reported in one line.

CSV must be UTF-8 (with or without a byte-order mark; UTF-16 with a byte-order mark, Excel's
"Unicode text", is read too). Any other encoding is refused naming the row and column of the first
byte that is not UTF-8, instead of guessing and storing mojibake.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import stat
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import attrs

from kit.i18n import _
from kit.problems import Problem
from kit.roster.headers import find_header

CellValue = str | int | float | None
DELIMITERS = (",", ";", "\t")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_BYTES = 20 * 2**20
MAX_XLSX_UNPACKED = 200 * 2**20
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000


class FileRefused(Exception):
    """The whole file is refused before its rows are checked; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


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
    """Decode CSV bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM; nothing is guessed.

    Returns the text and the encoding used; raises :class:`UnicodeDecodeError` (whose ``start``
    is the offset of the first bad byte) for anything else.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    return data.decode("utf-8"), "utf-8"


def _locate(text: str, delimiter: str) -> tuple[int, int]:
    """The line where the last CSV record of ``text`` starts and its 0-based column index."""
    line = record_line = 1
    column = 0
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch == "\n":
            line += 1
            if not quoted:
                record_line, column = line, 0
        elif ch == delimiter and not quoted:
            column += 1
    return record_line, column


def _not_utf8(data: bytes, error: UnicodeDecodeError, mapping: Mapping[str, str],
              label: str) -> Problem:
    """The problem for a CSV that is not UTF-8, at the row and column of the first bad byte."""
    message = _(
        "the file is not UTF-8 (byte 0x{byte:02X}), nothing was imported: save it as CSV UTF-8 "
        "(Excel: File > Save As > \"CSV UTF-8 (Comma delimited)\"; LibreOffice: character set "
        "Unicode (UTF-8)) and import it again")
    if not error.encoding.startswith("utf-8"):  # a damaged UTF-16 file
        return Problem(label, None, None, message.format(byte=error.object[error.start]))
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    offset = error.start + bom
    shown = data.decode("utf-8", errors="replace")
    sheet = _best_parse(shown, mapping, label)
    prefix = data[bom:offset].decode("utf-8", errors="replace")
    row, column = _locate(prefix, sheet.delimiter or DELIMITERS[0])
    header = find_header([r.cells for r in sheet.rows], mapping)
    title: str | None = None
    if header is not None and sheet.rows[header.index].number < row:
        title = header.titles.get(column)
    return Problem(label, row, title or _("column {n}").format(n=column + 1),
                   message.format(byte=data[offset]))


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
        if len(rows) >= MAX_ROWS or len(cells) > MAX_COLUMNS:
            raise FileRefused(_too_big(label, start, len(cells) > MAX_COLUMNS))
        rows.append(RawRow(start, tuple(cells)))
        start = reader.line_num + 1


def _too_big(label: str, row: int | None, columns: bool) -> Problem:
    if columns:
        message = _("row {row} has more than {max} columns; a roster has one column per "
                    "field").format(row=row, max=MAX_COLUMNS)
    else:
        message = _("more than {max} rows; split the roster into several files").format(
            max=MAX_ROWS)
    return Problem(label, None, None, message)


def _best_parse(text: str, mapping: Mapping[str, str], label: str) -> Sheet:
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
                 delimiter=delimiter)


def read_csv(data: bytes, mapping: Mapping[str, str], label: str) -> Sheet:
    """Read the bytes of a CSV file, guessing the separator (``,``, ``;`` or tab).

    The separator chosen is the one under which the best header row is recognised, so the
    semicolon files of Excel in Indonesian settings read as well as comma files. Raises
    :class:`FileRefused` if the bytes are not UTF-8 or the file has too many rows or columns.
    """
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError as exc:
        raise FileRefused(_not_utf8(data, exc, mapping, label)) from None
    return attrs.evolve(_best_parse(text, mapping, label), encoding=encoding)


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


def _unpacked_size(data: bytes) -> int | None:
    """The total unpacked size of the members of an XLSX (zip) file, ``None`` if not a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def read_xlsx(data: bytes, label: str) -> list[Sheet]:
    """Read every worksheet of an XLSX file (its bytes) row by row, evaluating no formula.

    A formula cell gives the value Excel cached when the file was saved; without one, the
    formula's text is kept as text and its column index recorded in ``RawRow.formulas``.
    Raises :class:`FileRefused` for a file that unpacks to more than :data:`MAX_XLSX_UNPACKED`
    or has more than :data:`MAX_ROWS` rows or :data:`MAX_COLUMNS` columns in a sheet.
    """
    import openpyxl

    unpacked = _unpacked_size(data)
    if unpacked is not None and unpacked > MAX_XLSX_UNPACKED:
        raise FileRefused(Problem(label, None, None, _(
            "the spreadsheet unpacks to more than {max} MB; a roster is far smaller (is it the "
            "right file?)").format(max=MAX_XLSX_UNPACKED // 2**20)))
    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it does not read (validation, styles…).
            warnings.simplefilter("ignore")
            formulas_wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True,
                                                 data_only=False)
            values_wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            return [_read_sheet(ws_f, ws_v, label)
                    for ws_f, ws_v in zip(formulas_wb.worksheets, values_wb.worksheets,
                                          strict=True)]
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        problem = Problem(label, None, None,
                          _("cannot be read as an Excel (.xlsx) file ({error})").format(error=exc))
        return [Sheet(name=label, rows=(), problems=(problem,))]


def _read_sheet(ws_f: Any, ws_v: Any, label: str) -> Sheet:
    """One worksheet of the two read-only workbooks (formulas and cached values) as raw rows."""
    rows: list[RawRow] = []
    for ws in (ws_f, ws_v):
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # the saved dimensions may be wrong: read every row
    for number, (cells_f, cells_v) in enumerate(
            zip(ws_f.iter_rows(), ws_v.iter_rows(), strict=True), 1):
        values: list[CellValue] = []
        formulas: set[int] = set()
        for col, (cf, cv) in enumerate(zip(cells_f, cells_v, strict=False)):
            if cf.data_type == "f" and cv.value is None:
                text = cf.value if isinstance(cf.value, str) else getattr(
                    cf.value, "text", str(cf.value))
                values.append(str(text))
                formulas.add(col)
            else:
                values.append(_xlsx_value(cv.value))
        while values and values[-1] is None:
            values.pop()
        if number > MAX_ROWS or len(values) > MAX_COLUMNS:
            raise FileRefused(_too_big(label, number, len(values) > MAX_COLUMNS))
        rows.append(RawRow(number, tuple(values), frozenset(formulas)))
    return Sheet(name=str(ws_f.title), rows=tuple(rows))


def read_roster(path: Path, mapping: Mapping[str, str],
                label: str | None = None) -> Sequence[Sheet]:
    """Read ``path`` as XLSX (by suffix or content) or CSV; one sheet per worksheet.

    An empty or unreadable file gives one sheet carrying the problem. Raises
    :class:`FileRefused` for a path that is not a regular file, a file above
    :data:`MAX_BYTES`, a CSV that is not UTF-8, or too many rows or columns.
    """
    label = label or str(path)
    data = read_limited(path, label)
    if isinstance(data, Problem):
        return [Sheet(name=label, rows=(), problems=(data,))]
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


def read_limited(path: Path, label: str) -> bytes | Problem:
    """The bytes of ``path`` if it is a regular file of at most :data:`MAX_BYTES`.

    The file is opened without blocking (a FIFO would wait for a writer) and checked with
    ``fstat`` on the open descriptor, so what is checked is what is read. Not a regular file,
    or too large: :class:`FileRefused`. A file that cannot be opened: the :class:`Problem`.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        return Problem(label, None, None,
                       _("cannot open the file ({error})").format(error=exc.strerror or exc))
    try:
        info = os.fstat(fd)
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise FileRefused(Problem(label, None, None, _(
            "not a regular file (a folder, device or pipe); give the path of a CSV or "
            "XLSX file")))
    if info.st_size > MAX_BYTES:
        os.close(fd)
        raise FileRefused(_too_large(label, info.st_size))
    with os.fdopen(fd, "rb") as f:
        try:
            data = f.read(MAX_BYTES + 1)
        except OSError as exc:
            return Problem(label, None, None,
                           _("cannot open the file ({error})").format(error=exc.strerror or exc))
    if len(data) > MAX_BYTES:  # it grew after the check
        raise FileRefused(_too_large(label, len(data)))
    return data


def _too_large(label: str, size: int) -> Problem:
    return Problem(label, None, None, _(
        "the file is {size} MB, more than the limit of {max} MB for a roster; is it the right "
        "file?").format(size=round(size / 2**20, 1), max=MAX_BYTES // 2**20))
