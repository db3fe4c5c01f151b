"""The synthetic national cohort: seeded, valid packages, no names, codes from the framework."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from kit.coordinator.package import SCHEMAS, read_package
from kit.coordinator.synthetic import (
    PREFIX,
    CohortFiles,
    CohortPlan,
    plan_cohort,
    workspaces,
    write_cohort,
)
from kit.framework import framework
from kit.framework.stage_rule import current_stage
from kit.framework.version import structure_version
from kit.places import district_by_code

TARGET = 10_000
HEX32 = re.compile(r"[0-9a-f]{32}")
HEX16 = re.compile(r"[0-9a-f]{16}")
PSEUDONYM = re.compile(r"F-[0-9a-f]{8}")


@pytest.fixture(scope="module")
def plan() -> CohortPlan:
    """A cohort of about 10⁴ score rows over three months."""
    return plan_cohort(TARGET, seed=7, months=3)


@pytest.fixture(scope="module")
def written(plan: CohortPlan, tmp_path_factory: pytest.TempPathFactory) -> CohortFiles:
    """The cohort written as packages plus the raw table."""
    out = tmp_path_factory.mktemp("cohort")
    return write_cohort(plan, out, raw=out / "raw.parquet")


def _rows(table: pa.Table) -> list[dict[str, object]]:
    return table.to_pylist()


def test_same_seed_same_rows_other_seed_other_rows(plan: CohortPlan) -> None:
    """Two draws with one seed give identical tables; another seed gives other people."""
    first = list(workspaces(plan))
    again = list(workspaces(plan))
    assert [w.workspace_id for w in first] == [w.workspace_id for w in again]
    for a, b in zip(first, again, strict=True):
        for name in SCHEMAS:
            assert a.tables[name].equals(b.tables[name]), (a.workspace_id, name)
        assert a.manifest_fields == b.manifest_fields
    other = next(iter(workspaces(plan_cohort(TARGET, seed=8, months=3))))
    assert not set(other.tables["scores"].column("person_id").to_pylist()) & set(
        first[0].tables["scores"].column("person_id").to_pylist())


def test_packages_read_back_valid_and_about_the_target_size(
        plan: CohortPlan, written: CohortFiles) -> None:
    """Every package reads back verified, one per district-month, obviously synthetic."""
    assert len(written.packages) == len(plan.districts) * plan.months
    total = 0
    for path in written.packages:
        package = read_package(path)
        manifest = package.manifest
        assert manifest.workspace_id.startswith(PREFIX + "-")
        assert manifest.framework_version == structure_version()
        assert manifest.period_from is not None and manifest.period_from.day == 1
        assert manifest.notes_included is False
        for name, schema in SCHEMAS.items():
            assert package.tables[name].schema.equals(schema), name
        assert package.tables["scores"].column("note").null_count == (
            package.tables["scores"].num_rows)
        total += package.tables["scores"].num_rows
    assert total == written.score_rows
    assert 0.8 * TARGET <= total <= 1.2 * TARGET
    assert pq.read_metadata(written.raw).num_rows == total


def test_no_names_only_pseudonyms_and_codes(written: CohortFiles) -> None:
    """Every text in a package is a pseudonym, a key, a code or a fixed word; people per district.

    No names (the source of the facilitators' pseudonyms never appears) and no person in two
    districts.
    """
    fixed = {"umkm", "ngo", "government", "community_board", "L", "P", "closed",
             "observation", "autograde", "override"}
    people: dict[str, set[str]] = defaultdict(set)
    for path in written.packages:
        data = path.read_bytes()
        assert b"Fasilitator" not in data and b"Sintetis" not in data
        tables = read_package(path).tables
        assert all(HEX32.fullmatch(p) for p in tables["participants"]["person_id"].to_pylist())
        assert all(PSEUDONYM.fullmatch(f) for f in tables["sessions"]["facilitator"].to_pylist())
        assert all(HEX16.fullmatch(k) for k in tables["sessions"]["session_key"].to_pylist())
        words = set(tables["participants"]["participant_type"].to_pylist()) | set(
            tables["participants"]["gender"].drop_null().to_pylist()) | set(
            tables["sessions"]["status"].to_pylist()) | set(
            tables["scores"]["source"].to_pylist())
        assert words <= fixed
        people[path.name.split("-")[1]].update(tables["participants"]["person_id"].to_pylist())
    everyone = [pid for district in people.values() for pid in district]
    assert len(everyone) == len(set(everyone)) > 0


def test_codes_come_from_the_framework_and_the_official_districts(
        plan: CohortPlan, written: CohortFiles) -> None:
    """Stage, activity and item ids are the framework's; districts are real, in ≥ 4 provinces."""
    fw = framework()
    items = {i.id: i.activity_id for i in fw.iter_items()}
    stages = {s.id for s in fw.stages}
    assert len({d.province_code for d in plan.districts}) >= 4
    for path in written.packages:
        tables = read_package(path).tables
        scores = tables["scores"]
        for activity, item in zip(scores["activity_id"].to_pylist(),
                                  scores["item_id"].to_pylist(), strict=True):
            assert items[item] == activity
        assert set(tables["participants"]["stage"].drop_null().to_pylist()) <= stages
        for row in _rows(tables["sessions"]):
            district = district_by_code(str(row["district_code"]))
            assert district is not None and district.province_code == row["province_code"]
            activity = fw.activity(str(row["activity_id"]))
            assert activity.size_min <= int(str(row["target_size"])) <= activity.size_max
        for row in _rows(tables["participant_counts"]):
            assert row["stage"] is None or row["stage"] in stages


def test_one_district_alone_gives_the_same_rows_as_in_the_whole_cohort(plan: CohortPlan) -> None:
    """Generating district by district (a chunk) gives exactly the whole cohort's rows."""
    whole = {w.workspace_id: w for w in workspaces(plan)}
    for district in plan.districts:
        for alone in workspaces(plan, [district.code]):
            same = whole.pop(alone.workspace_id)
            for name in SCHEMAS:
                assert alone.tables[name].equals(same.tables[name])
            assert alone.raw.equals(same.raw)
    assert not whole


def test_stage_follows_the_stage_rule_and_consent_is_respected(written: CohortFiles) -> None:
    """The exported stage is the stage rule on the levels so far; consent decides the rows.

    Counts include people without consent, the row-by-row tables do not.
    """
    fw = framework()
    by_district: dict[str, list[Path]] = defaultdict(list)
    for path in written.packages:
        by_district[path.name.split("-")[1]].append(path)
    checked = withheld = 0
    for paths in by_district.values():
        levels: dict[str, dict[str, tuple[object, int]]] = defaultdict(dict)
        took: dict[str, set[str]] = defaultdict(set)
        for path in sorted(paths):
            tables = read_package(path).tables
            for row in _rows(tables["scores"]):
                pid, item = str(row["person_id"]), str(row["item_id"])
                took[pid].add(str(row["activity_id"]))
                previous = levels[pid].get(item)
                if previous is None or str(previous[0]) <= str(row["recorded_at"]):
                    levels[pid][item] = (row["recorded_at"], int(str(row["level"])))
            for row in _rows(tables["participants"]):
                pid = str(row["person_id"])
                stage = current_stage(fw, {i: lv for i, (_t, lv) in levels[pid].items()},
                                      took[pid])
                want = stage.id if stage and row["participant_type"] == "umkm" else None
                assert row["stage"] == want, (path.name, pid)
                checked += 1
            counts = tables["participant_counts"]
            consented = pc.sum(counts.filter(counts["consented"])["n"]).as_py() or 0
            withheld += pc.sum(counts["n"]).as_py() - consented
            assert consented == tables["participants"].num_rows
    assert checked > 100 and withheld > 0


def test_a_plan_spreads_districts_over_provinces() -> None:
    """The national sizes use real districts of many provinces; tiny ones at least four."""
    national = plan_cohort(10**7)
    assert len(national.districts) == 500
    assert len({d.province_code for d in national.districts}) >= 34
    assert plan_cohort(10).districts[0].code == plan_cohort(10).districts[0].code
    assert plan_cohort(10, first_month=date(2026, 5, 17)).first_month == date(2026, 5, 1)


def test_people_take_an_activity_after_its_prerequisites(written: CohortFiles) -> None:
    """Whoever is scored in an activity took its framework prerequisites in an earlier month."""
    fw = framework()
    months: dict[str, dict[str, date]] = defaultdict(dict)
    for path in written.packages:
        package = read_package(path)
        month = package.manifest.period_from
        assert month is not None
        for pid, activity in zip(package.tables["scores"]["person_id"].to_pylist(),
                                 package.tables["scores"]["activity_id"].to_pylist(),
                                 strict=True):
            assert months[pid].setdefault(activity, month) == month
    later = 0
    for taken in months.values():
        for activity, month in taken.items():
            for pre in fw.activity(activity).prerequisites:
                assert pre in taken and taken[pre] < month
                later += 1
    assert later > 0
