"""``python -m kit report …`` through the real command line on a real SQLite workspace."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.reports.conftest import Finished, build_finished

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _kit(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kit ARGS`` in a new process."""
    return subprocess.run([sys.executable, "-m", "kit", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Finished:
    """A workspace with a finished advokasi session and an empty one."""
    return build_finished(tmp_path_factory.mktemp("report-cmd") / "ws")


def test_report_session_writes_each_format_into_reports(finished: Finished) -> None:
    """PDF, XLSX and HTML land in the workspace's reports folder under laporan-<id>."""
    ws = finished.ws.root
    for fmt, magic in (("pdf", b"%PDF"), ("xlsx", b"PK"), ("html", b"<!DOCTYPE html>")):
        done = _kit("report", "session", finished.session_id, "--format", fmt,
                    "--workspace", ws)
        assert done.returncode == 0, done.stderr
        path = ws / "reports" / f"laporan-{finished.session_id}.{fmt}"
        assert f"Tersimpan: {path}" in done.stdout
        assert path.read_bytes().startswith(magic)


def test_bad_input_is_one_line_and_writes_nothing(finished: Finished, tmp_path: Path) -> None:
    """Unknown session or activity, an empty session: one line naming the field, exit 2."""
    out = tmp_path / "x.pdf"
    cases = (
        (("report", "session", "tidak-ada"), "ID: ", "tidak-ada"),
        (("report", "session", finished.empty_id), "ID: ", "belum punya peserta hadir"),
        (("report", "attendance-sheet", "tidak-ada"), "ID: ", "tidak-ada"),
        (("report", "handout", "pelatihan"), "ACTIVITY: ", "pelatihan"),
    )
    for args, field, words in cases:
        done = _kit(*args, "--output", out, "--workspace", finished.ws.root)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(field) and words in lines[0], lines
        assert not out.exists()
    english = _kit("report", "session", finished.empty_id, "--lang", "en", "--workspace",
                   finished.ws.root)
    assert english.returncode == 2 and "has no participant checked in yet" in english.stderr


def test_attendance_sheet_and_handout_to_an_output_path(finished: Finished,
                                                        tmp_path: Path) -> None:
    """The daftar hadir and a handout go where ``--output`` says; a missing folder is one line."""
    sheet, leaflet = tmp_path / "hadir.pdf", tmp_path / "bimtek.pdf"
    done = _kit("report", "attendance-sheet", finished.session_id, "--output", sheet,
                "--workspace", finished.ws.root)
    assert done.returncode == 0, done.stderr
    made = _kit("report", "handout", "bimtek", "--output", leaflet, "--workspace",
                finished.ws.root)
    assert made.returncode == 0, made.stderr
    assert sheet.read_bytes().startswith(b"%PDF") and leaflet.read_bytes().startswith(b"%PDF")
    nowhere = tmp_path / "tidak-ada" / "x.pdf"
    failed = _kit("report", "handout", "advokasi", "--output", nowhere, "--workspace",
                  finished.ws.root)
    lines = failed.stderr.strip().splitlines()
    assert failed.returncode == 1 and len(lines) == 1 and lines[0].startswith(str(nowhere))
