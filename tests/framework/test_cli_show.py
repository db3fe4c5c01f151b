"""``framework show`` prints the framework as JSON and Markdown; ``check`` summarises."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kit.cli import main


def test_show_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON has stages and activities → materi → items with the documented keys."""
    assert main(["framework", "show", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["stages"][0]["id"] == "preparatory"
    adv = data["activities"][0]
    assert adv["id"] == "advokasi" and adv["title"].startswith("Advokasi")
    item = adv["materi"][0]["items"][0]
    assert {"id", "title", "competency", "indicator", "form", "stage"} <= set(item)
    assert item["id"] == "adv_nawacita" and item["stage"] == "preparatory"
    assert sum(len(m["items"]) for a in data["activities"] for m in a["materi"]) == 58


def test_show_json_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    """``--lang en`` gives English titles in the same structure."""
    assert main(["--lang", "en", "framework", "show", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["activities"][1]["title"].startswith("Technical training")


def test_show_markdown_has_a_table_per_activity(capsys: pytest.CaptureFixture[str]) -> None:
    """The Markdown has one competency table per activity with every item id."""
    assert main(["framework", "show", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.count("|---|---|---|---|---|---|") == 3
    assert "`email_cc_bcc`" in out
    assert out.startswith("# Kerangka kompetensi")


def test_check_prints_one_line_per_activity(capsys: pytest.CaptureFixture[str]) -> None:
    """``framework check`` prints a summary line per activity and exits 0."""
    assert main(["framework", "check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("advokasi: 4 materi, 19 butir")
    assert lines[-1].startswith("OK")


def test_console_entry_point_runs() -> None:
    """``python -m kit`` runs the same CLI in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-m", "kit", "framework", "show", "--format", "json"],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout
    assert json.loads(out)["activities"][2]["id"] == "komunitas"


def test_output_cut_short_by_the_reader_is_not_an_error() -> None:
    """``framework show | head`` ends quietly: no traceback, exit status 0."""
    with subprocess.Popen(
        [sys.executable, "-m", "kit", "framework", "show", "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(20)
        proc.stdout.close()
        err = proc.stderr.read().decode()
        status = proc.wait(timeout=120)
    assert status == 0
    assert "Traceback" not in err
