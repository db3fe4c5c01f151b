import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit.modules.content import (
    CONTENT_DIR,
    load_checklist,
    load_module_content,
    module_content,
    split_front_matter,
)
from kit.modules.yamlnodes import ContentError

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped advokasi content folder."""
    target = tmp_path / "advokasi"
    shutil.copytree(CONTENT_DIR / "advokasi", target)
    return target


def test_shipped_content_has_a_text_for_every_item() -> None:
    """The advokasi content loads, with a non-empty text for each of the 19 items."""
    content = module_content("advokasi")
    assert len(content.sections) == 19
    assert all(s.body.strip() for s in content.sections.values())
    assert content.tool_at("adv_potensi_bisnis_online") == ("calculator",)


def test_figures_in_the_texts_name_their_source_year() -> None:
    """Each text with a figure of millions/billions also names a source with a year."""
    for section in module_content("advokasi").sections.values():
        body = section.body
        if any(word in body for word in ("juta", "miliar", "triliun")):
            assert any(y in body for y in ("2010", "2015", "2016", "2017", "2018")), section.item_id


def test_missing_and_unknown_item_texts_are_reported(copy: Path) -> None:
    """Deleting an item's text and adding a text for a non-item both name the file."""
    (copy / "adv_mp3ei.md").unlink()
    (copy / "adv_bukan_butir.md").write_text("Teks.\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_module_content("advokasi", folder=copy)
    message = str(err.value)
    assert "adv_mp3ei.md" in message and "adv_mp3ei" in message
    assert "adv_bukan_butir.md" in message


def test_module_yaml_errors_name_line_and_path(copy: Path) -> None:
    """An unknown tool and a misspelt key are reported with file, line and path."""
    path = copy / "module.yaml"
    text = path.read_text(encoding="utf-8").replace("  ask: adv_tanya_peserta",
                                                    "  kuis: adv_tanya_peserta")
    text = text.replace("duration_minutes: 75", "durasi: 75")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_module_content("advokasi", folder=copy)
    message = str(err.value)
    assert f"{path}:" in message
    assert "module.tools.kuis" in message
    assert "module.durasi" in message and "module.duration_minutes" in message


def test_bad_front_matter_is_reported(copy: Path) -> None:
    """Front matter with an unknown field or an empty body is refused."""
    (copy / "adv_nawacita.md").write_text("---\nringkasan: x\n---\nIsi.\n", encoding="utf-8")
    (copy / "adv_mp3ei.md").write_text("---\nsummary_en: x\n---\n\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_module_content("advokasi", folder=copy)
    message = str(err.value)
    assert "adv_nawacita.md:2:front matter.ringkasan" in message
    assert "adv_mp3ei.md" in message


def test_front_matter_split() -> None:
    """Front matter is split off; a file without it is all body."""
    assert split_front_matter("---\na: 1\n---\nIsi\n") == ("a: 1", "Isi", 4)
    assert split_front_matter("Isi saja\n") == ("", "Isi saja\n", 1)


def test_checklist_duplicate_ids_are_refused(tmp_path: Path) -> None:
    """Two habits with the same id in the checklist are an error naming the id."""
    path = tmp_path / "checklist.yaml"
    item = "      - {id: a, text: {id: x, en: x}, why: {id: y, en: y}}\n"
    path.write_text("groups:\n  - id: g\n    title: {id: G, en: G}\n    items:\n" + item + item,
                    encoding="utf-8")
    with pytest.raises(ContentError, match="'a'"):
        load_checklist(path)


def test_module_page_does_not_import_pandas_or_matplotlib() -> None:
    """Importing and building the advokasi page keeps pandas and matplotlib out (fast start)."""
    code = ("import sys\nfrom kit.modules.advokasi import build_advokasi\n"
            "print('pandas' in sys.modules, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "False False"
