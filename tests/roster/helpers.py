"""Helpers for roster tests: CLI results, stored participants, raw CSV and XLSX fixtures."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from kit.records.participants import Participant, list_participants
from kit.storage.db import read_tx
from kit.workspace import Workspace


@attrs.frozen
class Run:
    """The outcome of one CLI run."""

    status: int
    out: str
    err: str


def participants(ws: Workspace) -> list[Participant]:
    """Everything stored in the workspace."""
    with read_tx(ws.engine) as conn:
        return list_participants(conn)


def write_csv(path: Path, lines: Sequence[str], encoding: str = "utf-8",
              newline: str = "\r\n") -> Path:
    """Write raw CSV lines exactly as given (no quoting added)."""
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode())
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]],
               cached: dict[str, str] | None = None) -> Path:
    """Write an XLSX file; ``cached`` adds the saved value Excel would store for formula cells.

    openpyxl never writes cached values, so they are patched into the sheet XML the way Excel
    writes them (``<c t="str"><f>…</f><v>value</v></c>``).
    """
    import openpyxl

    wb = openpyxl.Workbook()
    sheet = wb.active
    for row in rows:
        sheet.append(list(row))
    wb.save(path)
    if not cached:
        return path
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    xml = members["xl/worksheets/sheet1.xml"].decode()
    for ref, value in cached.items():
        # openpyxl writes an empty value as <v/> (ElementTree) or <v></v> (lxml).
        pattern = re.compile(rf'<c r="{ref}"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v></v>)</c>')
        xml, n = pattern.subn(rf'<c r="{ref}" t="str"><f>\2</f><v>{value}</v></c>', xml)
        assert n == 1, ref
    members["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path
