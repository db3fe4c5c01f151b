"""Export the stored participants to CSV or XLSX, every text cell formula-safe.

Names and other text are stored as given; text that a spreadsheet would execute (``=``, ``+``,
``-``, ``@`` or their full-width forms, tab, CR at the start) is made safe on export only, with
:mod:`kit.tabular.cell_safety`: in CSV it gets a leading apostrophe, in XLSX it is written
unchanged with the *quote prefix* cell style (no visible apostrophe). Phone numbers (E.164) are
never touched and numbers (the count of sessions attended) stay numbers. Headers are in the
interface language and are recognised by ``roster import``, so an export can be imported again.
CSV is UTF-8 with a BOM (Excel then shows é, ñ, ’ correctly), comma separated, every text
field quoted when needed so names with commas, quotes or line breaks keep the column count.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from kit.i18n import _
from kit.records.consent import current_consent
from kit.records.consent_service import answer_label
from kit.records.participant_types import type_label
from kit.records.participants import PARTICIPANT_FIELDS, Participant, list_participants
from kit.storage import schema
from kit.tabular.cell_safety import neutralise, write_xlsx_sheet

EXPORT_FIELDS = ("id", *PARTICIPANT_FIELDS, "participant_type", "consent", "sessions")
# ``roster export`` formats by file extension.
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


def export_headers() -> list[str]:
    """Column headers of an export, in the interface language."""
    labels = {
        "id": _("ID"), "name": _("Name"), "business_name": _("Business name"),
        "sector": _("Sector"), "phone": _("Phone"), "village": _("Village"),
        "subdistrict": _("Sub-district"), "district": _("District"), "gender": _("Gender"),
        "age_group": _("Age group"), "sessions": _("Number of sessions"), "consent": _("Consent"),
        "participant_type": _("Participant type"),
    }
    return [labels[f] for f in EXPORT_FIELDS]


def participant_records(conn: sa.Connection) -> list[dict[str, Any]]:
    """Every participant as a dict (stable ``id`` first), sessions attended, consent as shown.

    ``consent`` is the current answer as the roster shows it (ya / tidak / belum ditanya);
    ``participant_type`` is the type's label (pelaku UMKM, LSM/praktisi…), which ``roster import``
    reads back.
    """
    a = schema.attendance
    counts = {
        str(pid): int(n) for pid, n in conn.execute(
            sa.select(a.c.participant_id, sa.func.count()).group_by(a.c.participant_id))
    }
    consent = current_consent(conn)
    records = []
    for participant in list_participants(conn):
        record = _as_record(participant)
        record["sessions"] = int(counts.get(participant.id, 0))
        record["participant_type"] = type_label(participant.participant_type)
        state = consent.get(participant.id)
        record["consent"] = answer_label(
            "unasked" if state is None else "yes" if state.given else "no")
        records.append(record)
    return records


def _as_record(participant: Participant) -> dict[str, Any]:
    data = participant.as_dict()
    return {f: data.get(f) for f in EXPORT_FIELDS
            if f not in ("sessions", "consent", "participant_type")}


def safe_row(record: dict[str, Any]) -> list[Any]:
    """One CSV row: the values in :data:`EXPORT_FIELDS` order, dangerous text neutralised."""
    return [neutralise(record.get(f)) for f in EXPORT_FIELDS]


def csv_text(records: list[dict[str, Any]]) -> str:
    """The records as CSV text (header first, CRLF line ends, minimal quoting)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(export_headers())
    for record in records:
        writer.writerow(["" if v is None else v for v in safe_row(record)])
    return buf.getvalue()


def write_csv(records: list[dict[str, Any]], out: Path) -> None:
    """Write the records to a UTF-8 (with BOM) CSV file."""
    out.write_text(csv_text(records), encoding="utf-8-sig", newline="")


def write_xlsx(records: list[dict[str, Any]], out: Path) -> None:
    """Write the records to an XLSX file: text typed as text (quote prefix if needed)."""
    write_xlsx_sheet(out, _("Participants"), export_headers(),
                     ([record.get(f) for f in EXPORT_FIELDS] for record in records),
                     widths=(12, 28, 28, 16, 18, 20, 20, 26, 8, 10, 14, 8))
