"""The tidy score table: one row per participant × item with a recorded score (newest row wins).

Columns (:data:`COLUMNS`): ``participant_id``, ``district``, ``session_id``, ``activity_id``,
``materi_id``, ``item_id``, ``level`` (0/1/2), ``achieved`` (by the rubric), ``source``
(observation/autograde/override), ``recorded_at`` (UTC), ``facilitator`` (who recorded it) and
``note``. :func:`write_table` writes it as CSV, XLSX or Parquet; text that a spreadsheet would run
as a formula gets an apostrophe in CSV and the quote-prefix cell style in XLSX (the text itself
unchanged), as every export does (:mod:`kit.tabular.cell_safety`).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import pandas as pd
import sqlalchemy as sa

from kit.framework import Framework, framework
from kit.records.scores import latest_scores
from kit.storage import schema
from kit.storage.db import read_tx
from kit.tabular.cell_safety import neutralise, write_xlsx_sheet
from kit.workspace import Workspace

COLUMNS = (
    "participant_id", "district", "session_id", "activity_id", "materi_id", "item_id", "level",
    "achieved", "source", "recorded_at", "facilitator", "note",
)
TEXT_COLUMNS = (
    "participant_id", "district", "session_id", "activity_id", "materi_id", "item_id", "source",
    "facilitator", "note",
)
FORMATS = ("csv", "xlsx", "parquet")


def _item_order(fw: Framework) -> dict[str, tuple[int, int]]:
    """Item id → (activity order, position in the programme) for sorting."""
    return {item.id: (fw.activity(item.activity_id).order, n)
            for n, item in enumerate(fw.iter_items())}


def score_table(ws: Workspace, fw: Framework | None = None) -> pd.DataFrame:
    """The tidy table of the workspace's latest scores, ordered by participant then item."""
    fw = fw or framework()
    p = schema.participant
    with read_tx(ws.engine) as conn:
        entries = latest_scores(conn)
        districts = {pid: district for pid, district in conn.execute(
            sa.select(p.c.id, p.c.district))}
    order = _item_order(fw)
    records: list[dict[str, Any]] = []
    for e in entries:
        try:
            item = fw.item(e.item_id)
            activity_id, materi_id = item.activity_id, item.materi_id
        except KeyError:  # an item no longer in the framework keeps its stored row
            activity_id, materi_id = None, None
        records.append({
            "participant_id": e.participant_id,
            "district": districts.get(e.participant_id),
            "session_id": e.session_id,
            "activity_id": activity_id,
            "materi_id": materi_id,
            "item_id": e.item_id,
            "level": e.level,
            "achieved": fw.rubric.is_achieved(e.level),
            "source": e.source,
            "recorded_at": e.recorded_at,
            "facilitator": e.recorded_by,
            "note": e.note,
        })
    records.sort(key=lambda r: (r["district"] or "", r["participant_id"],
                                order.get(r["item_id"], (99, 10**6)), r["item_id"]))
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    frame["level"] = frame["level"].astype("int64")
    frame["achieved"] = frame["achieved"].astype("bool")
    frame["recorded_at"] = pd.to_datetime(frame["recorded_at"], utc=True)
    for column in TEXT_COLUMNS:
        frame[column] = frame[column].astype("object")
    return frame


def _spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells are neutralised for CSV (see :mod:`kit.tabular.cell_safety`)."""
    out = frame.copy()
    for column in TEXT_COLUMNS:
        out[column] = out[column].map(neutralise)
    return out


def _cell(value: Any) -> Any:
    """A table value as openpyxl writes it: missing values empty, numpy scalars as Python."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def write_table(frame: pd.DataFrame, fmt: str, out: Path | IO[str]) -> None:
    """Write the table as ``csv`` (UTF-8, ISO times), ``xlsx`` (UTC times) or ``parquet``.

    ``out`` is a path, or a text stream for CSV. Text a spreadsheet would run gets an
    apostrophe in CSV and the quote-prefix style in XLSX; Parquet keeps the values exactly as
    stored.
    """
    if fmt == "csv":
        safe = _spreadsheet_safe(frame)
        safe["recorded_at"] = safe["recorded_at"].map(
            lambda t: t.isoformat() if pd.notna(t) else "")
        safe.to_csv(out, index=False, encoding="utf-8", lineterminator="\n")
    elif fmt == "xlsx":
        if not isinstance(out, Path):
            raise TypeError("xlsx needs a file path")
        plain = frame.copy()
        # Excel has no time zones: write UTC wall-clock times.
        plain["recorded_at"] = plain["recorded_at"].dt.tz_convert("UTC").dt.tz_localize(None)
        rows = ([_cell(v) for v in row] for row in plain.itertuples(index=False, name=None))
        write_xlsx_sheet(out, "scores", list(COLUMNS), rows)
    elif fmt == "parquet":
        if not isinstance(out, Path):
            raise TypeError("parquet needs a file path")
        frame.to_parquet(out, index=False, engine="pyarrow")
    else:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
