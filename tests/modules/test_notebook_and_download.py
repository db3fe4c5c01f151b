import base64
import json
import os
import re
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from kit.modules.advokasi import AdvokasiPage
from kit.modules.submission import answers_for
from kit.workspace import Workspace
from tests.modules.helpers import answer, register_new

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_advokasi_notebook_runs_top_to_bottom(ws: Workspace, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """modules/advokasi.py, converted by jupytext, runs in nbclient with the workspace set."""
    nb = jupytext.read(REPO / "modules" / "advokasi.py", fmt="py:percent")
    monkeypatch.setenv("UMKM_KIT_WORKSPACE", str(ws.root))
    monkeypatch.setenv("PYTHONPATH", str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    widgets = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
               if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(widgets) == 3  # opening, section menu with the open section, summary


def test_summary_offers_the_submission_file_as_a_data_link(page: AdvokasiPage) -> None:
    """After a check, "prepare" gives a data: link whose notebook carries the answers."""
    pid = register_new(page, "Sari Kiriman")
    check = page.checks["adv_cara_mudah"]
    answer(check, 3)
    check.submit_button.click()
    ask = page.tools["ask"]
    ask.text.value = "Bagaimana memilih jasa kirim yang aman?"
    ask.send.click()
    answers = answers_for(page.frame)
    assert "adv_cara_mudah" in answers and "adv_tanya_peserta" in answers
    summary = page.frame.summary_box
    prepare, download = summary.children[-2], summary.children[-1]
    assert prepare.disabled is False
    prepare.click()
    match = re.search(r"href='data:application/x-ipynb\+json;base64,([^']+)'", download.value)
    assert match, download.value
    nb = nbformat.reads(base64.b64decode(match.group(1)).decode("utf-8"), as_version=4)
    meta = nb.metadata["umkm"]
    assert meta["participant_id"] == pid and meta["activity_id"] == "advokasi"
    assert "3 dari 3 benar" in meta["answers"]["adv_cara_mudah"]["answer"]
    evidence = meta["answers"]["adv_cara_mudah"]["evidence"][0]
    assert evidence["kind"] == "knowledge_check"
    assert json.loads(evidence["value"])["correct"] == [True, True, True]
