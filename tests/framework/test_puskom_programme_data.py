"""The Puskom Kreatif class kinds (6.4) are framework data, checked by the loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.framework import FrameworkError, load_framework
from tests.framework.data_copy import edit


def _problem_of(data: Path) -> str:
    with pytest.raises(FrameworkError) as err:
        load_framework(data)
    assert len(err.value.problems) == 1, err.value.problems
    return str(err.value.problems[0])


def test_every_programme_of_the_guide_has_a_class_kind(data: Path) -> None:
    """Each 6.4 training and the innovation programme is a class kind; 1e needs a later stage."""
    fw = load_framework(data)
    puskom = fw.puskom
    leaves = {t.id for p in puskom.programmes for t in (p.trainings or (p,))}
    assert {k.programme for k in puskom.class_kinds} == leaves
    stage_ids = {s.id for s in fw.stages}
    assert all(k.stage is None or k.stage in stage_ids for k in puskom.class_kinds)
    assert puskom.class_kind("kelas_tik_dasar").stage is None
    assert puskom.class_kind("kelas_jualan_online").stage == "portal"
    assert all(k.title.indonesian and k.title.english for k in puskom.class_kinds)
    with pytest.raises(KeyError):
        puskom.class_kind("kelas_tidak_ada")


def test_an_unknown_stage_names_file_line_and_field(data: Path) -> None:
    """A class kind needing a stage that does not exist is one problem at its line and path."""
    text = (data / "puskom.yaml").read_text(encoding="utf-8")
    line_no = text[:text.index("    stage: portal\n")].count("\n") + 1
    edit(data / "puskom.yaml", "    stage: portal\n", "    stage: toko\n")
    line = _problem_of(data)
    assert line.startswith(f"puskom.yaml:{line_no}:class_kinds[4].stage:")
    assert "'toko'" in line


def test_an_unknown_programme_names_the_field(data: Path) -> None:
    """A class kind pointing at no 6.4 programme or training is refused naming ``programme``."""
    edit(data / "puskom.yaml", "    programme: puskom_multimedia\n",
         "    programme: puskom_video\n")
    line = _problem_of(data)
    assert line.startswith("puskom.yaml:") and "class_kinds[3].programme" in line
    assert "'puskom_video'" in line


def test_a_duplicate_id_is_refused(data: Path) -> None:
    """A repeated class kind id is one problem at its path."""
    edit(data / "puskom.yaml", "  - id: kelas_administrasi\n", "  - id: kelas_tik_dasar\n")
    line = _problem_of(data)
    assert "class_kinds[1].id" in line and "kelas_tik_dasar" in line


def test_a_misspelt_key_is_refused(data: Path) -> None:
    """A key the class kind does not know (``stag``) is one problem naming it."""
    edit(data / "puskom.yaml", "    stage: portal\n", "    stag: portal\n")
    line = _problem_of(data)
    assert line.startswith("puskom.yaml:") and "class_kinds[4]" in line and "stag" in line
