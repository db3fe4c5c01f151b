"""The fast pseudonym check of package reading agrees with the format's rule (issue 14)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from kit.coordinator.package import PERSON_ID, _all_pseudonyms

GOOD = "0123456789abcdef" * 2
CASES = [
    [GOOD, GOOD],
    [GOOD, None],
    [GOOD, GOOD.upper()],
    [GOOD, GOOD + "0"],
    [GOOD, GOOD[:-1]],
    [GOOD, "g" * 32],
    [GOOD, "é" * 16],            # 32 bytes, but not hex
    ["+6281234567890"],
    [],
]


@pytest.mark.parametrize("values", CASES)
def test_the_fast_check_agrees_with_the_pattern(values: list[str | None]) -> None:
    """Every value a pseudonym (none null) exactly when the fast check says so."""
    column = pa.chunked_array([pa.array(values, pa.string())])
    want = all(v is not None and PERSON_ID.fullmatch(v) for v in values)
    assert _all_pseudonyms(column) is bool(want)


def test_the_fast_check_reads_a_slice_and_several_chunks() -> None:
    """A sliced chunk is judged on its own values, and every chunk is judged."""
    sliced = pa.array(["bad", GOOD, GOOD]).slice(1)
    assert _all_pseudonyms(pa.chunked_array([sliced]))
    assert not _all_pseudonyms(pa.chunked_array([sliced, pa.array([GOOD, "x" * 32])]))
    assert not _all_pseudonyms(pa.chunked_array([pa.array([GOOD, GOOD, "bad"]).slice(0, 3)]))
