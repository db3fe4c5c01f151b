"""What the home page shows about a workspace: counts of participants, sessions and stages."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from kit.framework import framework
from kit.framework.stage_rule import current_stage
from kit.records.scores import latest_levels
from kit.records.sessions import participation
from kit.reports.stages import umkm_only
from kit.storage import schema
from kit.storage.db import read_tx
from kit.workspace import open_workspace


def home_summary(workspace_root: Path, lang: str = "id") -> dict[str, Any]:
    """Counts for the home page.

    Returns ``participants`` (int, every type), ``sessions`` (list of dicts: id, activity,
    title, date, district, status, attendees), ``stage_counts`` (stage id → UMKM owners whose
    current stage it is, plus ``None`` → not started; other participant types are not staged,
    3.1.3), ``stages`` (id, title in ``lang``) and ``districts``
    (name → participants).
    """
    fw = framework()
    ws = open_workspace(workspace_root)
    with read_tx(ws.engine) as conn:
        p, s, a = schema.participant, schema.session, schema.attendance
        participants = conn.execute(sa.select(p.c.id, p.c.district)).all()
        umkm = {row[0] for row in conn.execute(umkm_only(sa.select(p.c.id)))}
        levels = latest_levels(conn)
        took_part = participation(conn)
        attendance: dict[str, int] = dict(conn.execute(
            sa.select(a.c.session_id, sa.func.count()).group_by(a.c.session_id)).all())
        sessions = conn.execute(
            sa.select(s.c.id, s.c.activity_id, s.c.title, s.c.date, s.c.district, s.c.status)
            .order_by(s.c.date.desc(), s.c.id)).mappings().all()
    stage_counts: dict[str | None, int] = {stage.id: 0 for stage in fw.stages}
    stage_counts[None] = 0
    for pid, _district in participants:
        if pid not in umkm:
            continue
        stage = current_stage(fw, levels.get(pid, {}), took_part.get(pid, set()))
        stage_counts[stage.id if stage else None] += 1
    return {
        "participants": len(participants),
        "sessions": [
            {"id": r["id"], "activity": r["activity_id"], "title": r["title"],
             "date": r["date"].isoformat() if r["date"] else None, "district": r["district"],
             "status": r["status"], "attendees": attendance.get(r["id"], 0)}
            for r in sessions
        ],
        "stage_counts": stage_counts,
        "stages": [{"id": st.id, "title": st.title.get(lang)} for st in fw.stages],
        "districts": dict(Counter(d for _pid, d in participants)),
    }
