from collections.abc import Callable
from pathlib import Path

import pytest

from kit.assess.observe import record_observation, record_observations
from kit.assess.submissions import import_submission
from kit.framework import framework
from kit.records.participants import Participant, add_participant
from kit.records.scores import ScoreEntry
from kit.storage.db import write_tx
from kit.workspace import Workspace

from .conftest import run_kit

pytestmark = pytest.mark.slow

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def test_feedback_escapes_names_notes_and_answers(
        ws: Workspace, tmp_path: Path, write_submission: Callable[..., Path]) -> None:
    """Script and img payloads in a name, business, note and answers appear only escaped."""
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant(id="px", name=f"Dewi {SCRIPT}", district=IMG,
                                          business_name=f"Batik {IMG}"))
    path = write_submission(ws, "px", "bimtek", {
        "email_daftar": {"answer": f"Jawaban saya {SCRIPT} {IMG}",
                         "evidence": [{"kind": "url", "value": IMG}]}})
    assert import_submission(ws, path).status == "imported"
    record_observation(ws, "px", "adv_nawacita", 1, note=SCRIPT, facilitator=IMG)
    out = tmp_path / "umpan-balik"
    proc = run_kit("feedback", "--out", str(out), "--workspace", str(ws.root))
    assert proc.returncode == 0, proc.stderr
    for page in (out / "px.html", out / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and "<img" not in html, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    html = (out / "px.html").read_text(encoding="utf-8")
    assert "Jawaban Anda" in html and 'lang="id"' in html


def test_feedback_shows_stage_achievements_and_next_practice(ws: Workspace,
                                                             tmp_path: Path) -> None:
    """A participant with every preparatory item achieved sees Persiapan and what comes next."""
    fw = framework()
    prep = fw.items_for_stage("preparatory")
    record_observations(ws, [ScoreEntry(participant_id="p1", item_id=i.id, level=2,
                                        source="observation") for i in prep]
                        + [ScoreEntry(participant_id="p1", item_id="email_daftar", level=1,
                                      source="observation")])
    proc = run_kit("feedback", "--participant", "p1", "--out", str(tmp_path),
                   "--workspace", str(ws.root))
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "p1.html").read_text(encoding="utf-8")
    assert fw.stage("preparatory").title.indonesian in html
    assert fw.stage("presence").title.indonesian in html
    assert "Yang perlu dilatih berikutnya" in html
    not_yet = [i for i in fw.items_for_stage("presence") if i.id != "email_daftar"]
    assert all(i.title.indonesian in html for i in not_yet)
    assert not (tmp_path / "index.html").exists()
    english = run_kit("--lang", "en", "feedback", "--participant", "p1", "--out",
                      str(tmp_path / "en"), "--workspace", str(ws.root))
    assert english.returncode == 0, english.stderr
    assert "What to practise next" in (tmp_path / "en" / "p1.html").read_text(encoding="utf-8")


def test_feedback_for_unknown_participant_fails_clearly(ws: Workspace, tmp_path: Path) -> None:
    """Asking for a participant that does not exist exits with status 2 and says so."""
    proc = run_kit("feedback", "--participant", "nobody", "--out", str(tmp_path),
                   "--workspace", str(ws.root))
    assert proc.returncode == 2
    assert "tidak dikenal" in proc.stderr


def test_feedback_pages_offer_the_other_language_and_keep_the_choice(
        ws: Workspace, tmp_path: Path) -> None:
    """Each page links its twin in the other language; the index links stay in one language."""
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant(id="p7", name="Sri Wahyuni", district="Sragen"))
    out = tmp_path / "umpan-balik"
    proc = run_kit("feedback", "--out", str(out), "--workspace", str(ws.root))
    assert proc.returncode == 0, proc.stderr
    indonesian, english = out / "p7.html", out / "p7.en.html"
    assert 'lang="id"' in indonesian.read_text(encoding="utf-8")
    assert "What to practise next" in english.read_text(encoding="utf-8")
    assert 'href="p7.en.html"' in indonesian.read_text(encoding="utf-8")
    assert 'href="p7.html"' in english.read_text(encoding="utf-8")
    assert 'href="p7.en.html"' in (out / "index.en.html").read_text(encoding="utf-8")
    assert 'href="index.en.html"' in english.read_text(encoding="utf-8")
    assert 'href="index.html"' in indonesian.read_text(encoding="utf-8")
    assert 'href="p7.html"' in (out / "index.html").read_text(encoding="utf-8")
    first = run_kit("--lang", "en", "feedback", "--participant", "p7", "--out",
                    str(tmp_path / "en"), "--workspace", str(ws.root))
    assert first.returncode == 0, first.stderr
    assert 'lang="en"' in (tmp_path / "en" / "p7.html").read_text(encoding="utf-8")
    twin = (tmp_path / "en" / "p7.id.html").read_text(encoding="utf-8")
    assert 'lang="id"' in twin and 'href="p7.html"' in twin
    assert 'href="index' not in twin  # one participant's pages have no index to go back to
