"""A realistic demo cohort, so a fresh workspace is never empty (used by ``make start``).

It lives above the workspace (``kit.workspace`` only creates and opens workspaces): the cohort's
scores go through the assessment's own path, which runs nbgrader. ``kit start``, ``workspace
init --demo`` and the hub call :func:`ensure_demo_workspace` / :func:`init_demo_workspace`.

Three districts that appear in the source documents, one session of each activity per district
(community formation only where participants got that far), and participants spread over every
stage. Names and businesses are fictional; the generator is seeded, so every demo is identical.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from kit.assess.dual_write import write_facilitator_scores
from kit.assess.generate import ensure_generated
from kit.framework import Framework, framework
from kit.records.participants import Participant, add_participant
from kit.records.scores import ScoreEntry
from kit.records.sessions import Session, add_session, check_in
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace, init_workspace, open_workspace
from kit.workspace.layout import CONFIG_NAME

SEED = 2026
DISTRICTS = (
    ("sragen", "Kabupaten Sragen", ("Sragen Kulon", "Karangmalang", "Sidoharjo")),
    ("tanjabtim", "Kabupaten Tanjung Jabung Timur",
     ("Muara Sabak Barat", "Dendang", "Nipah Panjang")),
    ("pontianak", "Kota Pontianak", ("Pontianak Kota", "Pontianak Selatan", "Pontianak Timur")),
)
FIRST = ("Siti", "Budi", "Sri", "Agus", "Dewi", "Hendra", "Nur", "Rina", "Joko", "Yuliani",
         "Slamet",
         "Wahyuni", "Andi", "Fitri", "Bambang", "Lestari", "Rudi", "Ratna", "Eko", "Sumarni")
LAST = ("Rahayu", "Santoso", "Wulandari", "Saputra", "Hidayat", "Kusuma", "Pratama", "Handayani",
        "Setiawan", "Maharani", "Nugroho", "Permata")
BUSINESSES = (
    ("Batik", "batik"), ("Keripik", "kuliner"), ("Anyaman", "kerajinan"), ("Kue Kering", "kuliner"),
    ("Jahit", "fesyen"), ("Madu", "pertanian olahan"), ("Kopi", "kuliner"), ("Tenun", "kerajinan"),
    ("Sambal", "kuliner"), ("Sabun Herbal", "kosmetik rumahan"),
)
AGE_GROUPS = ("<30", "30-39", "40-49", "50-59", "60+")
FACILITATORS = {"sragen": "Bu Retno (Dinas Koperasi dan UKM)",
                "tanjabtim": "Pak Syahrul (Dinas Koperasi dan UKM)",
                "pontianak": "Bu Maya (Dinas Koperasi dan UKM)"}
PER_DISTRICT = 12
# How far each demo participant got: index into the stages (0 = none reached yet).
STAGE_TARGETS = (0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5)


def _levels_for(fw: Framework, rng: random.Random, target: int) -> dict[str, int]:
    levels: dict[str, int] = {}
    for stage in fw.stages:
        items = fw.items_for_stage(stage.id)
        if stage.order <= target:
            for item in items:
                levels[item.id] = rng.choice((1, 2, 2))
        elif stage.order == target + 1:
            # Working on the next stage: some items done, at least one not yet.
            for n, item in enumerate(items):
                levels[item.id] = 0 if n % 3 == 0 else rng.choice((0, 1, 2))
    return levels


def add_demo_cohort(ws: Workspace) -> None:
    """Fill an empty workspace with the demo cohort (does nothing if it has participants).

    Scores go through the assessment's own path
    (:func:`kit.assess.dual_write.write_facilitator_scores`): each observation is a ``kit_score``
    row and the nbgrader gradebook's manual score, in the same transaction as the rest of the
    cohort.
    """
    fw = framework()
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    with read_tx(ws.engine) as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(schema.participant)).scalar():
            return
    # nbgrader runs in its own process: generate before taking the write lock.
    for activity in fw.activities:
        ensure_generated(ws, activity.id)
    entries: list[ScoreEntry] = []
    with write_tx(ws.engine) as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(schema.participant)).scalar():
            return
        start = date(2026, 8, 3)
        for d_index, (slug, district, villages) in enumerate(DISTRICTS):
            facilitator = FACILITATORS[slug]
            sessions = {}
            for a_index, activity in enumerate(fw.activities):
                session = Session(
                    id=f"{slug}-{activity.id}-2026",
                    activity_id=activity.id,
                    title=f"{activity.short_title.indonesian} {district} 2026",
                    date=start + timedelta(days=14 * a_index + 3 * d_index),
                    venue=f"Aula Dinas Koperasi dan UKM {district}",
                    district=district,
                    facilitator=facilitator,
                    status="closed" if a_index < 2 else "open",
                )
                add_session(conn, session)
                sessions[activity.id] = session
            for n in range(PER_DISTRICT):
                first, last = rng.choice(FIRST), rng.choice(LAST)
                product, sector = rng.choice(BUSINESSES)
                target = STAGE_TARGETS[n]
                pid = "p" + f"{rng.getrandbits(32):08x}"
                add_participant(conn, Participant(
                    id=pid,
                    name=f"{first} {last}",
                    district=district,
                    business_name=f"{product} {first} {villages[n % 3].split()[-1]}",
                    sector=sector,
                    phone="+628" + "".join(str(rng.randrange(10)) for _ in range(9)),
                    village=villages[n % 3],
                    subdistrict=villages[n % 3],
                    gender="P" if first in {"Siti", "Sri", "Dewi", "Nur", "Rina", "Yuliani",
                                            "Wahyuni", "Fitri", "Lestari", "Ratna", "Sumarni"}
                    else "L",
                    age_group=rng.choice(AGE_GROUPS),
                ))
                levels = _levels_for(fw, rng, target)
                activities_done = {fw.item(i).activity_id for i in levels}
                for activity_id in ("advokasi", "bimtek", "komunitas"):
                    if activity_id in activities_done or activity_id == "advokasi":
                        check_in(conn, sessions[activity_id].id, pid)
                for item_id, level in levels.items():
                    item = fw.item(item_id)
                    entries.append(ScoreEntry(
                        participant_id=pid, item_id=item_id, level=level, source="observation",
                        session_id=sessions[item.activity_id].id, recorded_by=facilitator,
                    ))
        write_facilitator_scores(conn, ws, entries)


def init_demo_workspace(root: Path, db_url: str | None = None) -> Workspace:
    """Create (or open and migrate) the workspace in ``root`` and add the demo cohort if empty."""
    ws = init_workspace(root, db_url=db_url)
    add_demo_cohort(ws)
    return ws


def ensure_demo_workspace(root: Path) -> Workspace:
    """Open ``root``, or create it with the demo cohort on first start (``make start``)."""
    if (Path(root) / CONFIG_NAME).exists():
        return open_workspace(root)
    return init_demo_workspace(root)
