"""Bad framework data gives errors naming the file, the line and the path inside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.cli import main
from kit.framework import FrameworkError, load_framework
from tests.framework.data_copy import edit


def test_the_packaged_framework_loads(data: Path) -> None:
    """The copy of the packaged data validates without problems."""
    fw = load_framework(data)
    assert len(list(fw.iter_items())) == 58


def test_invalid_yaml_names_file_and_line(data: Path) -> None:
    """Broken YAML syntax is reported with the file name and the line of the fault."""
    edit(data / "bimtek.yaml", "  - id: bim_blog\n", "  - id: [bim_blog\n")
    with pytest.raises(FrameworkError) as err:
        load_framework(data)
    problem = err.value.problems[0]
    assert problem.file == "bimtek.yaml"
    assert problem.line is not None and problem.line > 1
    assert "YAML" in problem.message


def test_missing_field_names_the_path(data: Path) -> None:
    """A missing indicator is reported at materi[…].items[…].indicator with its line."""
    edit(data / "advokasi.yaml",
          "        indicator:\n          id: \"Mengetahui program nawacita terkait e-UMKM\"\n"
          "          en: \"Knows the Nawacita programme related to e-UMKM\"\n", "")
    with pytest.raises(FrameworkError) as err:
        load_framework(data)
    text = str(err.value)
    assert "advokasi.yaml:" in text
    assert "materi[0].items[0].indicator" in text


def test_duplicate_item_id_is_refused(data: Path) -> None:
    """Two items with the same id are an error, never a silent overwrite."""
    edit(data / "komunitas.yaml", "id: kom_peran\n", "id: kom_tugas\n")
    with pytest.raises(FrameworkError) as err:
        load_framework(data)
    assert "kom_tugas" in str(err.value)


def test_unknown_stage_is_refused(data: Path) -> None:
    """A materi that points at a stage that does not exist is an error."""
    edit(data / "bimtek.yaml", "stage: portal\n", "stage: portall\n")
    with pytest.raises(FrameworkError) as err:
        load_framework(data)
    assert "portall" in str(err.value)


def test_non_slug_id_is_refused(data: Path) -> None:
    """Ids must be ASCII slugs; a space or capital is reported with the path."""
    edit(data / "advokasi.yaml", "id: adv_mp3ei\n", "id: Adv MP3EI\n")
    with pytest.raises(FrameworkError) as err:
        load_framework(data)
    assert "materi[0].items[1].id" in str(err.value)


def test_several_problems_are_all_listed(data: Path) -> None:
    """Every problem is reported at once, across files."""
    edit(data / "rubric.yaml", "achieved_min_level: 1", "achieved_min_level: 7")
    edit(data / "puskom.yaml", "stage: autonomy", "stage: nowhere")
    with pytest.raises(FrameworkError) as err:
        load_framework(data)
    files = {p.file for p in err.value.problems}
    assert {"rubric.yaml", "puskom.yaml"} <= files


def test_empty_file_is_reported(data: Path) -> None:
    """An empty activity file is reported as empty, not as a crash."""
    (data / "komunitas.yaml").write_text("", encoding="utf-8")
    with pytest.raises(FrameworkError) as err:
        load_framework(data)
    assert err.value.problems[0].file == "komunitas.yaml"


def test_cli_check_reports_problems_in_indonesian(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``framework check`` exits 2 and lists problems in Bahasa Indonesia by default."""
    edit(data / "bimtek.yaml", "stage: portal\n", "stage: portall\n")
    assert main(["framework", "check", "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "tahap tidak dikenal" in err
    assert "bimtek.yaml" in err


def test_cli_check_reports_problems_in_english(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With ``--lang en`` the same problems are reported in English."""
    edit(data / "bimtek.yaml", "stage: portal\n", "stage: portall\n")
    assert main(["--lang", "en", "framework", "check", "--data", str(data)]) == 2
    assert "unknown stage" in capsys.readouterr().err
