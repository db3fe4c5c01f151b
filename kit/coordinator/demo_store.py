"""The demo's coordinator store: a synthetic national cohort and the demo workspace's own package.

``make start`` on a new machine creates the demo workspace; with it, the coordinator dashboard
must be full on the first run (issue 14). The store, ``coordinator.duckdb`` in the workspace, is
filled exactly as a province's would be: packages written by :mod:`kit.coordinator.synthetic`
(one per district and month, workspaces named ``SINTETIS-…``) and the demo workspace's own
package written by :func:`kit.coordinator.export.export_package`, all ingested by
:func:`kit.coordinator.store.ingest`. They share one key, the demo key (derived from the
synthetic cohort's seed, never a real office's key), which the demo workspace keeps as its
``coordinator.key``. The store is built in a temporary folder and moved into place whole, and
only when the workspace has none: a real office's store is never touched.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from kit.coordinator.export import export_package
from kit.coordinator.pseudonym import KEY_FILE_NAME, ProvinceKey, read_key_file
from kit.coordinator.store import REFUSED, STORE_FILE, IngestResult, ingest
from kit.coordinator.synthetic import NATIONAL, plan_cohort, province_key, write_cohort
from kit.workspace import Workspace

DEMO_SEED = 14
# Enough people per district and month for sessions of about the activity's size (25-50): with
# 60,000 rows over 24 districts they held 3-10 people, so attendance against target read 7-27 %
# and every session was in the data-quality queue. Measured: 1.3 s and a 504 MB peak to build
# (60,000 over 24: 1.2 s, 371 MB), once, on the first `make start`.
DEMO_SCORE_ROWS = 400_000  # with 10 districts and 6 months: 60 packages
DEMO_DISTRICTS = 10        # spread over as many provinces
DEMO_MONTHS = 6
DEMO_FIRST_MONTH = date(2026, 6, 1)  # June-November 2026, beside the demo workspace's sessions


def demo_key() -> ProvinceKey:
    """The key the demo workspace and the synthetic cohort share (not a real office's key)."""
    return ProvinceKey(province_key(DEMO_SEED, NATIONAL))


def write_demo_key(root: Path) -> ProvinceKey:
    """The demo workspace's ``coordinator.key``: the demo key, written when there is none."""
    path = Path(root) / KEY_FILE_NAME
    if path.exists():
        return read_key_file(path)
    key = demo_key()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.secret.hex() + "\n")
    return key


def build_demo_store(ws: Workspace, score_rows: int = DEMO_SCORE_ROWS) -> list[IngestResult]:
    """Fill the workspace's ``coordinator.duckdb`` if it has none; what was ingested (or [])."""
    target = ws.root / STORE_FILE
    if target.exists():
        return []
    key = write_demo_key(ws.root)
    with tempfile.TemporaryDirectory(dir=ws.root, prefix=".coordinator-demo-") as tmp:
        folder = Path(tmp)
        plan = plan_cohort(score_rows, seed=DEMO_SEED, one_key=True, districts=DEMO_DISTRICTS,
                           months=DEMO_MONTHS, first_month=DEMO_FIRST_MONTH)
        cohort = write_cohort(plan, folder / "packages")
        own = export_package(ws, key, folder / "packages" / "demo-workspace.umkmpkg")
        building = folder / STORE_FILE
        results = ingest([*cohort.packages, own.path], building)
        refused = [r for r in results if r.outcome == REFUSED]
        if refused:  # a demo that cannot be ingested is a defect of the kit: say which
            raise RuntimeError(f"demo package refused: {refused[0].path}: {refused[0].reason}")
        os.replace(building, target)
    return results
