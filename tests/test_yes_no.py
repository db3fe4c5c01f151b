"""One normalisation for yes/no cells: case, spaces, a final stop, 1.0 and the caller's words."""

from __future__ import annotations

import pytest

from kit.tabular.yes_no import NotAnAnswer, fold, yes_no

YES = frozenset({"ya", "1"})
NO = frozenset({"tidak", "tidak setuju"})
BLANK = frozenset({"", "-"})


@pytest.mark.parametrize(("cell", "meaning"), [
    ("Ya", True), ("  YA. ", True), (1.0, True), (1, True), ("ＹＡ", True),
    ("Tidak   Setuju", False), ("tidak", False), (False, False),
    ("", None), (" - ", None), (None, None)])
def test_cells_mean_what_people_typed(cell: object, meaning: bool | None) -> None:
    """Case, spaces, full-width letters, a final stop and whole floats do not change a cell."""
    assert yes_no(cell, YES, NO, BLANK) is meaning


def test_a_cell_none_of_the_words_is_not_an_answer() -> None:
    """A value outside the caller's words raises NotAnAnswer carrying the folded text."""
    with pytest.raises(NotAnAnswer) as err:
        yes_no("Mungkin ", YES, NO, BLANK)
    assert str(err.value) == fold("Mungkin ") == "mungkin"
