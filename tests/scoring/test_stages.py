from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.assess.demo import init_demo_workspace
from kit.cli import main
from kit.framework import framework
from kit.reports.home import home_summary
from kit.reports.stages import stage_report
from kit.workspace import Workspace, init_workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The demo cohort, shared by these read-only tests."""
    return init_demo_workspace(tmp_path_factory.mktemp("stages") / "demo")


def test_counts_match_the_home_summary(demo: Workspace) -> None:
    """The stage report counts every stage exactly as the home page does."""
    report = stage_report(demo)
    assert report.count_by_stage() == home_summary(demo.root)["stage_counts"]
    assert sum(c.count for c in report.counts) == len(report.participants) == 36


def test_json_output(demo: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """``stages --format json`` lists participants and the counts in programme order."""
    assert main(["stages", "--format", "json", "--workspace", str(demo.root)]) == 0
    data = json.loads(capsys.readouterr().out)
    summary = home_summary(demo.root)["stage_counts"]
    assert [c["stage_id"] for c in data["counts"]] == [None, *(s.id for s in framework().stages)]
    assert {c["stage_id"]: c["count"] for c in data["counts"]} == summary
    assert len(data["participants"]) == 36
    first = data["participants"][0]
    assert set(first) == {"participant_id", "name", "district", "stage_id", "next_stage_id",
                          "achieved_items"}


def test_table_output(demo: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """The table names every participant with an Indonesian stage title, then the counts."""
    assert main(["stages", "--workspace", str(demo.root)]) == 0
    out = capsys.readouterr().out
    assert "Tahap saat ini" in out and "Jumlah peserta per tahap:" in out
    assert "Belum mulai" in out and "Kemandirian (Autonomy)" in out
    summary = home_summary(demo.root)["stage_counts"]
    for stage in framework().stages:
        line = next(ln for ln in out.splitlines()
                    if ln.startswith("  " + stage.title.indonesian + " "))
        assert int(line.split()[-1]) == summary[stage.id]


def test_empty_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A workspace without participants reports zero everywhere."""
    ws = init_workspace(tmp_path / "empty")
    assert main(["stages", "--format", "json", "--workspace", str(ws.root)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["participants"] == [] and all(c["count"] == 0 for c in data["counts"])
