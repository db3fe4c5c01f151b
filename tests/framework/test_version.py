"""The framework's structure version: a stable digest that changes when the structure changes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import attrs

from kit.framework import framework
from kit.framework.version import structure_version


def test_the_version_is_stable_across_runs() -> None:
    """Another Python process computes the same version from the same framework data."""
    here = structure_version()
    other = subprocess.run(
        [sys.executable, "-c",
         "from kit.framework.version import structure_version; print(structure_version())"],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    ).stdout.strip()
    assert here == other
    assert len(here) == 16 and int(here, 16) >= 0


def test_an_item_id_changed_changes_the_version() -> None:
    """Renaming one item gives another version; a title change (not structure) does not."""
    fw = framework()
    activity = fw.activities[0]
    materi = activity.materi[0]
    item = materi.items[0]
    renamed = attrs.evolve(item, id=item.id + "x")
    new_materi = attrs.evolve(materi, items=(renamed, *materi.items[1:]))
    new_activity = attrs.evolve(activity, materi=(new_materi, *activity.materi[1:]))
    changed = attrs.evolve(fw, activities=(new_activity, *fw.activities[1:]))
    assert structure_version(changed) != structure_version(fw)
    retitled = attrs.evolve(item, title=attrs.evolve(item.title, english="Another title"))
    same_materi = attrs.evolve(materi, items=(retitled, *materi.items[1:]))
    same_activity = attrs.evolve(activity, materi=(same_materi, *activity.materi[1:]))
    same = attrs.evolve(fw, activities=(same_activity, *fw.activities[1:]))
    assert structure_version(same) == structure_version(fw)


def test_a_stage_code_changed_changes_the_version() -> None:
    """Another stage code gives another version."""
    fw = framework()
    stage = fw.stages[-1]
    changed = attrs.evolve(fw, stages=(*fw.stages[:-1], attrs.evolve(stage, id=stage.id + "2")))
    assert structure_version(changed) != structure_version(fw)
