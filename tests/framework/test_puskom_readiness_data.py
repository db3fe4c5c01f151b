"""The Puskom Kreatif readiness criteria are framework data, checked by the loader."""

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


def test_the_criteria_cover_every_aspect_and_every_success_factor(data: Path) -> None:
    """12–16 weighted yes/no criteria touch the three aspects and the seven success factors."""
    puskom = load_framework(data).puskom
    assert 12 <= len(puskom.readiness) <= 16
    assert {c.aspect for c in puskom.readiness} == {a.id for a in puskom.aspects} == {
        "infrastruktur", "sdm", "regulasi"}
    assert {c.factor for c in puskom.readiness} == {f.id for f in puskom.success_factors} == {
        "kebijakan", "kepemimpinan", "kelembagaan", "infrastruktur", "sdm", "kultur", "masyarakat"}
    assert all(c.weight in (1, 2, 3) for c in puskom.readiness)
    assert all(c.question.indonesian.endswith("?") and c.question.english.endswith("?")
               for c in puskom.readiness)
    assert puskom.criterion("siap_internet").aspect == "infrastruktur"


def test_an_unknown_aspect_names_file_line_and_field(data: Path) -> None:
    """A criterion whose aspect is not one of the aspects is one problem at its path."""
    edit(data / "puskom.yaml", "  - id: siap_petugas\n    aspect: sdm\n",
          "  - id: siap_petugas\n    aspect: orang\n")
    line = _problem_of(data)
    assert line.startswith("puskom.yaml:")
    assert "readiness[7].aspect" in line and "'orang'" in line


def test_an_unknown_factor_names_the_field(data: Path) -> None:
    """A criterion whose factor is not a success factor is one problem naming ``factor``."""
    edit(data / "puskom.yaml", "    factor: kepemimpinan\n", "    factor: pemimpin\n")
    line = _problem_of(data)
    assert line.startswith("puskom.yaml:") and ".factor" in line and "'pemimpin'" in line


@pytest.mark.parametrize("weight", ["0", "4", "berat"])
def test_a_bad_weight_names_the_field(data: Path, weight: str) -> None:
    """A weight outside 1–3, or not a number, is one problem naming ``weight``."""
    edit(data / "puskom.yaml", "  - id: siap_ruang\n    aspect: infrastruktur\n"
          "    factor: infrastruktur\n    weight: 3\n",
          "  - id: siap_ruang\n    aspect: infrastruktur\n"
          f"    factor: infrastruktur\n    weight: {weight}\n")
    line = _problem_of(data)
    assert line.startswith("puskom.yaml:") and "readiness[0].weight" in line


def test_a_duplicate_criterion_id_is_refused(data: Path) -> None:
    """Two criteria with the same id are one problem naming the second one's id."""
    edit(data / "puskom.yaml", "  - id: siap_lan\n", "  - id: siap_komputer\n")
    line = _problem_of(data)
    assert "readiness[3].id" in line and "siap_komputer" in line
