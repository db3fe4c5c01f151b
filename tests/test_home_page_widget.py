from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from kit.framework import framework
from kit.server.home_page import HomePage, home_page_from_env, render_home_html
from kit.settings import CHECKLIST_APP, FACILITATOR_GUIDE_APP, module_target

SUMMARY: dict[str, Any] = {
    "participants": 7,
    "sessions": [
        {"id": "s1", "activity": "advokasi", "title": "Advokasi <b>Sragen</b>",
         "date": "2026-08-01", "district": "Kabupaten Sragen", "status": "open",
         "attendees": 5},
    ],
    "stage_counts": {"preparatory": 3, "presence": 2, "portal": 0,
                     "transaction_integration": 0, "autonomy": 1, None: 1},
    "districts": {"Kabupaten Sragen": 5, "<script>alert(1)</script>": 2},
}


def _summary_for(lang: str) -> Mapping[str, Any]:
    return SUMMARY


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site folder where only the Advokasi module and the checklist app are built."""
    for target in (module_target("advokasi"), CHECKLIST_APP):
        (tmp_path / target).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / target).write_text("{}", encoding="utf-8")
    return tmp_path


def test_home_page_widget_state(site: Path) -> None:
    """The widget shows the language choice and the Indonesian page with title and modules."""
    page = HomePage(_summary_for, site)
    assert page.children == (page.language, page.content)
    assert page.lang == "id"
    choice = page.language.value
    assert 'aria-current="true">Bahasa Indonesia</span>' in choice
    assert 'href="?lang=en"' in choice and ">English</a>" in choice
    html = page.content.value
    assert "Beranda — Kit Pelatihan e-UMKM" in html
    assert "Home — e-UMKM Training Kit" in html
    for activity in framework().activities:
        assert activity.short_title.indonesian in html
        assert activity.duration_label.indonesian in html
        assert f"{len(activity.items)} butir penilaian" in html


def test_links_and_coming_soon(site: Path) -> None:
    """Built pages are links; absent ones are marked "segera hadir" and are not links."""
    html = HomePage(_summary_for, site).content.value
    assert 'href="modules/advokasi.ipynb"' in html
    assert f'href="{CHECKLIST_APP}"' in html
    assert 'href="modules/bimtek.ipynb"' not in html
    assert 'data-target="modules/bimtek.ipynb"' in html
    assert 'data-target="modules/komunitas.ipynb"' in html
    # bimtek, komunitas, the guide, the session day app, the coordinator dashboard
    assert html.count("segera hadir") == 5


def test_the_facilitator_guide_is_linked_for_facilitators(site: Path) -> None:
    """Once built, the facilitator guide is linked under "Untuk fasilitator" by the checklist."""
    (site / FACILITATOR_GUIDE_APP).write_text("{}", encoding="utf-8")
    html = HomePage(_summary_for, site).content.value
    section = html[html.index("Untuk fasilitator"):html.index("Untuk koordinator")]
    assert f'href="{CHECKLIST_APP}"' in section
    assert f'href="{FACILITATOR_GUIDE_APP}"' in section and "Panduan fasilitator" in section


def test_stage_counts_and_workspace_summary(site: Path) -> None:
    """Each stage shows its participant count; the summary counts participants and places."""
    html = render_home_html(SUMMARY, site, "id")
    for stage in framework().stages:
        assert stage.title.indonesian in html
    assert '<span class="kit-stage-title">Belum mulai</span><span class="kit-stage-count">1' in html
    assert '<span class="kit-stage-count">3</span>' in html
    assert "7 peserta" in html
    assert "1 sesi" in html
    assert "2 kabupaten/kota" in html
    assert "5 hadir" in html


def test_data_is_escaped(site: Path) -> None:
    """Names from the workspace are escaped, so they cannot inject markup into the page."""
    html = render_home_html(SUMMARY, site, "id")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Advokasi &lt;b&gt;Sragen&lt;/b&gt;" in html


def test_english_page_and_its_way_back(site: Path) -> None:
    """In English every text is English, and the language choice links back to Indonesian."""
    asked: list[str] = []

    def summary_for(lang: str) -> Mapping[str, Any]:
        asked.append(lang)
        return SUMMARY

    page = HomePage(summary_for, site, "en")
    html = page.content.value
    assert asked == ["en"]
    assert 'href="?lang=id"' in page.language.value
    assert 'aria-current="true">English</span>' in page.language.value
    assert '<h1 class="kit-title">Home — e-UMKM Training Kit</h1>' in html
    assert "Training modules" in html and "coming soon" in html
    assert "19 assessed items" in html
    assert "Not started yet" in html


def test_home_page_from_a_real_workspace(tmp_path: Path, site: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The notebook's entry point reads the demo workspace named by UMKM_KIT_WORKSPACE."""
    from kit.assess.demo import ensure_demo_workspace
    from kit.reports.home import home_summary

    ws = ensure_demo_workspace(tmp_path / "ws")
    monkeypatch.setenv("UMKM_KIT_WORKSPACE", str(ws.root))
    monkeypatch.delenv("UMKM_KIT_LANG", raising=False)
    page = home_page_from_env(site)
    summary = home_summary(ws.root, "id")
    assert f"{summary['participants']} peserta" in page.content.value
    counts = summary["stage_counts"]
    assert sum(counts.values()) == summary["participants"]
    for stage in framework().stages:
        assert (f'{stage.title.indonesian}</span><span class="kit-stage-count">{counts[stage.id]}<'
                in page.content.value)
